package retry

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reasons Retry gives up, matched with [errors.Is] on the returned error.
var (
	// ErrExhausted means the operation failed Policy.MaxAttempts times.
	ErrExhausted = errors.New("retry: attempts exhausted")

	// ErrMaxElapsed means the next wait would have ended at or after
	// Policy.MaxElapsed.
	ErrMaxElapsed = errors.New("retry: elapsed time limit reached")

	// ErrDeadlineTooNear means the next wait would have ended at or after the
	// context's deadline, so Retry gave up at once instead of sleeping to fail.
	// It also matches [context.DeadlineExceeded], since the caller's deadline
	// is why Retry stopped.
	ErrDeadlineTooNear error = deadlineTooNear{}

	// ErrNotRetryable is the Reason an [Outcome] gives when the call ended on
	// an error the policy does not retry. Retry never returns it: such an error
	// comes back unchanged.
	ErrNotRetryable = errors.New("retry: error not retryable")
)

type deadlineTooNear struct{}

func (deadlineTooNear) Error() string {
	return "retry: context deadline too near for another attempt"
}

func (deadlineTooNear) Is(target error) bool { return target == context.DeadlineExceeded }

// keptErrors is how many errors an Error keeps: the first and the most recent.
const keptErrors = 8

// Error is returned by [Retry] when it stops without success for a reason of
// its own: it gave up (attempts or time used up) or the context ended. An
// error the policy does not retry is returned unchanged, never as an *Error.
//
// Error matches Reason, Cause and Last with [errors.Is] and [errors.As], so
// callers can test why Retry stopped (context.Canceled, say, or the cause they
// gave) and what the operation said, through the same value.
type Error struct {
	// Reason says why Retry stopped: ErrExhausted, ErrMaxElapsed,
	// ErrDeadlineTooNear, ErrBudgetExhausted, or the caller's context's Err
	// (context.Canceled or context.DeadlineExceeded).
	Reason error

	// Cause is the context's cause (context.Cause), when the context ended
	// with one other than its Err; nil otherwise.
	Cause error

	// Last is the error of the last attempt; nil if the context ended before
	// the first call.
	Last error

	// Attempts is how many times the operation was called.
	Attempts int

	// Elapsed is the time from the first call until Retry stopped, when
	// FirstUntimed is false. To keep a first-try success free of clock reads,
	// Retry reads the clock before the first call only when the Policy has a
	// MaxElapsed or a hook; otherwise the clock starts when the first attempt
	// returns, Elapsed leaves out that attempt's own running time, and
	// FirstUntimed says so (the message too).
	Elapsed time.Duration

	// FirstUntimed reports that Elapsed leaves out the running time of the
	// first attempt; see Elapsed.
	FirstUntimed bool

	// Errors holds errors of the attempts, oldest first: all of them when there
	// were at most 8, otherwise the first and the 7 most recent, so memory stays
	// bounded however many attempts ran.
	Errors []error

	// links is what Unwrap returns, built once by Retry so that errors.Is and
	// errors.As allocate nothing; Unwrap checks it against the fields.
	links [3]error
	nlink int
}

// Error returns a one-line message such as
// "retry: gave up after 5 attempts in 12.3s: dial tcp: connection refused".
// When the first attempt was not timed (see Elapsed) it says so: "gave up
// after 5 attempts, 12.3s after the first returned".
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "retry: "...)
	if e.Attempts == 0 {
		b = append(b, "stopped before the first attempt"...)
	} else {
		b = append(b, "gave up after "...)
		b = strconv.AppendInt(b, int64(e.Attempts), 10)
		if e.Attempts == 1 {
			b = append(b, " attempt"...)
		} else {
			b = append(b, " attempts"...)
		}
		if e.FirstUntimed {
			b = append(b, ", "...)
			b = append(b, roundElapsed(e.Elapsed).String()...)
			b = append(b, " after the first returned"...)
		} else {
			b = append(b, " in "...)
			b = append(b, roundElapsed(e.Elapsed).String()...)
		}
	}
	switch {
	case e.Cause != nil: // says more than "context canceled"
		b = append(b, ": "...)
		b = append(b, e.Cause.Error()...)
	case e.Reason != nil && e.Reason != ErrExhausted: //nolint:errorlint // the plain reason needs no words
		b = append(b, ": "...)
		b = append(b, strings.TrimPrefix(e.Reason.Error(), "retry: ")...)
	}
	if e.Last != nil {
		b = append(b, ": "...)
		b = append(b, e.Last.Error()...)
	}
	return string(b)
}

// Unwrap returns Reason, Cause and Last, leaving out those that are nil, so
// that [errors.Is] and [errors.As] see each. For an Error made by Retry and
// not changed since, it allocates nothing.
func (e *Error) Unwrap() []error {
	var errs [3]error
	n := 0
	for _, err := range [...]error{e.Reason, e.Cause, e.Last} {
		if err != nil {
			errs[n] = err
			n++
		}
	}
	if n == e.nlink && same(errs[0], e.links[0]) && same(errs[1], e.links[1]) && same(errs[2], e.links[2]) {
		return e.links[:n:n]
	}
	return slices.Clone(errs[:n])
}

// same reports whether a and b are the identical error, without the panic ==
// gives for two values of one incomparable type.
func same(a, b error) bool {
	if a == nil || b == nil {
		return a == b //nolint:errorlint // identity
	}
	t := reflect.TypeOf(a)
	return t == reflect.TypeOf(b) && t.Comparable() && a == b //nolint:errorlint // identity
}

// link records what Unwrap returns.
func (e *Error) link() {
	e.links, e.nlink = [3]error{}, 0
	for _, err := range [...]error{e.Reason, e.Cause, e.Last} {
		if err != nil {
			e.links[e.nlink] = err
			e.nlink++
		}
	}
}

// roundElapsed keeps messages short: milliseconds above a second,
// microseconds above a millisecond.
func roundElapsed(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Microsecond)
	}
	return d
}

// history keeps the first error and the most recent ones of a call, in a
// fixed array so that recording allocates nothing.
type history struct {
	n    int // errors recorded
	errs [keptErrors]error
}

func (h *history) add(err error) {
	if h.n < keptErrors {
		h.errs[h.n] = err
	} else {
		// Slot 0 keeps the first error; slots 1.. are a ring of the recent ones.
		h.errs[1+(h.n-1)%(keptErrors-1)] = err
	}
	h.n++
}

// list returns the kept errors, oldest first, in a new slice.
func (h *history) list() []error {
	return h.appendTo(make([]error, 0, min(h.n, keptErrors)))
}

// appendTo appends the kept errors, oldest first, to out.
func (h *history) appendTo(out []error) []error {
	if h.n <= keptErrors {
		return append(out, h.errs[:h.n]...)
	}
	out = append(out, h.errs[0])
	start := 1 + (h.n-1)%(keptErrors-1) // oldest slot of the ring
	out = append(out, h.errs[start:]...)
	return append(out, h.errs[1:start]...)
}
