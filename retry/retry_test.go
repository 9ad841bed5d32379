package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFirstTrySuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder()
		v, err := Retry(t.Context(), Policy{}, r.op)
		if v != 1 || err != nil {
			t.Fatalf("Retry = %v, %v; want 1, nil", v, err)
		}
		if diff := cmp.Diff(durations(time.Second, 0), r.at); diff != "" {
			t.Errorf("call times mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestSuccessAfterFailures(t *testing.T) {
	tests := []struct {
		name   string
		policy Policy
		fails  int
		want   []time.Duration // time of each call since the start
	}{
		{"default exponential", Policy{}, 3, durations(time.Millisecond, 0, 100, 300, 700)},
		{"constant", Policy{MaxAttempts: 5, Backoff: Constant(time.Second)}, 4, durations(time.Second, 0, 1, 2, 3, 4)},
		{"linear", Policy{MaxAttempts: 4, Backoff: Linear{Initial: time.Second, Step: 2 * time.Second}}, 3, durations(time.Second, 0, 1, 4, 9)},
		{"exponential factor 3", Policy{MaxAttempts: 4, Backoff: Exponential{Initial: time.Second, Factor: 3}}, 3, durations(time.Second, 0, 1, 4, 13)},
		{"zero wait", Policy{MaxAttempts: 3, Backoff: Constant(0)}, 2, durations(time.Second, 0, 0, 0)},
		{"custom func", Policy{MaxAttempts: 3, Backoff: BackoffFunc(func(n int) time.Duration { return time.Duration(n) * time.Minute }), MaxDelay: time.Hour}, 2, durations(time.Minute, 0, 1, 3)},
		{"capped", Policy{MaxAttempts: 5, Backoff: Exponential{Initial: time.Second}, MaxDelay: 3 * time.Second}, 4, durations(time.Second, 0, 1, 3, 6, 9)},
		{"unlimited", Policy{MaxAttempts: Unlimited, Backoff: Constant(time.Second)}, 9, durations(time.Second, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				r := newRecorder(failing(tt.fails, errFlaky)...)
				v, err := Retry(t.Context(), exact(tt.policy), r.op)
				if err != nil || v != tt.fails+1 {
					t.Fatalf("Retry = %v, %v; want %v, nil", v, err, tt.fails+1)
				}
				if diff := cmp.Diff(tt.want, r.at); diff != "" {
					t.Errorf("call times mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		wrapped := fmt.Errorf("dial: %w", errFlaky)
		r := newRecorder(failing(10, wrapped)...)
		start := time.Now()
		v, err := Retry(t.Context(), exact(Policy{MaxAttempts: 3, Backoff: Constant(time.Second)}), r.op)
		if r.calls() != 3 {
			t.Errorf("calls = %d, want 3", r.calls())
		}
		if v != 3 {
			t.Errorf("value = %d, want the last call's 3", v)
		}
		if !errors.Is(err, ErrExhausted) || !errors.Is(err, errFlaky) || !errors.Is(err, wrapped) {
			t.Errorf("err = %v; want it to match ErrExhausted, errFlaky and the op's error", err)
		}
		var re *Error
		if !errors.As(err, &re) {
			t.Fatalf("err = %T, want *Error", err)
		}
		want := &Error{Reason: ErrExhausted, Last: wrapped, Attempts: 3, Elapsed: 2 * time.Second, FirstUntimed: true, Errors: failing(3, wrapped)}
		if diff := cmp.Diff(*want, *re, cmp.Comparer(sameError), cmpopts.IgnoreUnexported(Error{})); diff != "" {
			t.Errorf("Error mismatch (-want +got):\n%s", diff)
		}
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("Retry took %v, want 2s (no wait after the last attempt)", got)
		}
		if got, want := err.Error(), "retry: gave up after 3 attempts, 2s after the first returned: dial: flaky"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
}

func TestErrorsAs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		_, err := Retry(t.Context(), Policy{MaxAttempts: 2}, func() (int, error) { return 0, opErr })
		var got *net.OpError
		if !errors.As(err, &got) || got != opErr {
			t.Errorf("errors.As(err, *net.OpError) = %v, want the op's error", got)
		}
	})
}

func TestOnlyClassifiedErrorsRetry(t *testing.T) {
	p := Policy{MaxAttempts: 5, Backoff: Constant(time.Second), Retryable: On(errFlaky)}
	synctest.Test(t, func(t *testing.T) {
		fatal := fmt.Errorf("bad request: %w", errFatal)
		r := newRecorder(errFlaky, fatal, errFlaky)
		v, err := Retry(t.Context(), p, r.op)
		if err != fatal { //nolint:errorlint // identity is the point
			t.Errorf("err = %#v, want the identical unretried error", err)
		}
		if r.calls() != 2 || v != 2 {
			t.Errorf("calls = %d, v = %d; want 2, 2", r.calls(), v)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder(io.EOF)
		_, err := Retry(t.Context(), p, r.op)
		if err != io.EOF || r.calls() != 1 { //nolint:errorlint // identity is the point
			t.Errorf("Retry = %v after %d calls; want io.EOF after 1", err, r.calls())
		}
	})
}

func TestPermanentWins(t *testing.T) {
	tests := []struct {
		name      string
		retryable Classifier
	}{
		{"default classifier", nil},
		{"classifier accepts everything", func(error) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := Policy{MaxAttempts: 5, Retryable: tt.retryable}
				r := newRecorder(errFlaky, Permanent(errFatal))
				_, err := Retry(t.Context(), p, r.op)
				if err != errFatal || r.calls() != 2 { //nolint:errorlint // identity is the point
					t.Errorf("Retry = %v after %d calls; want errFatal itself after 2", err, r.calls())
				}

				wrapped := fmt.Errorf("context: %w", Permanent(errFatal))
				r = newRecorder(wrapped)
				_, err = Retry(t.Context(), p, r.op)
				if err != wrapped || r.calls() != 1 { //nolint:errorlint // identity is the point
					t.Errorf("Retry = %v after %d calls; want the wrapped error unchanged after 1", err, r.calls())
				}
			})
		})
	}
}

func TestPermanentNested(t *testing.T) {
	_, err := Retry(context.Background(), Policy{}, func() (int, error) { return 0, Permanent(Permanent(errFatal)) })
	if err != errFatal { //nolint:errorlint // identity is the point
		t.Errorf("Retry = %#v, want errFatal itself", err)
	}
}

func TestPermanentNil(t *testing.T) {
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
	if After(time.Second, nil) != nil {
		t.Error("After(1s, nil) != nil")
	}
}

func TestCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		cause := errors.New("shutting down")
		time.AfterFunc(90*time.Minute, func() { cancel(cause) })
		r := newRecorder(failing(10, errFlaky)...)
		start := time.Now()
		_, err := Retry(ctx, exact(Policy{Backoff: Constant(time.Hour), MaxDelay: time.Hour}), r.op)
		if got := time.Since(start); got != 90*time.Minute {
			t.Errorf("Retry returned after %v, want 1h30m (the moment of cancel)", got)
		}
		if !errors.Is(err, cause) || !errors.Is(err, context.Canceled) || !errors.Is(err, errFlaky) {
			t.Errorf("err = %v; want it to match the cause, context.Canceled and the op's error", err)
		}
		if got, want := err.Error(), "retry: gave up after 2 attempts, 1h30m0s after the first returned: shutting down: flaky"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
		if r.calls() != 2 {
			t.Errorf("calls = %d, want 2", r.calls())
		}
	})
}

func TestTimeoutCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cause := errors.New("request budget spent")
		ctx, cancel := context.WithTimeoutCause(t.Context(), 90*time.Second, cause)
		defer cancel()
		// The op ignores ctx and takes 2 minutes: the deadline passes during it.
		_, err := Retry(ctx, Policy{}, func() (int, error) { time.Sleep(2 * time.Minute); return 0, errFlaky })
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, cause) || !errors.Is(err, errFlaky) {
			t.Errorf("err = %v; want DeadlineExceeded, the cause and errFlaky", err)
		}
	})
}

func TestCancelPlainContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel)
		_, err := Retry(ctx, exact(Policy{Backoff: Constant(time.Minute), MaxDelay: time.Minute}), newRecorder(failing(10, errFlaky)...).op)
		if !errors.Is(err, context.Canceled) || !errors.Is(err, errFlaky) {
			t.Errorf("err = %v; want context.Canceled and errFlaky", err)
		}
	})
}

func TestCancelledByOperation(t *testing.T) {
	// The caller's context ends during an attempt: no further attempt, even with
	// a classifier that would retry the error and no wait to sleep through.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		calls := 0
		_, err := Retry(ctx, Policy{MaxAttempts: 5, Backoff: Constant(0)}, func() (int, error) {
			calls++
			cancel()
			return 0, ctx.Err()
		})
		if calls != 1 || !errors.Is(err, context.Canceled) {
			t.Errorf("Retry = %v after %d calls; want context.Canceled after 1", err, calls)
		}
	})
}

func TestContextAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		called := false
		v, err := Retry(ctx, Policy{}, func() (int, error) { called = true; return 1, nil })
		if called || v != 0 {
			t.Errorf("op called = %v, v = %v; want not called, 0", called, v)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if got, want := err.Error(), "retry: stopped before the first attempt: context canceled"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
}

func TestDeadlineTooNear(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		r := newRecorder(failing(10, errFlaky)...)
		start := time.Now()
		_, err := Retry(ctx, exact(Policy{MaxAttempts: 10, Backoff: Constant(2 * time.Second)}), r.op)
		// Calls at 0, 2s, 4s; the wait to 6s would pass the 5s deadline.
		if got := time.Since(start); got != 4*time.Second {
			t.Errorf("Retry returned after %v, want 4s (no doomed sleep)", got)
		}
		if r.calls() != 3 {
			t.Errorf("calls = %d, want 3", r.calls())
		}
		if !errors.Is(err, ErrDeadlineTooNear) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errFlaky) {
			t.Errorf("err = %v; want ErrDeadlineTooNear, context.DeadlineExceeded and errFlaky", err)
		}
		if ctx.Err() != nil {
			t.Errorf("ctx.Err() = %v; the deadline should not have passed", ctx.Err())
		}
	})
}

func TestMaxElapsedBeforeWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder(failing(10, errFlaky)...)
		start := time.Now()
		p := exact(Policy{MaxAttempts: Unlimited, MaxElapsed: 8 * time.Second, Backoff: Constant(3 * time.Second)})
		_, err := Retry(t.Context(), p, r.op)
		// Calls at 0, 3s, 6s; at 6s 2s remain, less than the 3s wait: stop now.
		if got := time.Since(start); got != 6*time.Second || r.calls() != 3 {
			t.Errorf("Retry returned after %v and %d calls, want 6s and 3", got, r.calls())
		}
		if !errors.Is(err, ErrMaxElapsed) {
			t.Errorf("err = %v, want ErrMaxElapsed", err)
		}
	})
}

func TestMaxElapsed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{errs: failing(10, errFlaky)}
		start := time.Now()
		r.start = start
		slowOp := func() (int, error) {
			time.Sleep(time.Second) // each attempt takes 1s
			return r.op()
		}
		p := exact(Policy{MaxAttempts: Unlimited, MaxElapsed: 10 * time.Second, Backoff: Constant(2 * time.Second)})
		_, err := Retry(t.Context(), p, slowOp)
		// Attempts end at 1s, 4s, 7s, 10s... the wait after the one ending at 7s
		// would end at 9s < 10s, so a 4th runs 9s..10s; then no more.
		if got := time.Since(start); got != 10*time.Second {
			t.Errorf("Retry returned after %v, want 10s", got)
		}
		if r.calls() != 4 {
			t.Errorf("calls = %d, want 4", r.calls())
		}
		if !errors.Is(err, ErrMaxElapsed) || !errors.Is(err, errFlaky) {
			t.Errorf("err = %v; want ErrMaxElapsed and errFlaky", err)
		}
		var re *Error
		if errors.As(err, &re) && re.Elapsed != 10*time.Second {
			t.Errorf("Elapsed = %v, want 10s measured from the first call", re.Elapsed)
		}
	})
}

func TestHint(t *testing.T) {
	tests := []struct {
		name string
		hint time.Duration
		want []time.Duration
	}{
		{"honoured", 7 * time.Second, durations(time.Second, 0, 7, 14)},
		{"capped", time.Hour, durations(time.Second, 0, 10, 20)},
		{"negative is zero", -time.Second, durations(time.Second, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				hinted := After(tt.hint, errFlaky)
				r := newRecorder(hinted, hinted)
				p := Policy{MaxAttempts: 3, Backoff: Constant(time.Second), MaxDelay: 10 * time.Second}
				if _, err := Retry(t.Context(), p, r.op); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, r.at); diff != "" {
					t.Errorf("call times mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestHintCappedThenFitsDeadline(t *testing.T) {
	// A 2m hint is capped to 20s, which fits before a 1m deadline: it waits.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		r := newRecorder(After(2*time.Minute, errFlaky))
		if _, err := Retry(ctx, Policy{MaxDelay: 20 * time.Second}, r.op); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(durations(time.Second, 0, 20), r.at); diff != "" {
			t.Errorf("call times mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestHintPastDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		r := newRecorder(After(2*time.Minute, errFlaky))
		_, err := Retry(ctx, Policy{MaxDelay: time.Hour}, r.op)
		if r.calls() != 1 || !errors.Is(err, ErrDeadlineTooNear) {
			t.Errorf("Retry = %v after %d calls; want ErrDeadlineTooNear after 1", err, r.calls())
		}
		if hintErr := r.errs[0]; !errors.Is(err, hintErr) {
			t.Errorf("err = %v; want it to keep the hinted error", err)
		}
	})
}

func TestInvalidPolicyNotCalled(t *testing.T) {
	called := false
	_, err := Retry(context.Background(), Policy{MaxAttempts: -5}, func() (int, error) { called = true; return 0, nil })
	if called || !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("Retry = %v, called = %v; want ErrInvalidPolicy without a call", err, called)
	}
}

func TestDo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRecorder(errFlaky, errFlaky)
		if err := Do(t.Context(), Policy{}, func() error { _, err := r.op(); return err }); err != nil {
			t.Fatalf("Do = %v", err)
		}
		if r.calls() != 3 {
			t.Errorf("calls = %d, want 3", r.calls())
		}
		err := Do(t.Context(), Policy{Retryable: On(errFlaky)}, func() error { return errFatal })
		if err != errFatal { //nolint:errorlint // identity is the point
			t.Errorf("Do = %v, want errFatal unchanged", err)
		}
	})
}

func TestPanicPropagates(t *testing.T) {
	calls := 0
	defer func() {
		if r := recover(); r != "boom" || calls != 1 {
			t.Errorf("recover() = %v after %d calls; want boom after 1", r, calls)
		}
	}()
	_, _ = Retry(context.Background(), Policy{}, func() (int, error) {
		calls++
		panic("boom")
	})
	t.Error("Retry returned; want the panic to propagate")
}

func TestTypedResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pages := [][]string{nil, nil, {"a", "b"}}
		calls := 0
		fetch := func() ([]string, error) { calls++; return pages[calls-1], nil }
		errEmpty := errors.New("empty page")
		p := Policy{Retryable: On(errEmpty)}
		got, err := Retry(t.Context(), p, Check(fetch, func(page []string) error {
			if len(page) == 0 {
				return errEmpty
			}
			return nil
		}))
		if err != nil || calls != 3 || len(got) != 2 {
			t.Errorf("Retry = %v, %v after %d calls; want [a b], nil after 3", got, err, calls)
		}
	})
}

func TestTypedResultsGiveUpKeepsLastValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errBusy := errors.New("503")
		calls := 0
		op := Check(func() (int, error) { calls++; return 500 + calls, nil }, func(int) error { return errBusy })
		v, err := Retry(t.Context(), Policy{MaxAttempts: 3}, op)
		if v != 503 || !errors.Is(err, ErrExhausted) || !errors.Is(err, errBusy) {
			t.Errorf("Retry = %v, %v; want the last value 503 with ErrExhausted and errBusy", v, err)
		}
	})
}

func TestSharedPolicyConcurrent(t *testing.T) {
	var retries atomic.Int64
	p := Policy{
		MaxAttempts: 4,
		Backoff:     Exponential{Initial: time.Millisecond},
		Jitter:      DecorrelatedJitter{},
		Retryable:   Any(On(errFlaky), OnType[codeError]()),
		Hooks: Hooks{OnRetry: func(context.Context, Attempt) {
			retries.Add(1)
		}},
	}
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				errs := failing(i%4, errFlaky)
				if i%2 == 0 && len(errs) > 0 {
					errs[0] = After(time.Millisecond, codeError{i})
				}
				r := newRecorder(errs...)
				v, err := Retry(t.Context(), p, r.op)
				if err != nil || v != i%4+1 {
					t.Errorf("goroutine %d: Retry = %v, %v", i, v, err)
				}
				for d := range p.Delays() {
					if d <= 0 || d > DefaultMaxDelay {
						t.Errorf("goroutine %d: Delays gave %v", i, d)
					}
				}
			})
		}
		wg.Wait()
	})
	if got := retries.Load(); got != 25*(0+1+2+3) {
		t.Errorf("OnRetry called %d times, want %d", got, 25*6)
	}
}

func TestNoGoroutineLeft(t *testing.T) {
	// The bubble fails the test if any goroutine is left when it ends.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		calls := 0
		done := make(chan error)
		go func() {
			_, err := Retry(ctx, Policy{Backoff: Constant(time.Hour), MaxDelay: time.Hour}, func() (int, error) {
				calls++
				return 0, errFlaky
			})
			done <- err
		}()
		synctest.Wait() // Retry is now blocked in its wait
		if calls != 1 {
			t.Fatalf("calls = %d before cancel, want 1", calls)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Retry = %v, want context.Canceled", err)
		}
	})
}

func TestZeroWaitsDoNotSleep(t *testing.T) {
	// Virtual time stands still across 50 attempts with zero waits. (That no
	// timer is made at all is checked by TestAllocs: a timer would allocate.)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := Retry(t.Context(), Policy{MaxAttempts: 50, Backoff: Constant(0)}, func() (int, error) { return 0, errFlaky })
		if !errors.Is(err, ErrExhausted) || time.Since(start) != 0 {
			t.Errorf("Retry = %v after %v; want ErrExhausted after 0s", err, time.Since(start))
		}
	})
}
