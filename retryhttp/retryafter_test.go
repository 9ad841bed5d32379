package retryhttp

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	later := now.Add(90 * time.Second)
	tests := []struct {
		name   string
		values []string
		date   string
		want   time.Duration
		ok     bool
	}{
		{"seconds", []string{"120"}, "", 2 * time.Minute, true},
		{"zero", []string{"0"}, "", 0, true},
		{"spaces", []string{" 7 "}, "", 7 * time.Second, true},
		{"10000000000 saturates", []string{"10000000000"}, "", math.MaxInt64, true},
		{"largest exact", []string{"9223372036"}, "", 9223372036 * time.Second, true},
		{"99999999999999 saturates", []string{"99999999999999"}, "", math.MaxInt64, true},
		{"very long saturates", []string{"999999999999999999999999999999"}, "", math.MaxInt64, true},
		{"negative is malformed", []string{"-5"}, "", 0, false},
		{"fraction is malformed", []string{"1.5"}, "", 0, false},
		{"plus is malformed", []string{"+5"}, "", 0, false},
		{"garbage", []string{"soon"}, "", 0, false},
		{"empty", []string{""}, "", 0, false},
		{"none", nil, "", 0, false},
		{"first valid value", []string{"soon", "3"}, "", 3 * time.Second, true},
		{"IMF-fixdate", []string{later.Format(http.TimeFormat)}, "", 90 * time.Second, true},
		{"RFC 850", []string{later.Format(time.RFC850)}, "", 90 * time.Second, true},
		{"asctime", []string{later.Format(time.ANSIC)}, "", 90 * time.Second, true},
		{"past date is zero", []string{now.Add(-time.Hour).Format(http.TimeFormat)}, "", 0, true},
		{"server clock an hour behind", []string{now.Add(-time.Hour + 30*time.Second).Format(http.TimeFormat)},
			now.Add(-time.Hour).Format(http.TimeFormat), 30 * time.Second, true},
		{"server clock an hour ahead", []string{now.Add(time.Hour + 30*time.Second).Format(http.TimeFormat)},
			now.Add(time.Hour).Format(http.TimeFormat), 30 * time.Second, true},
		{"bad Date falls back to our clock", []string{later.Format(http.TimeFormat)}, "yesterday", 90 * time.Second, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.values, tt.date, clock)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "10000000000", "99999999999999", "-1", "1.5", "soon",
		"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		f.Add(s, "Sun, 06 Nov 1994 08:49:00 GMT")
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v, date string) {
		d, ok := parseRetryAfter([]string{v}, date, func() time.Time { return now })
		if d < 0 {
			t.Fatalf("%q: negative wait %v", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("%q: invalid but %v", v, d)
		}
		if n, err := strconv.ParseUint(v, 10, 64); err == nil {
			want := time.Duration(math.MaxInt64)
			if n <= math.MaxInt64/uint64(time.Second) {
				want = time.Duration(n) * time.Second
			}
			if !ok || d != want {
				t.Fatalf("%q: got %v, %v; want %v", v, d, ok, want)
			}
		}
	})
}

// hintRun sends a GET to a server answering 429 with the given Retry-After
// (and Date, when not empty) once, then 200; it returns the first wait the
// policy chose, or -1 when there was no retry, and the response.
func hintRun(t *testing.T, h2 bool, p retry.Policy, ctx context.Context, retryAfter, date string) (time.Duration, bool, *http.Response, int) {
	t.Helper()
	s := newServer(t, h2, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			if date != "" {
				w.Header().Set("Date", date)
			}
			w.Header().Set("Retry-After", retryAfter)
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, "slow down")
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	wait, hinted := time.Duration(-1), false
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) {
		wait, hinted = a.Wait, a.Hinted
		if a.Wait > time.Second {
			cancel() // the wait is what is tested; do not sleep through it
		}
	}
	tr, rec := newTransport(s, p)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	resp, err := tr.RoundTrip(req)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	return wait, hinted, resp, len(rec.attempts())
}

func TestRetryAfterForms(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(protoName(h2), func(t *testing.T) {
			p := fast()
			p.MaxDelay = time.Minute
			serverNow := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second) // a skewed server clock
			at := serverNow.Add(20 * time.Second)
			for name, v := range map[string]string{
				"seconds": "20",
				"IMF":     at.Format(http.TimeFormat),
				"RFC850":  at.Format(time.RFC850),
				"asctime": at.Format(time.ANSIC),
			} {
				wait, hinted, resp, _ := hintRun(t, h2, p, context.Background(), v, serverNow.Format(http.TimeFormat))
				if wait != 20*time.Second || !hinted {
					t.Errorf("%s: wait %v hinted %v, want 20s hinted", name, wait, hinted)
				}
				if resp != nil {
					_ = resp.Body.Close()
				}
			}
		})
	}
}

func TestRetryAfterMalformedOrNegativeUsesBackoff(t *testing.T) {
	for _, v := range []string{"soon", "-5", "1.5"} {
		wait, hinted, resp, n := hintRun(t, false, fast(), context.Background(), v, "")
		if wait != time.Millisecond || hinted || n != 2 || resp.StatusCode != 200 {
			t.Errorf("%q: wait %v hinted %v after %d attempts, status %d; want the 1ms backoff, then 200", v, wait, hinted, n, resp.StatusCode)
		}
		_ = resp.Body.Close()
	}
}

func TestRetryAfterPastDateRetriesAtOnce(t *testing.T) {
	wait, hinted, resp, n := hintRun(t, true, fast(), context.Background(), "Sun, 06 Nov 1994 08:49:37 GMT", "")
	if wait != 0 || !hinted || n != 2 || resp.StatusCode != 200 {
		t.Errorf("wait %v hinted %v after %d attempts; want 0 hinted, then 200", wait, hinted, n)
	}
	_ = resp.Body.Close()
}

func TestRetryAfterBeyondPolicyReturnsResponse(t *testing.T) {
	elapsed := fast()
	elapsed.MaxElapsed = 10 * time.Second
	capped := fast()
	capped.MaxDelay = 5 * time.Second
	deadline, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tests := []struct {
		name  string
		p     retry.Policy
		ctx   context.Context
		value string
	}{
		{"10000000000 seconds", fast(), context.Background(), "10000000000"},
		{"99999999999999 seconds", fast(), context.Background(), "99999999999999"},
		{"above the default MaxDelay", fast(), context.Background(), "31"},
		{"above MaxDelay", capped, context.Background(), "6"},
		{"past MaxElapsed", elapsed, context.Background(), "10"},
		{"past the deadline", fast(), deadline, "20"},
	}
	for _, tt := range tests {
		start := time.Now()
		wait, _, resp, n := hintRun(t, false, tt.p, tt.ctx, tt.value, "")
		if resp == nil {
			t.Fatalf("%s: no response", tt.name)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if n != 1 || wait != -1 || resp.StatusCode != 429 || string(body) != "slow down" || time.Since(start) > 2*time.Second {
			t.Errorf("%s: %d attempts, status %d %q; want the 429 at once", tt.name, n, resp.StatusCode, body)
		}
	}
}

func TestHintFunction(t *testing.T) {
	s := newServer(t, false, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("X-RateLimit-Reset-Ms", "7")
			w.WriteHeader(429)
		}
	})
	p := fast()
	var wait time.Duration
	p.Hooks.OnRetry = func(_ context.Context, a retry.Attempt) { wait = a.Wait }
	tr, _ := newTransport(s, p)
	tr.Hint = func(r *http.Response) (time.Duration, bool) {
		ms, err := strconv.Atoi(r.Header.Get("X-RateLimit-Reset-Ms"))
		return time.Duration(ms) * time.Millisecond, err == nil
	}
	resp, err := get(t, tr, s.URL)
	if err != nil || resp.StatusCode != 200 || wait != 7*time.Millisecond {
		t.Errorf("got %v, wait %v; want 200 after 7ms", err, wait)
	}
	_ = resp.Body.Close()
}
