package retry

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// step is what one attempt of a script does: after a time (or when its
// context ends, whichever comes first, unless it ignores the context) it
// returns its number and err.
type step struct {
	after     time.Duration
	err       error
	ignoreCtx bool
}

// script is an operation whose attempts follow steps, recording when each
// started and ended, its context, and the values released.
type script struct {
	t     *testing.T
	start time.Time
	steps []step

	mu       sync.Mutex
	began    []time.Duration
	ended    map[int]time.Duration
	ctxs     []context.Context
	released []int
	running  int
}

func newScript(t *testing.T, steps ...step) *script {
	t.Helper()
	return &script{t: t, start: time.Now(), steps: steps, ended: map[int]time.Duration{}}
}

func (s *script) op(ctx context.Context) (int, error) {
	s.mu.Lock()
	s.began = append(s.began, time.Since(s.start))
	s.ctxs = append(s.ctxs, ctx)
	n := len(s.began)
	s.running++
	s.mu.Unlock()
	if n > len(s.steps) {
		s.t.Errorf("attempt %d started; the script has %d", n, len(s.steps))
		return n, nil
	}
	st := s.steps[n-1]
	var err error
	if st.ignoreCtx {
		time.Sleep(st.after)
		err = st.err
	} else {
		select {
		case <-time.After(st.after):
			err = st.err
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	s.mu.Lock()
	s.ended[n] = time.Since(s.start)
	s.running--
	s.mu.Unlock()
	return n, err
}

func (s *script) release(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.released = append(s.released, v)
}

func (s *script) startTimes() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.began)
}

func (s *script) releasedValues() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(slices.Values(s.released))
}

// attemptGoroutines counts the goroutines running an attempt of a race.
func attemptGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "retry.(*hedgeRace[...]).attempt")
}

const ms = time.Millisecond

func TestHedgeFastFirstAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: 10 * ms})
		hedges := 0
		p := HedgePolicy{MaxAttempts: 3, Delay: 100 * ms, Hooks: HedgeHooks{OnHedge: func(context.Context, Hedged) { hedges++ }}}
		v, err := Hedge(t.Context(), p, s.op)
		if v != 1 || err != nil {
			t.Fatalf("Hedge = %v, %v; want 1, nil", v, err)
		}
		time.Sleep(time.Second)
		if got := s.startTimes(); len(got) != 1 || hedges != 0 {
			t.Errorf("attempts started at %v, %d hedges; want the first only", got, hedges)
		}
		if s.ctxs[0].Err() == nil {
			t.Error("Hedge returned with the winner's context alive; it should end it")
		}
	})
}

func TestHedgeSlowFirstFastSecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: time.Second}, step{after: 10 * ms})
		var events []Hedged
		p := HedgePolicy{Delay: 100 * ms, Hooks: HedgeHooks{OnHedge: func(_ context.Context, e Hedged) { events = append(events, e) }}}
		v, done, err := HedgeKeep(t.Context(), p, s.op, s.release)
		if v != 2 || err != nil {
			t.Fatalf("HedgeKeep = %v, %v; want 2, nil", v, err)
		}
		if d := time.Since(s.start); d != 110*ms {
			t.Errorf("returned after %v, want 110ms", d)
		}
		if err := s.ctxs[0].Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("the loser's context when Hedge returned: %v; want canceled", err)
		}
		if s.ctxs[1].Err() != nil {
			t.Error("the winner's context ended before done was called")
		}
		synctest.Wait()
		if diff := cmp.Diff([]int{1}, s.releasedValues()); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
		if s.ended[1] != 110*ms {
			t.Errorf("the loser ended at %v, want 110ms (cancelled when the winner was accepted)", s.ended[1])
		}
		if diff := cmp.Diff([]Hedged{{N: 2, Running: 1, Elapsed: 100 * ms}}, events); diff != "" {
			t.Errorf("OnHedge events (-want +got):\n%s", diff)
		}
		done()
		if s.ctxs[1].Err() == nil {
			t.Error("the winner's context is alive after done")
		}
	})
}

func TestHedgeRetryableErrorStartsTheNextAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: 10 * ms, err: errFlaky}, step{after: 500 * ms, err: errFlaky}, step{after: 20 * ms})
		var causes []error
		p := HedgePolicy{MaxAttempts: 3, Delay: 100 * ms, Retryable: On(errFlaky),
			Hooks: HedgeHooks{OnHedge: func(_ context.Context, e Hedged) { causes = append(causes, e.Err) }}}
		v, done, err := HedgeKeep(t.Context(), p, s.op, s.release)
		defer done()
		if v != 3 || err != nil {
			t.Fatalf("HedgeKeep = %v, %v; want 3, nil", v, err)
		}
		// 1 fails at 10ms: 2 starts at once; no result by 110ms: 3 starts.
		if diff := cmp.Diff(durations(ms, 0, 10, 110), s.startTimes()); diff != "" {
			t.Errorf("start times (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]error{errFlaky, nil}, causes, cmp.Comparer(sameError)); diff != "" {
			t.Errorf("OnHedge causes (-want +got):\n%s", diff)
		}
		synctest.Wait()
		if diff := cmp.Diff([]int{1, 2}, s.releasedValues()); diff != "" {
			t.Errorf("released (-want +got): a failed attempt's value is released too\n%s", diff)
		}
	})
}

func TestHedgeHintDelaysTheNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: 10 * ms, err: After(50*ms, errFlaky)}, step{after: 10 * ms})
		v, err := Hedge(t.Context(), HedgePolicy{Delay: time.Second}, s.op)
		if v != 2 || err != nil {
			t.Fatalf("Hedge = %v, %v; want 2, nil", v, err)
		}
		if diff := cmp.Diff(durations(ms, 0, 60), s.startTimes()); diff != "" {
			t.Errorf("start times (-want +got): the hint replaces both the delay and 'at once'\n%s", diff)
		}
	})
}

func TestHedgeFatalErrorEndsAll(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error // what attempt 2 returns
		want error // what Hedge returns
	}{
		{"not retryable", errFatal, errFatal},
		{"permanent", Permanent(errFlaky), errFlaky},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newScript(t, step{after: time.Second}, step{after: 50 * ms, err: tt.err}, step{after: 10 * ms})
				p := HedgePolicy{MaxAttempts: 3, Delay: 100 * ms, Retryable: On(errFlaky)}
				v, done, err := HedgeKeep(t.Context(), p, s.op, s.release)
				defer done()
				if v != 2 || err != tt.want { //nolint:errorlint // identity is the point
					t.Fatalf("HedgeKeep = %v, %v; want 2, %v (identical)", v, err, tt.want)
				}
				if d := time.Since(s.start); d != 150*ms {
					t.Errorf("returned after %v, want 150ms", d)
				}
				synctest.Wait()
				if got := s.startTimes(); len(got) != 2 {
					t.Errorf("attempts started at %v; want no third", got)
				}
				if !errors.Is(s.ctxs[0].Err(), context.Canceled) || s.ended[1] != 150*ms {
					t.Errorf("attempt 1 ended at %v with %v; want cancelled at 150ms", s.ended[1], s.ctxs[0].Err())
				}
				if diff := cmp.Diff([]int{1}, s.releasedValues()); diff != "" {
					t.Errorf("released (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestHedgeAllFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errA, errB := errors.New("a"), fmt.Errorf("b: %w", errFlaky)
		s := newScript(t, step{after: 300 * ms, err: errA}, step{after: 50 * ms, err: errB}, step{after: 10 * ms, err: errFlaky})
		var outcome Outcome
		p := HedgePolicy{MaxAttempts: 3, Delay: 100 * ms, Hooks: HedgeHooks{OnDone: func(_ context.Context, o Outcome) { outcome = o }}}
		v, done, err := HedgeKeep(t.Context(), p, s.op, s.release)
		// 1 runs 0-300ms; 2 runs 100-150ms, fails: 3 starts at once, fails at 160ms.
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrExhausted) || !errors.Is(err, errA) {
			t.Fatalf("err = %v; want an *Error matching ErrExhausted and the last error", err)
		}
		if v != 1 || e.Attempts != 3 || e.Elapsed != 300*ms {
			t.Errorf("v %d, Attempts %d, Elapsed %v; want 1 (the last failure's value), 3, 300ms", v, e.Attempts, e.Elapsed)
		}
		if diff := cmp.Diff([]error{errB, errFlaky, errA}, e.Errors, cmp.Comparer(sameError)); diff != "" {
			t.Errorf("Errors (-want +got), in the order they came:\n%s", diff)
		}
		if diff := cmp.Diff([]int{2, 3}, s.releasedValues()); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
		if outcome.Attempts != 3 || outcome.Err != err { //nolint:errorlint // identity is the point
			t.Errorf("OnDone got %+v; want 3 attempts and the returned error", outcome)
		}
		if s.ctxs[0].Err() != nil {
			t.Error("the returned value's context ended before done")
		}
		done()
		if want := "retry: gave up after 3 attempts in 300ms: a"; err.Error() != want {
			t.Errorf("message %q, want %q", err.Error(), want)
		}
	})
}

func TestHedgeCallerCancelsMidFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errStop := errors.New("caller is done")
		ctx, cancel := context.WithCancelCause(t.Context())
		s := newScript(t, step{after: time.Hour}, step{after: time.Hour}, step{after: time.Hour})
		time.AfterFunc(250*ms, func() { cancel(errStop) })
		v, err := Hedge(ctx, HedgePolicy{MaxAttempts: 3, Delay: 100 * ms}, s.op)
		var e *Error
		if v != 0 || !errors.As(err, &e) || !errors.Is(err, context.Canceled) || !errors.Is(err, errStop) {
			t.Fatalf("Hedge = %v, %v; want 0 and an *Error matching context.Canceled and the cause", v, err)
		}
		if e.Attempts != 3 || e.Last != nil {
			t.Errorf("Attempts %d, Last %v; want 3, nil", e.Attempts, e.Last)
		}
		synctest.Wait()
		if n := attemptGoroutines(); n != 0 || s.running != 0 {
			t.Errorf("%d attempt goroutines and %d ops still running after the call; want none", n, s.running)
		}
	})
}

func TestHedgeDoesNotWaitForALoserThatIgnoresItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: time.Second, ignoreCtx: true}, step{after: 10 * ms})
		v, done, err := HedgeKeep(t.Context(), HedgePolicy{Delay: 100 * ms}, s.op, s.release)
		defer done()
		if v != 2 || err != nil || time.Since(s.start) != 110*ms {
			t.Fatalf("HedgeKeep = %v, %v after %v; want 2, nil after 110ms", v, err, time.Since(s.start))
		}
		if n := attemptGoroutines(); n != 1 {
			t.Errorf("%d attempt goroutines right after the call; want the stubborn loser's", n)
		}
		if got := s.releasedValues(); len(got) != 0 {
			t.Errorf("released %v before the loser returned", got)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if diff := cmp.Diff([]int{1}, s.releasedValues()); diff != "" {
			t.Errorf("released (-want +got): the loser's value, by its own goroutine\n%s", diff)
		}
		if n := attemptGoroutines(); n != 0 {
			t.Errorf("%d attempt goroutines after the loser returned; want none", n)
		}
	})
}

func TestHedgeAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: time.Hour}, step{after: 10 * ms})
		p := HedgePolicy{Delay: time.Second, AttemptTimeout: 50 * ms, Retryable: On(errFlaky)}
		var causes []error
		p.Hooks.OnHedge = func(_ context.Context, e Hedged) { causes = append(causes, e.Err) }
		v, err := Hedge(t.Context(), p, s.op)
		if v != 2 || err != nil {
			t.Fatalf("Hedge = %v, %v; want 2, nil", v, err)
		}
		if diff := cmp.Diff(durations(ms, 0, 50), s.startTimes()); diff != "" {
			t.Errorf("start times (-want +got): a timed-out attempt starts the next at once\n%s", diff)
		}
		if len(causes) != 1 || !errors.Is(causes[0], ErrAttemptTimeout) {
			t.Errorf("OnHedge causes %v; want one attempt timeout", causes)
		}
	})
}

func TestHedgeCallersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 30*ms)
		defer cancel()
		s := newScript(t, step{after: time.Hour})
		v, err := Hedge(ctx, HedgePolicy{MaxAttempts: 1, AttemptTimeout: 50 * ms}, s.op)
		if v != 0 || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrAttemptTimeout) {
			t.Errorf("Hedge = %v, %v; want the caller's deadline, not an attempt timeout", v, err)
		}
		if d := time.Since(s.start); d != 30*ms {
			t.Errorf("returned after %v, want 30ms", d)
		}
	})
}

func TestHedgeHintPastTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		s := newScript(t, step{after: 10 * ms, err: After(5*time.Second, errFlaky)})
		_, err := Hedge(ctx, HedgePolicy{Delay: 500 * ms}, s.op)
		if !errors.Is(err, ErrDeadlineTooNear) || !errors.Is(err, errFlaky) || time.Since(s.start) != 10*ms {
			t.Errorf("Hedge = %v after %v; want ErrDeadlineTooNear at once", err, time.Since(s.start))
		}
	})
}

func TestHedgeZeroDelayStartsAllAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: 30 * ms}, step{after: 20 * ms}, step{after: 10 * ms})
		v, err := Hedge(t.Context(), HedgePolicy{MaxAttempts: 3}, s.op)
		if v != 3 || err != nil {
			t.Fatalf("Hedge = %v, %v; want 3, nil", v, err)
		}
		if diff := cmp.Diff(durations(ms, 0, 0, 0), s.startTimes()); diff != "" {
			t.Errorf("start times (-want +got):\n%s", diff)
		}
	})
}

func TestHedgeDelayFunc(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newScript(t, step{after: time.Hour}, step{after: time.Hour}, step{after: 10 * ms})
		var ns []int
		p := HedgePolicy{MaxAttempts: 3, DelayFunc: func(n int) time.Duration {
			ns = append(ns, n)
			return time.Duration(n) * 100 * ms
		}}
		if _, err := Hedge(t.Context(), p, s.op); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(durations(ms, 0, 100, 300), s.startTimes()); diff != "" {
			t.Errorf("start times (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{1, 2}, ns); diff != "" {
			t.Errorf("DelayFunc arguments (-want +got):\n%s", diff)
		}
	})
}

func TestHedgeContextAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := 0
	var outcome *Outcome
	p := HedgePolicy{Hooks: HedgeHooks{OnDone: func(_ context.Context, o Outcome) { outcome = &o }}}
	_, err := Hedge(ctx, p, func(context.Context) (int, error) { calls++; return 1, nil })
	var e *Error
	if calls != 0 || !errors.As(err, &e) || !errors.Is(err, context.Canceled) || e.Attempts != 0 {
		t.Errorf("after %d calls err = %v; want an *Error for the context and no call", calls, err)
	}
	if outcome == nil || outcome.Attempts != 0 {
		t.Errorf("OnDone got %+v; want it called with 0 attempts", outcome)
	}
}

func TestHedgePolicyValidate(t *testing.T) {
	tests := []struct {
		name string
		p    HedgePolicy
		want []string // fields named in the error; none for a valid policy
	}{
		{"zero", HedgePolicy{}, nil},
		{"delay func", HedgePolicy{DelayFunc: func(int) time.Duration { return 0 }}, nil},
		{"negative attempts", HedgePolicy{MaxAttempts: -1}, []string{"MaxAttempts"}},
		{"negative delay", HedgePolicy{Delay: -1}, []string{"Delay"}},
		{"both delays", HedgePolicy{Delay: 1, DelayFunc: func(int) time.Duration { return 0 }}, []string{"DelayFunc"}},
		{"negative timeout", HedgePolicy{AttemptTimeout: -1}, []string{"AttemptTimeout"}},
		{"budget", HedgePolicy{Budget: NewBudget(10, 0.1)}, nil},
		{"bad budget", HedgePolicy{Budget: NewBudget(0, 0.1)}, []string{"Budget maxTokens 0"}},
		{"all at once", HedgePolicy{MaxAttempts: -5, Delay: -1, AttemptTimeout: -1}, []string{"MaxAttempts", "Delay", "AttemptTimeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidPolicy) {
				t.Fatalf("Validate = %v, want ErrInvalidPolicy", err)
			}
			for _, field := range tt.want {
				if !strings.Contains(err.Error(), "HedgePolicy."+field) {
					t.Errorf("Validate = %v; want it to name %s", err, field)
				}
			}
			calls := 0
			_, herr := Hedge(t.Context(), tt.p, func(context.Context) (int, error) { calls++; return 0, nil })
			if calls != 0 || herr == nil || herr.Error() != err.Error() {
				t.Errorf("Hedge called op %d times, err %v; want no call and the Validate error", calls, herr)
			}
		})
	}
}

func TestHedgeManyFailuresKeepErrorsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errs := make([]error, 20)
		steps := make([]step, 20)
		for i := range steps {
			errs[i] = fmt.Errorf("attempt %d", i+1)
			steps[i] = step{after: ms, err: errs[i]}
		}
		s := newScript(t, steps...)
		_, err := Hedge(t.Context(), HedgePolicy{MaxAttempts: 20, Delay: time.Second}, s.op)
		var e *Error
		if !errors.As(err, &e) || e.Attempts != 20 {
			t.Fatalf("err = %v; want an *Error after 20 attempts", err)
		}
		want := append([]error{errs[0]}, errs[13:]...)
		if diff := cmp.Diff(want, e.Errors, cmp.Comparer(sameError)); diff != "" {
			t.Errorf("Errors (-want +got):\n%s", diff)
		}
	})
}
