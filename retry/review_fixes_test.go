package retry

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestOutcomeReasonContextDoneFirst: a context done before the first call is
// an ending with a reason, not a success.
func TestOutcomeReasonContextDoneFirst(t *testing.T) {
	var got Outcome
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := Policy{Hooks: Hooks{OnDone: func(_ context.Context, o Outcome) { got = o }}}
	_, err := Retry(ctx, p, succeed)
	if !errors.Is(got.Reason, context.Canceled) || !sameError(got.Err, err) || got.Attempts != 0 {
		t.Errorf("Outcome %+v for a context done before the first call; want Reason context.Canceled", got)
	}
}

// TestPointerJitterInvalid: the jitter set is closed to its values; a
// pointer to one is reported, not accepted unchecked.
func TestPointerJitterInvalid(t *testing.T) {
	wide := ProportionalJitter(5)
	var nilPJ *ProportionalJitter
	for _, j := range []Jitter{&wide, nilPJ, &DecorrelatedJitter{}, &NoJitter{}} {
		err := Policy{Jitter: j}.Validate()
		if !errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), "not one of the jitter values") {
			t.Errorf("Jitter %T: Validate() = %v; want ErrInvalidPolicy naming it", j, err)
		}
		called := false
		if _, err := Retry(context.Background(), Policy{Jitter: j}, func() (int, error) { called = true; return 0, nil }); err == nil || called {
			t.Errorf("Jitter %T: Retry called op or returned nil", j)
		}
	}
}

// TestZeroBudgetInvalid: a Budget not made by NewBudget is reported.
func TestZeroBudgetInvalid(t *testing.T) {
	err := Policy{Budget: new(Budget)}.Validate()
	if !errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), "NewBudget") {
		t.Errorf("Validate() = %v; want ErrInvalidPolicy saying the Budget was not made by NewBudget", err)
	}
}

// TestClassifierCalledOncePerFailure: a classifier with side effects sees
// each failed attempt once.
func TestClassifierCalledOncePerFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		p := Policy{MaxAttempts: 3, Backoff: Constant(time.Second), Retryable: func(err error) bool {
			calls.Add(1)
			return errors.Is(err, errFlaky)
		}}
		_, _ = Retry(t.Context(), p, newRecorder(errFlaky, errFlaky, errFlaky).op)
		if n := calls.Load(); n != 3 {
			t.Errorf("classifier called %d times for 3 failed attempts; want 3", n)
		}
	})
}

// TestNondeterministicBackoffReported: a custom Backoff whose Delay(1)
// changes is reported, never let through because two checks disagreed.
func TestNondeterministicBackoffReported(t *testing.T) {
	var n atomic.Int32
	flip := BackoffFunc(func(int) time.Duration {
		if n.Add(1)%2 == 1 {
			return time.Hour // above the cap the first time
		}
		return time.Second
	})
	if err := (Policy{Backoff: flip}).Validate(); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("Validate() = %v; want ErrInvalidPolicy", err)
	}
}

// TestContextFormsNilOp: a nil op is an error, never a panic, in every form.
func TestContextFormsNilOp(t *testing.T) {
	ctx := context.Background()
	if _, err := RetryContext[int](ctx, Policy{AttemptTimeout: time.Second}, nil); err == nil {
		t.Error("RetryContext(nil) = nil error")
	}
	if _, done, err := RetryContextKeep[int](ctx, Policy{}, nil); err == nil || done == nil {
		t.Error("RetryContextKeep(nil): want an error and a non-nil done")
	}
	if _, err := Hedge[int](ctx, HedgePolicy{}, nil); err == nil {
		t.Error("Hedge(nil) = nil error")
	}
	if _, done, err := HedgeKeep[int](ctx, HedgePolicy{}, nil, nil); err == nil || done == nil {
		t.Error("HedgeKeep(nil): want an error and a non-nil done")
	}
}

// TestHedgeSuccessSkipsClassifier: the classifier is asked about errors
// only, so one that calls err.Error() is safe.
func TestHedgeSuccessSkipsClassifier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := HedgePolicy{Retryable: func(err error) bool { return err.Error() != "" }}
		v, err := Hedge(t.Context(), p, func(context.Context) (int, error) { return 7, nil })
		if v != 7 || err != nil {
			t.Errorf("Hedge = %v, %v; want 7, nil", v, err)
		}
	})
}

// TestAttemptTimeoutMarksOnlyItsOwnErrors: an unrelated error returned after
// the attempt's timer fired is the classifier's to judge, not retried as a
// timeout.
func TestAttemptTimeoutMarksOnlyItsOwnErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		p := Policy{MaxAttempts: 3, AttemptTimeout: time.Second, Retryable: On(errFlaky)}
		_, err := RetryContext(t.Context(), p, func(context.Context) (int, error) {
			calls++
			time.Sleep(2 * time.Second) // ignores its context, then fails for its own reason
			return 0, errFatal
		})
		if calls != 1 || !sameError(err, errFatal) {
			t.Errorf("calls %d, err %v; want errFatal unchanged after one call", calls, err)
		}
	})
}
