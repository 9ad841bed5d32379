package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/again-go/again/retry"
)

// A budget shared by every call to one dependency lets a few calls retry,
// then stops retrying while the dependency keeps failing: each call then
// costs it one attempt instead of three. The error still says what the
// dependency said.
func ExampleNewBudget() {
	ctx := context.Background()
	budget := retry.NewBudget(10, 0.1) // gRPC's example: throttle above ~10% failures
	p := retry.Policy{MaxAttempts: 3, Backoff: retry.Constant(0), Budget: budget}

	down := func() (string, error) { return "", errUnavailable }
	for call := 1; call <= 4; call++ {
		_, err := retry.Retry(ctx, p, down)
		var e *retry.Error
		errors.As(err, &e)
		fmt.Printf("call %d: %d attempts, budget refused: %v, unavailable: %v\n",
			call, e.Attempts, errors.Is(err, retry.ErrBudgetExhausted), errors.Is(err, errUnavailable))
	}

	s := budget.Snapshot()
	fmt.Printf("%.1f of %d tokens left; retries allowed %d, refused %d\n", s.Tokens, s.MaxTokens, s.RetriesAllowed, s.RetriesRefused)
	// Output:
	// call 1: 3 attempts, budget refused: false, unavailable: true
	// call 2: 2 attempts, budget refused: true, unavailable: true
	// call 3: 1 attempts, budget refused: true, unavailable: true
	// call 4: 1 attempts, budget refused: true, unavailable: true
	// 3.0 of 10 tokens left; retries allowed 3, refused 3
}

// Example_budget is the code of the first snippet of docs/budgets.md: a
// budget in a Policy, and how a refusal is told apart.
func Example_budget() {
	ctx := context.Background()
	client := &userClient{} // fails twice, then answers
	id := 7

	// One budget per dependency, shared by every Policy and call that reaches it.
	var usersBudget = retry.NewBudget(10, 0.1)

	p := retry.Policy{MaxAttempts: 4, Budget: usersBudget}
	p.Backoff = retry.Constant(time.Millisecond) // for the example's speed
	user, err := retry.Retry(ctx, p, func() (User, error) { return client.GetUser(ctx, id) })
	if errors.Is(err, retry.ErrBudgetExhausted) {
		// The budget refused a retry; err still matches what GetUser returned.
		fmt.Println("refused:", errors.Is(err, ErrUnavailable))
		return
	}
	// Two failures took a token each, the success gave back 0.1.
	fmt.Println(user.Name, err, usersBudget.Snapshot().Tokens)
	// Output: user 7 <nil> 8.1
}
