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
// fault:
//
//   - a negative MaxAttempts other than Unlimited, or a negative MaxElapsed,
//     MaxDelay or AttemptTimeout;
//   - a Backoff with a negative field, an Exponential with a zero Initial (it
//     could never wait; use Constant(0) to retry at once) or a Factor below 1,
//     or a nil BackoffFunc;
//   - a Backoff whose first delay is above the cap (MaxDelay, or
//     DefaultMaxDelay when MaxDelay is zero): every wait would be cut to the
//     cap, so the delay written is never the delay waited. This rule is the
//     same for every kind; later delays that grow past the cap are cut, which
//     is what a cap is for;
//   - a ProportionalJitter fraction outside [0, 1], or DecorrelatedJitter
//     over a first delay of zero (it would never wait);
//   - a Budget made by NewBudget with parameters out of range.
//
// To check the first delay of a Backoff of your own, Validate calls its
// Delay(1), so Retry calls it once per call, before the operation; the
// built-in kinds are checked without a call. Retry calls Validate before the
// operation runs.
func (p Policy) Validate() error { return p.validate() }

// validate is Validate without copying the Policy.
func (p *Policy) validate() error {
	if p.valid() {
		return nil
	}
	if err := p.problems(); err != nil {
		return err
	}
	// valid and problems disagree only when Delay(1) of a Backoff of the
	// caller's own gives different answers.
	return fmt.Errorf("%w: Backoff's Delay(1) changed between two calls: a Backoff must be a pure function of n", ErrInvalidPolicy)
}

// valid reports whether p is valid, without building a message. It is on
// every call's path, so the built-in kinds are checked with a comparison of
// type words each, most common first, and no call through an interface but a
// custom Backoff's Delay(1).
func (p *Policy) valid() bool {
	if p.MaxAttempts < Unlimited || p.MaxElapsed < 0 || p.MaxDelay < 0 || p.AttemptTimeout < 0 || !p.Budget.valid() {
		return false
	}
	if p.Backoff == nil && p.Jitter == nil {
		return true
	}
	first, ok := p.firstDelay()
	if !ok {
		return false
	}
	if p.Jitter == nil {
		return true
	}
	if _, ok := p.Jitter.(NoJitter); ok {
		return true
	}
	if j, ok := p.Jitter.(ProportionalJitter); ok {
		return j >= 0 && j <= 1
	}
	if _, ok := p.Jitter.(DecorrelatedJitter); ok {
		return first > 0
	}
	switch p.Jitter.(type) {
	case FullJitter, EqualJitter:
		return true
	}
	return false // a pointer to a jitter value: the set is closed to values
}

// firstDelay returns the delay before the first retry and whether the
// Backoff is valid: no negative field, a first delay within the cap.
func (p *Policy) firstDelay() (time.Duration, bool) {
	capped := p.MaxDelay
	if capped == 0 {
		capped = DefaultMaxDelay
	}
	var d time.Duration
	if b, ok := p.Backoff.(Exponential); ok {
		if !(b.Factor == 0 || (b.Factor >= 1 && b.Factor <= math.MaxFloat64)) {
			return 0, false
		}
		return b.Initial, b.Initial > 0 && b.Initial <= capped
	} else if b, ok := p.Backoff.(Constant); ok {
		d = time.Duration(b)
	} else if p.Backoff == nil {
		return min(DefaultInitialDelay, capped), true
	} else if b, ok := p.Backoff.(Linear); ok {
		if b.Step < 0 {
			return 0, false
		}
		d = b.Initial
	} else if b, ok := p.Backoff.(BackoffFunc); ok {
		if b == nil {
			return 0, false
		}
		d = max(b(1), 0)
	} else {
		d = max(p.Backoff.Delay(1), 0) // negative counts as zero, as for every wait
	}
	return d, d >= 0 && d <= capped
}

// problems returns an error naming every field at fault, or nil.
func (p *Policy) problems() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s", ErrInvalidPolicy, fmt.Sprintf(format, args...)))
	}
	if p.MaxAttempts < Unlimited {
		bad("MaxAttempts %d is negative (use Unlimited for no limit)", p.MaxAttempts)
	}
	if p.MaxElapsed < 0 {
		bad("MaxElapsed %v is negative", p.MaxElapsed)
	}
	if p.MaxDelay < 0 {
		bad("MaxDelay %v is negative", p.MaxDelay)
	}
	if p.AttemptTimeout < 0 {
		bad("AttemptTimeout %v is negative", p.AttemptTimeout)
	}
	first, backoffOK := p.firstDelay()
	if p.MaxDelay >= 0 && !backoffOK {
		if msg := validateBackoff(p.Backoff); msg != "" {
			bad("%s", msg)
		} else {
			d := p.Backoff.Delay(1)
			if p.MaxDelay == 0 {
				bad("Backoff's first delay %v is above the cap, DefaultMaxDelay %v, since MaxDelay is zero: every wait would be cut (set MaxDelay to at least %v, or lower the delay)", d, DefaultMaxDelay, d)
			} else {
				bad("Backoff's first delay %v is above MaxDelay %v: every wait would be cut (raise MaxDelay, or lower the delay)", d, p.MaxDelay)
			}
		}
	}
	if !p.Budget.valid() {
		bad("%s", p.Budget.why())
	}
	switch j := p.Jitter.(type) {
	case nil, NoJitter, FullJitter, EqualJitter:
	case ProportionalJitter:
		if !(j >= 0 && j <= 1) {
			bad("Jitter ProportionalJitter(%v) is outside [0, 1]", float64(j))
		}
	case DecorrelatedJitter:
		if backoffOK && first <= 0 {
			bad("Jitter DecorrelatedJitter needs a Backoff whose first delay is above zero")
		}
	default:
		bad("Jitter %T is not one of the jitter values (use the value, not a pointer to it)", j)
	}
	return errors.Join(errs...)
}
