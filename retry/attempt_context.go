package retry

import (
	"context"
	"errors"
	"time"
)

// ErrAttemptTimeout is matched by the error of an attempt that ran out of its
// own time limit (Policy.AttemptTimeout or HedgePolicy.AttemptTimeout). It
// never matches the caller's context ending: an attempt cut short by the
// caller's deadline or cancellation is not an attempt timeout, and is never
// retried.
var ErrAttemptTimeout = errors.New("retry: attempt timed out")

// RetryContext is [Retry] for an operation that receives a context for each
// attempt. The context is a child of ctx, limited to p.AttemptTimeout when
// that is set (but never past ctx's deadline), and it ends when the attempt
// returns. Use [RetryContextKeep] when the value lives on after the attempt
// returns (a response body, a stream): RetryContext would cut it off.
//
// An attempt that runs out of p.AttemptTimeout fails with an error matching
// both [ErrAttemptTimeout] and what op returned. It is retried whatever
// p.Retryable says (you asked for the limit so that a hung attempt is tried
// again), unless op's error is marked [Permanent]. An attempt cut short by
// ctx is not an attempt timeout: Retry returns an [*Error] for ctx, as always.
//
// Everything else is as for Retry: validation before op runs, the deadline
// rule, hooks, the error chain. RetryContext starts no goroutine. When
// p.AttemptTimeout is zero, op receives ctx itself and the call allocates
// nothing more than Retry does; with a timeout, each attempt allocates its
// context and timer.
func RetryContext[T any](ctx context.Context, p Policy, op func(ctx context.Context) (T, error)) (T, error) { //nolint:revive // named as database/sql names QueryContext
	if op == nil {
		return Retry[T](ctx, p, nil) // the policy's error, or Retry's for a nil op
	}
	if p.AttemptTimeout <= 0 {
		return Retry(ctx, p, func() (T, error) { return op(ctx) })
	}
	a := attempts{timeout: p.AttemptTimeout}
	p.AttemptTimeout = 0 // applied here, by the closure below
	p.Retryable = a.retryable(p.Retryable)
	v, err := Retry(ctx, p, func() (T, error) {
		actx := a.begin(ctx)
		v, err := op(actx)
		err = a.end(ctx, actx, err)
		a.cancel()
		return v, err
	})
	return v, err
}

// RetryContextKeep is [RetryContext] for a value that lives on after its
// attempt returns, such as an *http.Response whose body is read later: the
// context of the attempt whose value is returned is kept alive until the
// caller calls done (or ctx ends), so reading the value is never cut off when
// the attempt returns. done is never nil and may be called more than once;
// call it when the value has been consumed, on failure too (the value of the
// last failed attempt is returned, and its context kept, so that it can still
// be read or closed).
//
// p.AttemptTimeout limits an attempt from its start until its context ends,
// like http.Client.Timeout, which includes reading the body: for the returned
// value, the limit goes on running after RetryContextKeep returns. Leave it
// zero (or generous) when the value is read slowly; ctx always applies.
//
// The contexts of attempts that are retried end before the wait for the next
// attempt. When p.AttemptTimeout is zero every attempt receives ctx itself, done
// does nothing, and nothing is allocated beyond what Retry allocates.
func RetryContextKeep[T any](ctx context.Context, p Policy, op func(ctx context.Context) (T, error)) (v T, done func(), err error) { //nolint:revive // as RetryContext
	if op == nil {
		v, err = Retry[T](ctx, p, nil)
		return v, noop, err
	}
	if p.AttemptTimeout <= 0 {
		v, err = Retry(ctx, p, func() (T, error) { return op(ctx) })
		return v, noop, err
	}
	a := attempts{timeout: p.AttemptTimeout}
	p.AttemptTimeout = 0 // applied here, by the closure below
	p.Retryable = a.retryable(p.Retryable)
	onRetry := p.Hooks.OnRetry
	p.Hooks.OnRetry = func(hctx context.Context, e Attempt) {
		a.cancel() // the attempt failed and will be retried: its context is done with
		if onRetry != nil {
			onRetry(hctx, e)
		}
	}
	v, err = Retry(ctx, p, func() (T, error) {
		a.cancel()
		actx := a.begin(ctx)
		v, err := op(actx)
		return v, a.end(ctx, actx, err)
	})
	if a.cancelAttempt == nil {
		return v, noop, err
	}
	return v, a.cancelAttempt, err
}

// noop is the done function when there is nothing to end.
func noop() {}

// attempts makes the per-attempt contexts of one call.
type attempts struct {
	timeout       time.Duration
	cancelAttempt context.CancelFunc // of the latest attempt; nil once called
}

// begin returns the context of a new attempt: a child of ctx that ends after
// the timeout with cause ErrAttemptTimeout, or at ctx's deadline if that
// comes first (then with ctx's own error and cause, never the timeout's).
func (a *attempts) begin(ctx context.Context) context.Context {
	actx, cancel := context.WithTimeoutCause(ctx, a.timeout, ErrAttemptTimeout)
	a.cancelAttempt = cancel
	return actx
}

// cancel ends the latest attempt's context, if it has not ended yet.
func (a *attempts) cancel() {
	if a.cancelAttempt != nil {
		a.cancelAttempt()
		a.cancelAttempt = nil
	}
}

// end returns the attempt's error, marked as an attempt timeout when the
// attempt's own limit, not ctx, ended it. A success stays a success.
func (a *attempts) end(ctx, actx context.Context, err error) error {
	return markTimeout(ctx, actx, err, a.timeout)
}

// retryable returns a classifier that accepts attempt timeouts and otherwise
// asks c (nil accepting everything, as in Policy.Retryable).
func (a *attempts) retryable(c Classifier) Classifier {
	if c == nil {
		return nil
	}
	return func(err error) bool { return isAttemptTimeout(err) || c(err) }
}

// markTimeout wraps err as an attempt timeout when actx ended by its own
// limit while ctx, the caller's context, has not ended.
func markTimeout(ctx, actx context.Context, err error, limit time.Duration) error {
	if err == nil || ctx.Err() != nil || actx.Err() == nil {
		return err
	}
	// Only an error that says the attempt's context ended is the timeout's;
	// any other, even one returned after the timer fired, is the
	// classifier's to judge.
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrAttemptTimeout) {
		return err
	}
	if context.Cause(actx) != ErrAttemptTimeout { //nolint:errorlint // our own sentinel, set as the cause
		return err
	}
	return &attemptTimeoutError{limit: limit, err: err}
}

// isAttemptTimeout reports whether err is an attempt timeout marked by
// markTimeout (always the outermost error of an attempt).
func isAttemptTimeout(err error) bool {
	_, ok := err.(*attemptTimeoutError) //nolint:errorlint // markTimeout puts it outermost
	return ok
}

// attemptTimeoutError is an attempt's error when its own time ran out. It
// matches ErrAttemptTimeout and unwraps to what the operation returned.
type attemptTimeoutError struct {
	limit time.Duration
	err   error
}

func (e *attemptTimeoutError) Error() string {
	return "attempt timed out after " + e.limit.String() + ": " + e.err.Error()
}

func (e *attemptTimeoutError) Is(target error) bool { return target == ErrAttemptTimeout }

func (e *attemptTimeoutError) Unwrap() error { return e.err }
