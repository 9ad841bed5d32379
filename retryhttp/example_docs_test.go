package retryhttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/again-go/again/retry"
	"github.com/again-go/again/retryhttp"
)

// Two ways to get a retrying client: the constructor, or a Transport with
// its own base and a per-attempt limit on the wait for headers.
func Example_clients() {
	myTransport := http.DefaultTransport

	client := retryhttp.NewClient(retry.Policy{MaxAttempts: 5})
	custom := &http.Client{Transport: &retryhttp.Transport{
		Base:           myTransport, // nil: http.DefaultTransport
		Policy:         retry.Policy{MaxAttempts: 5, MaxDelay: 10 * time.Second},
		AttemptTimeout: 2 * time.Second, // to response headers, per attempt
	}}
	fmt.Println(client.Transport != nil, custom.Transport != nil)
	// Output: true true
}

// Policy.Retryable replaces DefaultRetryable; the core's combinators extend
// or narrow it.
func Example_classifiers() {
	var p retry.Policy
	p.Retryable = retry.Any(retryhttp.DefaultRetryable, retryhttp.OnStatus(500))
	fmt.Println(p.Retryable(&retryhttp.StatusError{StatusCode: 500}))
	p.Retryable = retry.All(retryhttp.DefaultRetryable, retry.Not(retryhttp.OnStatus(429)))
	fmt.Println(p.Retryable(&retryhttp.StatusError{StatusCode: 429}), p.Retryable(&retryhttp.StatusError{StatusCode: 503}))
	// Output:
	// true
	// false true
}

// The go-retryablehttp client of the migration guide, in retryhttp terms:
// RetryMax 4 (retries) is MaxAttempts 5 (attempts).
func Example_fromRetryablehttp() {
	c := retryhttp.NewClient(retry.Policy{
		MaxAttempts: 5, // attempts, the first included
		Backoff:     retry.Exponential{Initial: time.Second},
		MaxDelay:    30 * time.Second,
	})
	fmt.Println(c.Transport.(*retryhttp.Transport).Policy.Validate())
	// Output: <nil>
}

// The failsafehttp round tripper of the migration guide: WithMaxRetries(3)
// is MaxAttempts 4.
func Example_fromFailsafehttp() {
	client := &http.Client{Transport: &retryhttp.Transport{Policy: retry.Policy{MaxAttempts: 4}}}
	fmt.Println(client.Transport.(*retryhttp.Transport).Policy.MaxAttempts)
	// Output: 4
}

// The README's example: a client that retries what is safe to retry.
func Example_readme() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	url := srv.URL

	client := retryhttp.NewClient(retry.Policy{MaxAttempts: 5})
	resp, err := client.Get(url) // 408/429/502/503/504 and connection failures retried
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	fmt.Println(resp.Status)
	// Output: 200 OK
}
