package retry

import (
	"context"
	"time"
)

// Hooks are called by Retry as it works, for logging and metrics. A nil field
// does nothing. Hooks run on the goroutine that called Retry, and Retry waits
// for them, so keep them quick. They receive the caller's context, to reach
// loggers or trace spans carried in it. [JoinHooks] combines several.
type Hooks struct {
	// OnRetry is called after a failed attempt when another attempt will
	// follow, before the wait. It is not called for the last failed attempt.
	OnRetry func(ctx context.Context, e Attempt)

	// OnDone is called once when Retry returns after calling the operation at
	// least once or finding the context already done; not for an invalid
	// policy.
	OnDone func(ctx context.Context, e Outcome)
}

// Attempt describes a failed attempt after which Retry has scheduled a
// retry. Fields may be added.
type Attempt struct {
	N       int           // the number of the attempt that failed, from 1
	Err     error         // its error
	Wait    time.Duration // the wait before the next attempt
	Hinted  bool          // whether Wait came from a server Hint
	Elapsed time.Duration // time since the first call
}

// Outcome describes how a call to Retry ended. Fields may be added.
type Outcome struct {
	Attempts int   // how many times the operation was called
	Err      error // what Retry returns: nil on success

	// Reason says why the call ended: nil on success, ErrNotRetryable when
	// the operation failed with an error the policy does not retry (Err is
	// that error), and otherwise the Reason of the [*Error] in Err
	// (ErrExhausted, ErrMaxElapsed, ErrDeadlineTooNear, ErrBudgetExhausted,
	// or the context's error), so that metrics can count each kind of
	// ending.
	Reason error

	Elapsed time.Duration // time since the first call
	Waited  time.Duration // time spent waiting between attempts, in all
}

// JoinHooks returns Hooks that call every hook of hs, in the order given:
// for each event, hs[0]'s hook first, then hs[1]'s, and so on. Nil hooks are
// skipped, and an event no hook wants stays nil, so joining costs nothing
// where nothing listens. Use it to add hooks to a Policy without dropping
// those it has: p.Hooks = retry.JoinHooks(p.Hooks, mine).
func JoinHooks(hs ...Hooks) Hooks {
	var retries []func(context.Context, Attempt)
	var dones []func(context.Context, Outcome)
	for _, h := range hs {
		if h.OnRetry != nil {
			retries = append(retries, h.OnRetry)
		}
		if h.OnDone != nil {
			dones = append(dones, h.OnDone)
		}
	}
	return Hooks{OnRetry: chain(retries), OnDone: chain(dones)}
}

// chain returns one func that calls each of fs in order; nil for none.
func chain[E any](fs []func(context.Context, E)) func(context.Context, E) {
	switch len(fs) {
	case 0:
		return nil
	case 1:
		return fs[0]
	}
	return func(ctx context.Context, e E) {
		for _, f := range fs {
			f(ctx, e)
		}
	}
}
