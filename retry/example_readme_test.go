package retry_test

// Example_readme is the code of the README's "Getting started" section;
// internal/doccheck checks that the README's lines are in it.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/again-go/again/retry"
)

// ErrUnavailable is the README's stand-in for a service's "try later" error.
var ErrUnavailable = errors.New("user service unavailable")

// User is the README's stand-in for a typed result.
type User struct{ Name string }

// userClient is the README's stand-in for a client: it fails twice, then
// answers.
type userClient struct{ calls int }

func (c *userClient) GetUser(_ context.Context, id int) (User, error) {
	c.calls++
	if c.calls < 3 {
		return User{}, ErrUnavailable
	}
	return User{Name: fmt.Sprint("user ", id)}, nil
}

func Example_readme() {
	ctx := context.Background()
	client := &userClient{}
	id := 7

	// Defined once, shared by every goroutine; derive variants by copying.
	var policy = retry.Policy{
		MaxAttempts: 5, // calls, the first included
		Backoff:     retry.Exponential{Initial: 100 * time.Millisecond},
		MaxDelay:    5 * time.Second, // no wait is ever longer
		Retryable:   retry.Any(retry.On(ErrUnavailable), retry.OnType[*net.OpError]()),
	}
	policy.Backoff = retry.Constant(time.Millisecond) // for the example's speed

	user, err := retry.Retry(ctx, policy, func() (User, error) {
		return client.GetUser(ctx, id)
	})
	var re *retry.Error
	switch {
	case err == nil:
		fmt.Println(user.Name, client.calls)
	case errors.As(err, &re):
		fmt.Println("gave up:", re.Attempts)
	default:
		fmt.Println("not retried:", err)
	}
	// Output: user 7 3
}
