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
	if p.MaxDelay == 0 && c.delay > retry.DefaultMaxDelay {
		p.MaxDelay = c.delay // -delay above the default cap raises it
	}
	switch {
	case c.backoff.value == backoffConstant, c.backoff.value == backoffExponential && c.delay == 0:
		p.Backoff = retry.Constant(c.delay) // exponential growth of no wait is no wait
	case c.backoff.value == backoffLinear:
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
	if c.stopOut != nil && o.stopMatched {
		return "an output line matched -stop-if-output"
	}
	switch {
	case o.timedOut:
		if !c.retryTO {
			return "it timed out, and -retry-on-timeout is false"
		}
	case c.invert:
		// -until-fail: every attempt that got here exited 0, and is retried
	default:
		code := o.status()
		if c.neverOn.Has(code) {
			return "exit status " + itoa(code) + " is in -never-on"
		}
		if code == sigpipeStatus && !c.retryOn.Has(code) {
			return "killed by SIGPIPE: what reads its output has gone (list 141 in -retry-on to retry)"
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

// sigpipeStatus is the status of a command killed by SIGPIPE (signal 13),
// which a shell running it reports as its own exit status too.
const sigpipeStatus = exitSignalShift + 13
