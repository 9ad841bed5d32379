package retry

import (
	"errors"
	"fmt"
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
func (p Policy) Validate() error {
	// The checks are plain comparisons so that a valid Policy costs a few
	// nanoseconds; fmt runs only when something is wrong.
	if p.MaxAttempts >= Unlimited && p.MaxElapsed >= 0 && p.MaxDelay >= 0 &&
		p.Backoff == nil && p.Jitter == nil {
		return nil
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidPolicy}, args...)...))
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
	if p.Backoff != nil {
		if msg := validateBackoff(p.Backoff); msg != "" {
			bad("%s", msg)
		} else if first, capped := p.Backoff.Delay(1), p.maxDelay(); p.MaxDelay >= 0 && first > capped {
			which := "MaxDelay"
			if p.MaxDelay == 0 {
				which = "DefaultMaxDelay"
			}
			bad("Backoff's first delay %v is above %s %v (raise MaxDelay)", first, which, capped)
		}
	}
	if p.Jitter != nil {
		if msg := p.Jitter.validate(); msg != "" {
			bad("%s", msg)
		}
	}
	return errors.Join(errs...)
}
