package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// errNilOp is returned by Retry and Do for a nil operation.
var errNilOp = errors.New("retry: nil operation")

// Retry calls op until it succeeds or p says to stop, waiting between
// attempts, and returns what the last call returned.
//
// Retry first checks p with [Policy.Validate] and returns its error, without
// calling op, if p is invalid (and an error, not a panic, if op is nil, or if
// p sets an AttemptTimeout, which needs [RetryContext]); and if
// ctx is already done it returns an [*Error] without calling op. Then, after
// each failed attempt:
//
//   - An error p does not retry (rejected by p.Retryable, or marked
//     [Permanent]) is returned at once, unchanged but for an outermost
//     Permanent marker, which is removed. This comes first, so an error that
//     is not retried is returned as it is even when ctx has ended.
//   - If ctx has ended, Retry returns an *Error matching both the context's
//     cause and the error.
//   - If MaxAttempts calls have been made, or the next wait would end at or
//     after p.MaxElapsed or ctx's deadline, Retry gives up and returns an
//     *Error matching [ErrExhausted], [ErrMaxElapsed] or [ErrDeadlineTooNear]
//     and the error.
//   - If p.Budget refuses a retry, Retry gives up at once, without waiting,
//     and returns an *Error matching [ErrBudgetExhausted] and the error.
//   - Otherwise it waits, stopping the moment ctx ends, and calls op again.
//
// The value returned is always the one the last call of op returned, on
// failure too, so that wrapping a call in Retry hides nothing (the last
// rejected result of a [Check], say, can still be inspected or closed). It is
// the zero value only when op was never called.
//
// op receives no context: capture ctx in op if cancellation should also stop
// an attempt in progress. A panic in op is not recovered and is never retried.
// Retry starts no goroutine, uses at most one timer, and allocates nothing
// when the first attempt succeeds or fails with an error that is not retried.
func Retry[T any](ctx context.Context, p Policy, op func() (T, error)) (T, error) {
	// The fast path: a policy of the most common shape (see quickFields), a live
	// context, a first call. Every other policy goes through run, which
	// validates it in full and takes the same path without the clock when
	// it can.
	if p.quickFields() && p.quickBackoff() && op != nil && ctx.Err() == nil {
		v, err := op()
		if err == nil {
			p.Budget.success() // a load and nothing more when it is full, or nil
			return v, nil
		}
		if _, marked := err.(*permanentError); !marked && p.Retryable != nil && !p.Retryable(err) { //nolint:errorlint // the outermost marker only
			return v, err // the common way to end at once, without a call
		}
		return afterFirst(ctx, &p, op, v, err)
	}
	return run(ctx, &p, op)
}

// Do is [Retry] for an operation that returns only an error.
func Do(ctx context.Context, p Policy, op func() error) error {
	if op == nil {
		_, err := run[struct{}](ctx, &p, nil)
		return err
	}
	_, err := Retry(ctx, p, func() (struct{}, error) { return struct{}{}, op() })
	return err
}

// quickFields and quickBackoff report together whether p is valid, of the
// most common shape (the default or an Exponential backoff, the default or no
// jitter), and needs neither the clock before the first call nor a hook. They
// make no call and are small enough to be compiled into Retry.
//
// quickFields checks all but the backoff.
func (p *Policy) quickFields() bool {
	_, noJitter := p.Jitter.(NoJitter)
	return p.Hooks.OnRetry == nil && p.Hooks.OnDone == nil && p.MaxElapsed|p.AttemptTimeout == 0 &&
		p.MaxAttempts >= Unlimited && p.MaxDelay >= 0 && p.Budget.valid() &&
		(p.Jitter == nil || noJitter)
}

// quickBackoff checks the default or an Exponential backoff.
func (p *Policy) quickBackoff() bool {
	if p.Backoff == nil {
		return true
	}
	b, exp := p.Backoff.(Exponential)
	capped := p.MaxDelay
	if capped == 0 {
		capped = DefaultMaxDelay
	}
	return exp && uint64(b.Initial-1) < uint64(capped) && factorValid(b.Factor)
}

// factorValid reports whether f is 0 (the default) or a finite number of at
// least 1, comparing bits: non-negative floats order as their bits do.
func factorValid(f float64) bool {
	const one, maxFinite = 0x3FF0000000000000, 0x7FEFFFFFFFFFFFFF
	u := math.Float64bits(f)
	return u-one <= maxFinite-one || u<<1 == 0
}

// afterFirst goes on from a failed first attempt on the fast path: nothing
// has been timed and there are no hooks.
func afterFirst[T any](ctx context.Context, p *Policy, op func() (T, error), v T, err error) (T, error) {
	// Retry has asked the classifier about an err without an outermost
	// marker, and it accepted; what is left of stops is the marker itself
	// and the walk for one deeper in the chain.
	if pe, ok := err.(*permanentError); ok { //nolint:errorlint // only the outermost markers are removed
		return v, pe.unmark()
	}
	if hasPermanent(err) {
		return v, err
	}
	return retryLoop(ctx, p, op, call{}, v, err)
}

// run is Retry's path for everything the fast path does not take: an invalid
// policy or a nil op (reported), a context already done, hooks or
// MaxElapsed.
func run[T any](ctx context.Context, p *Policy, op func() (T, error)) (T, error) {
	var zero T
	if err := p.validate(); err != nil {
		return zero, err
	}
	if op == nil {
		return zero, errNilOp
	}
	if p.AttemptTimeout != 0 {
		return zero, fmt.Errorf("%w: AttemptTimeout %v needs an operation that receives its attempt's context: call RetryContext", ErrInvalidPolicy, p.AttemptTimeout)
	}
	var c call
	if p.MaxElapsed > 0 || p.Hooks.OnRetry != nil || p.Hooks.OnDone != nil {
		c = call{start: time.Now(), timed: true}
	}
	if ctx.Err() != nil {
		e := contextEnded(ctx, &Error{})
		return zero, c.end(ctx, p, 0, e.Reason, e)
	}
	v, err := op()
	if err == nil {
		p.Budget.success()
		return v, c.end(ctx, p, 1, nil, nil)
	}
	if stop, last := p.stops(err); stop {
		return v, c.end(ctx, p, 1, ErrNotRetryable, last)
	}
	return retryLoop(ctx, p, op, c, v, err)
}

// call is the state of one call to Retry that outlives its first attempt.
type call struct {
	start  time.Time     // when the clock started
	timed  bool          // whether start is the time of the first call
	waited time.Duration // total time spent waiting
}

// retryLoop goes on from the failed attempt whose result is v, err, an error
// p retries.
func retryLoop[T any](ctx context.Context, p *Policy, op func() (T, error), c call, v T, err error) (T, error) {
	if !c.timed {
		// The first attempt has returned; its running time is unknown.
		c.start = time.Now()
	}
	var (
		hist  history
		sched schedule
		timer *time.Timer
		spare *giveUpError // allocated with the timer; see giveUp
		limit = p.maxAttempts()
	)
	sched.init(p)
	for attempt := 1; ; attempt++ {
		hist.add(err)
		if ctx.Err() != nil {
			return v, c.giveUp(ctx, p, attempt, nil, err, &hist, spare)
		}
		if limit > 0 && attempt >= limit {
			p.Budget.spend() // the last retryable failure takes its token too
			return v, c.giveUp(ctx, p, attempt, ErrExhausted, err, &hist, spare)
		}
		if p.Budget != nil && !p.Budget.failure() { // a token taken; refused: give up before waiting
			return v, c.giveUp(ctx, p, attempt, ErrBudgetExhausted, err, &hist, spare)
		}

		h, hinted := findHint(err)
		var hint time.Duration
		if hinted {
			hint = h.RetryAfter()
		}
		wait := sched.next(attempt, hint, hinted)
		// Read the clock only when a limit or a hook needs it.
		var (
			now     time.Time
			elapsed time.Duration
		)
		deadline, hasDeadline := ctx.Deadline()
		if p.MaxElapsed > 0 || hasDeadline || p.Hooks.OnRetry != nil || p.Hooks.OnDone != nil {
			now = time.Now()
			elapsed = now.Sub(c.start)
		}
		if p.MaxElapsed > 0 && wait >= p.MaxElapsed-elapsed {
			return v, c.giveUp(ctx, p, attempt, ErrMaxElapsed, err, &hist, spare)
		}
		if hasDeadline && wait >= deadline.Sub(now) {
			return v, c.giveUp(ctx, p, attempt, ErrDeadlineTooNear, err, &hist, spare)
		}
		if p.Hooks.OnRetry != nil {
			p.Hooks.OnRetry(ctx, Attempt{N: attempt, Err: err, Wait: wait, Hinted: hinted, Elapsed: elapsed})
			if p.Hooks.OnDone != nil {
				now = time.Now() // the wait starts after the hook, for Outcome.Waited
			}
		}

		if wait > 0 {
			if timer == nil {
				timer = time.NewTimer(wait)
				// The *Error this call returns if ctx ends during a wait is
				// allocated now, not after waking: an allocation on a cold
				// path after a long sleep costs microseconds of the time
				// between cancel() and the return.
				spare = new(giveUpError)
			} else {
				timer.Reset(wait)
			}
			select {
			case <-ctx.Done():
				timer.Stop()
				if !now.IsZero() {
					c.waited += time.Since(now)
				}
				return v, c.giveUp(ctx, p, attempt, nil, err, &hist, spare)
			case <-timer.C:
				c.waited += wait
			}
		} else if ctx.Err() != nil {
			return v, c.giveUp(ctx, p, attempt, nil, err, &hist, spare)
		}

		v, err = op()
		if err == nil {
			p.Budget.success()
			return v, c.end(ctx, p, attempt+1, nil, nil)
		}
		if stop, last := p.stops(err); stop {
			return v, c.end(ctx, p, attempt+1, ErrNotRetryable, last)
		}
	}
}

// giveUpError is an *Error and room for its history, in one allocation.
type giveUpError struct {
	e   Error
	buf [keptErrors]error
}

// giveUp returns the *Error of a call that stops after attempt failed with
// last, for reason, or because ctx ended when reason is nil, and tells the
// hooks. It fills in x, or a new giveUpError when x is nil.
func (c *call) giveUp(ctx context.Context, p *Policy, attempt int, reason error, last error, hist *history, x *giveUpError) error {
	if x == nil {
		x = new(giveUpError)
	}
	e := &x.e
	if reason == nil {
		_ = contextEnded(ctx, e) // fills in e
	} else {
		e.Reason = reason
	}
	e.Last = last
	e.Attempts = attempt
	e.Elapsed = time.Since(c.start)
	e.FirstUntimed = !c.timed
	e.Errors = hist.appendTo(x.buf[:0])
	e.link()
	return c.end(ctx, p, attempt, e.Reason, e)
}

// end calls the OnDone hook, if any, and returns err. reason is what the
// Outcome gives as the reason: nil on success.
func (c *call) end(ctx context.Context, p *Policy, attempts int, reason, err error) error {
	if p.Hooks.OnDone != nil {
		p.Hooks.OnDone(ctx, Outcome{Attempts: attempts, Err: err, Reason: reason, Elapsed: time.Since(c.start), Waited: c.waited})
	}
	return err
}

// contextEnded fills in e for a context that has ended: Reason is ctx.Err(),
// Cause the context's cause when it says more.
func contextEnded(ctx context.Context, e *Error) *Error {
	e.Reason = ctx.Err()
	if cause := context.Cause(ctx); cause != e.Reason { //nolint:errorlint // is the cause the plain sentinel?
		e.Cause = cause
	}
	e.link()
	return e
}
