package retry

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestErrorMessage(t *testing.T) {
	last := errors.New("dial tcp: connection refused")
	tests := []struct {
		e    *Error
		want string
	}{
		{&Error{Reason: ErrExhausted, Last: last, Attempts: 5, Elapsed: 12345678901}, "retry: gave up after 5 attempts in 12.346s: dial tcp: connection refused"},
		{&Error{Reason: ErrExhausted, Last: last, Attempts: 1, Elapsed: 1500 * time.Microsecond}, "retry: gave up after 1 attempt in 1.5ms: dial tcp: connection refused"},
		{&Error{Reason: ErrMaxElapsed, Last: last, Attempts: 2, Elapsed: time.Minute}, "retry: gave up after 2 attempts in 1m0s: elapsed time limit reached: dial tcp: connection refused"},
		{&Error{Reason: ErrDeadlineTooNear, Last: last, Attempts: 2, Elapsed: 2 * time.Second}, "retry: gave up after 2 attempts in 2s: context deadline too near for another attempt: dial tcp: connection refused"},
		{&Error{Reason: context.Canceled, Last: last, Attempts: 3, Elapsed: 300}, "retry: gave up after 3 attempts in 300ns: context canceled: dial tcp: connection refused"},
		{&Error{Reason: context.Canceled}, "retry: stopped before the first attempt: context canceled"},
		{&Error{Reason: context.Canceled, Cause: errors.New("shutdown"), Last: last, Attempts: 2, Elapsed: time.Second}, "retry: gave up after 2 attempts in 1s: shutdown: dial tcp: connection refused"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorUnwrap(t *testing.T) {
	e := &Error{Reason: context.DeadlineExceeded, Last: fmt.Errorf("x: %w", errFlaky)}
	if !errors.Is(e, context.DeadlineExceeded) || !errors.Is(e, errFlaky) {
		t.Errorf("errors.Is on %v misses the reason or the last error", e)
	}
	if errors.Is(e, ErrExhausted) {
		t.Errorf("errors.Is(%v, ErrExhausted) = true", e)
	}
	if errors.Is(ErrDeadlineTooNear, context.Canceled) || !errors.Is(ErrDeadlineTooNear, context.DeadlineExceeded) {
		t.Error("ErrDeadlineTooNear should match context.DeadlineExceeded only")
	}
}

func TestHistoryBounded(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 100, 1001} {
		var h history
		all := make([]error, n)
		for i := range n {
			all[i] = fmt.Errorf("e%d", i)
			h.add(all[i])
		}
		got := h.list()
		var want []error
		if n <= keptErrors {
			want = all
		} else {
			want = append([]error{all[0]}, all[n-(keptErrors-1):]...)
		}
		if len(got) != len(want) {
			t.Fatalf("n=%d: list() has %d errors, want %d", n, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] { //nolint:errorlint // identity is the point
				t.Errorf("n=%d: list()[%d] = %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}

// TestErrorUnwrapAllocs checks that matching an *Error made by Retry
// allocates nothing, and that Unwrap follows fields changed afterwards.
func TestErrorUnwrapAllocs(t *testing.T) {
	_, err := Retry(context.Background(), Policy{MaxAttempts: 2, Backoff: Constant(0)}, fail)
	var target *Error
	if allocs := testing.AllocsPerRun(100, func() {
		_ = errors.Is(err, errFatal)
		_ = errors.Is(err, context.Canceled)
		_ = errors.As(err, &target)
	}); allocs != 0 {
		t.Errorf("errors.Is/As on *Error: %v allocations, want 0", allocs)
	}
	e := target
	e.Last = errFlaky
	if !errors.Is(e, errFlaky) || errors.Is(e, errFatal) {
		t.Error("Unwrap does not follow a changed Last")
	}
}

// incomparable is an error type that == would panic on.
type incomparable struct{ parts []string }

func (incomparable) Error() string { return "incomparable" }

func TestErrorUnwrapIncomparable(t *testing.T) {
	e := &Error{Reason: ErrExhausted, Last: incomparable{[]string{"a"}}}
	e.link()
	if !errors.Is(e, ErrExhausted) {
		t.Error("errors.Is misses the reason")
	}
	var ic incomparable
	if !errors.As(e, &ic) {
		t.Error("errors.As misses an incomparable Last")
	}
}

func TestErrorMessageUntimed(t *testing.T) {
	e := &Error{Reason: ErrMaxElapsed, Last: errFlaky, Attempts: 3, Elapsed: 2 * time.Second, FirstUntimed: true}
	if got, want := e.Error(), "retry: gave up after 3 attempts, 2s after the first returned: elapsed time limit reached: flaky"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
