package retryhttp

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/again-go/again/retry"
)

func TestLogHooksAndAttemptInHooks(t *testing.T) {
	s := newServer(t, false, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			w.WriteHeader(http.StatusBadGateway)
		}
	})
	var buf bytes.Buffer
	p := fast()
	p.Hooks = retry.LogHooks(slog.New(slog.NewTextHandler(&buf, nil)), slog.LevelWarn)
	logRetry := p.Hooks.OnRetry
	var seen []int
	p.Hooks.OnRetry = func(ctx context.Context, a retry.Attempt) {
		seen = append(seen, AttemptFromContext(ctx))
		logRetry(ctx, a)
	}
	tr, _ := newTransport(s, p)
	u := strings.Replace(s.URL, "http://", "http://user:secret@", 1)
	resp, err := get(t, tr, u)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("got %v, %v", resp, err)
	}
	_ = resp.Body.Close()
	out := buf.String()
	if strings.Count(out, "level=WARN") != 3 || !strings.Contains(out, "502 Bad Gateway") || strings.Contains(out, "secret") {
		t.Errorf("log (want 2 retries and the outcome, the status, no password):\n%s", out)
	}
	if len(seen) != 2 || seen[0] != 1 || seen[1] != 2 {
		t.Errorf("AttemptFromContext in OnRetry: %v, want [1 2]", seen)
	}
	if AttemptFromContext(context.Background()) != 0 {
		t.Error("AttemptFromContext of another context is not 0")
	}
}
