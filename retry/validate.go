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
// factor below 1, a jitter fraction outside [0, 1], a nil BackoffFunc, or a
// first backoff delay above MaxDelay. Retry calls Validate before the
// operation runs.
func (p Policy) Validate() error { return p.validate() }

// validate is Validate without copying the Policy, for Retry's fast path: a
// valid Policy costs a few comparisons, and messages are built only when
// something is wrong.
func (p *Policy) validate() error {
	if p.MaxAttempts >= Unlimited && p.MaxElapsed >= 0 && p.MaxDelay >= 0 &&
		(p.Backoff == nil || p.backoffValid()) &&
		(p.Jitter == nil || p.Jitter.validate() == "") {
		return nil
	}
	return p.problems()
}

// backoffValid reports whether p.Backoff is valid, as backoffProblem would,
// without building a message: the built-in kinds are checked directly, with
// no call through the interface.
func (p *Policy) backoffValid() bool {
	capped := p.maxDelay()
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
	if first, capped := p.Backoff.Delay(1), p.maxDelay(); p.MaxDelay >= 0 && first > capped {
		which := "MaxDelay"
		if p.MaxDelay == 0 {
			which = "DefaultMaxDelay"
		}
		return fmt.Sprintf("Backoff's first delay %v is above %s %v (raise MaxDelay)", first, which, capped)
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
	return errors.Join(errs...)
}
