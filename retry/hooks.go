package retry

import (
	"context"
	"time"
)

// Hooks are called by Retry as it works, for logging and metrics. A nil field
// does nothing. Hooks run on the goroutine that called Retry, and Retry waits
// for them, so keep them quick. They receive the caller's context, to reach
// loggers or trace spans carried in it.
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
	Attempts int           // how many times the operation was called
	Err      error         // what Retry returns: nil on success
	Elapsed  time.Duration // time since the first call
}
