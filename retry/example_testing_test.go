package retry_test

// The tests and examples in this file are the code of docs/testing.md: how a
// user tests their own code that retries. Keep the two in step.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/again-go/again/retry"
)

// quoteService is the code under test: it calls a backend with a policy.
type quoteService struct {
	policy  retry.Policy
	backend func(ctx context.Context) (string, error)
}

func (s *quoteService) Quote(ctx context.Context) (string, error) {
	return retry.Retry(ctx, s.policy, func() (string, error) {
		return s.backend(ctx)
	})
}

// TestQuoteRetriesInVirtualTime waits 1s, 2s and 4s (with jitter) between
// attempts, yet takes no real time: inside synctest.Test the clock moves
// only when every goroutine of the test is blocked, straight to the next
// timer.
func TestQuoteRetriesInVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var waits []time.Duration
		var outcome retry.Outcome
		p := retry.Policy{
			MaxAttempts: 5,
			Backoff:     retry.Exponential{Initial: time.Second},
			Rand:        rand.New(rand.NewPCG(1, 2)), // repeatable jitter
			Hooks: retry.Hooks{
				OnRetry: func(_ context.Context, a retry.Attempt) { waits = append(waits, a.Wait) },
				OnDone:  func(_ context.Context, o retry.Outcome) { outcome = o },
			},
		}
		calls := 0
		svc := &quoteService{policy: p, backend: func(context.Context) (string, error) {
			calls++
			if calls < 4 {
				return "", errUnavailable
			}
			return "42", nil
		}}

		start := time.Now()
		got, err := svc.Quote(t.Context())
		elapsed := time.Since(start)

		if err != nil || got != "42" {
			t.Fatalf("Quote() = %q, %v; want 42, nil", got, err)
		}
		if calls != 4 {
			t.Errorf("backend called %d times, want 4", calls)
		}
		// The same policy with a freshly seeded source predicts every wait.
		want := p
		want.Rand = rand.New(rand.NewPCG(1, 2))
		wantWaits := slices.Collect(want.Delays())[:3]
		if !slices.Equal(waits, wantWaits) {
			t.Errorf("waits = %v, want %v", waits, wantWaits)
		}
		// Retry did nothing but wait: the virtual time that passed is exactly
		// the time it reports waiting.
		if elapsed != outcome.Waited {
			t.Errorf("virtual time passed = %v, want the time waited %v", elapsed, outcome.Waited)
		}
	})
}

// TestQuoteStopsWhenCanceled cancels during a wait and checks that the call
// returns at that instant with both the context's error and the backend's.
func TestQuoteStopsWhenCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		svc := &quoteService{
			policy: retry.Policy{
				MaxAttempts: retry.Unlimited,
				Backoff:     retry.Constant(20 * time.Second),
			},
			backend: func(context.Context) (string, error) { return "", errUnavailable },
		}
		time.AfterFunc(50*time.Second, cancel) // during the third wait

		start := time.Now()
		_, err := svc.Quote(ctx)

		if !errors.Is(err, context.Canceled) || !errors.Is(err, errUnavailable) {
			t.Errorf("err = %v; want it to match context.Canceled and errUnavailable", err)
		}
		if got := time.Since(start); got != 50*time.Second {
			t.Errorf("returned after %v, want 50s", got)
		}
	})
}

// TestQuoteGivesUpBeforeDeadline: a context deadline made inside the bubble
// runs on the virtual clock too.
func TestQuoteGivesUpBeforeDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		calls := 0
		svc := &quoteService{
			policy: retry.Policy{
				MaxAttempts: retry.Unlimited,
				Backoff:     retry.Constant(4 * time.Second),
				Jitter:      retry.NoJitter{},
			},
			backend: func(context.Context) (string, error) { calls++; return "", errUnavailable },
		}
		start := time.Now()
		_, err := svc.Quote(ctx)

		// Attempts at 0s, 4s and 8s; a wait to 12s would pass the deadline.
		if calls != 3 || !errors.Is(err, retry.ErrDeadlineTooNear) {
			t.Errorf("calls = %d, err = %v; want 3 calls and ErrDeadlineTooNear", calls, err)
		}
		if got := time.Since(start); got != 8*time.Second {
			t.Errorf("gave up after %v, want 8s", got)
		}
	})
}

// TestQuoteCountsAttempts asserts attempts with the OnDone hook, which sees
// the outcome once, however the call ended.
func TestQuoteCountsAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var outcome retry.Outcome
		svc := &quoteService{
			policy: retry.Policy{
				MaxAttempts: 3,
				Hooks: retry.Hooks{OnDone: func(_ context.Context, o retry.Outcome) {
					outcome = o
				}},
			},
			backend: func(context.Context) (string, error) { return "", errUnavailable },
		}
		_, err := svc.Quote(t.Context())

		if outcome.Attempts != 3 || !errors.Is(outcome.Reason, retry.ErrExhausted) {
			t.Errorf("outcome = %+v; want 3 attempts, ErrExhausted", outcome)
		}
		if !errors.Is(err, errUnavailable) {
			t.Errorf("err = %v; want it to match errUnavailable", err)
		}
	})
}

// Example_testingSeededJitter: a source seeded the same way gives the same
// waits; every copy of a Policy shares its source, so seed a new one for each
// run instead of reusing one.
func Example_testingSeededJitter() {
	p := retry.Policy{MaxAttempts: 6, Backoff: retry.Exponential{Initial: 100 * time.Millisecond}}

	p.Rand = rand.New(rand.NewPCG(1, 2))
	first := slices.Collect(p.Delays())
	p.Rand = rand.New(rand.NewPCG(1, 2))
	second := slices.Collect(p.Delays())
	p.Rand = rand.New(rand.NewPCG(3, 4))
	other := slices.Collect(p.Delays())

	fmt.Println(slices.Equal(first, second), slices.Equal(first, other))
	// Each wait stays within the default ±20% of 100ms, 200ms, 400ms, ...
	inRange := true
	for i, d := range first {
		base := 100 * time.Millisecond << i
		inRange = inRange && d >= base*8/10 && d <= base*12/10
	}
	fmt.Println(inRange)
	// Output:
	// true false
	// true
}
