package retryhttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

func TestLargeErrorBodyReusesConnection(t *testing.T) {
	big := bytes.Repeat([]byte("e"), 64<<10)
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n <= 3 {
					w.WriteHeader(http.StatusServiceUnavailable)
					_, _ = w.Write(big)
					return
				}
				_, _ = io.WriteString(w, "ok")
			})
			tr, _ := newTransport(s, fast())
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != 200 || s.conns.Load() != 1 {
				t.Errorf("status %d over %d connections; want 200 over 1", resp.StatusCode, s.conns.Load())
			}
		})
	}
}

func TestIdlePoolOfAnotherHostSurvives(t *testing.T) {
	a := newServer(t, false, func(int, http.ResponseWriter, *http.Request) {})
	b := newServer(t, false, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	tr := &Transport{Base: base, Policy: fast()}
	for _, u := range []string{a.URL, b.URL, b.URL + "/again", a.URL} {
		resp, err := get(t, tr, u)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	if a.conns.Load() != 1 {
		t.Errorf("host A: %d connections; want its idle one reused after failures at B", a.conns.Load())
	}
}

func TestDrainBoundedInTime(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.WriteHeader(http.StatusServiceUnavailable)
					_, _ = io.WriteString(w, "slow")
					_ = http.NewResponseController(w).Flush()
					select { // a body that never ends
					case <-r.Context().Done():
					case <-time.After(5 * time.Second):
					}
					return
				}
				_, _ = io.WriteString(w, "ok")
			})
			var prefix []byte
			p := fast()
			p.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) {
				var se *StatusError
				if errors.As(a.Err, &se) {
					prefix = se.Body
				}
			}
			tr, _ := newTransport(s, p)
			tr.DrainTimeout = 50 * time.Millisecond
			start := time.Now()
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != 200 || time.Since(start) > 2*time.Second || string(prefix) != "slow" {
				t.Errorf("status %d after %v, prefix %q; want 200 soon after the 50ms drain limit, prefix \"slow\"", resp.StatusCode, time.Since(start), prefix)
			}
		})
	}
}
