package retry

import (
	"context"
	"sync"
	"time"
)

// Hedge calls op and, if no result has been accepted after p.Delay, calls it
// again while the first call goes on, up to p.MaxAttempts calls running side
// by side; the first accepted result wins. It cuts tail latency for
// operations that are safe to run more than once at the same time (reads,
// idempotent writes): never hedge an operation that must not run twice.
//
// Hedge checks p with [HedgePolicy.Validate] and returns its error, without
// calling op, if p is invalid; if ctx is already done it returns an [*Error]
// without calling op. Then:
//
//   - A success is accepted, and so is an error p.Retryable rejects or one
//     marked [Permanent] (returned unchanged but for an outermost Permanent
//     marker, as Retry does). The first accepted result ends the race: the
//     contexts of all other attempts are cancelled at once, and Hedge returns
//     without waiting for them.
//   - An error p.Retryable accepts (every error, when it is nil) is not
//     accepted: the next attempt starts at once instead of waiting out the
//     delay, or after the wait a [Hint] in the error asks for (capped at
//     DefaultMaxDelay).
//   - When every attempt has failed, Hedge returns an *Error matching
//     [ErrExhausted] and the last error, with the attempts' errors in the
//     order they arrived. If ctx ends first, it returns an *Error for ctx, as
//     Retry does; if a hinted wait would end at or after ctx's deadline with
//     nothing running, it returns one matching [ErrDeadlineTooNear].
//   - If p.Budget refuses an attempt after the first, Hedge starts no more
//     but lets those running go on, and any of them may still win; if none
//     does, it returns an *Error matching [ErrBudgetExhausted] and the last
//     error. The Budget field of [HedgePolicy] says which tokens are taken.
//
// On failure the value is the one returned with the last error (the zero value
// if none came). Each attempt runs in a goroutine of its own with a context of
// its own, a child of ctx; that goroutine ends when op returns, so op must
// return soon after its context ends. Hedge drops the values of attempts it
// does not return and ends the winner's context as it returns: use
// [HedgeKeep] for values that hold resources (an *http.Response) or are read
// after the call. A panic in op is not recovered and ends the program.
//
// Wrapping Hedge in [Retry] makes each retry a whole race, after the backoff:
// up to Policy.MaxAttempts × HedgePolicy.MaxAttempts calls in all, at most
// HedgePolicy.MaxAttempts at once. Hedging a [RetryContext] call instead
// runs a retry loop in each attempt, at most HedgePolicy.MaxAttempts at once
// with as many calls each as the Policy allows; its own backoff keeps a
// failing attempt from starting the next hedge at once. Prefer one layer:
// Hedge alone already replaces a failed attempt at once, up to MaxAttempts.
func Hedge[T any](ctx context.Context, p HedgePolicy, op func(ctx context.Context) (T, error)) (T, error) {
	v, done, err := hedge(ctx, &p, op, nil)
	done()
	return v, err
}

// HedgeKeep is [Hedge] for values that hold resources or are read after the
// call, such as an *http.Response. Every value an attempt returns that
// HedgeKeep does not return, with an error or not, is handed to release (when
// it is not nil), exactly once: a loser's value from the goroutine that ran
// it, as soon as its op returns, and others before HedgeKeep returns. release
// may run concurrently with itself and with the caller, and receives the
// values returned with errors too, which may be zero or nil.
//
// The context of the attempt whose value is returned is kept alive until the
// caller calls done (or ctx ends), so that reading the value is never cut off
// when the attempt returns; the other attempts' contexts are cancelled. done is
// never nil and may be called more than once; call it when the value has been
// consumed, on failure too. p.AttemptTimeout still runs for the kept context,
// like http.Client.Timeout, which includes reading the body.
func HedgeKeep[T any](ctx context.Context, p HedgePolicy, op func(ctx context.Context) (T, error), release func(T)) (v T, done func(), err error) {
	return hedge(ctx, &p, op, release)
}

// hedgeResult is what one attempt returned.
type hedgeResult[T any] struct {
	n      int // the attempt's number, from 1
	v      T
	err    error
	cancel context.CancelFunc // ends the attempt's context
}

// hedgeRace is the state the attempts' goroutines share with Hedge.
type hedgeRace[T any] struct {
	results chan hedgeResult[T] // buffered for every attempt: a send never blocks
	release func(T)

	mu   sync.Mutex
	over bool // no more results are taken: each goroutine releases its own
}

// attempt runs op and hands its result to Hedge, or releases it if Hedge is
// no longer taking results. It is the body of each attempt's goroutine.
func (r *hedgeRace[T]) attempt(ctx, actx context.Context, cancel context.CancelFunc, n int, limit time.Duration, op func(context.Context) (T, error)) {
	v, err := op(actx)
	err = markTimeout(ctx, actx, err, limit)
	r.mu.Lock()
	if !r.over {
		r.results <- hedgeResult[T]{n: n, v: v, err: err, cancel: cancel}
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	cancel()
	if r.release != nil {
		r.release(v)
	}
}

// end stops taking results and releases those sent but not taken.
func (r *hedgeRace[T]) end() {
	r.mu.Lock()
	r.over = true
	var left []hedgeResult[T]
	for len(r.results) > 0 {
		left = append(left, <-r.results)
	}
	r.mu.Unlock()
	for _, res := range left {
		res.cancel()
		if r.release != nil {
			r.release(res.v)
		}
	}
}

// hedge is Hedge and HedgeKeep: the race, run on the caller's goroutine.
func hedge[T any](ctx context.Context, p *HedgePolicy, op func(context.Context) (T, error), release func(T)) (T, func(), error) {
	var zero T
	if err := p.validate(); err != nil {
		return zero, noop, err
	}
	if op == nil {
		return zero, noop, errNilOp
	}
	start := time.Now()
	var waited time.Duration // with nothing running, waiting to start the next attempt
	finish := func(attempts int, reason, err error) error {
		if p.Hooks.OnDone != nil {
			p.Hooks.OnDone(ctx, Outcome{Attempts: attempts, Err: err, Reason: reason, Elapsed: time.Since(start), Waited: waited})
		}
		return err
	}
	if ctx.Err() != nil {
		e := contextEnded(ctx, &Error{})
		e.link()
		return zero, noop, finish(0, e.Reason, e)
	}

	limit := p.maxAttempts()
	race := &hedgeRace[T]{results: make(chan hedgeResult[T], limit), release: release}
	cancels := make([]context.CancelFunc, 0, limit) // of every attempt started, by number
	var (
		started, running int
		last             *hedgeResult[T] // the latest failure, kept until a later one or the end
		errs             []error
		timer            *time.Timer
		timerC           <-chan time.Time
		cause            error // the failure that starts the next attempt at once
		refused          bool  // the budget refused a hedge: no attempt starts any more
	)
	deadline, hasDeadline := ctx.Deadline()

	// stop ends the race: every context but the kept one is cancelled, and
	// every value but the returned one released.
	stop := func(keep *hedgeResult[T]) {
		if timer != nil {
			timer.Stop()
		}
		race.end()
		for i, cancel := range cancels {
			if keep == nil || i != keep.n-1 {
				cancel()
			}
		}
		if last != nil && last != keep {
			if release != nil {
				release(last.v)
			}
		}
	}
	giveUp := func(e *Error) (T, func(), error) {
		e.Attempts, e.Elapsed, e.Errors = started, time.Since(start), keptOf(errs)
		if last == nil {
			e.link()
			stop(nil)
			return zero, noop, finish(started, e.Reason, e)
		}
		e.Last = last.err
		e.link()
		stop(last)
		return last.v, last.cancel, finish(started, e.Reason, e)
	}

	next := time.Duration(0) // wait before the next attempt, from now
	for {
		if started < limit && next == 0 && started > 0 && cause == nil && p.Budget != nil && !p.Budget.allows() {
			refused, next = true, -1 // a hedge the delay would start: the budget says no
		}
		if started < limit && next == 0 {
			if started > 0 && p.Hooks.OnHedge != nil {
				p.Hooks.OnHedge(ctx, Hedged{N: started + 1, Err: cause, Running: running, Elapsed: time.Since(start)})
			}
			actx, cancel := p.attemptContext(ctx)
			cancels = append(cancels, cancel)
			started++
			running++
			go race.attempt(ctx, actx, cancel, started, p.AttemptTimeout, op)
			cause = nil
			next = -1
			if started < limit {
				next = p.delay(started)
			}
			continue
		}
		if next > 0 {
			if hasDeadline && next >= time.Until(deadline) {
				next = -1 // it would start too late to help
			} else if timer == nil {
				timer = time.NewTimer(next)
				timerC = timer.C
			} else {
				timer.Reset(next)
				timerC = timer.C
			}
		}
		if next < 0 {
			timerC = nil
			if running == 0 {
				if refused {
					return giveUp(&Error{Reason: ErrBudgetExhausted})
				}
				return giveUp(&Error{Reason: ErrDeadlineTooNear})
			}
		}

		var idle time.Time // when waiting with nothing running began
		if running == 0 && timerC != nil {
			idle = time.Now()
		}
		select {
		case <-ctx.Done():
			return giveUp(contextEnded(ctx, &Error{}))

		case <-timerC:
			next = 0
			if !idle.IsZero() {
				waited += time.Since(idle)
			}

		case res := <-race.results:
			running--
			if res.err == nil {
				p.Budget.success()
				stop(&res)
				return res.v, res.cancel, finish(started, nil, nil)
			}
			if accepted, err := p.accepts(res.err); accepted {
				stop(&res)
				return res.v, res.cancel, finish(started, ErrNotRetryable, err)
			}
			if ctx.Err() != nil {
				last = swapLast(last, &res, release)
				errs = append(errs, res.err)
				return giveUp(contextEnded(ctx, &Error{}))
			}
			last = swapLast(last, &res, release)
			errs = append(errs, res.err)
			if started == limit || refused {
				p.Budget.spend() // a retryable failure takes its token, no hedge follows
				if running == 0 {
					if refused {
						return giveUp(&Error{Reason: ErrBudgetExhausted})
					}
					return giveUp(&Error{Reason: ErrExhausted})
				}
				next = -1
				continue
			}
			if timer != nil {
				timer.Stop()
			}
			if h, ok := findHint(res.err); ok {
				// The budget decides when the hinted wait is over.
				p.Budget.spend()
				next, cause = min(max(h.RetryAfter(), 0), DefaultMaxDelay), nil
				continue
			}
			if p.Budget != nil && !p.Budget.failure() { // a token taken; refused: no hedge
				refused = true
				if running == 0 {
					return giveUp(&Error{Reason: ErrBudgetExhausted})
				}
				next = -1
				continue
			}
			next, cause = 0, res.err
		}
	}
}

// swapLast makes res the latest failure, ending the previous one: its context
// is cancelled and its value released.
func swapLast[T any](last, res *hedgeResult[T], release func(T)) *hedgeResult[T] {
	if last != nil {
		last.cancel()
		if release != nil {
			release(last.v)
		}
	}
	return res
}

// keptOf bounds errs as Error.Errors is bounded: all of them when there are at
// most keptErrors, otherwise the first and the most recent.
func keptOf(errs []error) []error {
	if len(errs) <= keptErrors {
		return errs
	}
	return append(errs[:1:1], errs[len(errs)-keptErrors+1:]...)
}
