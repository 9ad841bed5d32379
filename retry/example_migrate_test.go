package retry_test

// The examples in this file are the "again" side of the migration guides in
// docs/migrate/. Each guide names the example next to its snippet; keep the
// two in step.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/again-go/again/retry"
)

// errTransient and errBadRequest stand for what a real operation returns.
var (
	errTransient  = errors.New("transient failure")
	errBadRequest = errors.New("bad request")
)

// failing returns an op that fails with err the first n calls, then returns v.
// It counts every call in *calls.
func failing[T any](n int, err error, v T, calls *int) func() (T, error) {
	return func() (T, error) {
		*calls++
		if *calls <= n {
			var zero T
			return zero, err
		}
		return v, nil
	}
}

// The zero Policy is a complete policy: 4 attempts, exponential backoff from
// 100ms with ±20% jitter, waits capped at 30s, every error retried except
// Permanent ones.
func Example_migrateSimple() {
	ctx := context.Background()
	calls := 0
	ping := func() error {
		calls++
		if calls == 1 {
			return errTransient
		}
		return nil
	}

	err := retry.Do(ctx, retry.Policy{}, ping)
	fmt.Println(err, calls)
	// Output: <nil> 2
}

// Retry returns the operation's value; there is no separate "with data"
// function.
func Example_migrateTypedResult() {
	ctx := context.Background()
	calls := 0
	fetchUser := failing(2, errTransient, "ada", &calls)

	p := retry.Policy{Backoff: retry.Constant(10 * time.Millisecond)}
	user, err := retry.Retry(ctx, p, fetchUser)
	fmt.Println(user, err, calls)
	// Output: ada <nil> 3
}

// MaxAttempts counts calls, the first one included. MaxElapsed limits the
// whole call; Retry gives up rather than start a wait that would end past it.
func Example_migrateLimits() {
	ctx := context.Background()
	calls := 0
	alwaysFails := failing(1000, errTransient, 0, &calls)

	p := retry.Policy{
		MaxAttempts: 5,               // 1 call + up to 4 retries
		MaxElapsed:  2 * time.Second, // whichever comes first
		Backoff:     retry.Constant(time.Millisecond),
	}
	_, err := retry.Retry(ctx, p, alwaysFails)
	fmt.Println(calls)
	fmt.Println(errors.Is(err, retry.ErrExhausted), errors.Is(err, errTransient))

	// To retry for a time rather than a count, lift the attempt limit too.
	byTime := retry.Policy{
		MaxAttempts: retry.Unlimited,
		MaxElapsed:  50 * time.Millisecond,
		Backoff:     retry.Constant(10 * time.Millisecond),
	}
	_, err = retry.Retry(ctx, byTime, alwaysFails)
	fmt.Println(errors.Is(err, retry.ErrMaxElapsed), errors.Is(err, errTransient))
	// Output:
	// 5
	// true true
	// true true
}

// Once Retryable is set, only the errors it accepts retry; any other error
// comes back at once, as the identical value, never wrapped.
func Example_migrateOnlySome() {
	ctx := context.Background()
	p := retry.Policy{
		Backoff:   retry.Constant(time.Millisecond),
		Retryable: retry.On(errTransient), // errors.Is; OnType for errors.As
	}

	calls := 0
	_, err := retry.Retry(ctx, p, failing(1, errBadRequest, 0, &calls))
	fmt.Println(calls, err == errBadRequest) //nolint:errorlint // identity is the point

	calls = 0
	v, err := retry.Retry(ctx, p, failing(2, errTransient, 42, &calls))
	fmt.Println(calls, v, err)
	// Output:
	// 1 true
	// 3 42 <nil>
}

// Permanent stops retrying whatever the classifier says, and Retry removes
// the marker, so the caller gets the original error back.
func Example_migratePermanent() {
	ctx := context.Background()
	calls := 0
	err := retry.Do(ctx, retry.Policy{}, func() error {
		calls++
		if err := validate(); err != nil {
			return retry.Permanent(err)
		}
		return nil
	})
	fmt.Println(calls, err == errBadRequest) //nolint:errorlint // identity is the point
	// Output: 1 true
}

func validate() error { return errBadRequest }

// Hooks.OnRetry is called only when another attempt will follow, with the
// attempt number, its error and the wait; OnDone once at the end.
func Example_migrateNotify() {
	ctx := context.Background()
	p := retry.Policy{
		MaxAttempts: 3,
		Backoff:     retry.Constant(time.Millisecond),
		Hooks: retry.Hooks{
			OnRetry: func(_ context.Context, a retry.Attempt) {
				fmt.Printf("attempt %d failed: %v; retrying\n", a.N, a.Err)
			},
			OnDone: func(_ context.Context, o retry.Outcome) {
				fmt.Printf("done after %d attempts, failed: %t\n", o.Attempts, o.Err != nil)
			},
		},
	}
	calls := 0
	_, _ = retry.Retry(ctx, p, failing(10, errTransient, 0, &calls))
	// Output:
	// attempt 1 failed: transient failure; retrying
	// attempt 2 failed: transient failure; retrying
	// done after 3 attempts, failed: true
}

// Backoff is a pure function of the retry number, so there is no state to
// reset. Built-in kinds cover most needs; BackoffFunc takes any function.
// Delays shows the schedule without waiting.
func Example_migrateCustomBackoff() {
	// A Fibonacci backoff, 100ms, 100ms, 200ms, 300ms, 500ms, ...
	fibonacci := retry.BackoffFunc(func(n int) time.Duration {
		a, b := 1, 1
		for range n - 1 {
			a, b = b, a+b
		}
		return time.Duration(a) * 100 * time.Millisecond
	})
	p := retry.Policy{
		MaxAttempts: 7,
		Backoff:     fibonacci,
		Jitter:      retry.NoJitter{}, // exact waits; the default spreads ±20%
		MaxDelay:    time.Second,      // no wait is ever longer
	}
	fmt.Println(slices.Collect(p.Delays()))

	// Exponential with a factor, and Linear.
	p.Backoff = retry.Exponential{Initial: 500 * time.Millisecond, Factor: 1.5}
	p.MaxDelay = 60 * time.Second
	fmt.Println(slices.Collect(p.Delays()))
	p.Backoff = retry.Linear{Initial: 100 * time.Millisecond, Step: 50 * time.Millisecond}
	fmt.Println(slices.Collect(p.Delays()))
	// Output:
	// [100ms 100ms 200ms 300ms 500ms 800ms]
	// [500ms 750ms 1.125s 1.6875s 2.53125s 3.796875s]
	// [100ms 150ms 200ms 250ms 300ms 350ms]
}

// When the caller's context ends, Retry stops at once and returns an *Error
// that matches both the context's error (and cause) and the last error of
// the operation.
func Example_migrateCancel() {
	ctx, cancel := context.WithCancelCause(context.Background())
	errShutdown := errors.New("shutting down")
	p := retry.Policy{Backoff: retry.Constant(time.Millisecond)}
	calls := 0
	op := func() error {
		calls++
		if calls == 2 {
			cancel(errShutdown) // say, a signal arrived during the attempt
		}
		return errTransient
	}
	err := retry.Do(ctx, p, op)
	var re *retry.Error
	fmt.Println(calls, errors.As(err, &re))
	fmt.Println(errors.Is(err, context.Canceled), errors.Is(err, errShutdown), errors.Is(err, errTransient))
	// Output:
	// 2 true
	// true true true
}

// markedRetryable marks an error as worth another try from inside the
// operation, for code that decides there rather than in the policy.
type markedRetryable struct{ err error }

func (e *markedRetryable) Error() string { return e.err.Error() }
func (e *markedRetryable) Unwrap() error { return e.err }

// Code that marks retryable errors inside the operation can keep doing so:
// a classifier on the marker's type retries those and nothing else.
func Example_migrateMarker() {
	ctx := context.Background()
	p := retry.Policy{
		Backoff:   retry.Constant(time.Millisecond),
		Retryable: retry.OnType[*markedRetryable](),
	}
	calls := 0
	err := retry.Do(ctx, p, func() error {
		calls++
		if calls < 3 {
			return &markedRetryable{errTransient} // retry this one
		}
		return errBadRequest // anything unmarked comes back at once
	})
	fmt.Println(calls, err == errBadRequest) //nolint:errorlint // identity is the point
	// Output: 3 true
}
