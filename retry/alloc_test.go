package retry

import (
	"context"
	"testing"
	"time"
)

//go:noinline
func succeed() (int, error) { return 1, nil }

//go:noinline
func fail() (int, error) { return 0, errFatal }

// TestAllocs guards the paths that must not allocate.
func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in full runs")
	}
	ctx := context.Background()
	shared := Policy{MaxAttempts: 5, Backoff: Exponential{Initial: time.Millisecond}, Retryable: On(errFlaky)}
	zeroWait := Policy{MaxAttempts: 5, Backoff: Constant(0), Retryable: On(errFlaky)}
	var n int
	flaky := func() (int, error) {
		n++
		if n%4 != 0 {
			return 0, errFlaky
		}
		return n, nil
	}
	tests := []struct {
		name string
		f    func()
	}{
		{"first-try success, zero policy", func() { _, _ = Retry(ctx, Policy{}, succeed) }},
		{"first-try success, full policy", func() { _, _ = Retry(ctx, shared, succeed) }},
		{"not retryable", func() { _, _ = Retry(ctx, shared, fail) }},
		{"Do success", func() { _ = Do(ctx, shared, func() error { return nil }) }},
		{"three zero-wait failures then success", func() {
			_, _ = Retry(ctx, zeroWait, flaky)
		}},
		{"Validate", func() { _ = shared.Validate() }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(200, tt.f); got != 0 {
			t.Errorf("%s: %v allocations per run, want 0", tt.name, got)
		}
	}
}

// TestAllocsPerRetryConstant checks that waiting allocates per call, not per
// retry: one timer however many retries.
func TestAllocsPerRetryConstant(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in full runs")
	}
	ctx := context.Background()
	count := func(retries int) float64 {
		p := Policy{MaxAttempts: retries + 1, Backoff: Constant(time.Microsecond), Jitter: NoJitter{}}
		return testing.AllocsPerRun(20, func() {
			n := 0
			_, _ = Retry(ctx, p, func() (int, error) {
				if n++; n <= retries {
					return 0, errFlaky
				}
				return n, nil
			})
		})
	}
	if few, many := count(2), count(20); few != many {
		t.Errorf("allocations: %v with 2 retries, %v with 20; want the same", few, many)
	}
}
