package retry

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// countingBackoff is a Backoff of the caller's own that counts its calls.
type countingBackoff struct{ calls map[int]int }

func (c *countingBackoff) Delay(n int) time.Duration {
	c.calls[n]++
	return time.Duration(n) * time.Millisecond
}

// TestCustomBackoffCalls checks how often Retry asks a Backoff of the
// caller's own: once (for the validity check) on a first-try success, and
// never Delay(n) beyond the first under DecorrelatedJitter, which does not use
// it.
func TestCustomBackoffCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &countingBackoff{calls: map[int]int{}}
		p := Policy{MaxAttempts: 4, Backoff: b, Jitter: NoJitter{}}
		_, _ = Retry(t.Context(), p, newRecorder().op)
		if b.calls[1] != 1 || len(b.calls) != 1 {
			t.Errorf("first-try success: calls %v, want only Delay(1), once", b.calls)
		}

		b.calls = map[int]int{}
		p.Jitter = DecorrelatedJitter{}
		_, _ = Retry(t.Context(), p, newRecorder(failing(3, errFlaky)...).op)
		if len(b.calls) != 1 {
			t.Errorf("DecorrelatedJitter: calls %v, want Delay(1) only", b.calls)
		}
	})
}

// TestZeroDelayMeansNoWait checks the one meaning of a zero first delay:
// no wait, in every kind that can say zero.
func TestZeroDelayMeansNoWait(t *testing.T) {
	for _, b := range []Backoff{Constant(0), Linear{}, BackoffFunc(func(int) time.Duration { return 0 })} {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			var calls atomic.Int32
			_, err := Retry(context.Background(), Policy{MaxAttempts: 4, Backoff: b}, func() (int, error) {
				if calls.Add(1) < 4 {
					return 0, errFlaky
				}
				return 1, nil
			})
			if err != nil || time.Since(start) != 0 {
				t.Errorf("%#v: err %v after %v; want success with no wait", b, err, time.Since(start))
			}
		})
	}
	if err := (Policy{Backoff: Exponential{Factor: 2}}).Validate(); err == nil {
		t.Error("Exponential with a zero Initial is valid; want an error: it could never wait")
	}
}
