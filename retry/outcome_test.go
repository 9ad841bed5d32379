package retry

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

// TestOutcomeReason checks that OnDone says why each call ended and how long
// it waited in all.
func TestOutcomeReason(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got Outcome
		base := Policy{
			MaxAttempts: 3,
			Backoff:     Constant(time.Second),
			Jitter:      NoJitter{},
			Retryable:   On(errFlaky),
			Hooks:       Hooks{OnDone: func(_ context.Context, o Outcome) { got = o }},
		}
		tests := []struct {
			name       string
			p          Policy
			ctx        func() context.Context
			errs       []error
			wantReason error
			wantWaited time.Duration
		}{
			{"success at once", base, t.Context, nil, nil, 0},
			{"success after retries", base, t.Context, failing(2, errFlaky), nil, 2 * time.Second},
			{"not retryable", base, t.Context, []error{errFlaky, errFatal}, ErrNotRetryable, time.Second},
			{"exhausted", base, t.Context, failing(5, errFlaky), ErrExhausted, 2 * time.Second},
			{"max elapsed", func() Policy { p := base; p.MaxElapsed = 1500 * time.Millisecond; return p }(), t.Context, failing(5, errFlaky), ErrMaxElapsed, time.Second},
			{"deadline too near", base, func() context.Context {
				ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			}, failing(5, errFlaky), ErrDeadlineTooNear, time.Second},
		}
		for _, tt := range tests {
			got = Outcome{}
			_, err := Retry(tt.ctx(), tt.p, newRecorder(tt.errs...).op)
			if !sameError(got.Reason, tt.wantReason) || got.Waited != tt.wantWaited || !sameError(got.Err, err) {
				t.Errorf("%s: Outcome{Reason: %v, Waited: %v, Err: %v}; want Reason %v, Waited %v, Err %v",
					tt.name, got.Reason, got.Waited, got.Err, tt.wantReason, tt.wantWaited, err)
			}
		}

		// Cancelled half-way through a wait: the wait counts up to the cancel.
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(1500*time.Millisecond, cancel)
		got = Outcome{}
		_, _ = Retry(ctx, base, newRecorder(failing(5, errFlaky)...).op)
		if !errors.Is(got.Reason, context.Canceled) || got.Waited != 1500*time.Millisecond {
			t.Errorf("cancelled: Outcome{Reason: %v, Waited: %v}; want context.Canceled, 1.5s", got.Reason, got.Waited)
		}
	})
}

// TestElapsedNeverSilentlyShort checks the message and Elapsed both when the
// first attempt is timed (hooks set) and when it is not.
func TestElapsedNeverSilentlyShort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := func() (int, error) {
			time.Sleep(10 * time.Second) // each attempt takes 10s
			return 0, errFlaky
		}
		p := Policy{MaxAttempts: 2, Backoff: Constant(time.Second), Jitter: NoJitter{}}

		_, err := Retry(t.Context(), p, slow)
		var e *Error
		if !errors.As(err, &e) || !e.FirstUntimed || e.Elapsed != 11*time.Second {
			t.Fatalf("untimed: %#v; want FirstUntimed and Elapsed 11s", e)
		}
		if got, want := err.Error(), "retry: gave up after 2 attempts, 11s after the first returned: flaky"; got != want {
			t.Errorf("untimed: Error() = %q, want %q", got, want)
		}

		p.Hooks.OnDone = func(context.Context, Outcome) {}
		_, err = Retry(t.Context(), p, slow)
		if !errors.As(err, &e) || e.FirstUntimed || e.Elapsed != 21*time.Second {
			t.Fatalf("timed: %#v; want Elapsed 21s from the first call", e)
		}
		if got, want := err.Error(), "retry: gave up after 2 attempts in 21s: flaky"; got != want {
			t.Errorf("timed: Error() = %q, want %q", got, want)
		}
	})
}

// TestNilOp checks that a nil operation is an error, not a panic.
func TestNilOp(t *testing.T) {
	if _, err := Retry[int](context.Background(), Policy{}, nil); err == nil || err.Error() != "retry: nil operation" {
		t.Errorf("Retry(nil op) = %v, want \"retry: nil operation\"", err)
	}
	if err := Do(context.Background(), Policy{}, nil); err == nil {
		t.Error("Do(nil op) = nil, want an error")
	}
	// An invalid policy is still reported first.
	if _, err := Retry[int](context.Background(), Policy{MaxAttempts: -5}, nil); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("Retry(invalid, nil op) = %v, want ErrInvalidPolicy", err)
	}
}

// TestSentinelPrefixes checks that every error of the package says where it
// comes from.
func TestSentinelPrefixes(t *testing.T) {
	for _, err := range []error{ErrExhausted, ErrMaxElapsed, ErrDeadlineTooNear, ErrInvalidPolicy, ErrNotRetryable, ErrBudgetExhausted, ErrAttemptTimeout} {
		if msg := err.Error(); len(msg) < 7 || msg[:7] != "retry: " {
			t.Errorf("%q lacks the \"retry: \" prefix", msg)
		}
	}
}

// TestOutcomeReasonBudget checks that hooks see a budget's refusal.
func TestOutcomeReasonBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got Outcome
		p := Policy{
			MaxAttempts: 5,
			Backoff:     Constant(time.Second),
			Budget:      NewBudget(2, 0.1), // 2 tokens: the first failure leaves 1, not above 1
			Hooks:       Hooks{OnDone: func(_ context.Context, o Outcome) { got = o }},
		}
		_, err := Retry(t.Context(), p, newRecorder(failing(5, errFlaky)...).op)
		if !errors.Is(err, ErrBudgetExhausted) || !errors.Is(err, errFlaky) || !sameError(got.Reason, ErrBudgetExhausted) || got.Attempts != 1 {
			t.Errorf("err %v, Outcome %+v; want a refusal after 1 attempt, seen by OnDone", err, got)
		}
	})
}
