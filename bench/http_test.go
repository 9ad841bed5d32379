package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/again-go/again/retry"
	"github.com/again-go/again/retryhttp"
	"github.com/failsafe-go/failsafe-go/failsafehttp"
	"github.com/hashicorp/go-retryablehttp"
)

// The HTTP benchmarks send GETs to a loopback httptest server through an
// *http.Client, the way each library's documentation shows, over a fresh
// http.Transport per library so that connection pools do not mix. Every
// retrying client makes at most maxAttempts attempts with no wait between
// them:
//
//   - plain: an http.Client on the transport, no retries; in the
//     "503, 503, 200" scenario it sends the three requests itself.
//   - again: a retryhttp.Transport with MaxAttempts maxAttempts and
//     Backoff retry.Constant(0).
//   - retryablehttp: hashicorp/go-retryablehttp's StandardClient, with
//     RetryMax maxAttempts-1 (it counts retries), RetryWaitMin and
//     RetryWaitMax 0, and no logger (its default writes to stderr).
//   - failsafehttp: failsafe-go's NewRoundTripper with
//     NewRetryPolicyBuilder().WithMaxRetries(maxAttempts-1) (no delay is its
//     default).
//
// The 503 responses have empty bodies, so no library's handling of a
// discarded body (failsafehttp never closes one) changes the connections used.

// BenchmarkHTTPFirstTry is a GET answered 200 at once.
func BenchmarkHTTPFirstTry(b *testing.B) { benchHTTP(b, 1) }

// BenchmarkHTTPTwo503s is a GET answered 503, 503, then 200.
func BenchmarkHTTPTwo503s(b *testing.B) { benchHTTP(b, 3) }

// benchHTTP runs each client against a server that answers 503 except to
// every per-th request.
func benchHTTP(b *testing.B, per int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1)%per != 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()

	run := func(name string, client func(base http.RoundTripper) *http.Client, sends int64) {
		b.Run(name, func(b *testing.B) {
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			c := client(base)
			n.Store(0)
			for b.Loop() {
				for range sends {
					resp, err := c.Get(srv.URL)
					if err != nil {
						b.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
				}
			}
		})
	}
	run("plain", func(base http.RoundTripper) *http.Client {
		return &http.Client{Transport: base}
	}, per)
	run("again", func(base http.RoundTripper) *http.Client {
		return &http.Client{Transport: &retryhttp.Transport{
			Base:   base,
			Policy: retry.Policy{MaxAttempts: maxAttempts, Backoff: retry.Constant(0)},
		}}
	}, 1)
	run("retryablehttp", func(base http.RoundTripper) *http.Client {
		c := retryablehttp.NewClient()
		c.HTTPClient = &http.Client{Transport: base}
		c.RetryMax = maxAttempts - 1
		c.RetryWaitMin, c.RetryWaitMax = 0, 0
		c.Logger = nil
		return c.StandardClient()
	}, 1)
	run("failsafehttp", func(base http.RoundTripper) *http.Client {
		rp := failsafehttp.NewRetryPolicyBuilder().WithMaxRetries(maxAttempts - 1).Build()
		return &http.Client{Transport: failsafehttp.NewRoundTripper(base, rp)}
	}, 1)
}
