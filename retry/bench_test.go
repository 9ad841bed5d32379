package retry

import (
	"context"
	"testing"
	"time"
)

var (
	sinkInt int
	sinkErr error
)

var benchPolicy = Policy{MaxAttempts: 5, Backoff: Exponential{Initial: time.Millisecond}, Retryable: On(errFlaky)}

// BenchmarkDirect is the baseline: the operation called without Retry.
func BenchmarkDirect(b *testing.B) {
	for b.Loop() {
		sinkInt, sinkErr = succeed()
	}
}

func BenchmarkFirstTrySuccess(b *testing.B) {
	ctx := context.Background()
	b.Run("zero-policy", func(b *testing.B) {
		for b.Loop() {
			sinkInt, sinkErr = Retry(ctx, Policy{}, succeed)
		}
	})
	b.Run("full-policy", func(b *testing.B) {
		for b.Loop() {
			sinkInt, sinkErr = Retry(ctx, benchPolicy, succeed)
		}
	})
}

func BenchmarkNotRetryable(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		sinkInt, sinkErr = Retry(ctx, benchPolicy, fail)
	}
}

func BenchmarkThreeFailuresZeroWait(b *testing.B) {
	ctx := context.Background()
	p := benchPolicy
	p.Backoff = Constant(0)
	n := 0
	op := func() (int, error) {
		if n++; n%4 != 0 {
			return 0, errFlaky
		}
		return n, nil
	}
	for b.Loop() {
		sinkInt, sinkErr = Retry(ctx, p, op)
	}
}

func BenchmarkExhaustedZeroWait(b *testing.B) {
	ctx := context.Background()
	p := benchPolicy
	p.Backoff = Constant(0)
	flaky := func() (int, error) { return 0, errFlaky }
	for b.Loop() {
		sinkInt, sinkErr = Retry(ctx, p, flaky)
	}
}

func BenchmarkParallelSuccess(b *testing.B) {
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = Retry(ctx, benchPolicy, succeed)
		}
	})
}

func BenchmarkWaitChoice(b *testing.B) {
	for _, j := range []Jitter{NoJitter{}, FullJitter{}, ProportionalJitter(0.2), DecorrelatedJitter{}} {
		p := Policy{Jitter: j, MaxDelay: time.Hour}
		s := p.schedule()
		b.Run(jitterName(j), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n++
				_ = s.next(n%40+1, 0, false)
			}
		})
	}
}

func jitterName(j Jitter) string {
	switch j.(type) {
	case NoJitter:
		return "none"
	case FullJitter:
		return "full"
	case ProportionalJitter:
		return "proportional"
	case DecorrelatedJitter:
		return "decorrelated"
	}
	return "other"
}
