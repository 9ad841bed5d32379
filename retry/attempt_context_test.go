package retry

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// hang waits until ctx ends and returns its error, as an operation that
// honours its context does when the other side never answers.
func hang(ctx context.Context) (int, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

func TestRetryContextGivesTheCallersContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "v")
	var got context.Context
	v, err := RetryContext(ctx, Policy{}, func(actx context.Context) (int, error) {
		got = actx
		return 1, nil
	})
	if v != 1 || err != nil {
		t.Fatalf("RetryContext = %v, %v; want 1, nil", v, err)
	}
	if got != ctx {
		t.Errorf("without AttemptTimeout, op got %v; want the caller's context itself", got)
	}
}

func TestRetryContextAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in full runs")
	}
	ctx := context.Background()
	shared := Policy{MaxAttempts: 5, Backoff: Constant(0), Retryable: On(errFlaky)}
	ok := func(context.Context) (int, error) { return 1, nil }
	bad := func(context.Context) (int, error) { return 0, errFatal }
	var n int
	flaky := func(context.Context) (int, error) {
		if n++; n%4 != 0 {
			return 0, errFlaky
		}
		return n, nil
	}
	tests := []struct {
		name string
		f    func()
	}{
		{"RetryContext first-try success, zero policy", func() { _, _ = RetryContext(ctx, Policy{}, ok) }},
		{"RetryContext first-try success", func() { _, _ = RetryContext(ctx, shared, ok) }},
		{"RetryContext not retryable", func() { _, _ = RetryContext(ctx, shared, bad) }},
		{"RetryContext three zero-wait failures then success", func() { _, _ = RetryContext(ctx, shared, flaky) }},
		{"RetryContextKeep first-try success", func() {
			_, done, _ := RetryContextKeep(ctx, shared, ok)
			done()
		}},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(200, tt.f); got != 0 {
			t.Errorf("%s: %v allocations per run, want 0", tt.name, got)
		}
	}
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	for _, classifier := range []struct {
		name string
		c    Classifier
	}{{"nil classifier", nil}, {"classifier that does not name it", On(errFlaky)}} {
		t.Run(classifier.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				var (
					at       []time.Duration
					retried  []error
					deadline []time.Duration
				)
				p := Policy{
					MaxAttempts:    4,
					Backoff:        Constant(100 * time.Millisecond),
					Jitter:         NoJitter{},
					AttemptTimeout: time.Second,
					Retryable:      classifier.c,
					Hooks:          Hooks{OnRetry: func(_ context.Context, e Attempt) { retried = append(retried, e.Err) }},
				}
				v, err := RetryContext(t.Context(), p, func(ctx context.Context) (int, error) {
					at = append(at, time.Since(start))
					d, _ := ctx.Deadline()
					deadline = append(deadline, d.Sub(start))
					if len(at) < 3 {
						return hang(ctx)
					}
					return len(at), nil
				})
				if v != 3 || err != nil {
					t.Fatalf("RetryContext = %v, %v; want 3, nil", v, err)
				}
				if diff := cmp.Diff(durations(time.Millisecond, 0, 1100, 2200), at); diff != "" {
					t.Errorf("call times (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(durations(time.Millisecond, 1000, 2100, 3200), deadline); diff != "" {
					t.Errorf("attempt deadlines (-want +got):\n%s", diff)
				}
				for _, e := range retried {
					if !errors.Is(e, ErrAttemptTimeout) || !errors.Is(e, context.DeadlineExceeded) {
						t.Errorf("retried error %v: want it to match ErrAttemptTimeout and what op returned", e)
					}
				}
				if len(retried) != 2 || retried[0].Error() != "attempt timed out after 1s: context deadline exceeded" {
					t.Errorf("retried errors %v; want two attempt timeouts", retried)
				}
			})
		})
	}
}

func TestAttemptTimeoutMarkedPermanentStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		_, err := RetryContext(t.Context(), Policy{AttemptTimeout: time.Second}, func(ctx context.Context) (int, error) {
			calls++
			<-ctx.Done()
			return 0, Permanent(ctx.Err())
		})
		if calls != 1 || !errors.Is(err, ErrAttemptTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("after %d calls err = %v; want 1 call and an attempt timeout", calls, err)
		}
		var e *Error
		if errors.As(err, &e) {
			t.Errorf("err is an *Error (%v); want the attempt's own error", e)
		}
	})
}

func TestCallersDeadlineIsNotAnAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		var deadlines []time.Duration
		p := Policy{MaxAttempts: 5, Backoff: Constant(0), AttemptTimeout: time.Second}
		v, err := RetryContext(ctx, p, func(actx context.Context) (int, error) {
			d, _ := actx.Deadline()
			deadlines = append(deadlines, d.Sub(start))
			return hang(actx)
		})
		if v != 0 || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrAttemptTimeout) {
			t.Fatalf("RetryContext = %v, %v; want the caller's deadline, not an attempt timeout", v, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Attempts != 2 || e.Reason != context.DeadlineExceeded { //nolint:errorlint // the reason is the sentinel itself
			t.Fatalf("err = %#v; want an *Error after 2 attempts for the caller's deadline", err)
		}
		if !errors.Is(e.Errors[0], ErrAttemptTimeout) {
			t.Errorf("first attempt's error %v; want an attempt timeout", e.Errors[0])
		}
		if diff := cmp.Diff(durations(time.Millisecond, 1000, 1500), deadlines); diff != "" {
			t.Errorf("attempt deadlines (-want +got): the timeout must not pass the caller's\n%s", diff)
		}
	})
}

func TestRetryContextEndsEachAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ctxs []context.Context
		p := Policy{MaxAttempts: 3, Backoff: Constant(time.Second), AttemptTimeout: time.Minute}
		_, err := RetryContext(t.Context(), p, func(ctx context.Context) (int, error) {
			ctxs = append(ctxs, ctx)
			if len(ctxs) > 1 && ctxs[len(ctxs)-2].Err() == nil {
				t.Errorf("attempt %d: the previous attempt's context is still alive", len(ctxs))
			}
			if len(ctxs) < 3 {
				return 0, errFlaky
			}
			return 1, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := ctxs[2].Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("last attempt's context after return: %v; want canceled", err)
		}
	})
}

func TestInvalidAttemptTimeout(t *testing.T) {
	calls := 0
	_, err := RetryContext(t.Context(), Policy{AttemptTimeout: -time.Second}, func(context.Context) (int, error) {
		calls++
		return 0, nil
	})
	if calls != 0 || !errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), "AttemptTimeout") {
		t.Errorf("after %d calls err = %v; want ErrInvalidPolicy naming AttemptTimeout, no call", calls, err)
	}
}

// body is a response body that can only be read while its context lives, as
// an HTTP response body is.
type body struct {
	ctx context.Context
	r   io.Reader
}

func (b *body) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	return b.r.Read(p)
}

func TestRetryContextKeepKeepsTheValuesContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var (
			ctxs    []context.Context
			retries int
		)
		p := Policy{
			MaxAttempts: 3, Backoff: Constant(time.Second), AttemptTimeout: time.Minute,
			Hooks: Hooks{OnRetry: func(context.Context, Attempt) {
				retries++
				if ctxs[len(ctxs)-1].Err() == nil {
					t.Error("a failed attempt's context is still alive after the user's OnRetry hook")
				}
			}},
		}
		b, done, err := RetryContextKeep(t.Context(), p, func(ctx context.Context) (*body, error) {
			ctxs = append(ctxs, ctx)
			if len(ctxs) < 2 {
				return nil, errFlaky
			}
			return &body{ctx: ctx, r: strings.NewReader("the whole body")}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Second) // the caller reads later
		got, err := io.ReadAll(b)
		if string(got) != "the whole body" || err != nil {
			t.Errorf("reading after the call: %q, %v; want the whole body", got, err)
		}
		if retries != 1 {
			t.Errorf("user's OnRetry called %d times, want 1", retries)
		}
		done()
		done() // harmless
		if !errors.Is(ctxs[1].Err(), context.Canceled) {
			t.Errorf("after done the kept context is %v; want canceled", ctxs[1].Err())
		}
	})
}

func TestRetryContextKeepWithoutTimeout(t *testing.T) {
	v, done, err := RetryContextKeep(t.Context(), Policy{}, func(ctx context.Context) (int, error) { return 7, nil })
	if v != 7 || err != nil || done == nil {
		t.Fatalf("RetryContextKeep = %v, %v, %v; want 7, a done func, nil", v, done == nil, err)
	}
	done()
	_, done, err = RetryContextKeep(t.Context(), Policy{MaxAttempts: -2}, func(ctx context.Context) (int, error) { return 7, nil })
	if done == nil || !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("invalid policy: done nil %v, err %v; want a done func and ErrInvalidPolicy", done == nil, err)
	}
	done()
}
