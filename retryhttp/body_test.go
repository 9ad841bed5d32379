package retryhttp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestBodyIntegrityAcrossAttempts(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
	sum := sha256.Sum256(payload)
	want := hex.EncodeToString(sum[:])
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			for _, mode := range []string{"GetBody", "no GetBody", "no GetBody, known length"} {
				withGetBody := mode == "GetBody"
				s := newServer(t, h2, func(n int, w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					got := sha256.Sum256(b)
					if hex.EncodeToString(got[:]) != r.Header.Get("X-Sum") {
						t.Errorf("attempt %d (%s): %d bytes, checksum differs", n, mode, len(b))
					}
					if n <= 2 {
						w.WriteHeader(http.StatusServiceUnavailable)
					}
				})
				tr, rec := newTransport(s, fast())
				body := &closeCounter{r: bytes.NewReader(payload)}
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, s.URL, body)
				if withGetBody {
					req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(payload)), nil }
				}
				req.Header.Set("X-Sum", want)
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				if resp.StatusCode != 200 || len(rec.attempts()) != 3 || body.closes.Load() != 1 {
					t.Errorf("GetBody %v: %d after %d attempts, body closed %d times; want 200 after 3, closed once",
						withGetBody, resp.StatusCode, len(rec.attempts()), body.closes.Load())
				}
			}
		})
	}
}

func TestBodyOverReplayLimitSentOnce(t *testing.T) {
	payload := strings.Repeat("x", 100)
	t.Run("status", func(t *testing.T) {
		s := newServer(t, false, func(_ int, w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		tr, rec := newTransport(s, fast())
		tr.MaxReplayBody = 10
		body := &closeCounter{r: strings.NewReader(payload)}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, s.URL, body)
		resp, err := tr.RoundTrip(req)
		if err != nil || resp.StatusCode != 503 {
			t.Fatalf("got %v; want the 503", err)
		}
		_ = resp.Body.Close()
		if len(rec.attempts()) != 1 || body.closes.Load() != 1 {
			t.Errorf("%d attempts, body closed %d times; want 1 and 1", len(rec.attempts()), body.closes.Load())
		}
	})
	t.Run("error", func(t *testing.T) {
		s := resetAfterRead(t)
		for _, known := range []bool{false, true} {
			tr, rec := newTransport(s, fast())
			tr.MaxReplayBody = 10
			body := &closeCounter{r: strings.NewReader(payload)}
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, s.URL, body)
			if known {
				req.ContentLength = int64(len(payload))
			}
			resp, err := tr.RoundTrip(req)
			if resp != nil || !errors.Is(err, ErrBodyNotReplayable) || DefaultRetryable(err) {
				t.Errorf("ContentLength known %v: got %v, %v; want ErrBodyNotReplayable", known, resp, err)
			}
			if len(rec.attempts()) != 1 || body.closes.Load() != 1 {
				t.Errorf("%d attempts, body closed %d times; want 1 and 1", len(rec.attempts()), body.closes.Load())
			}
			if !strings.Contains(err.Error(), ErrBodyNotReplayable.Error()+": ") {
				t.Errorf("message %q does not say why", err)
			}
		}
	})
}

func TestGetBodyFailure(t *testing.T) {
	s := newServer(t, false, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
	tr, rec := newTransport(s, fast())
	body := &closeCounter{r: strings.NewReader("x")}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, s.URL, body)
	boom := errors.New("boom")
	req.GetBody = func() (io.ReadCloser, error) { return nil, boom }
	resp, err := tr.RoundTrip(req)
	if resp != nil || !errors.Is(err, boom) || len(rec.attempts()) != 1 || body.closes.Load() != 1 {
		t.Errorf("got %v, %v after %d attempts, %d closes; want boom after 1, closed once", resp, err, len(rec.attempts()), body.closes.Load())
	}
}
