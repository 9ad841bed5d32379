package retryhttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/again-go/again/retry"
)

// flaky503 answers 503 twice, then 200, and checks that every request's body
// is "payload".
func flaky503(t *testing.T, h2 bool) *server {
	t.Helper()
	return newServer(t, h2, func(n int, w http.ResponseWriter, r *http.Request) {
		if b, _ := io.ReadAll(r.Body); string(b) != "payload" {
			t.Errorf("attempt %d: body %q", n, b)
		}
		if n <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
}

func TestNonIdempotentMethods(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			tests := []struct {
				name     string
				method   string
				prepare  func(*Transport, *http.Request) *http.Request
				attempts int
			}{
				{"POST", http.MethodPost, nil, 1},
				{"PATCH", http.MethodPatch, nil, 1},
				{"PUT", http.MethodPut, nil, 3},
				{"DELETE", http.MethodDelete, nil, 3},
				{"POST with Idempotency-Key", http.MethodPost, func(_ *Transport, r *http.Request) *http.Request {
					r.Header.Set("Idempotency-Key", `"8e03978e-40d5-43e8-bc93-6894a57f9324"`)
					return r
				}, 3},
				{"POST with X-Idempotency-Key", http.MethodPost, func(_ *Transport, r *http.Request) *http.Request {
					r.Header.Set("X-Idempotency-Key", "k1")
					return r
				}, 3},
				{"POST, transport opt-in", http.MethodPost, func(tr *Transport, r *http.Request) *http.Request {
					tr.RetryNonIdempotent = true
					return r
				}, 3},
				{"PATCH, request opt-in", http.MethodPatch, func(_ *Transport, r *http.Request) *http.Request {
					return r.WithContext(Idempotent(r.Context()))
				}, 3},
			}
			for _, tt := range tests {
				s := flaky503(t, h2)
				tr, rec := newTransport(s, fast())
				req, _ := http.NewRequestWithContext(context.Background(), tt.method, s.URL, strings.NewReader("payload"))
				if tt.prepare != nil {
					req = tt.prepare(tr, req)
				}
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				_ = resp.Body.Close()
				if got := len(rec.attempts()); got != tt.attempts {
					t.Errorf("%s: %d attempts, want %d", tt.name, got, tt.attempts)
				}
			}
		})
	}
}

// closedAddr returns a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestPostRetriedAfterDialError(t *testing.T) {
	s := newServer(t, false, func(_ int, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		_, _ = w.Write(b)
	})
	dead := closedAddr(t)
	var dials atomic.Int64
	base := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			addr = dead // the first dial is refused
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
	defer base.CloseIdleConnections()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL, strings.NewReader("payload"))
	resp, err := (&Transport{Base: base, Policy: fast()}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if string(b) != "payload" || dials.Load() != 2 || s.requests.Load() != 1 {
		t.Errorf("got %q after %d dials, %d requests; want the payload echoed after 2 dials, 1 request", b, dials.Load(), s.requests.Load())
	}
}

// resetAfterRead reads the request, then resets the connection without
// answering.
func resetAfterRead(t *testing.T) *server {
	t.Helper()
	return newServer(t, false, func(_ int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	})
}

func TestResetAfterWriteNeverResendsPost(t *testing.T) {
	s := resetAfterRead(t)
	tr, rec := newTransport(s, fast())
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL, strings.NewReader("payload"))
	resp, err := tr.RoundTrip(req)
	if resp != nil || err == nil || len(rec.attempts()) != 1 || s.requests.Load() != 1 {
		t.Errorf("got %v, %v after %d attempts; want an error after 1", resp, err, len(rec.attempts()))
	}
	if !DefaultRetryable(err) {
		t.Errorf("the reset (%v) is retryable for a GET; the POST was kept from it", err)
	}

	tr, rec = newTransport(s, fast())
	_, err = get(t, tr, s.URL)
	var re *retry.Error
	if err == nil || !errors.As(err, &re) || len(rec.attempts()) != 4 {
		t.Errorf("GET: %v after %d attempts; want the policy to give up after 4", err, len(rec.attempts()))
	}
}

func TestUnreadBodyWithoutGetBodyResentAfterDialError(t *testing.T) {
	s := newServer(t, false, func(_ int, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		_, _ = w.Write(b)
	})
	dead := closedAddr(t)
	for _, limit := range []int64{0, -1} { // the default copy, and none
		var dials atomic.Int64
		base := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if dials.Add(1) <= 2 {
				addr = dead
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}}
		body := &closeCounter{r: strings.NewReader("payload")}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL, body)
		resp, err := (&Transport{Base: base, Policy: fast(), MaxReplayBody: limit}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		base.CloseIdleConnections()
		if string(b) != "payload" || dials.Load() != 3 || body.closes.Load() != 1 {
			t.Errorf("MaxReplayBody %d: got %q after %d dials, body closed %d times; want the payload after 3 dials, closed once",
				limit, b, dials.Load(), body.closes.Load())
		}
	}
}
