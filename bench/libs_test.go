package bench

// This file holds what every scenario shares: the operations, the error rule,
// and the configuration of each library. Every library makes at most
// maxAttempts calls, waits with exponential backoff (doubling, no jitter) from
// the scenario's first delay, retries errRetryable and returns errFatal after
// one call. How each library was given a zero delay and how one policy is
// shared between calls (and goroutines):
//
//   - again: a package-level retry.Policy value, passed to every call and
//     shared by all goroutines; Retryable is retry.On(errRetryable). Zero delay
//     is Backoff: retry.Constant(0) (an Exponential needs an Initial above
//     zero). The cancel scenario uses a Policy built once, too.
//   - cenkalti/backoff v5: it has no classifier, so the operation wraps every
//     error but errRetryable in backoff.Permanent, as its documentation shows.
//     An *ExponentialBackOff keeps state and is not safe for concurrent use, so
//     each call gets a fresh one (Retry calls Reset on it). Zero delay is
//     &backoff.ZeroBackOff{}, which is stateless and allocates nothing.
//     Retry's default 15-minute MaxElapsedTime is turned off with
//     WithMaxElapsedTime(0) only in the cancel scenario, whose 1h wait it would
//     otherwise refuse.
//   - avast/retry-go v4: options in a package-level []Option, applied by
//     DoWithData to a fresh Config on every call (its only mode). The rule is
//     RetryIf; LastErrorOnly(true) makes it return the error itself. Zero delay
//     is Delay(0) with DelayType(FixedDelay): its BackOffDelay turns a zero
//     Delay into 1ns.
//   - avast/retry-go v5 (v5.1.1): one package-level *RetrierWithData[int]
//     built by NewWithData and shared, its fastest form; the same options as
//     v4. What the shared object gives up: its context is fixed when it is
//     built (context.Background() here), so a shared retrier cannot stop when
//     a caller's context ends. The row "retrygo5-percall" builds a retrier per
//     call with Context(ctx), as a caller with a per-request context must, and
//     the cancel scenario does the same. Zero delay as for v4.
//   - sethvargo/go-retry: the operation marks errRetryable with
//     retry.RetryableError, as its documentation shows (every other error
//     stops). Its backoffs keep state (attempt counters), so each call gets a
//     fresh WithMaxRetries(4, NewExponential(d)). NewExponential and
//     NewConstant panic on zero, so zero delay is a BackoffFunc returning 0.
//   - failsafe-go: one package-level RetryPolicy and Executor built once and
//     shared (policies are immutable; an executor is created per execution
//     inside Get). The rule is HandleErrors(errRetryable): other errors are
//     returned unchanged. Zero delay is the builder's default (no delay). The
//     cancel scenario builds its policy once too, and binds the context per
//     call with WithContext(ctx), which its executor allows.
//   - handloop: handLoop below, the minimal correct loop: a range over the
//     attempts, one lazily created timer, select on ctx.Done.
//   - direct: the operation called without any retry code.
//
// In every scenario but the cancel one the context is context.Background(),
// which is what libraries with a context fixed at construction (retry-go v5,
// failsafe-go) get for free from their shared objects.

import (
	"context"
	"errors"
	"time"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	retrygo5 "github.com/avast/retry-go/v5"
	cenkalti "github.com/cenkalti/backoff/v5"
	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	sethvargo "github.com/sethvargo/go-retry"
)

// maxAttempts is the number of calls every library may make, the first
// included.
const maxAttempts = 5

// The first delays of the scenarios.
const (
	delayUnused = 100 * time.Millisecond // never waited: the first call decides
	delayZero   = 0                      // retries at once
	delayReal   = 10 * time.Microsecond  // waits 10µs, 20µs, 40µs
	delayHour   = time.Hour              // the cancel scenario's wait
	delayCap    = 2 * time.Hour          // cap, above every first delay
)

var (
	// errRetryable is the error every library retries.
	errRetryable = errors.New("bench: retryable")
	// errFatal is the error every library returns after one call.
	errFatal = errors.New("bench: fatal")
)

// opSucceed is the operation of the success scenarios.
//
//go:noinline
func opSucceed() (int, error) { return 1, nil }

// opFatal is the operation of the non-retryable scenario.
//
//go:noinline
func opFatal() (int, error) { return 0, errFatal }

// flaky is an operation that fails with errRetryable fails times, then
// succeeds. Reset n to zero before each call of a retry function.
type flaky struct{ n, fails int }

// call is the operation.
//
//go:noinline
func (f *flaky) call() (int, error) {
	f.n++
	if f.n <= f.fails {
		return 0, errRetryable
	}
	return f.n, nil
}

// isRetryable is the error rule, for libraries that take a predicate.
func isRetryable(err error) bool { return errors.Is(err, errRetryable) }

// handLoop is the hand-written baseline: up to maxAttempts calls, retrying
// errRetryable, waiting first then twice as long each time, stopping the
// moment ctx ends.
func handLoop(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
	var (
		timer *time.Timer
		v     int
		err   error
	)
	wait := first
	for attempt := range maxAttempts {
		if attempt > 0 {
			if wait > 0 {
				if timer == nil {
					timer = time.NewTimer(wait)
				} else {
					timer.Reset(wait)
				}
				select {
				case <-ctx.Done():
					timer.Stop() // a fired timer needs no Stop
					return v, context.Cause(ctx)
				case <-timer.C:
				}
				wait *= 2
			} else if ctx.Err() != nil {
				return v, context.Cause(ctx)
			}
		}
		v, err = op()
		if err == nil || !isRetryable(err) {
			return v, err
		}
	}
	return v, err
}

// againPolicy returns the again policy for a first delay.
func againPolicy(first time.Duration) retry.Policy {
	p := retry.Policy{
		MaxAttempts: maxAttempts,
		Backoff:     retry.Exponential{Initial: first, Factor: 2},
		Jitter:      retry.NoJitter{},
		MaxDelay:    delayCap,
		Retryable:   retry.On(errRetryable),
	}
	if first == 0 {
		p.Backoff = retry.Constant(0)
	}
	return p
}

// The again policies, shared by every call.
var (
	againUnused = againPolicy(delayUnused)
	againZero   = againPolicy(delayZero)
	againReal   = againPolicy(delayReal)
	againHour   = againPolicy(delayHour)
)

// againFor returns the shared again policy for a first delay.
func againFor(first time.Duration) retry.Policy {
	switch first {
	case delayUnused:
		return againUnused
	case delayZero:
		return againZero
	case delayReal:
		return againReal
	case delayHour:
		return againHour
	}
	return againPolicy(first)
}

// cenkaltiBackOff returns a fresh cenkalti backoff for a first delay: an
// ExponentialBackOff keeps state, so it cannot be shared.
func cenkaltiBackOff(first time.Duration) cenkalti.BackOff {
	if first == 0 {
		return &cenkalti.ZeroBackOff{}
	}
	return &cenkalti.ExponentialBackOff{
		InitialInterval:     first,
		RandomizationFactor: 0,
		Multiplier:          2,
		MaxInterval:         delayCap,
	}
}

// cenkaltiOp applies the error rule the cenkalti way: errors that must not
// be retried are marked Permanent by the operation itself.
func cenkaltiOp(op func() (int, error)) cenkalti.Operation[int] {
	return func() (int, error) {
		v, err := op()
		if err != nil && !isRetryable(err) {
			return v, cenkalti.Permanent(err)
		}
		return v, err
	}
}

// retrygo4Options returns the retry-go v4 options for a first delay.
func retrygo4Options(first time.Duration) []retrygo4.Option {
	delayType := retrygo4.BackOffDelay
	if first == 0 {
		delayType = retrygo4.FixedDelay
	}
	return []retrygo4.Option{
		retrygo4.Attempts(maxAttempts),
		retrygo4.Delay(first),
		retrygo4.DelayType(delayType),
		retrygo4.MaxDelay(delayCap),
		retrygo4.RetryIf(isRetryable),
		retrygo4.LastErrorOnly(true),
	}
}

// The retry-go v4 options, shared by every call.
var (
	retrygo4Unused = retrygo4Options(delayUnused)
	retrygo4Zero   = retrygo4Options(delayZero)
	retrygo4Real   = retrygo4Options(delayReal)
)

// retrygo5Options returns the retry-go v5 options for a first delay.
func retrygo5Options(first time.Duration) []retrygo5.Option {
	delayType := retrygo5.BackOffDelay
	if first == 0 {
		delayType = retrygo5.FixedDelay
	}
	return []retrygo5.Option{
		retrygo5.Attempts(maxAttempts),
		retrygo5.Delay(first),
		retrygo5.DelayType(delayType),
		retrygo5.MaxDelay(delayCap),
		retrygo5.RetryIf(isRetryable),
		retrygo5.LastErrorOnly(true),
	}
}

// The retry-go v5 retriers, shared by every call.
var (
	retrygo5Unused = retrygo5.NewWithData[int](retrygo5Options(delayUnused)...)
	retrygo5Zero   = retrygo5.NewWithData[int](retrygo5Options(delayZero)...)
	retrygo5Real   = retrygo5.NewWithData[int](retrygo5Options(delayReal)...)
)

// sethvargoZero is a backoff that always waits zero; it keeps no state.
var sethvargoZero = sethvargo.BackoffFunc(func() (time.Duration, bool) { return 0, false })

// sethvargoBackoff returns a fresh sethvargo backoff for a first delay: the
// attempt counters inside cannot be shared between calls.
func sethvargoBackoff(first time.Duration) sethvargo.Backoff {
	if first == 0 {
		return sethvargo.WithMaxRetries(maxAttempts-1, sethvargoZero)
	}
	return sethvargo.WithMaxRetries(maxAttempts-1, sethvargo.NewExponential(first))
}

// sethvargoOp applies the error rule the sethvargo way: the operation marks
// the errors to retry.
func sethvargoOp(op func() (int, error)) sethvargo.RetryFuncValue[int] {
	return func(context.Context) (int, error) {
		v, err := op()
		if isRetryable(err) {
			return v, sethvargo.RetryableError(err)
		}
		return v, err
	}
}

// failsafePolicy returns the failsafe-go retry policy for a first delay.
func failsafePolicy(first time.Duration) retrypolicy.RetryPolicy[int] {
	b := retrypolicy.NewBuilder[int]().
		HandleErrors(errRetryable).
		WithMaxAttempts(maxAttempts)
	if first > 0 {
		b = b.WithBackoff(first, delayCap)
	}
	return b.Build()
}

// The failsafe-go executors, shared by every call.
var (
	failsafeUnused = failsafe.With(failsafePolicy(delayUnused))
	failsafeZero   = failsafe.With(failsafePolicy(delayZero))
	failsafeReal   = failsafe.With(failsafePolicy(delayReal))
	failsafeHour   = failsafe.With(failsafePolicy(delayHour))
)

// failsafeFor returns the shared failsafe-go executor for a first delay.
func failsafeFor(first time.Duration) failsafe.Executor[int] {
	switch first {
	case delayUnused:
		return failsafeUnused
	case delayZero:
		return failsafeZero
	case delayReal:
		return failsafeReal
	case delayHour:
		return failsafeHour
	}
	return failsafe.With(failsafePolicy(first))
}

// A runner makes one retrying call of op with a library configured for a
// first delay, under ctx. The cancel scenario and the tests use runners; the
// throughput benchmarks call each library directly, so that no extra
// indirection is measured.
type runner struct {
	name string
	run  func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error)
}

// runners lists every library and the hand-written loop, in report order.
var runners = []runner{
	{"again", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return retry.Retry(ctx, againFor(first), op)
	}},
	{"handloop", handLoop},
	{"cenkalti", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return cenkalti.Retry(ctx, cenkaltiOp(op),
			cenkalti.WithBackOff(cenkaltiBackOff(first)),
			cenkalti.WithMaxTries(maxAttempts),
			cenkalti.WithMaxElapsedTime(0))
	}},
	{"retrygo4", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return retrygo4.DoWithData(op, append(retrygo4Options(first), retrygo4.Context(ctx))...)
	}},
	{"retrygo5", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return retrygo5.NewWithData[int](append(retrygo5Options(first), retrygo5.Context(ctx))...).Do(op)
	}},
	{"sethvargo", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return sethvargo.DoValue(ctx, sethvargoBackoff(first), sethvargoOp(op))
	}},
	{"failsafe", func(ctx context.Context, first time.Duration, op func() (int, error)) (int, error) {
		return failsafeFor(first).WithContext(ctx).Get(op)
	}},
}
