package retry

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"
)

// Reasons Retry gives up, matched with [errors.Is] on the returned error.
var (
	// ErrExhausted means the operation failed Policy.MaxAttempts times.
	ErrExhausted = errors.New("attempts exhausted")

	// ErrMaxElapsed means the next wait would have ended at or after
	// Policy.MaxElapsed.
	ErrMaxElapsed = errors.New("elapsed time limit reached")

	// ErrDeadlineTooNear means the next wait would have ended at or after the
	// context's deadline, so Retry gave up at once instead of sleeping to fail.
	// It also matches [context.DeadlineExceeded], since the caller's deadline
	// is why Retry stopped.
	ErrDeadlineTooNear error = deadlineTooNear{}
)

type deadlineTooNear struct{}

func (deadlineTooNear) Error() string { return "context deadline too near for another attempt" }

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

	// Elapsed is the time from the first call until Retry stopped. To keep a
	// first-try success free of clock reads, Retry starts the clock before the
	// first call only when the Policy has a MaxElapsed or a hook; otherwise it
	// starts when the first attempt returns, and Elapsed leaves out that
	// attempt's own running time.
	Elapsed time.Duration

	// Errors holds errors of the attempts, oldest first: all of them when there
	// were at most 8, otherwise the first and the 7 most recent, so memory stays
	// bounded however many attempts ran.
	Errors []error
}

// Error returns a one-line message such as
// "retry: gave up after 5 attempts in 12.3s: dial tcp: connection refused".
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "retry: "...)
	if e.Attempts == 0 {
		b = append(b, "stopped before the first attempt"...)
	} else {
		b = append(b, "gave up after "...)
		b = strconv.AppendInt(b, int64(e.Attempts), 10)
		if e.Attempts == 1 {
			b = append(b, " attempt in "...)
		} else {
			b = append(b, " attempts in "...)
		}
		b = append(b, roundElapsed(e.Elapsed).String()...)
	}
	switch {
	case e.Cause != nil: // says more than "context canceled"
		b = append(b, ": "...)
		b = append(b, e.Cause.Error()...)
	case e.Reason != nil && e.Reason != ErrExhausted: //nolint:errorlint // the plain reason needs no words
		b = append(b, ": "...)
		b = append(b, e.Reason.Error()...)
	}
	if e.Last != nil {
		b = append(b, ": "...)
		b = append(b, e.Last.Error()...)
	}
	return string(b)
}

// Unwrap returns Reason, Cause and Last, leaving out those that are nil, so
// that [errors.Is] and [errors.As] see each.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 3)
	for _, err := range [...]error{e.Reason, e.Cause, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
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

// list returns the kept errors, oldest first.
func (h *history) list() []error {
	if h.n <= keptErrors {
		return slices.Clone(h.errs[:h.n])
	}
	out := make([]error, 0, keptErrors)
	out = append(out, h.errs[0])
	start := 1 + (h.n-1)%(keptErrors-1) // oldest slot of the ring
	out = append(out, h.errs[start:]...)
	out = append(out, h.errs[1:start]...)
	return out
}
