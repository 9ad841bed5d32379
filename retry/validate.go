package retry

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrInvalidPolicy is matched by every error from [Policy.Validate], and so by
// the error [Retry] returns for an invalid policy.
var ErrInvalidPolicy = errors.New("retry: invalid policy")

// Validate reports whether p can be used. It returns nil for a valid Policy
// and otherwise an error that matches ErrInvalidPolicy and names each field at
// fault: negative counts or durations other than Unlimited, an Exponential
// factor below 1, a jitter fraction outside [0, 1], a nil BackoffFunc, a
// Backoff of your own whose first delay is above DefaultMaxDelay while
// MaxDelay is zero (a default you did not write would cut every wait), or
// DecorrelatedJitter with a first delay of zero (it would never wait). Retry
// calls Validate before the operation runs.
func (p Policy) Validate() error { return p.validate() }

// validate is Validate without copying the Policy, for Retry's fast path: a
// valid Policy costs a few comparisons, and messages are built only when
// something is wrong.
func (p *Policy) validate() error {
	if p.MaxAttempts >= Unlimited && p.MaxElapsed >= 0 && p.MaxDelay >= 0 && p.AttemptTimeout >= 0 &&
		(p.Backoff == nil || p.backoffValid()) &&
		(p.Jitter == nil || (p.Jitter.validate() == "" && p.decorrelatedValid())) {
		return nil
	}
	return p.problems()
}

// decorrelatedValid reports whether DecorrelatedJitter, if it is the jitter,
// has a first delay above zero to grow from.
func (p *Policy) decorrelatedValid() bool {
	if _, ok := p.Jitter.(DecorrelatedJitter); !ok {
		return true
	}
	return min(p.backoff().Delay(1), p.maxDelay()) > 0
}

// backoffValid reports whether p.Backoff is valid, as backoffProblem would,
// without building a message: the built-in kinds are checked directly, with
// no call through the interface. A first delay above the cap is a problem
// only when the cap is the default: a cap the caller wrote is meant to cut.
func (p *Policy) backoffValid() bool {
	capped := p.maxDelay()
	if p.MaxDelay != 0 {
		capped = maxDuration
	}
	switch b := p.Backoff.(type) {
	case Exponential:
		init := b.Initial
		if init == 0 {
			init = DefaultInitialDelay
		}
		return init >= 0 && init <= capped && (b.Factor == 0 || (b.Factor >= 1 && b.Factor <= math.MaxFloat64))
	case Constant:
		return b >= 0 && time.Duration(b) <= capped
	case Linear:
		return b.Initial >= 0 && b.Step >= 0 && b.Initial <= capped
	case BackoffFunc:
		return b != nil && b(1) <= capped
	}
	return p.Backoff.Delay(1) <= capped
}

// backoffProblem says what is wrong with p.Backoff, or "".
func (p *Policy) backoffProblem() string {
	if msg := validateBackoff(p.Backoff); msg != "" {
		return msg
	}
	if first := p.Backoff.Delay(1); p.MaxDelay == 0 && first > DefaultMaxDelay {
		return fmt.Sprintf("Backoff's first delay %v is above DefaultMaxDelay %v (set MaxDelay to allow it, or to cut waits on purpose)", first, DefaultMaxDelay)
	}
	return ""
}

// problems returns an error naming every field at fault, or nil.
func (p *Policy) problems() error {
	var errs []error
	bad := func(msg string) {
		errs = append(errs, fmt.Errorf("%w: %s", ErrInvalidPolicy, msg))
	}
	if p.MaxAttempts < Unlimited {
		bad(fmt.Sprintf("MaxAttempts %d is negative (use Unlimited for no limit)", p.MaxAttempts))
	}
	if p.MaxElapsed < 0 {
		bad(fmt.Sprintf("MaxElapsed %v is negative", p.MaxElapsed))
	}
	if p.MaxDelay < 0 {
		bad(fmt.Sprintf("MaxDelay %v is negative", p.MaxDelay))
	}
	if p.AttemptTimeout < 0 {
		bad(fmt.Sprintf("AttemptTimeout %v is negative", p.AttemptTimeout))
	}
	if p.Backoff != nil {
		if msg := p.backoffProblem(); msg != "" {
			bad(msg)
		}
	}
	if p.Jitter != nil {
		if msg := p.Jitter.validate(); msg != "" {
			bad(msg)
		}
	}
	if !p.decorrelatedValid() {
		bad("Jitter DecorrelatedJitter needs a Backoff whose first delay is above zero")
	}
	return errors.Join(errs...)
}
