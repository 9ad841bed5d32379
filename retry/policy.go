package retry

import (
	"time"
)

// Defaults used by the zero [Policy] and by zero fields of a Policy.
const (
	// DefaultMaxAttempts is the number of calls, the first one included,
	// when Policy.MaxAttempts is zero.
	DefaultMaxAttempts = 4

	// DefaultInitialDelay is the first wait of the default backoff (a nil
	// Policy.Backoff), or MaxDelay when that is smaller.
	DefaultInitialDelay = 100 * time.Millisecond

	// DefaultFactor is the growth factor of an Exponential whose Factor is zero.
	DefaultFactor = 2.0

	// DefaultMaxDelay caps every wait when Policy.MaxDelay is zero.
	DefaultMaxDelay = 30 * time.Second

	// DefaultJitter is the jitter used when Policy.Jitter is nil: each wait is
	// spread uniformly over ±20% of the backoff delay.
	DefaultJitter = ProportionalJitter(0.2)
)

// Unlimited is the Policy.MaxAttempts that sets no attempt limit: Retry calls
// the operation until it succeeds, the error is not retryable, Policy.MaxElapsed runs out or the
// context ends. It must be asked for: a zero MaxAttempts means
// DefaultMaxAttempts.
const Unlimited = -1

// A Policy says how often and how long to retry, and which errors retry.
//
// A Policy is a plain value: the zero Policy is valid and uses the documented
// defaults, copying a Policy and changing the copy makes an independent
// variant, and one Policy may be used by any number of concurrent calls to
// [Retry]; all the state of a call lives inside that call. (Fields that hold
// funcs or interfaces are shared by copies; the built-in values are immutable.)
type Policy struct {
	// MaxAttempts is the most times the operation is called, counting the
	// first call: 1 means no retries, 3 means up to two retries. Zero means
	// DefaultMaxAttempts; Unlimited means no limit. Other negative values are
	// invalid.
	MaxAttempts int

	// MaxElapsed limits the total time, measured from the first call. Retry
	// gives up with ErrMaxElapsed rather than start a wait that would end at or
	// after the limit. It does not lift MaxAttempts: to retry for a time
	// rather than a count, set MaxAttempts to Unlimited too. Zero means no
	// limit of its own (the context still applies); negative values are
	// invalid.
	MaxElapsed time.Duration

	// Backoff gives the wait before each retry, before jitter. Nil means an
	// Exponential from DefaultInitialDelay (or from MaxDelay, if that is
	// smaller), doubling. A zero delay means no wait in every kind:
	// Constant(0) and Linear{} retry at once. A first delay above the cap is
	// invalid; see Validate.
	Backoff Backoff

	// Jitter spreads each wait so that many callers do not retry in step.
	// Nil means DefaultJitter; use NoJitter{} for exact waits.
	Jitter Jitter

	// MaxDelay caps every wait, after jitter and for server hints too: no wait
	// is ever longer. Zero means DefaultMaxDelay; negative values are invalid.
	// The cap cuts delays that grow past it; a Backoff whose first delay is
	// already above it is invalid, whether the cap is the default or yours,
	// because none of its delays would ever be waited. For no practical cap,
	// use time.Duration(math.MaxInt64).
	MaxDelay time.Duration

	// Retryable reports whether an error should be retried. Nil retries every
	// error. Errors marked Permanent and failures after the caller's context has
	// ended are never retried, whatever Retryable says.
	Retryable Classifier

	// Hooks are told about retries and outcomes. The zero Hooks does nothing.
	Hooks Hooks

	// AttemptTimeout limits each attempt of RetryContext and RetryContextKeep,
	// whose operation receives a context of its own; an attempt that runs out
	// of it fails with ErrAttemptTimeout and is retried. Zero means no limit
	// of its own; negative values are invalid. Retry and Do, whose operation
	// receives no context, cannot apply it: they report a Policy that sets it
	// as invalid instead of ignoring it.
	AttemptTimeout time.Duration

	// Rand is the source of jitter. Nil means the runtime's generator
	// (math/rand/v2), which is safe for concurrent use without a lock. Set it
	// to a seeded source to make jitter repeatable in tests. A *rand.Rand is
	// not safe for concurrent use and advances as it is used: a Policy holding
	// one (and every copy of it, which shares it) must not be used by
	// concurrent calls, and repeats its waits only after re-seeding.
	Rand Source

	// Budget, if not nil, limits retries across every call and Policy that
	// shares it, so that failures of a dependency do not multiply the load
	// on it: when it refuses a retry, Retry gives up at once with
	// ErrBudgetExhausted. Nil means no budget.
	Budget *Budget
}

// A Source gives random numbers for jitter. Float64 returns a number in
// [0, 1), as (*math/rand/v2.Rand).Float64 does; values outside are clamped.
type Source interface {
	Float64() float64
}

// maxAttempts returns the attempt limit, with Unlimited as 0.
func (p *Policy) maxAttempts() int {
	switch {
	case p.MaxAttempts == 0:
		return DefaultMaxAttempts
	case p.MaxAttempts < 0:
		return 0
	}
	return p.MaxAttempts
}

// maxDelay returns the cap on every wait.
func (p *Policy) maxDelay() time.Duration {
	if p.MaxDelay == 0 {
		return DefaultMaxDelay
	}
	return p.MaxDelay
}

// backoff returns the backoff, with the default for nil.
func (p *Policy) backoff() Backoff {
	if p.Backoff == nil {
		return Exponential{Initial: min(DefaultInitialDelay, p.maxDelay())}
	}
	return p.Backoff
}

// jitter returns the jitter, with the default for nil.
func (p *Policy) jitter() Jitter {
	if p.Jitter == nil {
		return DefaultJitter
	}
	return p.Jitter
}
