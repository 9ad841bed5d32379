package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/again-go/again/retry"
)

// storage stands for a library that exports the policy it retries with.
var storage = struct {
	ErrThrottled error
	Policy       retry.Policy
}{
	ErrThrottled: errors.New("storage: throttled"),
}

func init() {
	// The library's base policy: what it retries, how often, with its own
	// metrics hook.
	storage.Policy = retry.Policy{
		MaxAttempts: 3,
		Backoff:     retry.Exponential{Initial: time.Millisecond},
		Retryable:   retry.On(storage.ErrThrottled),
		Hooks: retry.Hooks{OnDone: func(_ context.Context, o retry.Outcome) {
			fmt.Printf("storage metrics: attempts=%d reason=%v\n", o.Attempts, o.Reason)
		}},
	}
}

// A library exports a base Policy; a caller derives a variant with more
// attempts, one more error to retry and its own logging hook, and the
// library's value stays as it was.
func ExampleJoinHooks() {
	errBusy := errors.New("app: busy")

	p := storage.Policy // a copy: changing it leaves storage.Policy alone
	p.MaxAttempts = 5
	p.Retryable = retry.Any(storage.Policy.Retryable, retry.On(errBusy))
	p.Hooks = retry.JoinHooks(p.Hooks, retry.Hooks{
		OnRetry: func(_ context.Context, a retry.Attempt) {
			fmt.Printf("app log: attempt %d failed: %v\n", a.N, a.Err)
		},
	})

	calls := 0
	_, err := retry.Retry(context.Background(), p, func() (string, error) {
		calls++
		switch calls {
		case 1:
			return "", storage.ErrThrottled
		case 2:
			return "", errBusy
		}
		return "ok", nil
	})
	fmt.Println("err:", err)
	fmt.Println("library's policy unchanged:", storage.Policy.MaxAttempts == 3)
	// Output:
	// app log: attempt 1 failed: storage: throttled
	// app log: attempt 2 failed: app: busy
	// storage metrics: attempts=3 reason=<nil>
	// err: <nil>
	// library's policy unchanged: true
}
