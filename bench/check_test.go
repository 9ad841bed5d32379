package bench

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// TestSameBehaviour checks that every library is configured to the same
// rule: success returns at once, the retryable error is retried up to
// maxAttempts calls, and the fatal error is returned after one call. It uses
// the configuration builders that the benchmarks use, with zero delay and
// with the small real delay.
func TestSameBehaviour(t *testing.T) {
	ctx := context.Background()
	for _, r := range runners {
		for _, first := range []struct {
			name  string
			delay time.Duration
		}{{"zero", delayZero}, {"real", delayReal}} {
			t.Run(r.name+"/"+first.name, func(t *testing.T) {
				d := first.delay
				calls := 0
				counted := func(op func() (int, error)) func() (int, error) {
					calls = 0
					return func() (int, error) { calls++; return op() }
				}

				if v, err := r.run(ctx, d, counted(opSucceed)); v != 1 || err != nil || calls != 1 {
					t.Errorf("success: got %d, %v after %d calls; want 1, nil after 1", v, err, calls)
				}
				if _, err := r.run(ctx, d, counted(opFatal)); !errors.Is(err, errFatal) || calls != 1 {
					t.Errorf("fatal: got %v after %d calls; want errFatal after 1", err, calls)
				}
				f := &flaky{fails: 3}
				if v, err := r.run(ctx, d, counted(f.call)); v != 4 || err != nil || calls != 4 {
					t.Errorf("three failures: got %d, %v after %d calls; want 4, nil after 4", v, err, calls)
				}
				f = &flaky{fails: maxAttempts}
				if _, err := r.run(ctx, d, counted(f.call)); !errors.Is(err, errRetryable) || calls != maxAttempts {
					t.Errorf("always failing: got %v after %d calls; want errRetryable after %d", err, calls, maxAttempts)
				}
			})
		}
	}
}

// TestAgainAllocs checks that again allocates nothing on the paths that
// must not allocate, with the shared policies the benchmarks use. It says
// nothing about time.
func TestAgainAllocs(t *testing.T) {
	ctx := context.Background()
	f := &flaky{fails: 3}
	op := f.call
	tests := []struct {
		name string
		call func()
	}{
		{"first-try success", func() { _, _ = retry.Retry(ctx, againUnused, opSucceed) }},
		{"not retryable", func() { _, _ = retry.Retry(ctx, againUnused, opFatal) }},
		{"three failures, zero delay", func() { f.n = 0; _, _ = retry.Retry(ctx, againZero, op) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, tt.call); got != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tt.name, got)
		}
	}
}
