package retry

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestHooks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var retries []Attempt
		var dones []Outcome
		hinted := After(5*time.Second, errFlaky)
		p := Policy{
			MaxAttempts: 3,
			Backoff:     Constant(time.Second),
			Jitter:      NoJitter{},
			Hooks: Hooks{
				OnRetry: func(_ context.Context, e Attempt) { retries = append(retries, e) },
				OnDone:  func(_ context.Context, e Outcome) { dones = append(dones, e) },
			},
		}
		r := newRecorder(errFlaky, hinted, errFlaky)
		_, err := Retry(t.Context(), p, r.op)
		wantRetries := []Attempt{
			{N: 1, Err: errFlaky, Wait: time.Second, Elapsed: 0},
			{N: 2, Err: hinted, Wait: 5 * time.Second, Hinted: true, Elapsed: time.Second},
		}
		opt := cmp.Comparer(sameError)
		if diff := cmp.Diff(wantRetries, retries, opt); diff != "" {
			t.Errorf("OnRetry events mismatch (-want +got):\n%s", diff)
		}
		wantDone := []Outcome{{Attempts: 3, Err: err, Reason: ErrExhausted, Elapsed: 6 * time.Second, Waited: 6 * time.Second}}
		if diff := cmp.Diff(wantDone, dones, opt); diff != "" {
			t.Errorf("OnDone events mismatch (-want +got):\n%s", diff)
		}

		// Success on the first try: no retry, one done.
		retries, dones = nil, nil
		_, _ = Retry(t.Context(), p, newRecorder().op)
		if len(retries) != 0 || len(dones) != 1 || dones[0].Attempts != 1 || dones[0].Err != nil {
			t.Errorf("first-try success: retries %v, dones %v", retries, dones)
		}

		// A context already done: no call, one done with 0 attempts.
		dones = nil
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, _ = Retry(ctx, p, newRecorder().op)
		if len(dones) != 1 || dones[0].Attempts != 0 || !errors.Is(dones[0].Err, context.Canceled) {
			t.Errorf("done context: dones %v", dones)
		}

		// An invalid policy calls no hook.
		dones = nil
		bad := p
		bad.MaxAttempts = -9
		_, _ = Retry(t.Context(), bad, newRecorder().op)
		if len(dones) != 0 {
			t.Errorf("invalid policy called OnDone: %v", dones)
		}
	})
}

func TestLogHooks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
			Level: slog.LevelDebug,
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		}))
		p := Policy{MaxAttempts: 3, Backoff: Constant(time.Second), Jitter: NoJitter{}, Hooks: LogHooks(logger, slog.LevelDebug)}
		_, _ = Retry(t.Context(), p, newRecorder(errFlaky).op)
		_, _ = Retry(t.Context(), p, newRecorder(failing(3, errFlaky)...).op)
		_, _ = Retry(t.Context(), p, newRecorder().op) // first-try success logs nothing
		want := strings.Join([]string{
			`level=DEBUG msg=retrying attempt=1 wait=1s elapsed=0s hinted=false error=flaky`,
			`level=DEBUG msg="retry succeeded" attempts=2 elapsed=1s`,
			`level=DEBUG msg=retrying attempt=1 wait=1s elapsed=0s hinted=false error=flaky`,
			`level=DEBUG msg=retrying attempt=2 wait=1s elapsed=1s hinted=false error=flaky`,
			`level=DEBUG msg="retry failed" attempts=3 elapsed=2s error="retry: gave up after 3 attempts in 2s: flaky"`,
			``,
		}, "\n")
		if diff := cmp.Diff(want, buf.String()); diff != "" {
			t.Errorf("log mismatch (-want +got):\n%s", diff)
		}

		// The level is the caller's: below the handler's level nothing is written.
		buf.Reset()
		quiet := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
		p.Hooks = LogHooks(quiet, slog.LevelInfo)
		_, _ = Retry(t.Context(), p, newRecorder(errFlaky).op)
		if buf.Len() != 0 {
			t.Errorf("logged below the handler's level: %q", buf.String())
		}
	})
}

func TestLogHooksDefaults(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	t.Cleanup(func() { slog.SetDefault(old) })
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	h := LogHooks(nil, nil)
	h.OnRetry(context.Background(), Attempt{N: 1, Err: errFlaky})
	if !strings.Contains(buf.String(), "level=INFO msg=retrying") {
		t.Errorf("LogHooks(nil, nil) wrote %q, want an INFO record to slog.Default()", buf.String())
	}
}
