package retryhttp

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/again-go/again/retry"
	"github.com/google/go-cmp/cmp"
)

func TestRetriesUnavailableThenSucceeds(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n <= 2 {
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				_, _ = io.WriteString(w, "ok")
			})
			tr, rec := newTransport(s, fast())
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != 200 || string(body) != "ok" {
				t.Errorf("got %d %q, want 200 \"ok\"", resp.StatusCode, body)
			}
			if diff := cmp.Diff([]int{1, 2, 3}, rec.attempts()); diff != "" {
				t.Errorf("attempt numbers in the context (-want +got):\n%s", diff)
			}
			if h2 && resp.ProtoMajor != 2 {
				t.Errorf("proto %s, want HTTP/2", resp.Proto)
			}
		})
	}
}

func TestExhaustedReturnsLastResponseReadable(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			s := newServer(t, h2, func(n int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, strings.Repeat("busy ", n))
			})
			tr, rec := newTransport(s, fast())
			resp, err := get(t, tr, s.URL)
			if err != nil {
				t.Fatalf("err = %v, want the last response and nil", err)
			}
			body, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err != nil || resp.StatusCode != 503 || string(body) != strings.Repeat("busy ", 4) {
				t.Errorf("got %d %q %v, want the 4th 503 and its body", resp.StatusCode, body, err)
			}
			if got := len(rec.attempts()); got != retry.DefaultMaxAttempts {
				t.Errorf("%d attempts, want %d", got, retry.DefaultMaxAttempts)
			}
		})
	}
}

func TestStatusClasses(t *testing.T) {
	tests := []struct {
		status    int
		retryable retry.Classifier
		attempts  int
	}{
		{408, nil, 4}, {429, nil, 4}, {502, nil, 4}, {503, nil, 4}, {504, nil, 4},
		{500, nil, 1}, {501, nil, 1}, {505, nil, 1}, {400, nil, 1}, {404, nil, 1}, {409, nil, 1},
		{500, retry.Any(DefaultRetryable, OnStatus(500)), 4},
		{503, OnStatus(500), 1}, // a Retryable of your own replaces the default
	}
	s := newServer(t, false, func(_ int, w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		w.WriteHeader(code)
	})
	for _, tt := range tests {
		p := fast()
		p.Retryable = tt.retryable
		tr, rec := newTransport(s, p)
		resp, err := get(t, tr, s.URL+"?code="+strconv.Itoa(tt.status))
		if err != nil {
			t.Fatalf("%d: %v", tt.status, err)
		}
		_ = resp.Body.Close()
		if got := len(rec.attempts()); got != tt.attempts || resp.StatusCode != tt.status {
			t.Errorf("status %d: %d attempts, want %d", tt.status, got, tt.attempts)
		}
	}
}

func TestCallerRequestUnchanged(t *testing.T) {
	s := newServer(t, false, func(n int, w http.ResponseWriter, r *http.Request) {
		r.Header.Set("X-Server", "changed") // a server-side copy; must not leak back
		if n == 1 {
			w.WriteHeader(503)
		}
	})
	tr, _ := newTransport(s, fast())
	ctx := context.Background()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, s.URL+"/a?b=c", strings.NewReader("payload"))
	req.Header.Set("X-Mine", "1")
	body, getBody, url, header := req.Body, req.GetBody, *req.URL, req.Header.Clone()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if req.Body != body || req.Context() != ctx || *req.URL != url || (req.GetBody == nil) != (getBody == nil) {
		t.Errorf("request changed: body %v ctx %v url %v", req.Body != body, req.Context() != ctx, *req.URL != url)
	}
	if diff := cmp.Diff(header, req.Header); diff != "" {
		t.Errorf("header changed (-want +got):\n%s", diff)
	}
}

func TestContextAlreadyDoneSendsNothing(t *testing.T) {
	s := newServer(t, false, func(int, http.ResponseWriter, *http.Request) {})
	tr, _ := newTransport(s, fast())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := &closeCounter{r: strings.NewReader("x")}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, body)
	resp, err := tr.RoundTrip(req)
	if resp != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, %v; want nil and context.Canceled", resp, err)
	}
	if s.requests.Load() != 0 || body.closes.Load() != 1 {
		t.Errorf("%d requests, body closed %d times; want 0 and 1", s.requests.Load(), body.closes.Load())
	}
}

func TestInvalidPolicyClosesBody(t *testing.T) {
	tr := &Transport{Policy: retry.Policy{MaxAttempts: -5}}
	body := &closeCounter{r: strings.NewReader("x")}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1:1/", body)
	resp, err := tr.RoundTrip(req)
	if resp != nil || !errors.Is(err, retry.ErrInvalidPolicy) || body.closes.Load() != 1 {
		t.Errorf("got %v, %v, %d closes; want nil, ErrInvalidPolicy, 1", resp, err, body.closes.Load())
	}
}

func TestCancelDuringWait(t *testing.T) {
	s := newServer(t, false, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(503)
		_, _ = io.WriteString(w, "down for maintenance")
	})
	ctx, cancel := context.WithCancel(context.Background())
	p := fast()
	p.Backoff = retry.Constant(time.Hour)
	p.MaxDelay = time.Hour
	p.Hooks.OnRetry = func(context.Context, retry.Attempt) { cancel() }
	tr, rec := newTransport(s, p)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	start := time.Now()
	resp, err := tr.RoundTrip(req)
	if resp != nil || !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("got %v, %v after %v; want nil and context.Canceled at once", resp, err, time.Since(start))
	}
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 503 || string(se.Body) != "down for maintenance" {
		t.Errorf("StatusError = %+v, want the 503 with its drained body", se)
	}
	if len(rec.attempts()) != 1 {
		t.Errorf("%d attempts, want 1", len(rec.attempts()))
	}
}

func TestRedactedURL(t *testing.T) {
	s := newServer(t, false, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
	p := fast()
	var seen []error
	p.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) { seen = append(seen, a.Err) }
	tr, _ := newTransport(s, p)
	u := strings.Replace(s.URL, "http://", "http://user:secret@", 1)
	resp, err := get(t, tr, u)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	for _, e := range seen {
		if strings.Contains(e.Error(), "secret") {
			t.Errorf("error shows the password: %v", e)
		}
	}
	if len(seen) == 0 {
		t.Error("no retries seen")
	}
}

func TestNonRetryableErrors(t *testing.T) {
	t.Run("unsupported scheme", func(t *testing.T) {
		rec := &recorder{base: http.DefaultTransport}
		_, err := get(t, &Transport{Base: rec, Policy: fast()}, "gopher://127.0.0.1/")
		if err == nil || len(rec.attempts()) != 1 {
			t.Errorf("err %v after %d attempts; want an error after 1", err, len(rec.attempts()))
		}
	})
	t.Run("certificate", func(t *testing.T) {
		s := newServer(t, true, func(int, http.ResponseWriter, *http.Request) {})
		rec := &recorder{base: &http.Transport{}}
		_, err := get(t, &Transport{Base: rec, Policy: fast()}, s.URL)
		var cve *tls.CertificateVerificationError
		if !errors.As(err, &cve) || len(rec.attempts()) != 1 {
			t.Errorf("err %v after %d attempts; want a certificate error after 1", err, len(rec.attempts()))
		}
	})
}
