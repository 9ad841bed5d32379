package retry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// DefaultHedgeAttempts is the number of attempts, the first one included, of
// a HedgePolicy whose MaxAttempts is zero: the first attempt and one hedge.
const DefaultHedgeAttempts = 2

// A HedgePolicy says how [Hedge] races attempts of an operation: when to
// start another attempt while the earlier ones are still running, how many in
// all, and which errors let the race go on.
//
// Like [Policy], a HedgePolicy is a plain value: the zero HedgePolicy is valid
// (two attempts, the second started at once), copies are independent, and one
// HedgePolicy may be used by any number of concurrent calls.
type HedgePolicy struct {
	// MaxAttempts is the most attempts started, counting the first: 2 means
	// one hedge. Zero means DefaultHedgeAttempts; negative values are invalid
	// (there is no Unlimited: every attempt may run at once).
	MaxAttempts int

	// Delay is how long to wait for an accepted result before starting the
	// next attempt. Zero starts every attempt at once; negative values are
	// invalid. A good delay is a high percentile of the operation's latency
	// (the 95th, say): then about one call in twenty sends a hedge.
	Delay time.Duration

	// DelayFunc, when set, gives the delay before attempt n+1, n counting the
	// attempts already started (1 for the first hedge), in place of Delay,
	// which must then be zero. It is for delays that adapt, such as a
	// percentile tracked from recent latencies. A negative result counts as
	// zero. It is called on the goroutine that called Hedge.
	DelayFunc func(n int) time.Duration

	// AttemptTimeout limits each attempt; an attempt that runs out of it fails
	// with an error matching ErrAttemptTimeout, which is retryable whatever
	// Retryable says, so the next attempt starts at once. It never extends past
	// the caller's deadline. Zero means no limit of its own; negative values
	// are invalid.
	AttemptTimeout time.Duration

	// Retryable reports whether an attempt's error lets the race go on: such
	// an error is not accepted, and the next attempt starts at once (or after
	// a server's Hint) instead of waiting out Delay. Every other error is
	// accepted, as a success is: it ends the race and is returned. Nil
	// retries every error. Errors marked Permanent are always accepted.
	Retryable Classifier

	// Budget, if not nil, is a retry budget shared with other calls and
	// policies (a Policy's too) that reach the same dependency: hedges are
	// extra load, like retries, and it limits them as gRPC's throttling does.
	//
	//   - Each attempt whose error the race goes on after (a retryable one,
	//     including an attempt timeout) takes a token; a success that
	//     Hedge takes gives back the budget's tokenRatio. Accepted errors,
	//     attempts that end because the caller's context did, and losers
	//     cancelled after the race was decided neither take nor give.
	//   - Before each attempt after the first starts, the budget must allow
	//     it: more than half of its tokens must remain (after a failure that
	//     starts the attempt at once has taken its token, as for Retry).
	//   - When it refuses, Hedge starts no more attempts for this call but
	//     never cancels those running: any of them may still win. If none is
	//     left running, or when the last of them fails, Hedge returns an
	//     [*Error] matching ErrBudgetExhausted and the last attempt's error.
	//
	// Nil means no budget.
	Budget *Budget

	// Hooks are told about hedges and outcomes. The zero HedgeHooks does
	// nothing.
	Hooks HedgeHooks
}

// HedgeHooks are called by [Hedge] as it works, for logging and metrics. A
// nil field does nothing. Hooks run on the goroutine that called Hedge, which
// waits for them, and receive the caller's context.
type HedgeHooks struct {
	// OnHedge is called before each attempt after the first starts.
	OnHedge func(ctx context.Context, e Hedged)

	// OnDone is called once when Hedge returns after starting at least one
	// attempt or finding the context already done; not for an invalid policy.
	// The Outcome's Reason is as for Retry: nil for a success,
	// ErrNotRetryable for an accepted error, and otherwise the Reason of the
	// returned [*Error] (ErrExhausted, ErrBudgetExhausted,
	// ErrDeadlineTooNear, or the context's error). Its Waited is the time
	// Hedge spent waiting, with no attempt running, to start the next one
	// (after a Hint); waits while attempts run are not counted.
	OnDone func(ctx context.Context, e Outcome)
}

// Hedged describes an attempt that Hedge is about to start while none has
// been accepted. Fields may be added.
type Hedged struct {
	N       int           // the number of the attempt about to start, from 2
	Err     error         // the retryable error that started it at once; nil when Delay (or a Hint) ran out
	Running int           // how many earlier attempts are still running
	Elapsed time.Duration // time since the first attempt started
}

// Validate reports whether p can be used. It returns nil for a valid
// HedgePolicy and otherwise an error that matches [ErrInvalidPolicy] and names
// each field at fault: a negative count or duration, both Delay and
// DelayFunc set, or a Budget made by NewBudget with parameters out of range.
// Hedge calls Validate before the operation runs.
func (p HedgePolicy) Validate() error { return p.validate() }

func (p *HedgePolicy) validate() error {
	if p.MaxAttempts >= 0 && p.Delay >= 0 && p.AttemptTimeout >= 0 && (p.DelayFunc == nil || p.Delay == 0) && p.Budget.valid() {
		return nil
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: HedgePolicy.%s", ErrInvalidPolicy, fmt.Sprintf(format, args...)))
	}
	if p.MaxAttempts < 0 {
		bad("MaxAttempts %d is negative (hedging has no Unlimited)", p.MaxAttempts)
	}
	if p.Delay < 0 {
		bad("Delay %v is negative", p.Delay)
	}
	if p.DelayFunc != nil && p.Delay != 0 {
		bad("DelayFunc is set and so is Delay %v (set one)", p.Delay)
	}
	if p.AttemptTimeout < 0 {
		bad("AttemptTimeout %v is negative", p.AttemptTimeout)
	}
	if !p.Budget.valid() {
		bad("%s", p.Budget.why())
	}
	return errors.Join(errs...)
}

// maxAttempts returns the attempt limit, with the default for zero.
func (p *HedgePolicy) maxAttempts() int {
	if p.MaxAttempts == 0 {
		return DefaultHedgeAttempts
	}
	return p.MaxAttempts
}

// delay returns the wait before the next attempt when n have started.
func (p *HedgePolicy) delay(n int) time.Duration {
	if p.DelayFunc != nil {
		return max(p.DelayFunc(n), 0)
	}
	return p.Delay
}

// attemptContext returns the context of a new attempt: a child of ctx, limited
// to AttemptTimeout if set.
func (p *HedgePolicy) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.AttemptTimeout > 0 {
		return context.WithTimeoutCause(ctx, p.AttemptTimeout, ErrAttemptTimeout)
	}
	return context.WithCancel(ctx)
}

// accepts reports whether err ends the race, and the error Hedge then
// returns: err itself, or what an outermost Permanent marker wraps (as Retry
// does). Attempt timeouts are never accepted unless marked Permanent.
func (p *HedgePolicy) accepts(err error) (bool, error) {
	if pe, ok := err.(*permanentError); ok { //nolint:errorlint // only the outermost markers are removed
		return true, pe.unmark()
	}
	if hasPermanent(err) {
		return true, err
	}
	if isAttemptTimeout(err) || p.Retryable == nil || p.Retryable(err) {
		return false, nil
	}
	return true, err
}
