package main

import (
	"errors"

	"github.com/again-go/again/retry"
)

// policy builds the retry.Policy the flags describe, each flag setting one
// field. It sets no Hooks; the caller adds them.
func (c *config) policy() retry.Policy {
	p := retry.Policy{
		MaxAttempts: int(c.attempts),
		MaxElapsed:  c.maxTime,
		MaxDelay:    c.maxDelay,
		Retryable:   c.retryable,
	}
	switch c.backoff.value {
	case backoffConstant:
		p.Backoff = retry.Constant(c.delay)
	case backoffLinear:
		p.Backoff = retry.Linear{Initial: c.delay, Step: c.linearStep()}
	default:
		p.Backoff = retry.Exponential{Initial: c.delay, Factor: c.factor}
	}
	switch c.jitter.value {
	case jitterNone:
		p.Jitter = retry.NoJitter{}
	case jitterFull:
		p.Jitter = retry.FullJitter{}
	case jitterEqual:
		p.Jitter = retry.EqualJitter{}
	case jitterDecorrelated:
		p.Jitter = retry.DecorrelatedJitter{}
	default:
		p.Jitter = retry.ProportionalJitter(c.jitterFraction)
	}
	return p
}

// retryable is the policy's retry.Classifier: it reports whether a failed
// attempt should be retried.
func (c *config) retryable(err error) bool {
	return c.whyNot(err) == ""
}

// whyNot returns why the attempt that failed with err is not retried, or ""
// when it is. Errors other than an *attemptError (a command that cannot be
// started) are not retried.
func (c *config) whyNot(err error) string {
	var ae *attemptError
	if !errors.As(err, &ae) {
		return "the command cannot be run"
	}
	o := ae.outcome
	if !o.timedOut {
		code := o.status()
		if c.neverOn.Has(code) {
			return "exit status " + itoa(code) + " is in -never-on"
		}
		if !c.retryOn.Empty() && !c.retryOn.Has(code) {
			return "exit status " + itoa(code) + " is not in -retry-on"
		}
	}
	if c.output != nil && !o.matched {
		return "no output line matched -retry-if-output"
	}
	return ""
}
