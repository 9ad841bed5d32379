package retry

import (
	"math"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	const maxD = time.Duration(math.MaxInt64)
	tests := []struct {
		b    Backoff
		n    int
		want time.Duration
	}{
		{Constant(time.Second), 1, time.Second},
		{Constant(time.Second), 1_000_000, time.Second},
		{Constant(-time.Second), 1, 0},
		{Linear{}, 5, 0},
		{Linear{Initial: time.Second}, 5, time.Second},
		{Linear{Initial: time.Second, Step: time.Second}, 1, time.Second},
		{Linear{Initial: time.Second, Step: time.Second}, 3, 3 * time.Second},
		{Linear{Initial: time.Second, Step: time.Second}, 0, time.Second},
		{Linear{Initial: time.Second, Step: time.Hour}, math.MaxInt, maxD},
		{Linear{Initial: maxD, Step: 1}, 2, maxD},
		{Exponential{}, 1, 0}, // invalid: a zero delay is no wait, and never grows
		{Exponential{Initial: DefaultInitialDelay}, 1, DefaultInitialDelay},
		{Exponential{Initial: DefaultInitialDelay}, 2, 2 * DefaultInitialDelay},
		{Exponential{Initial: DefaultInitialDelay}, 4, 8 * DefaultInitialDelay},
		{Exponential{Initial: time.Second, Factor: 1.5}, 3, 2250 * time.Millisecond},
		{Exponential{Initial: time.Second, Factor: 1}, 1_000_000, time.Second},
		{Exponential{Initial: time.Second}, 64, maxD},
		{Exponential{Initial: time.Nanosecond}, 1_000_000, maxD},
		{Exponential{Initial: time.Nanosecond}, math.MaxInt, maxD},
		{Exponential{Initial: maxD}, 2, maxD},
		{Exponential{Initial: time.Second}, -3, time.Second},
		{BackoffFunc(func(n int) time.Duration { return time.Duration(n) }), 7, 7},
	}
	for _, tt := range tests {
		if got := tt.b.Delay(tt.n); got != tt.want {
			t.Errorf("%#v.Delay(%d) = %v, want %v", tt.b, tt.n, got, tt.want)
		}
	}
}

// FuzzBackoff checks the backoff arithmetic at any attempt count: no delay is
// negative, and before jitter no delay is shorter than the one before it.
func FuzzBackoff(f *testing.F) {
	f.Add(int64(time.Millisecond), 2.0, int64(0), 1)
	f.Add(int64(1), 1.0000000000000002, int64(1), 1_000_000)
	f.Add(int64(math.MaxInt64), 3.0, int64(math.MaxInt64), math.MaxInt-1)
	f.Add(int64(100), 1e300, int64(7), 40)
	f.Fuzz(func(t *testing.T, initial int64, factor float64, step int64, n int) {
		if initial < 0 || step < 0 || !(factor >= 1) || math.IsInf(factor, 1) || n < 1 || n == math.MaxInt {
			t.Skip()
		}
		for _, b := range []Backoff{
			Constant(initial),
			Linear{Initial: time.Duration(initial), Step: time.Duration(step)},
			Exponential{Initial: time.Duration(initial), Factor: factor},
		} {
			d, next := b.Delay(n), b.Delay(n+1)
			if d < 0 || next < d {
				t.Errorf("%#v: Delay(%d) = %v, Delay(%d) = %v; want 0 <= first <= second", b, n, d, n+1, next)
			}
		}
	})
}
