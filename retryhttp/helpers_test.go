package retryhttp

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// protoName names a subtest over HTTP/1.1 or, when h2, HTTP/2.
func protoName(h2 bool) string {
	if h2 {
		return "http2"
	}
	return "http1"
}

// server is an httptest server that counts requests and new connections.
type server struct {
	*httptest.Server
	requests atomic.Int64
	conns    atomic.Int64
}

// newServer starts a server (TLS with HTTP/2 when h2) whose handler gets the
// 1-based number of the request it serves.
func newServer(t *testing.T, h2 bool, h func(n int, w http.ResponseWriter, r *http.Request)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(int(s.requests.Add(1)), w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	if h2 {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

// fast is a policy with 1 ms waits.
func fast() retry.Policy {
	return retry.Policy{Backoff: retry.Constant(time.Millisecond), Jitter: retry.NoJitter{}}
}

// recorder is a base transport that records the attempt number of each
// request it sends.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.seen = append(r.seen, AttemptFromContext(req.Context()))
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

func (r *recorder) attempts() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.seen...)
}

// newTransport returns a Transport over s's client with policy p, and the
// recorder in between.
func newTransport(s *server, p retry.Policy) (*Transport, *recorder) {
	rec := &recorder{base: s.Client().Transport}
	return &Transport{Base: rec, Policy: p}, rec
}

func get(t *testing.T, rt http.RoundTripper, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rt.RoundTrip(req)
}

// closeCounter is a request body that counts its Close calls.
type closeCounter struct {
	r      interface{ Read([]byte) (int, error) }
	closes atomic.Int64
}

func (c *closeCounter) Read(p []byte) (int, error) { return c.r.Read(p) }
func (c *closeCounter) Close() error {
	c.closes.Add(1)
	return nil
}
