package retry_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/again-go/again/retry"
)

// Each attempt gets its own context, limited to AttemptTimeout: an attempt
// that hangs is cut off and tried again, instead of eating the caller's whole
// deadline.
func ExampleRetryContext() {
	calls := 0
	lookup := func(ctx context.Context) (string, error) {
		calls++
		if calls == 1 {
			<-ctx.Done() // the first attempt hangs until its own time is up
			return "", ctx.Err()
		}
		return "10.0.0.7", nil
	}
	p := retry.Policy{AttemptTimeout: 10 * time.Millisecond, Backoff: retry.Constant(0)}
	addr, err := retry.RetryContext(context.Background(), p, lookup)
	fmt.Println(addr, err, calls)
	// Output: 10.0.0.7 <nil> 2
}

// An attempt that runs out of its own time matches ErrAttemptTimeout; the
// caller's deadline never does.
func ExampleErrAttemptTimeout() {
	p := retry.Policy{MaxAttempts: 2, AttemptTimeout: time.Millisecond, Backoff: retry.Constant(0)}
	err := retry.Do(context.Background(), p, func() error { return nil }) // Do cannot apply it
	fmt.Println(errors.Is(err, retry.ErrInvalidPolicy))
	_, err = retry.RetryContext(context.Background(), p, func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	fmt.Println(errors.Is(err, retry.ErrExhausted), errors.Is(err, retry.ErrAttemptTimeout))
	// Output:
	// true
	// true true
}

// RetryContextKeep keeps the returned response's context alive until the
// caller has read the body.
func ExampleRetryContextKeep() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "the whole body")
	}))
	defer srv.Close()

	ctx := context.Background()
	get := func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			return nil, retry.Permanent(err)
		}
		return http.DefaultClient.Do(req)
	}
	p := retry.Policy{AttemptTimeout: 5 * time.Second}
	resp, done, err := retry.RetryContextKeep(ctx, p, get)
	defer done() // after the body has been read; on failure too
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	fmt.Println(string(body), err)
	// Output: the whole body <nil>
}

// Example_attemptTimeout is the code of docs/hedging.md's snippet on
// per-attempt timeouts.
func Example_attemptTimeout() {
	ctx := context.Background()
	client := &userClient{} // fails twice, then answers
	id := 7

	p := retry.Policy{MaxAttempts: 4, AttemptTimeout: 2 * time.Second}
	p.Backoff = retry.Constant(time.Millisecond) // for the example's speed
	user, err := retry.RetryContext(ctx, p, func(ctx context.Context) (User, error) {
		return client.GetUser(ctx, id)
	})
	fmt.Println(user.Name, err)
	// Output: user 7 <nil>
}

// The second attempt starts when the first has not answered within Delay;
// the first answer wins and the other attempt is cancelled.
func ExampleHedge() {
	var calls atomic.Int32
	read := func(ctx context.Context) (string, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done() // a slow replica: cancelled once the hedge has won
			return "", ctx.Err()
		}
		return "from the second replica", nil
	}
	p := retry.HedgePolicy{MaxAttempts: 2, Delay: 10 * time.Millisecond}
	v, err := retry.Hedge(context.Background(), p, read)
	fmt.Println(v, err)
	// Output: from the second replica <nil>
}

// HedgeKeep closes the losers' response bodies and keeps the winner's
// request alive until its body has been read.
func ExampleHedgeKeep() {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			<-r.Context().Done() // the first request is stuck
			return
		}
		_, _ = io.WriteString(w, "fast answer")
	}))
	defer srv.Close()

	get := func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			return nil, retry.Permanent(err)
		}
		return http.DefaultClient.Do(req) // GET is safe to send twice
	}
	closeBody := func(resp *http.Response) {
		if resp != nil {
			_ = resp.Body.Close() // a loser's body
		}
	}
	ctx := context.Background()
	p := retry.HedgePolicy{MaxAttempts: 2, Delay: 40 * time.Millisecond}
	resp, done, err := retry.HedgeKeep(ctx, p, get, closeBody)
	defer done()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	fmt.Println(string(body), err)
	// Output: fast answer <nil>
}

// A Budget shared by a Policy and a HedgePolicy that reach one dependency:
// once failures have drained it to half, no hedge starts, but the attempt
// already running is never cancelled and still answers.
func ExampleHedgePolicy_budget() {
	ctx := context.Background()
	usersBudget := retry.NewBudget(10, 0.1) // one per dependency, for retries and hedges alike

	// An outage: the retries of a failing call take the budget down to half.
	down := func() error { return errUnavailable }
	err := retry.Do(ctx, retry.Policy{MaxAttempts: 10, Backoff: retry.Constant(0), Budget: usersBudget}, down)
	fmt.Println(errors.Is(err, retry.ErrBudgetExhausted), usersBudget.Snapshot().Tokens)

	var calls atomic.Int32
	read := func(ctx context.Context) (string, error) {
		calls.Add(1)
		select {
		case <-time.After(20 * time.Millisecond): // slower than the hedge delay
			return "slow but sure", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	p := retry.HedgePolicy{MaxAttempts: 3, Delay: 5 * time.Millisecond, Budget: usersBudget}
	v, err := retry.Hedge(ctx, p, read)
	if errors.Is(err, retry.ErrBudgetExhausted) {
		// Refused, and every attempt that ran failed; err matches the last one's error.
		fmt.Println(err)
		return
	}
	fmt.Println(v, err, calls.Load())
	// Output:
	// true 5
	// slow but sure <nil> 1
}
