package retry_test

// The examples in this file are the recipes of docs/cookbook.md. Each recipe
// names the example it was copied from; keep the two in step.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/again-go/again/retry"
)

// Network errors: retry refused and reset connections and timeouts, nothing
// else. errors.Is finds the syscall error inside *net.OpError and
// *os.SyscallError; OnTypeIf finds any net.Error whose Timeout() is true.
func Example_cookbookNetwork() {
	retryableNet := retry.Any(
		retry.On(syscall.ECONNREFUSED, syscall.ECONNRESET),
		retry.OnTypeIf(func(e net.Error) bool { return e.Timeout() }),
	)
	p := retry.Policy{
		Backoff:   retry.Exponential{Initial: 100 * time.Millisecond},
		Retryable: retryableNet,
	}

	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	reset := fmt.Errorf("read reply: %w", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})
	noHost := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "db.invalid", IsNotFound: true}}
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	for _, err := range []error{refused, reset, noHost, timeout, io.EOF} {
		fmt.Println(p.Retryable(err))
	}
	// Output:
	// true
	// true
	// false
	// true
	// false
}

// A real connection refused, on the loopback interface: the error from
// net.Dial is retried and comes back inside *retry.Error when the attempts
// are used up.
func Example_cookbookNetworkDial() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nobody listens there now

	p := retry.Policy{
		MaxAttempts: 3,
		Backoff:     retry.Constant(time.Millisecond),
		Retryable:   retry.On(syscall.ECONNREFUSED, syscall.ECONNRESET),
	}
	ctx := context.Background()
	var d net.Dialer
	calls := 0
	conn, err := retry.Retry(ctx, p, func() (net.Conn, error) {
		calls++
		return d.DialContext(ctx, "tcp", addr)
	})
	if conn != nil {
		_ = conn.Close()
	}
	fmt.Println(calls)
	fmt.Println(errors.Is(err, retry.ErrExhausted), errors.Is(err, syscall.ECONNREFUSED))
	// Output:
	// 3
	// true true
}

// statusError is an HTTP status the caller may want to retry.
type statusError struct {
	Code int
}

func (e *statusError) Error() string { return "HTTP " + strconv.Itoa(e.Code) }

// retryableStatus lists the statuses worth another try for an idempotent
// request.
func retryableStatus(e *statusError) bool {
	switch e.Code {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkStatus turns a response that should be retried into an error. It
// closes the body of a rejected response, and passes a Retry-After header in
// seconds on as a hint.
func checkStatus(resp *http.Response) error {
	if resp.StatusCode < 400 {
		return nil
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	var err error = &statusError{Code: resp.StatusCode}
	if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil {
		err = retry.After(time.Duration(s)*time.Second, err)
	}
	return err
}

// HTTP statuses without a transport package: Check turns a 503 into a failed
// attempt, the policy says which statuses retry, and each attempt builds a
// new request so that a body would be sent again in full.
func Example_cookbookHTTPStatus() {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hits.Add(1) < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()

	p := retry.Policy{
		MaxAttempts: 5,
		Backoff:     retry.Exponential{Initial: 100 * time.Millisecond},
		MaxDelay:    10 * time.Second, // also caps a server's Retry-After
		Retryable: retry.Any(
			retry.OnTypeIf(retryableStatus),
			retry.On(syscall.ECONNREFUSED, syscall.ECONNRESET),
		),
	}
	ctx := context.Background()
	get := func() (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			return nil, retry.Permanent(err)
		}
		return srv.Client().Do(req)
	}

	resp, err := retry.Retry(ctx, p, retry.Check(get, checkStatus))
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body), hits.Load())
	// Output: 200 ok 3
}

// rpcCode stands for google.golang.org/grpc/codes.Code in this example.
type rpcCode uint32

// The gRPC codes used below, with gRPC's numbers.
const (
	codeDeadlineExceeded  rpcCode = 4
	codeResourceExhausted rpcCode = 8
	codeUnavailable       rpcCode = 14
	codeInvalidArgument   rpcCode = 3
)

// rpcError stands for a gRPC status error.
type rpcError struct{ code rpcCode }

func (e *rpcError) Error() string    { return fmt.Sprintf("rpc error: code = %d", e.code) }
func (e *rpcError) RPCCode() rpcCode { return e.code }

// rpcCoder is the interface the classifier looks for in the chain. With
// gRPC, use interface{ GRPCStatus() *status.Status } and read
// GRPCStatus().Code() instead.
type rpcCoder interface {
	error
	RPCCode() rpcCode
}

// gRPC status codes: OnTypeIf with an interface type finds any error in the
// chain that has the method, so the retry package never imports gRPC.
func Example_cookbookGRPC() {
	retryableRPC := retry.OnTypeIf(func(e rpcCoder) bool {
		switch e.RPCCode() {
		case codeUnavailable, codeResourceExhausted:
			return true
		}
		return false
	})
	p := retry.Policy{
		Backoff:   retry.Constant(time.Millisecond),
		Retryable: retryableRPC,
	}

	calls := 0
	err := retry.Do(context.Background(), p, func() error {
		calls++
		if calls < 3 {
			return fmt.Errorf("GetUser: %w", &rpcError{codeUnavailable})
		}
		return &rpcError{codeInvalidArgument}
	})
	var rerr rpcCoder
	fmt.Println(calls, errors.As(err, &rerr), rerr.RPCCode() == codeInvalidArgument)
	fmt.Println(p.Retryable(&rpcError{codeDeadlineExceeded}))
	// Output:
	// 3 true true
	// false
}

// pgError stands for a Postgres driver's error type. It has the shape of
// pgx's *pgconn.PgError: the SQLSTATE is in its Code field.
type pgError struct {
	Code    string
	Message string
}

func (e *pgError) Error() string { return e.Message + " (SQLSTATE " + e.Code + ")" }

// Postgres serialization failures (40001) and deadlocks (40P01) mean "run the
// whole transaction again". Retry the function that runs the transaction,
// never a single statement inside it.
func Example_cookbookPostgres() {
	retryableTx := retry.OnTypeIf(func(e *pgError) bool {
		return e.Code == "40001" || e.Code == "40P01"
	})
	p := retry.Policy{
		MaxAttempts: 5,
		Backoff:     retry.Exponential{Initial: 10 * time.Millisecond},
		Retryable:   retryableTx,
	}

	calls := 0
	transfer := func() error { // begin, update both rows, commit
		calls++
		switch calls {
		case 1:
			return &pgError{Code: "40001", Message: "could not serialize access"}
		case 2:
			return fmt.Errorf("commit: %w", &pgError{Code: "40P01", Message: "deadlock detected"})
		}
		return nil
	}
	err := retry.Do(context.Background(), p, transfer)
	fmt.Println(calls, err)

	unique := &pgError{Code: "23505", Message: "duplicate key"}
	fmt.Println(p.Retryable(unique))
	// Output:
	// 3 <nil>
	// false
}

// quotaError is an error of your own that knows when to try again. Any error
// with a RetryAfter() time.Duration method is a retry.Hint.
type quotaError struct{ reset time.Duration }

func (e *quotaError) Error() string             { return "quota exceeded" }
func (e *quotaError) RetryAfter() time.Duration { return e.reset }

// Hints: wrap an error with retry.After, or give your own error type a
// RetryAfter method. The hint replaces the backoff and jitter for that wait,
// and MaxDelay still caps it.
func Example_cookbookHint() {
	errThrottled := errors.New("throttled")
	p := retry.Policy{
		MaxDelay: time.Second,
		Hooks: retry.Hooks{OnRetry: func(_ context.Context, a retry.Attempt) {
			fmt.Println("wait", a.Wait, "hinted", a.Hinted)
		}},
	}
	calls := 0
	err := retry.Do(context.Background(), p, func() error {
		calls++
		switch calls {
		case 1:
			return retry.After(2*time.Millisecond, errThrottled)
		case 2:
			return fmt.Errorf("upload: %w", &quotaError{reset: 3 * time.Millisecond})
		}
		return nil
	})
	fmt.Println(calls, err)
	// Output:
	// wait 2ms hinted true
	// wait 3ms hinted true
	// 3 <nil>
}

type job struct {
	ID    string
	State string
}

var errNotReady = errors.New("job not finished")

// Typed results: Check rejects a value, here a job that is still running, so
// polling is a retry with a result check; an error the check returns is
// classified like any other.
func Example_cookbookCheck() {
	states := []string{"queued", "running", "done"}
	calls := 0
	getJob := func() (job, error) {
		calls++
		return job{ID: "j1", State: states[calls-1]}, nil
	}
	p := retry.Policy{
		MaxAttempts: 10,
		Backoff:     retry.Constant(time.Millisecond),
		Jitter:      retry.NoJitter{},
		Retryable:   retry.On(errNotReady),
	}
	j, err := retry.Retry(context.Background(), p, retry.Check(getJob, func(j job) error {
		switch j.State {
		case "done":
			return nil
		case "failed":
			return retry.Permanent(fmt.Errorf("job %s failed", j.ID))
		}
		return errNotReady
	}))
	fmt.Println(j.State, err, calls)
	// Output: done <nil> 3
}

// Deadlines: Retry never starts a wait that would end after the context's
// deadline; it gives up at once with ErrDeadlineTooNear, which also matches
// context.DeadlineExceeded. MaxElapsed does the same for a limit of the
// policy's own.
func Example_cookbookDeadline() {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	p := retry.Policy{Backoff: retry.Constant(time.Second), Jitter: retry.NoJitter{}}

	calls := 0
	err := retry.Do(ctx, p, func() error {
		calls++
		// Give each attempt its own time limit, inside the caller's.
		actx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		return callService(actx)
	})
	fmt.Println(calls)
	fmt.Println(errors.Is(err, retry.ErrDeadlineTooNear), errors.Is(err, context.DeadlineExceeded))

	limited := retry.Policy{
		MaxAttempts: retry.Unlimited,
		MaxElapsed:  30 * time.Millisecond,
		Backoff:     retry.Constant(10 * time.Millisecond),
	}
	err = retry.Do(context.Background(), limited, func() error { return errTransient })
	fmt.Println(errors.Is(err, retry.ErrMaxElapsed), errors.Is(err, errTransient))
	// Output:
	// 1
	// true true
	// true true
}

func callService(context.Context) error { return errTransient }

// client stands for a library's client type in Example_cookbookExportPolicy.
type client struct{ policy retry.Policy }

// Options stands for the options of such a client.
type Options struct {
	// Retry is the policy for calls; nil means DefaultRetryPolicy().
	Retry *retry.Policy
}

// IsRetryable is the library's classifier, exported so that callers can
// combine it with their own.
var IsRetryable = retry.On(errTransient)

// DefaultRetryPolicy returns the library's policy. A function, not a
// variable: no importer can change the default for everyone else.
func DefaultRetryPolicy() retry.Policy {
	return retry.Policy{
		MaxAttempts: 5,
		Backoff:     retry.Exponential{Initial: 50 * time.Millisecond},
		MaxDelay:    2 * time.Second,
		Retryable:   IsRetryable,
	}
}

func newClient(opts Options) (*client, error) {
	p := DefaultRetryPolicy()
	if opts.Retry != nil {
		p = *opts.Retry
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("newClient: %w", err)
	}
	return &client{policy: p}, nil
}

// Exporting a policy from a library: a function that returns the default, a
// classifier callers can extend, and an option that takes a whole Policy,
// validated when the client is made.
func Example_cookbookExportPolicy() {
	errMaintenance := errors.New("maintenance")

	// A caller that retries one more error and waits less.
	p := DefaultRetryPolicy()
	p.Retryable = retry.Any(IsRetryable, retry.On(errMaintenance))
	p.MaxAttempts = 3
	c, err := newClient(Options{Retry: &p})
	fmt.Println(c.policy.MaxAttempts, err, DefaultRetryPolicy().MaxAttempts)

	bad := retry.Policy{MaxDelay: -time.Second}
	_, err = newClient(Options{Retry: &bad})
	fmt.Println(errors.Is(err, retry.ErrInvalidPolicy))
	// Output:
	// 3 <nil> 5
	// true
}
