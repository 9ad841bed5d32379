package retry

import (
	"errors"
	"time"
)

var (
	errFlaky = errors.New("flaky")
	errFatal = errors.New("fatal")
)

// recorder is an operation that fails with errs in turn, then succeeds with
// the number of calls, and records when each call was made.
type recorder struct {
	start time.Time
	errs  []error
	at    []time.Duration
}

func newRecorder(errs ...error) *recorder { return &recorder{start: time.Now(), errs: errs} }

func (r *recorder) op() (int, error) {
	r.at = append(r.at, time.Since(r.start))
	if n := len(r.at); n <= len(r.errs) {
		return n, r.errs[n-1]
	}
	return len(r.at), nil
}

func (r *recorder) calls() int { return len(r.at) }

// failing returns n copies of err.
func failing(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}

// exact is a policy with no jitter, so waits are exact.
func exact(p Policy) Policy {
	if p.Jitter == nil {
		p.Jitter = NoJitter{}
	}
	return p
}

// durations builds a slice of durations from multiples of unit.
func durations(unit time.Duration, ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * unit
	}
	return out
}

// sameError reports whether a and b are the identical error value.
func sameError(a, b error) bool { return a == b } //nolint:errorlint // identity is the point

// schedule returns the schedule a call with p would use.
func (p *Policy) schedule() schedule {
	var s schedule
	s.init(p)
	return s
}
