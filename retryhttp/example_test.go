package retryhttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/again-go/again/retry"
	"github.com/again-go/again/retryhttp"
)

func Example() {
	// A server that is unavailable twice, then answers.
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprintf(w, "hello on attempt %d", calls.Load())
	}))
	defer srv.Close()

	client := retryhttp.NewClient(retry.Policy{
		MaxAttempts: 5,
		Backoff:     retry.Exponential{Initial: 10 * time.Millisecond},
	})
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, string(body))
	// Output: 200 OK hello on attempt 3
}

func ExampleTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}))
	defer srv.Close()

	// Retry 500 too, and POSTs: this server deduplicates them.
	client := &http.Client{Transport: &retryhttp.Transport{
		Policy: retry.Policy{
			MaxAttempts: 3,
			Backoff:     retry.Constant(time.Millisecond),
			Retryable:   retry.Any(retryhttp.DefaultRetryable, retryhttp.OnStatus(500)),
		},
		RetryNonIdempotent: true,
		AttemptTimeout:     2 * time.Second,
	}}
	resp, err := client.Post(srv.URL, "text/plain", nil)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	// When attempts run out, the last response comes back, body unread.
	fmt.Printf("%s: %s", resp.Status, body)
	// Output: 500 Internal Server Error: internal error
}
