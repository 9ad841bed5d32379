package retry

import (
	"context"
	"testing"
	"time"
)

func BenchmarkRetryContextFirstTry(b *testing.B) {
	ctx := context.Background()
	op := func(context.Context) (int, error) { return 1, nil }
	b.Run("no attempt timeout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = RetryContext(ctx, Policy{}, op)
		}
	})
	b.Run("attempt timeout", func(b *testing.B) {
		b.ReportAllocs()
		p := Policy{AttemptTimeout: time.Second}
		for b.Loop() {
			_, _ = RetryContext(ctx, p, op)
		}
	})
}

func BenchmarkHedgeFirstTry(b *testing.B) {
	ctx := context.Background()
	op := func(context.Context) (int, error) { return 1, nil }
	p := HedgePolicy{Delay: time.Second}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Hedge(ctx, p, op)
	}
}
