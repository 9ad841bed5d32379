package retry

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// drained returns a NewBudget(10, ratio) with spent tokens taken.
func drained(ratio float64, spent int) *Budget {
	b := NewBudget(10, ratio)
	for range spent {
		b.spend()
	}
	return b
}

// TestHedgeBudget runs races against a shared budget and checks, in virtual
// time, which attempts start, which are cancelled, what Hedge returns, what
// OnDone is told, and the tokens taken and given.
func TestHedgeBudget(t *testing.T) {
	errTimeout := ErrAttemptTimeout // what an attempt that ran out of its time matches
	tests := []struct {
		name    string
		budget  *Budget
		p       HedgePolicy // Budget and Hooks are set by the test
		steps   []step
		wantV   int
		wantErr []error // what the error matches; none for a success
		reason  error   // Outcome.Reason
		starts  []time.Duration
		hedges  int           // OnHedge calls
		waited  time.Duration // Outcome.Waited
		elapsed time.Duration // when Hedge returns
		uncut   []int         // attempts that must run to their end, never cancelled
		tokens  float64
		allowed uint64
		refused uint64
	}{
		{
			name:   "failures take, the success gives",
			budget: NewBudget(10, 0.5),
			p:      HedgePolicy{MaxAttempts: 3, Delay: time.Second, Retryable: On(errFlaky)},
			// 1 fails at 10ms: a token, 9 left, allowed: 2 starts at once and
			// fails at 20ms: 8 left, allowed: 3 starts and succeeds: +0.5.
			steps:   []step{{after: 10 * ms, err: errFlaky}, {after: 10 * ms, err: errFlaky}, {after: 10 * ms}},
			wantV:   3,
			starts:  durations(ms, 0, 10, 20),
			hedges:  2,
			elapsed: 30 * ms,
			tokens:  8.5, allowed: 2,
		},
		{
			name:   "a delayed hedge takes no token",
			budget: drained(0.5, 3),
			p:      HedgePolicy{Delay: 100 * ms},
			// 2 starts when the delay runs out (7 > 5 left): the budget allows
			// it without taking; 2 wins, 1 is cancelled, neither takes.
			steps:   []step{{after: time.Second}, {after: 10 * ms}},
			wantV:   2,
			starts:  durations(ms, 0, 100),
			hedges:  1,
			elapsed: 110 * ms,
			tokens:  7.5, allowed: 1,
		},
		{
			name:    "refused delayed hedge, the running attempt wins",
			budget:  drained(0.1, 5), // half left: no hedge
			p:       HedgePolicy{MaxAttempts: 3, Delay: 100 * ms},
			steps:   []step{{after: 300 * ms}},
			wantV:   1,
			starts:  durations(ms, 0),
			elapsed: 300 * ms,
			uncut:   []int{1},
			tokens:  5.1, refused: 1,
		},
		{
			name:   "refused after a failure, the running attempt wins",
			budget: drained(0.1, 4),
			p:      HedgePolicy{MaxAttempts: 3, Delay: 100 * ms, Retryable: On(errFlaky)},
			// 2 starts at 100ms (6 > 5 left), fails at 150ms: 5 left, refused;
			// 3 never starts, and 1 runs on to win at 1s.
			steps:   []step{{after: time.Second}, {after: 50 * ms, err: errFlaky}},
			wantV:   1,
			starts:  durations(ms, 0, 100),
			hedges:  1,
			elapsed: time.Second,
			uncut:   []int{1},
			tokens:  5.1, allowed: 1, refused: 1,
		},
		{
			name:    "refused, then the running attempt fails",
			budget:  drained(0.1, 5),
			p:       HedgePolicy{MaxAttempts: 3, Delay: 100 * ms},
			steps:   []step{{after: 300 * ms, err: errFlaky}},
			wantV:   1,
			wantErr: []error{ErrBudgetExhausted, errFlaky},
			reason:  ErrBudgetExhausted,
			starts:  durations(ms, 0),
			elapsed: 300 * ms,
			uncut:   []int{1},
			tokens:  4, refused: 1,
		},
		{
			name:    "refused with nothing running",
			budget:  drained(0.1, 4),
			p:       HedgePolicy{MaxAttempts: 3, Delay: time.Second, Retryable: On(errFlaky)},
			steps:   []step{{after: 10 * ms, err: errFlaky}},
			wantV:   1,
			wantErr: []error{ErrBudgetExhausted, errFlaky},
			reason:  ErrBudgetExhausted,
			starts:  durations(ms, 0),
			elapsed: 10 * ms,
			tokens:  5, refused: 1,
		},
		{
			name:   "a hinted wait, then refused",
			budget: drained(0.1, 4),
			p:      HedgePolicy{MaxAttempts: 3, Delay: time.Second},
			// 1 fails with a hint at 10ms: its token is taken (5 left) and the
			// budget decides when the wait is over, at 60ms.
			steps:   []step{{after: 10 * ms, err: After(50*ms, errFlaky)}},
			wantV:   1,
			wantErr: []error{ErrBudgetExhausted, errFlaky},
			reason:  ErrBudgetExhausted,
			starts:  durations(ms, 0),
			waited:  50 * ms,
			elapsed: 60 * ms,
			tokens:  5, refused: 1,
		},
		{
			name:    "a hinted wait, then allowed",
			budget:  NewBudget(10, 0.1),
			p:       HedgePolicy{Delay: time.Second},
			steps:   []step{{after: 10 * ms, err: After(50*ms, errFlaky)}, {after: 10 * ms}},
			wantV:   2,
			starts:  durations(ms, 0, 60),
			hedges:  1,
			waited:  50 * ms,
			elapsed: 70 * ms,
			tokens:  9.1, allowed: 1,
		},
		{
			name:    "an accepted error takes nothing",
			budget:  drained(0.1, 2),
			p:       HedgePolicy{Delay: 100 * ms, Retryable: On(errFlaky)},
			steps:   []step{{after: time.Second}, {after: 10 * ms, err: errFatal}},
			wantV:   2,
			wantErr: []error{errFatal},
			reason:  ErrNotRetryable,
			starts:  durations(ms, 0, 100),
			hedges:  1,
			elapsed: 110 * ms,
			tokens:  8, allowed: 1,
		},
		{
			name:   "an attempt timeout takes a token",
			budget: NewBudget(10, 0.1),
			p:      HedgePolicy{Delay: time.Second, AttemptTimeout: 50 * ms, Retryable: On(errFlaky)},
			steps:  []step{{after: time.Hour}, {after: 10 * ms}},
			wantV:  2, starts: durations(ms, 0, 50),
			hedges:  1,
			elapsed: 60 * ms,
			tokens:  9.1, allowed: 1,
		},
		{
			name:   "every attempt fails: the last takes its token too",
			budget: NewBudget(10, 0.1),
			p:      HedgePolicy{Delay: time.Second},
			steps:  []step{{after: 10 * ms, err: errFlaky}, {after: 10 * ms, err: errTimeout}},
			wantV:  2, wantErr: []error{ErrExhausted, ErrAttemptTimeout},
			reason:  ErrExhausted,
			starts:  durations(ms, 0, 10),
			hedges:  1,
			elapsed: 20 * ms,
			tokens:  8, allowed: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newScript(t, tt.steps...)
				var outcomes []Outcome
				hedges := 0
				p := tt.p
				p.Budget = tt.budget
				p.Hooks = HedgeHooks{
					OnHedge: func(context.Context, Hedged) { hedges++ },
					OnDone:  func(_ context.Context, o Outcome) { outcomes = append(outcomes, o) },
				}
				v, done, err := HedgeKeep(t.Context(), p, s.op, s.release)
				defer done()
				if elapsed := time.Since(s.start); v != tt.wantV || elapsed != tt.elapsed {
					t.Errorf("HedgeKeep = %d after %v; want %d after %v", v, elapsed, tt.wantV, tt.elapsed)
				}
				if len(tt.wantErr) == 0 && err != nil {
					t.Errorf("err = %v; want nil", err)
				}
				for _, want := range tt.wantErr {
					if !errors.Is(err, want) {
						t.Errorf("err = %v; want it to match %v", err, want)
					}
				}
				if diff := cmp.Diff(tt.starts, s.startTimes()); diff != "" {
					t.Errorf("start times (-want +got):\n%s", diff)
				}
				if hedges != tt.hedges {
					t.Errorf("OnHedge called %d times, want %d", hedges, tt.hedges)
				}
				want := Outcome{Attempts: len(tt.starts), Err: err, Reason: tt.reason, Elapsed: tt.elapsed, Waited: tt.waited}
				if diff := cmp.Diff([]Outcome{want}, outcomes, cmp.Comparer(sameError)); diff != "" {
					t.Errorf("OnDone (-want +got):\n%s", diff)
				}
				for _, n := range tt.uncut {
					if end, ok := s.ended[n]; !ok || end != tt.steps[n-1].after {
						t.Errorf("attempt %d ended at %v (ended: %v); want it to run to its end at %v", n, end, ok, tt.steps[n-1].after)
					}
				}
				synctest.Wait()
				snap := tt.budget.Snapshot()
				if snap.Tokens != tt.tokens || snap.RetriesAllowed != tt.allowed || snap.RetriesRefused != tt.refused {
					t.Errorf("budget: %.3f tokens, %d allowed, %d refused; want %.3f, %d, %d",
						snap.Tokens, snap.RetriesAllowed, snap.RetriesRefused, tt.tokens, tt.allowed, tt.refused)
				}
			})
		})
	}
}

// TestHedgeBudgetContextEnded checks that attempts ended by the caller's
// context neither take tokens nor give them.
func TestHedgeBudgetContextEnded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 150*ms)
		defer cancel()
		b := NewBudget(10, 0.1)
		s := newScript(t, step{after: time.Hour}, step{after: time.Hour})
		var reason error
		p := HedgePolicy{Delay: 100 * ms, Budget: b, Hooks: HedgeHooks{OnDone: func(_ context.Context, o Outcome) { reason = o.Reason }}}
		_, err := Hedge(ctx, p, s.op)
		if !errors.Is(err, context.DeadlineExceeded) || reason != context.DeadlineExceeded { //nolint:errorlint // the plain sentinel
			t.Errorf("Hedge = %v, Outcome.Reason %v; want the caller's deadline", err, reason)
		}
		synctest.Wait()
		if snap := b.Snapshot(); snap.Tokens != 10 || snap.RetriesAllowed != 1 {
			t.Errorf("budget %+v; want 10 tokens (nothing taken) and the hedge allowed", snap)
		}
	})
}

// TestHedgeOutcomeReason checks Outcome.Reason for the endings that involve
// no budget, against Retry's meaning.
func TestHedgeOutcomeReason(t *testing.T) {
	tests := []struct {
		name   string
		p      HedgePolicy
		steps  []step
		cancel time.Duration // when the caller cancels; 0 for never
		want   error
	}{
		{"success", HedgePolicy{Delay: time.Second}, []step{{after: ms}}, 0, nil},
		{"not retryable", HedgePolicy{Delay: time.Second, Retryable: On(errFlaky)}, []step{{after: ms, err: errFatal}}, 0, ErrNotRetryable},
		{"permanent", HedgePolicy{Delay: time.Second}, []step{{after: ms, err: Permanent(errFlaky)}}, 0, ErrNotRetryable},
		{"exhausted", HedgePolicy{MaxAttempts: 1}, []step{{after: ms, err: errFlaky}}, 0, ErrExhausted},
		{"canceled", HedgePolicy{}, []step{{after: time.Hour}, {after: time.Hour}}, 10 * ms, context.Canceled},
		{"deadline too near", HedgePolicy{Delay: time.Second}, []step{{after: ms, err: After(time.Hour, errFlaky)}}, 0, ErrDeadlineTooNear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second) // shorter than DefaultMaxDelay, which caps hints
				defer cancel()
				if tt.cancel > 0 {
					time.AfterFunc(tt.cancel, cancel)
				}
				var got []Outcome
				p := tt.p
				p.Hooks.OnDone = func(_ context.Context, o Outcome) { got = append(got, o) }
				_, err := Hedge(ctx, p, newScript(t, tt.steps...).op)
				if len(got) != 1 || got[0].Reason != tt.want || got[0].Err != err { //nolint:errorlint // identity is the point
					t.Errorf("OnDone got %+v; want one Outcome with Reason %v and Err %v", got, tt.want, err)
				}
				var e *Error
				if errors.As(err, &e) && e.Reason != tt.want { //nolint:errorlint // identity is the point
					t.Errorf("Error.Reason %v, Outcome.Reason %v; want them equal", e.Reason, tt.want)
				}
			})
		})
	}
}

// TestHedgeBudgetShared races many calls that fail every attempt against one
// budget, under -race: every attempt that failed took exactly one token, each
// call was refused at most once and then ended with ErrBudgetExhausted, and
// the budget's counts add up.
func TestHedgeBudgetShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const goroutines, calls = 8, 10
		b := NewBudget(50, 0.1)
		p := HedgePolicy{MaxAttempts: 3, Delay: 5 * ms, Budget: b}
		var (
			mu                               sync.Mutex
			attempts, exhausted, outOfBudget int
		)
		op := func(ctx context.Context) (int, error) {
			mu.Lock()
			attempts++
			d := time.Duration(1+attempts%7) * ms
			mu.Unlock()
			select {
			case <-time.After(d):
			case <-ctx.Done():
				t.Error("an attempt was cancelled; every attempt should fail on its own")
			}
			return 0, errFlaky
		}
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				for range calls {
					_, err := Hedge(t.Context(), p, op)
					mu.Lock()
					switch {
					case errors.Is(err, ErrBudgetExhausted) && errors.Is(err, errFlaky):
						outOfBudget++
					case errors.Is(err, ErrExhausted) && errors.Is(err, errFlaky):
						exhausted++
					default:
						t.Errorf("Hedge = %v; want ErrExhausted or ErrBudgetExhausted, and the op's error", err)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		snap := b.Snapshot()
		if want := max(50-float64(attempts), 0); snap.Tokens != want {
			t.Errorf("%.3f tokens left after %d failed attempts; want %v", snap.Tokens, attempts, want)
		}
		if int(snap.RetriesAllowed) != attempts-goroutines*calls {
			t.Errorf("%d hedges allowed; want %d (attempts beyond the first of each call)", snap.RetriesAllowed, attempts-goroutines*calls)
		}
		if int(snap.RetriesRefused) != outOfBudget || outOfBudget == 0 || exhausted == 0 {
			t.Errorf("%d refusals, %d calls out of budget, %d exhausted; want refusals = out of budget, and both kinds of ending", snap.RetriesRefused, outOfBudget, exhausted)
		}
	})
}
