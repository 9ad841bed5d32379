package retryhttp

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// settle waits for the number of goroutines to drop to at most n, and
// returns the last count.
func settle(n int) int {
	var got int
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got = runtime.NumGoroutine(); got <= n {
			break
		}
	}
	return got
}

func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ { // let the goroutines of earlier tests finish
		time.Sleep(10 * time.Millisecond)
		now := runtime.NumGoroutine()
		if now == before {
			break
		}
		before = now
	}
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(n int, w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/flaky":
					if n%3 != 0 {
						w.WriteHeader(503)
						_, _ = io.WriteString(w, strings.Repeat("x", 10000))
					}
				case "/down":
					w.WriteHeader(503)
				case "/slow":
					select {
					case <-r.Context().Done():
					case <-time.After(time.Second):
					}
				}
			})
			base := s.Client().Transport.(*http.Transport)
			p := fast()
			tr := &Transport{Base: base, Policy: p, AttemptTimeout: 20 * time.Millisecond}
			for _, path := range []string{"/flaky", "/down", "/slow", "/ok"} {
				resp, err := get(t, tr, s.URL+path)
				if err == nil {
					_ = resp.Body.Close()
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			p.Backoff, p.MaxDelay = retry.Constant(time.Hour), time.Hour
			p.Hooks.OnRetry = func(context.Context, retry.Attempt) { cancel() }
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/down", nil)
			_, _ = (&Transport{Base: base, Policy: p}).RoundTrip(req)
			base.CloseIdleConnections()
			s.Close()
		})
	}
	if after := settle(before); after > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
