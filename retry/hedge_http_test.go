package retry_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// bigBody is the size of the body resty cut off after 3,965 bytes when its
// hedging cancelled the winner's context.
const bigBody = 512 << 10

// slowServer answers the first request only when it is cancelled, and every
// later one with bigBody bytes, written in flushed chunks so that the client
// is still reading when the call returns.
func slowServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	chunk := bytes.Repeat([]byte("x"), 16<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			<-r.Context().Done()
			return
		}
		for sent := 0; sent < bigBody; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Microsecond)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func getter(url string) func(ctx context.Context) (*http.Response, error) {
	return func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, retry.Permanent(err)
		}
		return http.DefaultClient.Do(req)
	}
}

// TestHedgeKeepReadsTheWholeBody hedges a real HTTP GET over loopback: the
// stuck first request is cancelled, and the winner's 512 KiB body is read in
// full after HedgeKeep has returned.
func TestHedgeKeepReadsTheWholeBody(t *testing.T) {
	srv, requests := slowServer(t)
	var (
		mu       sync.Mutex
		released []*http.Response
	)
	release := func(r *http.Response) {
		mu.Lock()
		defer mu.Unlock()
		released = append(released, r)
		if r != nil {
			_ = r.Body.Close()
		}
	}
	p := retry.HedgePolicy{MaxAttempts: 2, Delay: 20 * time.Millisecond}
	resp, done, err := retry.HedgeKeep(t.Context(), p, getter(srv.URL), release)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	done()
	if len(body) != bigBody || err != nil {
		t.Errorf("read %d bytes, %v; want %d, nil", len(body), err, bigBody)
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	// The loser's op returns (with an error, its request cancelled) and
	// releases its value from its own goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(released)
		mu.Unlock()
		if n == 1 || time.Now().After(deadline) {
			if n != 1 {
				t.Errorf("%d values released, want the loser's", n)
			}
			break
		}
		time.Sleep(time.Millisecond)
	}
}

// TestRetryContextCutsALaterRead shows why RetryContextKeep exists: with
// RetryContext, an attempt's context ends when it returns, and so does a body
// still being read.
func TestRetryContextCutsALaterRead(t *testing.T) {
	srv, requests := slowServer(t)
	requests.Store(1) // every request answers
	p := retry.Policy{AttemptTimeout: time.Minute, MaxAttempts: 1}
	resp, err := retry.RetryContext(t.Context(), p, getter(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if len(body) == bigBody || !errors.Is(err, context.Canceled) {
		t.Errorf("read %d bytes, %v; want the read cut off with context.Canceled", len(body), err)
	}

	kept, done, err := retry.RetryContextKeep(t.Context(), p, getter(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	defer func() { _ = kept.Body.Close() }()
	if body, err := io.ReadAll(kept.Body); len(body) != bigBody || err != nil {
		t.Errorf("RetryContextKeep: read %d bytes, %v; want %d, nil", len(body), err, bigBody)
	}
}
