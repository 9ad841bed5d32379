package retryhttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// hangFirst is a handler whose first request hangs until the client gives
// up on it (or 5s pass); later ones answer "ok".
func hangFirst(n int, w http.ResponseWriter, r *http.Request) {
	if n == 1 {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	}
	_, _ = io.WriteString(w, "ok")
}

func TestAttemptTimeoutRetried(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, hangFirst)
			tr, rec := newTransport(s, fast())
			tr.AttemptTimeout = 100 * time.Millisecond
			var first error
			var errs []error
			tr.Policy.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) {
				errs = append(errs, a.Err)
				if first == nil {
					first = a.Err
				}
			}
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			// A loaded machine may time out the second attempt too (a new
			// HTTP/2 stream waits for the connection's health check after a
			// cancelled one); every failure must be the attempt's timeout.
			if resp.StatusCode != 200 || len(rec.attempts()) < 2 {
				t.Errorf("status %d after %d attempts; want 200 after at least 2", resp.StatusCode, len(rec.attempts()))
			}
			for _, e := range errs {
				if !errors.Is(e, ErrAttemptTimeout) {
					t.Errorf("an attempt failed with %v; want only attempt timeouts", e)
				}
			}
			var ne net.Error
			if !errors.Is(first, ErrAttemptTimeout) || errors.Is(first, context.Canceled) || !errors.As(first, &ne) || !ne.Timeout() {
				t.Errorf("first attempt's error %v; want ErrAttemptTimeout, a timeout, not context.Canceled", first)
			}
		})
	}
}

// TestPolicyAttemptTimeout checks that the core's Policy.AttemptTimeout is
// applied by the transport (Retry itself would reject it: its operation has
// no context), and that the error matches the core's sentinel too.
func TestPolicyAttemptTimeout(t *testing.T) {
	s := newServer(t, false, hangFirst)
	tr, rec := newTransport(s, fast())
	tr.Policy.AttemptTimeout = 100 * time.Millisecond
	var first error
	tr.Policy.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) {
		if first == nil {
			first = a.Err
		}
	}
	resp, err := get(t, tr, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || len(rec.attempts()) < 2 {
		t.Errorf("status %d after %d attempts; want 200 after at least 2", resp.StatusCode, len(rec.attempts()))
	}
	if !errors.Is(first, ErrAttemptTimeout) || !errors.Is(first, retry.ErrAttemptTimeout) {
		t.Errorf("first attempt's error %v; want ErrAttemptTimeout and retry.ErrAttemptTimeout", first)
	}
}

func TestAttemptTimeoutLeavesBodyReadable(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(_ int, w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, "head ")
				_ = http.NewResponseController(w).Flush()
				time.Sleep(250 * time.Millisecond)
				_, _ = io.WriteString(w, "tail")
			})
			tr, _ := newTransport(s, fast())
			tr.AttemptTimeout = 100 * time.Millisecond
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err != nil || string(b) != "head tail" {
				t.Errorf("body %q, %v; want the whole body", b, err)
			}
		})
	}
}

func TestCallerTimeoutNotRetried(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(_ int, _ http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			})
			tr, rec := newTransport(s, fast())
			tr.AttemptTimeout = time.Second
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
			resp, err := tr.RoundTrip(req)
			if resp != nil || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrAttemptTimeout) || len(rec.attempts()) != 1 {
				t.Errorf("got %v, %v after %d attempts; want DeadlineExceeded after 1", resp, err, len(rec.attempts()))
			}
		})
	}
}

func TestClientTimeoutNotRetried(t *testing.T) {
	s := newServer(t, false, func(_ int, _ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	tr, rec := newTransport(s, fast())
	client := &http.Client{Transport: tr, Timeout: 50 * time.Millisecond}
	resp, err := client.Get(s.URL)
	var ne net.Error
	if resp != nil || !errors.As(err, &ne) || !ne.Timeout() || len(rec.attempts()) != 1 {
		t.Errorf("got %v, %v after %d attempts; want a timeout after 1", resp, err, len(rec.attempts()))
	}
}
