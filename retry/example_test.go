package retry_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"time"

	"github.com/again-go/again/retry"
)

var errUnavailable = errors.New("service unavailable")

// flakyFetch fails twice, then returns a greeting.
func flakyFetch() func() (string, error) {
	calls := 0
	return func() (string, error) {
		calls++
		if calls < 3 {
			return "", errUnavailable
		}
		return "hello", nil
	}
}

func ExampleRetry() {
	ctx := context.Background()
	p := retry.Policy{Backoff: retry.Constant(time.Millisecond)}

	greeting, err := retry.Retry(ctx, p, flakyFetch())
	fmt.Println(greeting, err)
	// Output: hello <nil>
}

func ExampleDo() {
	attempts := 0
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, Backoff: retry.Constant(0)}, func() error {
		attempts++
		return errUnavailable
	})
	fmt.Println(attempts, "attempts")
	fmt.Println(errors.Is(err, retry.ErrExhausted), errors.Is(err, errUnavailable))
	// Output:
	// 3 attempts
	// true true
}

// Once a policy names what retries, everything else comes back at once,
// unchanged.
func ExampleOn() {
	p := retry.Policy{
		Backoff:   retry.Constant(0),
		Retryable: retry.On(errUnavailable),
	}
	errDenied := errors.New("permission denied")
	attempts := 0
	err := retry.Do(context.Background(), p, func() error {
		attempts++
		return errDenied
	})
	fmt.Println(attempts, err == errDenied) //nolint:errorlint // identity is the point
	// Output: 1 true
}

func ExampleOnType() {
	// Retry network operation errors and "service unavailable", nothing else.
	p := retry.Policy{
		Backoff: retry.Constant(0),
		Retryable: retry.Any(
			retry.OnType[*net.OpError](),
			retry.On(errUnavailable),
		),
	}
	attempts := 0
	err := retry.Do(context.Background(), p, func() error {
		attempts++
		if attempts == 1 {
			return &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		}
		return &fs.PathError{Op: "open", Path: "config.json", Err: fs.ErrNotExist}
	})
	fmt.Println(attempts, err)
	// Output: 2 open config.json: file does not exist
}

// Check retries results that are not acceptable, here an empty page.
func ExampleCheck() {
	pages := [][]string{{}, {}, {"a", "b"}}
	call := 0
	fetchPage := func() ([]string, error) {
		call++
		return pages[call-1], nil
	}
	errEmpty := errors.New("empty page")
	p := retry.Policy{Backoff: retry.Constant(0), Retryable: retry.On(errEmpty)}

	page, err := retry.Retry(context.Background(), p, retry.Check(fetchPage, func(page []string) error {
		if len(page) == 0 {
			return errEmpty
		}
		return nil
	}))
	fmt.Println(page, err, call)
	// Output: [a b] <nil> 3
}

// A library exports a base policy; callers derive variants by copying it,
// which never changes the original.
func ExamplePolicy() {
	// In package store:
	var DefaultPolicy = retry.Policy{
		MaxAttempts: 5,
		Backoff:     retry.Exponential{Initial: 50 * time.Millisecond},
		MaxDelay:    2 * time.Second,
		Retryable:   retry.On(errUnavailable),
	}

	// In a caller that can wait longer. The copy shares DefaultPolicy's
	// Retryable (funcs and interfaces are shared, and the built-in ones are
	// immutable); changing a field of the copy never changes the original.
	patient := DefaultPolicy
	patient.MaxAttempts = 10
	patient.Backoff = retry.Constant(0) // for the example's speed

	attempts := 0
	err := retry.Do(context.Background(), patient, func() error {
		if attempts++; attempts < 8 {
			return errUnavailable
		}
		return nil
	})
	fmt.Println(attempts, err, DefaultPolicy.MaxAttempts)
	// Output: 8 <nil> 5
}

// Delays shows the waits a policy would choose, without waiting.
func ExamplePolicy_Delays() {
	p := retry.Policy{
		MaxAttempts: 6,
		Backoff:     retry.Exponential{Initial: time.Second},
		MaxDelay:    10 * time.Second,
		Jitter:      retry.NoJitter{},
	}
	fmt.Println(slices.Collect(p.Delays()))

	// With jitter, a seeded source makes the waits repeatable.
	p.Jitter = retry.FullJitter{}
	p.Rand = rand.New(rand.NewPCG(1, 2))
	for d := range p.Delays() {
		fmt.Println(d.Round(time.Millisecond))
	}
	// Output:
	// [1s 2s 4s 8s 10s]
	// 676ms
	// 923ms
	// 2.034s
	// 3.438s
	// 7.978s
}

func ExamplePolicy_Validate() {
	p := retry.Policy{MaxAttempts: -2, Jitter: retry.ProportionalJitter(1.5)}
	err := p.Validate()
	fmt.Println(errors.Is(err, retry.ErrInvalidPolicy))
	fmt.Println(err)
	// Output:
	// true
	// retry: invalid policy: MaxAttempts -2 is negative (use Unlimited for no limit)
	// retry: invalid policy: Jitter ProportionalJitter(1.5) is outside [0, 1]
}

func ExamplePermanent() {
	errBadInput := errors.New("bad input")
	attempts := 0
	err := retry.Do(context.Background(), retry.Policy{}, func() error {
		attempts++
		return retry.Permanent(errBadInput)
	})
	fmt.Println(attempts, err == errBadInput) //nolint:errorlint // identity is the point
	// Output: 1 true
}

// After carries a server's hint, such as an HTTP Retry-After header. The hint
// replaces the backoff for that wait but never passes MaxDelay.
func ExampleAfter() {
	p := retry.Policy{
		MaxDelay: 5 * time.Millisecond,
		Hooks: retry.Hooks{OnRetry: func(_ context.Context, e retry.Attempt) {
			fmt.Println("waiting", e.Wait, "hinted:", e.Hinted)
		}},
	}
	attempts := 0
	_ = retry.Do(context.Background(), p, func() error {
		if attempts++; attempts == 1 {
			return retry.After(time.Hour, errUnavailable) // server said: in an hour
		}
		return nil
	})
	// Output: waiting 5ms hinted: true
}

// Error tells why Retry gave up, and keeps the operation's error.
func ExampleError() {
	_, err := retry.Retry(context.Background(), retry.Policy{MaxAttempts: 2, Backoff: retry.Constant(0)}, func() (int, error) {
		return 0, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	})
	var re *retry.Error
	if errors.As(err, &re) {
		fmt.Println(re.Attempts, re.Reason, len(re.Errors))
	}
	var opErr *net.OpError
	fmt.Println(errors.As(err, &opErr), opErr.Op)
	// Output:
	// 2 retry: attempts exhausted 2
	// true dial
}

func ExampleLogHooks() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "elapsed" {
				return slog.Attr{} // keep the example's output stable
			}
			return a
		},
	}))
	p := retry.Policy{
		Backoff: retry.Constant(time.Millisecond),
		Jitter:  retry.NoJitter{},
		Hooks:   retry.LogHooks(logger, slog.LevelWarn),
	}
	_, _ = retry.Retry(context.Background(), p, flakyFetch())
	// Output:
	// level=WARN msg=retrying attempt=1 wait=1ms hinted=false error="service unavailable"
	// level=WARN msg=retrying attempt=2 wait=1ms hinted=false error="service unavailable"
	// level=WARN msg="retry succeeded" attempts=3
}
