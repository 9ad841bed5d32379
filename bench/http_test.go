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

// BenchmarkHTTPFirstTryInProcess is a GET answered 200 at once by a base
// transport that makes up the response without any I/O: what remains is
// each client's own cost, which loopback noise hides in BenchmarkHTTPFirstTry.
func BenchmarkHTTPFirstTryInProcess(b *testing.B) {
	runHTTP(b, "http://bench.invalid/", func() http.RoundTripper { return cannedOK{} }, 1)
}

// cannedOK answers every request with an empty 200.
type cannedOK struct{}

func (cannedOK) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Header: http.Header{},
		Body: http.NoBody, Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
}

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
	runHTTP(b, srv.URL, func() http.RoundTripper { return &http.Transport{} }, per, func() { n.Store(0) })
}

// runHTTP runs each client over a fresh base transport, each iteration a
// GET of url that succeeds on the per-th attempt; reset runs before each
// client's run.
func runHTTP(b *testing.B, url string, newBase func() http.RoundTripper, per int64, reset ...func()) {
	run := func(name string, client func(base http.RoundTripper) *http.Client, sends int64) {
		b.Run(name, func(b *testing.B) {
			base := newBase()
			if t, ok := base.(*http.Transport); ok {
				defer t.CloseIdleConnections()
			}
			c := client(base)
			for _, f := range reset {
				f()
			}
			for b.Loop() {
				for range sends {
					resp, err := c.Get(url)
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
