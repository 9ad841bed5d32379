package retry

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// opError is an error type of the operation's own, to check that errors.As
// still finds it through a refusal.
type opError struct{ code int }

func (e *opError) Error() string { return "op failed" }

// retryBound is the most attempts the gRPC model allows: calls plus
// ceil(maxTokens/2 + ratio*successes) - 1, computed in milli-tokens so that
// nothing is rounded.
func retryBound(calls, maxTokens int, ratioMilli int64, successes int) int {
	up := int64(maxTokens)*milli/2 + ratioMilli*int64(successes)
	return calls + int((up+milli-1)/milli) - 1
}

func TestNewBudgetInvalid(t *testing.T) {
	tests := []struct {
		maxTokens int
		ratio     float64
		want      string
	}{
		{0, 0.1, "maxTokens 0"},
		{-3, 0.1, "maxTokens -3"},
		{1001, 0.1, "maxTokens 1001"},
		{10, 0, "tokenRatio 0"},
		{10, -0.5, "tokenRatio -0.5"},
		{10, math.NaN(), "tokenRatio NaN"},
		{10, math.Inf(1), "tokenRatio +Inf"},
		{10, math.Inf(-1), "tokenRatio -Inf"},
		{10, 0.0004, "tokenRatio 0.0004 is below 0.001"},
	}
	for _, tt := range tests {
		b := NewBudget(tt.maxTokens, tt.ratio) // must not panic
		p := Policy{Budget: b}
		err := p.Validate()
		if !errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), "Budget") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewBudget(%d, %v): Validate() = %v, want ErrInvalidPolicy naming Budget and %q", tt.maxTokens, tt.ratio, err, tt.want)
		}
		calls := 0
		_, err = Retry(context.Background(), p, func() (int, error) { calls++; return 0, nil })
		if !errors.Is(err, ErrInvalidPolicy) || calls != 0 {
			t.Errorf("NewBudget(%d, %v): Retry = %v after %d calls, want ErrInvalidPolicy before any call", tt.maxTokens, tt.ratio, err, calls)
		}
		if s := b.Snapshot(); s != (BudgetSnapshot{}) {
			t.Errorf("NewBudget(%d, %v).Snapshot() = %+v, want zero", tt.maxTokens, tt.ratio, s)
		}
	}
	var nilBudget *Budget
	if s := nilBudget.Snapshot(); s != (BudgetSnapshot{}) {
		t.Errorf("nil Budget Snapshot() = %+v, want zero", s)
	}
}

func TestNewBudgetFixedPoint(t *testing.T) {
	tests := []struct {
		maxTokens int
		ratio     float64
		wantRatio int64 // milli-tokens
	}{
		{10, 0.1, 100},
		{10, 0.3, 300},  // 0.3 is 0.29999… in binary
		{10, 0.57, 570}, // 570.0000000000001 when multiplied naively
		{10, 0.0015, 1}, // decimals beyond the third are dropped
		{10, 0.0019, 1}, // dropped, not rounded
		{10, 0.001, 1},  // the smallest valid ratio
		{10, 1.2345, 1234},
		{1, 5, 1000}, // above maxTokens: one success fills the budget
		{1000, 1e300, 1000 * milli},
		{1000, 999.9999, 999999},
	}
	for _, tt := range tests {
		b := NewBudget(tt.maxTokens, tt.ratio)
		if !b.valid() {
			t.Fatalf("NewBudget(%d, %v) invalid: %s", tt.maxTokens, tt.ratio, b.problem)
		}
		if b.ratio != tt.wantRatio || b.max != int64(tt.maxTokens)*milli {
			t.Errorf("NewBudget(%d, %v): ratio %d max %d milli-tokens, want %d and %d", tt.maxTokens, tt.ratio, b.ratio, b.max, tt.wantRatio, tt.maxTokens*milli)
		}
		if s := b.Snapshot(); s.Tokens != float64(tt.maxTokens) || s.MaxTokens != tt.maxTokens {
			t.Errorf("NewBudget(%d, %v) starts at %+v, want full", tt.maxTokens, tt.ratio, s)
		}
	}
}

// TestBudgetModel steps the gRPC A6 example, maxTokens 10 and ratio 0.1,
// through failures and successes.
func TestBudgetModel(t *testing.T) {
	b := NewBudget(10, 0.1)
	// 10 → 9, 8, 7, 6: more than 5 remain, retries allowed.
	for i := range 4 {
		if !b.failure() {
			t.Fatalf("failure %d refused at %v tokens", i+1, b.Snapshot().Tokens)
		}
	}
	// 6 → 5: not more than half; refused, and so on down to 0, where it stays.
	for i := range 8 {
		if b.failure() {
			t.Fatalf("failure %d allowed at %v tokens", i+5, b.Snapshot().Tokens)
		}
	}
	if s := b.Snapshot(); s.Tokens != 0 || s.RetriesAllowed != 4 || s.RetriesRefused != 8 {
		t.Fatalf("after 12 failures: %+v, want 0 tokens, 4 allowed, 8 refused", s)
	}
	// 61 successes make 6.1 tokens: a failure leaves 5.1, more than 5.
	for range 60 {
		b.success()
	}
	if got := b.Snapshot().Tokens; got != 6 {
		t.Fatalf("60 successes from empty: %v tokens, want 6", got)
	}
	b.success()
	if !b.failure() {
		t.Fatal("failure at 6.1 tokens refused")
	}
	// spend takes a token without a decision.
	b.spend()
	if s := b.Snapshot(); s.Tokens != 4.1 || s.RetriesAllowed != 5 || s.RetriesRefused != 8 {
		t.Fatalf("after a spend: %+v, want 4.1 tokens, 5 allowed, 8 refused", s)
	}
	// Successes stop at the top.
	for range 1000 {
		b.success()
	}
	if got := b.Snapshot().Tokens; got != 10 {
		t.Fatalf("after many successes: %v tokens, want 10", got)
	}
	// Neither a nil budget's spend nor its success does anything.
	var nilBudget *Budget
	nilBudget.spend()
	nilBudget.success()
}

// storm runs goroutines × calls calls of Retry with p, sharing p.Budget,
// against op; each goroutine has its own seeded jitter source and pauses a
// seeded random time between calls. It returns the errors of every call.
func storm(t *testing.T, p Policy, goroutines, calls int, op func() (int, error)) [][]error {
	t.Helper()
	errs := make([][]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			q := p
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			q.Rand = rng
			for range calls {
				_, err := Retry(context.Background(), q, op)
				errs[g] = append(errs[g], err)
				time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	return errs
}

// TestBudgetStorm checks the bound in a storm: 200 goroutines make 50 calls
// each to an operation that always fails.
//
// The bound, attempts <= calls + ceil(maxTokens/2) - 1: let U be
// max(tokens - maxTokens/2, 0), which starts at maxTokens/2. A failure after
// which a retry is allowed found more than maxTokens/2 + 1 tokens and took
// one, so it lowered U by exactly one and left U above zero. Every other
// failure lowers U or leaves it alone, and only a success raises it; here
// there are none. So after R allowed retries, 0 < U <= maxTokens/2 - R, and
// R <= ceil(maxTokens/2) - 1. Every attempt but a call's first is an allowed
// retry. Because each failure takes its token and decides in one
// compare-and-swap, this holds exactly however the goroutines interleave.
func TestBudgetStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const goroutines, calls, maxTokens = 200, 50, 10
		b := NewBudget(maxTokens, 0.1)
		var attempts atomic.Int64
		op := func() (int, error) {
			attempts.Add(1)
			return 0, &opError{code: 503}
		}
		p := Policy{Budget: b, MaxAttempts: Unlimited, MaxElapsed: time.Minute}
		start := time.Now()
		errs := storm(t, p, goroutines, calls, op)

		total := goroutines * calls
		bound := retryBound(total, maxTokens, 100, 0)
		if bound != total+4 {
			t.Fatalf("bound %d, want %d", bound, total+4)
		}
		if got := int(attempts.Load()); got > bound {
			t.Errorf("%d attempts for %d calls, want at most %d", got, total, bound)
		}
		s := b.Snapshot()
		if got := int(attempts.Load()) - total; uint64(got) != s.RetriesAllowed {
			t.Errorf("%d retries, but the budget allowed %d", got, s.RetriesAllowed)
		}
		refused := 0
		for _, list := range errs {
			for _, err := range list {
				var e *Error
				var oe *opError
				if !errors.As(err, &e) || !errors.As(err, &oe) || oe.code != 503 {
					t.Fatalf("error %v: want an *Error that also matches the op's *opError", err)
				}
				if !errors.Is(err, ErrBudgetExhausted) {
					t.Fatalf("error %v: want ErrBudgetExhausted (no other limit can be reached here)", err)
				}
				if len(e.Errors) != e.Attempts || e.Last != e.Errors[len(e.Errors)-1] { //nolint:errorlint // the same value
					t.Fatalf("error %v: %d attempts but history %v", err, e.Attempts, e.Errors)
				}
				refused++
			}
		}
		if refused != total || uint64(refused) != s.RetriesRefused {
			t.Errorf("%d refused calls, snapshot says %d, want %d", refused, s.RetriesRefused, total)
		}
		if s.Tokens != 0 {
			t.Errorf("after the storm: %v tokens, want 0", s.Tokens)
		}
		t.Logf("%d attempts for %d calls in %v of virtual time; %+v", attempts.Load(), total, time.Since(start), s)

		// Recovery: from empty, a failure leaves more than 5 tokens only after
		// 61 successes (6.1 tokens, 5.1 once the failure's token is taken).
		probeRecovery(t, b, 60, false)
		if got := b.Snapshot().Tokens; got != 5 { // 6 minus the refused probe's token
			t.Fatalf("after 60 successes and a refused probe: %v tokens, want 5", got)
		}
		probeRecovery(t, b, 11, true) // 5 + 1.1 = 6.1: the probe's retry goes ahead
	})
}

// probeRecovery makes n successful calls, concurrently, through b, then one call
// that fails once, and checks whether the budget retried it.
func probeRecovery(t *testing.T, b *Budget, n int, wantRetry bool) {
	t.Helper()
	p := Policy{Budget: b, Backoff: Constant(time.Second), Jitter: NoJitter{}}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := Retry(context.Background(), p, succeed); err != nil {
				t.Errorf("success: %v", err)
			}
		})
	}
	wg.Wait()
	start := time.Now()
	r := newRecorder(errFlaky)
	_, err := Retry(context.Background(), p, r.op)
	switch {
	case wantRetry && (err != nil || r.calls() != 2 || time.Since(start) != time.Second):
		t.Errorf("after %d more successes: %v after %d calls in %v, want a retry after the full 1s wait", n, err, r.calls(), time.Since(start))
	case !wantRetry && (!errors.Is(err, ErrBudgetExhausted) || !errors.Is(err, errFlaky) || r.calls() != 1 || time.Since(start) != 0):
		t.Errorf("after %d more successes: %v after %d calls in %v, want ErrBudgetExhausted at once", n, err, r.calls(), time.Since(start))
	}
}

// TestBudgetRefusal checks what a refused call returns and tells its hooks.
func TestBudgetRefusal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBudget(4, 0.5) // retries allowed while more than 2 tokens remain
		var outcomes []Outcome
		var retries []Attempt
		p := exact(Policy{
			Budget:      b,
			MaxAttempts: Unlimited,
			Backoff:     Constant(time.Second),
			Hooks: Hooks{
				OnRetry: func(_ context.Context, a Attempt) { retries = append(retries, a) },
				OnDone:  func(_ context.Context, o Outcome) { outcomes = append(outcomes, o) },
			},
		})
		// 4 → 3: allowed; 3 → 2: refused.
		start := time.Now()
		r := newRecorder(failing(10, errFlaky)...)
		v, err := Retry(context.Background(), p, r.op)
		var e *Error
		if !errors.As(err, &e) || !sameError(e.Reason, ErrBudgetExhausted) || !errors.Is(err, errFlaky) {
			t.Fatalf("Retry = %v, want an *Error with Reason ErrBudgetExhausted matching errFlaky", err)
		}
		if v != 2 || e.Attempts != 2 || len(e.Errors) != 2 || r.calls() != 2 {
			t.Errorf("value %d, %d attempts, history %v, %d calls; want 2, 2, 2 errors, 2 calls", v, e.Attempts, e.Errors, r.calls())
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("took %v, want the one full wait before the allowed retry and none after the refusal", got)
		}
		if len(retries) != 1 || len(outcomes) != 1 || !errors.Is(outcomes[0].Err, ErrBudgetExhausted) {
			t.Errorf("hooks saw retries %v and outcomes %v; want one retry and an outcome matching ErrBudgetExhausted", retries, outcomes)
		}
		const want = "retry: gave up after 2 attempts in 1s: budget exhausted: flaky"
		if err.Error() != want {
			t.Errorf("message %q, want %q", err.Error(), want)
		}
	})
}

// TestBudgetKeepsWaits checks that a budget that allows every retry changes
// nothing about the waits.
func TestBudgetKeepsWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		run := func(b *Budget) []time.Duration {
			p := Policy{Budget: b, MaxAttempts: 6, Rand: rand.New(rand.NewPCG(1, 2))}
			r := newRecorder(failing(5, errFlaky)...)
			if _, err := Retry(context.Background(), p, r.op); err != nil {
				t.Fatal(err)
			}
			return r.at
		}
		without, with := run(nil), run(NewBudget(1000, 1))
		if len(without) != 6 || !equalDurations(without, with) {
			t.Errorf("attempts at %v with a budget, %v without; want the same six", with, without)
		}
	})
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBudgetMixed checks that what a policy does not retry leaves the budget
// alone, that the last attempt takes its token, and that policies sharing a
// budget drain it together.
func TestBudgetMixed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBudget(10, 0.1)
		p := exact(Policy{Budget: b, Retryable: On(errFlaky), Backoff: Constant(time.Millisecond)})
		ctx := context.Background()
		untouched := func(what string) {
			t.Helper()
			if s := b.Snapshot(); s != (BudgetSnapshot{Tokens: 10, MaxTokens: 10}) {
				t.Errorf("after %s: %+v, want the budget untouched", what, s)
			}
		}
		for range 100 {
			if _, err := Retry(ctx, p, fail); !sameError(err, errFatal) {
				t.Fatalf("not retryable: %v", err)
			}
			if _, err := Retry(ctx, p, func() (int, error) { return 0, Permanent(errFlaky) }); !sameError(err, errFlaky) {
				t.Fatalf("Permanent: %v", err)
			}
		}
		untouched("errors the policy does not retry")

		cctx, cancel := context.WithCancel(ctx)
		_, err := Retry(cctx, p, func() (int, error) { cancel(); return 0, errFlaky })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled: %v", err)
		}
		untouched("a failure after the context ended")

		// One call of four failed attempts: three allowed retries and the last
		// attempt's token, 10 → 6.
		if _, err := Retry(ctx, p, func() (int, error) { return 0, errFlaky }); !errors.Is(err, ErrExhausted) {
			t.Fatalf("four failures: %v", err)
		}
		if s := b.Snapshot(); s.Tokens != 6 || s.RetriesAllowed != 3 || s.RetriesRefused != 0 {
			t.Fatalf("after one exhausted call: %+v, want 6 tokens and 3 retries allowed", s)
		}

		// Two more policies on the same budget, concurrently: at 6 tokens the
		// first failure leaves 5, not more than half, so each of the 20 calls
		// is refused after its first attempt.
		p2 := exact(Policy{Budget: b, MaxAttempts: 2, Backoff: Constant(time.Second)})
		p3 := exact(Policy{Budget: b, MaxAttempts: Unlimited, Backoff: Linear{Initial: time.Second, Step: time.Second}})
		var attempts atomic.Int64
		op := func() (int, error) { attempts.Add(1); return 0, errFlaky }
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				q := p2
				if i%2 == 1 {
					q = p3
				}
				_, err := Retry(ctx, q, op)
				if !errors.Is(err, ErrBudgetExhausted) || !errors.Is(err, errFlaky) {
					t.Errorf("shared budget: %v, want ErrBudgetExhausted and errFlaky", err)
				}
			})
		}
		wg.Wait()
		if got := attempts.Load(); got != 20 {
			t.Errorf("%d attempts for 20 calls on a budget at 6 tokens, want 20", got)
		}
		if s := b.Snapshot(); s.Tokens != 0 || s.RetriesRefused != 20 {
			t.Errorf("after the shared storm: %+v, want 0 tokens and 20 refusals", s)
		}
	})
}

// TestBudgetBoundWithSuccesses checks attempts <= calls +
// ceil(maxTokens/2 + ratio*successes) - 1 on randomised schedules of
// failures and successes. The proof is TestBudgetStorm's, with successes:
// each raises U by at most ratio, so after R allowed retries
// 0 < U <= maxTokens/2 + ratio*S - R.
func TestBudgetBoundWithSuccesses(t *testing.T) {
	tests := []struct {
		maxTokens  int
		ratio      float64
		ratioMilli int64
		failRate   float64
	}{
		{10, 0.1, 100, 0.5},
		{10, 0.1, 100, 0.9},
		{1, 0.25, 250, 0.7},
		{3, 1.7, 1700, 0.8},
		{100, 0.05, 50, 0.95},
		{7, 0.333, 333, 0.6},
	}
	for i, tt := range tests {
		for seed := range uint64(3) {
			synctest.Test(t, func(t *testing.T) {
				b := NewBudget(tt.maxTokens, tt.ratio)
				var attempts, successes atomic.Int64
				const goroutines, calls = 40, 30
				var wg sync.WaitGroup
				for g := range goroutines {
					wg.Go(func() {
						rng := rand.New(rand.NewPCG(seed, uint64(i*1000+g)))
						p := Policy{Budget: b, MaxAttempts: 1 + rng.IntN(6), Backoff: Constant(time.Duration(rng.IntN(50)) * time.Millisecond), Rand: rng}
						op := func() (int, error) {
							attempts.Add(1)
							time.Sleep(time.Duration(rng.IntN(5)) * time.Millisecond)
							if rng.Float64() < tt.failRate {
								return 0, errFlaky
							}
							successes.Add(1)
							return 1, nil
						}
						for range calls {
							_, _ = Retry(context.Background(), p, op)
							time.Sleep(time.Duration(rng.IntN(10)) * time.Millisecond)
						}
					})
				}
				wg.Wait()
				bound := retryBound(goroutines*calls, tt.maxTokens, tt.ratioMilli, int(successes.Load()))
				if got := int(attempts.Load()); got > bound {
					t.Errorf("budget(%d, %v), seed %d: %d attempts, %d successes; want at most %d", tt.maxTokens, tt.ratio, seed, got, successes.Load(), bound)
				}
				t.Logf("budget(%d, %v), seed %d: %d attempts for %d calls, %d successes; bound %d", tt.maxTokens, tt.ratio, seed, attempts.Load(), goroutines*calls, successes.Load(), bound)
				if s := b.Snapshot(); s.Tokens < 0 || s.Tokens > float64(tt.maxTokens) {
					t.Errorf("tokens %v outside [0, %d]", s.Tokens, tt.maxTokens)
				}
			})
		}
	}
}

// TestBudgetAllocs checks that a first-try success through a budget, full or
// not, allocates nothing.
func TestBudgetAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in full runs")
	}
	ctx := context.Background()
	full := Policy{Budget: NewBudget(10, 0.1)}
	refilling := Policy{Budget: NewBudget(1000, 0.001)}
	for range 1000 {
		refilling.Budget.spend()
	}
	for name, p := range map[string]Policy{"full": full, "refilling": refilling} {
		if got := testing.AllocsPerRun(200, func() { _, _ = Retry(ctx, p, succeed) }); got != 0 {
			t.Errorf("first-try success, %s budget: %v allocations per run, want 0", name, got)
		}
	}
}

// FuzzBudget drives a budget with a sequence of failures and successes and
// checks it against the model computed another way: a count of thousandths
// kept in a plain int, clamped by hand.
func FuzzBudget(f *testing.F) {
	f.Add(10, 0.1, []byte{0, 0, 0, 0, 0, 1, 1, 0})
	f.Add(1, 0.001, []byte{0, 1, 0, 1, 1, 1, 0})
	f.Add(1000, 999.5, []byte{0, 0, 1, 0})
	f.Add(3, 7.0, []byte{2, 0, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, maxTokens int, ratio float64, steps []byte) {
		b := NewBudget(maxTokens, ratio)
		if !b.valid() {
			if maxTokens > 0 && maxTokens <= 1000 && ratio >= 0.001 && !math.IsInf(ratio, 0) {
				t.Fatalf("NewBudget(%d, %v) invalid: %s", maxTokens, ratio, b.problem)
			}
			return
		}
		top := maxTokens * 1000
		r := top
		if ratio < float64(maxTokens) {
			r = int(math.Round(ratio*1e6)) / 1000
			if d := ratio*1000 - float64(r); d < -1e-6 || d >= 1+1e-6 {
				t.Fatalf("ratio %v kept as %d thousandths", ratio, r)
			}
		}
		tokens, retries, successes := top, 0, 0
		for i, s := range steps {
			switch s % 3 {
			case 0:
				tokens = max(tokens-1000, 0)
				want := 2*tokens > top
				if got := b.failure(); got != want {
					t.Fatalf("step %d: failure() = %v at %d thousandths, want %v", i, got, tokens, want)
				}
				if want {
					retries++
				}
			case 1:
				tokens = min(tokens+r, top)
				successes++
				b.success()
			case 2:
				tokens = max(tokens-1000, 0)
				b.spend()
			}
			if got := b.tokens.Load(); got != int64(tokens) {
				t.Fatalf("step %d: %d thousandths, want %d", i, got, tokens)
			}
		}
		if bound := retryBound(0, maxTokens, b.ratio, successes); retries > bound {
			t.Fatalf("%d retries allowed after %d successes, bound %d", retries, successes, bound)
		}
	})
}

var budgetBench = Policy{MaxAttempts: 5, Backoff: Exponential{Initial: time.Millisecond}, Retryable: On(errFlaky)}

// BenchmarkBudgetFirstTrySuccess compares first-try successes in parallel
// with and without a shared budget. A full budget is only read. In
// budget=refilling, a token taken every 64 calls per goroutine keeps a slow
// budget below full, so every success is a compare-and-swap on the shared
// counter: the worst case, for comparison.
func BenchmarkBudgetFirstTrySuccess(b *testing.B) {
	ctx := context.Background()
	b.Run("budget=none", func(b *testing.B) {
		p := budgetBench
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = Retry(ctx, p, succeed)
			}
		})
	})
	b.Run("budget=full", func(b *testing.B) {
		p := budgetBench
		p.Budget = NewBudget(10, 0.1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = Retry(ctx, p, succeed)
			}
		})
		if s := p.Budget.Snapshot(); s.Tokens != 10 {
			b.Fatalf("budget at %v tokens", s.Tokens)
		}
	})
	b.Run("budget=refilling", func(b *testing.B) {
		p := budgetBench
		p.Budget = NewBudget(1000, 0.001)
		b.RunParallel(func(pb *testing.PB) {
			n := 0
			for pb.Next() {
				if n++; n%64 == 0 {
					p.Budget.spend()
				}
				_, _ = Retry(ctx, p, succeed)
			}
		})
	})
}
