package retry

import (
	"context"
	"time"
)

// Retry calls op until it succeeds or p says to stop, waiting between
// attempts, and returns what the last call returned.
//
// Retry first checks p with [Policy.Validate] and returns its error, without
// calling op, if p is invalid; and if ctx is already done it returns an
// [*Error] without calling op. Then, after each failed attempt:
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
	return run(ctx, &p, op)
}

// Do is [Retry] for an operation that returns only an error.
func Do(ctx context.Context, p Policy, op func() error) error {
	_, err := run(ctx, &p, func() (struct{}, error) { return struct{}{}, op() })
	return err
}

// run is Retry's fast path: it makes the first attempt and hands a failure to
// retryAfter.
func run[T any](ctx context.Context, p *Policy, op func() (T, error)) (T, error) {
	if err := p.validate(); err != nil {
		var zero T
		return zero, err
	}
	// Reading the clock costs more than a cheap op; do it up front only when
	// something needs the time of the first call.
	var start time.Time
	timed := p.MaxElapsed > 0 || p.Hooks.OnRetry != nil || p.Hooks.OnDone != nil
	if timed {
		start = time.Now()
	}
	if ctx.Err() != nil {
		var zero T
		return zero, done(ctx, p, start, 0, contextEnded(ctx, &Error{}))
	}
	v, err := op()
	if err == nil {
		p.Budget.success() // budget: a success gives back tokenRatio
		if p.Hooks.OnDone != nil {
			p.Hooks.OnDone(ctx, Outcome{Attempts: 1, Elapsed: time.Since(start)})
		}
		return v, nil
	}
	if stop, last := p.stops(err); stop {
		return v, done(ctx, p, start, 1, last)
	}
	return retryAfter(ctx, p, op, start, timed, v, err)
}

// stops reports whether err ends the call at once, without a retry, and the
// error Retry then returns: err itself, or what an outermost Permanent marker
// wraps.
func (p *Policy) stops(err error) (bool, error) {
	if pe, ok := err.(*permanentError); ok { //nolint:errorlint // only the outermost markers are removed
		for {
			inner, ok := pe.err.(*permanentError) //nolint:errorlint // a marker directly inside a marker
			if !ok {
				return true, pe.err
			}
			pe = inner
		}
	}
	if _, ok := find[*permanentError](err); ok || (p.Retryable != nil && !p.Retryable(err)) {
		return true, err
	}
	return false, nil
}

// retryAfter goes on from the failed first attempt, whose result is v, err.
// Unless timed, the clock has not been read yet; it starts now, as late as
// possible, so that an error that is not retried costs no clock read.
func retryAfter[T any](ctx context.Context, p *Policy, op func() (T, error), start time.Time, timed bool, v T, err error) (T, error) {
	var (
		hist  history
		sched schedule
		timer *time.Timer
		limit = p.maxAttempts()
	)
	for attempt := 1; ; attempt++ {
		giveUp := func(reason error) *Error {
			return &Error{Reason: reason, Last: err, Attempts: attempt, Elapsed: time.Since(start), Errors: hist.list()}
		}
		if attempt > 1 { // run has classified the first attempt's error
			if stop, last := p.stops(err); stop {
				return v, done(ctx, p, start, attempt, last)
			}
		}
		hist.add(err)
		if !timed {
			start, timed = time.Now(), true
		}
		if ctx.Err() != nil {
			return v, done(ctx, p, start, attempt, contextEnded(ctx, giveUp(nil)))
		}
		if limit > 0 && attempt >= limit {
			p.Budget.spend() // budget: the last retryable failure takes its token too
			return v, done(ctx, p, start, attempt, giveUp(ErrExhausted))
		}
		if p.Budget != nil && !p.Budget.failure() { // budget: take a token; refused, give up before waiting
			return v, done(ctx, p, start, attempt, giveUp(ErrBudgetExhausted))
		}

		if attempt == 1 {
			sched = p.schedule()
		}
		var hint time.Duration
		h, hinted := findHint(err)
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
		if p.MaxElapsed > 0 || hasDeadline || p.Hooks.OnRetry != nil {
			now = time.Now()
			elapsed = now.Sub(start)
		}
		if p.MaxElapsed > 0 && wait >= p.MaxElapsed-elapsed {
			return v, done(ctx, p, start, attempt, giveUp(ErrMaxElapsed))
		}
		if hasDeadline && wait >= deadline.Sub(now) {
			return v, done(ctx, p, start, attempt, giveUp(ErrDeadlineTooNear))
		}
		if p.Hooks.OnRetry != nil {
			p.Hooks.OnRetry(ctx, Attempt{N: attempt, Err: err, Wait: wait, Hinted: hinted, Elapsed: elapsed})
		}

		if wait > 0 {
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			select {
			case <-ctx.Done():
				timer.Stop()
			case <-timer.C:
			}
		}
		if ctx.Err() != nil {
			return v, done(ctx, p, start, attempt, contextEnded(ctx, giveUp(nil)))
		}

		v, err = op()
		if err == nil {
			p.Budget.success() // budget: a success gives back tokenRatio
			return v, done(ctx, p, start, attempt+1, nil)
		}
	}
}

// done calls the OnDone hook, if any, and returns err.
func done(ctx context.Context, p *Policy, start time.Time, attempts int, err error) error {
	if p.Hooks.OnDone != nil {
		p.Hooks.OnDone(ctx, Outcome{Attempts: attempts, Err: err, Elapsed: time.Since(start)})
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
	return e
}
