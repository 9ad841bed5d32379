package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// TestDelayZeroMeansNoWait is defect 8: -delay 0 retries at once.
func TestDelayZeroMeansNoWait(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args([]string{"-delay", "0"}, "false")...)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	if n := countLines(r.stderr, "next attempt in 0s"); n != 3 {
		t.Errorf("stderr %q, want three retries with no wait", r.stderr)
	}
}

// TestLongDelayAccepted is defect 8: -delay 1m is a valid command line.
func TestLongDelayAccepted(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args([]string{"-delay", "1m"}, "true")...)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
}

// TestVersion is defect 8: -version prints the build's version to stdout.
func TestVersion(t *testing.T) {
	t.Parallel()
	r := runBinary(t, "-version")
	if r.code != 0 || !regexp.MustCompile(`^again \S+ .*go1\.\d+`).MatchString(r.stdout) || r.stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestAnchorsInLongLines is defect 8: ^ and $ match only at the ends of a
// line, not at the edges of the pieces a long line is matched in.
func TestAnchorsInLongLines(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 2*maxLine+123)
	for _, tc := range []struct {
		re, line string
		want     bool
	}{
		{`^x`, "a" + long, false},
		{`x$`, long + "a", false},
		{`^xx`, long, true},
		{`xx$`, long, true},
		{`\Ax`, "a" + long, false},
		{`(?m)^x`, "a" + long, false},
		{`^a`, "a" + long, true},
		{`a$`, long + "a", true},
	} {
		var matched atomic.Bool
		m := newLineMatcher(io.Discard, regexp.MustCompile(tc.re), &matched)
		for chunk := range slicesChunk([]byte(tc.line+"\n"), 4000) {
			if _, err := m.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		m.Flush()
		if matched.Load() != tc.want {
			t.Errorf("%s on a %d-byte line: matched %v, want %v", tc.re, len(tc.line), matched.Load(), tc.want)
		}
	}
}

// slicesChunk yields b in pieces of at most n bytes.
func slicesChunk(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}

// TestAttemptEnvironment: the command sees its attempt number and the limit.
func TestAttemptEnvironment(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args(flags("-attempts", "3"), "sh", "-c", `echo "$AGAIN_ATTEMPT/$AGAIN_MAX_ATTEMPTS"; exit 1`)...)
	if r.stdout != "1/3\n2/3\n3/3\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	r = runInProcess(t, "", args(flags("-attempts", "unlimited"), "sh", "-c", `echo "$AGAIN_ATTEMPT/$AGAIN_MAX_ATTEMPTS"`)...)
	if r.stdout != "1/0\n" {
		t.Errorf("unlimited: stdout %q, want 1/0", r.stdout)
	}
}

// TestStdinAcrossAttempts is defect 9: without -replay-stdin the first
// attempt reads stdin and later ones find it used up; with it, every attempt
// reads all of it, from memory or, past the limit, from a temporary file.
func TestStdinAcrossAttempts(t *testing.T) {
	t.Parallel()
	small, large := "hello\n", strings.Repeat("0123456789abcdef", spoolMemory/16+1000)
	for _, tc := range []struct {
		replay bool
		input  string
		want   int // copies of input that reach the command
	}{
		{false, small, 1},
		{true, small, 3},
		{true, large, 3},
	} {
		log := filepath.Join(t.TempDir(), "log")
		r := runInProcess(t, tc.input, args(flags("-attempts", "3", "-replay-stdin="+map[bool]string{false: "false", true: "true"}[tc.replay]),
			"sh", "-c", `cat >> "$0"; exit 1`, log)...)
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		b, err := os.ReadFile(log)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Repeat(tc.input, tc.want); string(b) != want {
			t.Errorf("-replay-stdin=%v, %d bytes in: the command read %d bytes, want %d", tc.replay, len(tc.input), len(b), len(want))
		}
	}
}

// TestSpool records past its memory limit and reads back twice.
func TestSpool(t *testing.T) {
	t.Parallel()
	s := newSpool(10)
	defer func() { _ = s.Close() }()
	for _, p := range []string{"01234", "56789", "abcdef"} {
		if _, err := s.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if !s.spilled() || s.Len() != 16 {
		t.Fatalf("spilled %v, len %d; want true, 16", s.spilled(), s.Len())
	}
	for range 2 {
		f, stop, err := s.open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(f)
		_ = f.Close()
		stop()
		if err != nil || string(b) != "0123456789abcdef" {
			t.Errorf("read %q, %v", b, err)
		}
	}
	var out bytes.Buffer
	if _, err := s.WriteTo(&out); err != nil || out.String() != "0123456789abcdef" {
		t.Errorf("WriteTo: %q, %v", out.String(), err)
	}
}

// TestStopIfOutput: a failed attempt whose output matches is not retried.
func TestStopIfOutput(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-stop-if-output", `^run 2$`), c.cmd(-1, 4)...)...)
	if r.code != 4 || c.runs(t) != 2 {
		t.Errorf("exit %d after %d runs, want 4 after 2", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "not retrying: an output line matched -stop-if-output") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestRetryOnTimeoutFalse: a timed-out attempt is not retried.
func TestRetryOnTimeoutFalse(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-timeout", "100ms", "-retry-on-timeout=false"), "sh", "-c", c.count()+"exec sleep 30")...)
	if r.code != 128+15 || c.runs(t) != 1 {
		t.Errorf("exit %d after %d runs, want 143 after 1", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "not retrying: it timed out, and -retry-on-timeout is false") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestUntilFail retries while the command succeeds.
func TestUntilFail(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-until-fail", "-attempts", "10"), "sh", "-c", c.count()+`[ $n -lt 3 ] || exit 5`)...)
	if r.code != 0 || c.runs(t) != 3 {
		t.Errorf("exit %d after %d runs, want 0 after 3", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "again: attempt 3 of 10: exit status 5, the failure -until-fail waits for, after ") {
		t.Errorf("stderr %q", r.stderr)
	}
	r = runInProcess(t, "", args(flags("-until-fail", "-attempts", "2"), "true")...)
	if r.code != 1 {
		t.Errorf("never failed: exit %d, want 1", r.code)
	}
}

// TestHoldStdout: only the successful attempt's output reaches stdout.
func TestHoldStdout(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-hold-stdout"), c.cmd(2, 1)...)...)
	if r.code != 0 || r.stdout != "run 3\n" {
		t.Errorf("exit %d, stdout %q; want 0 and only the last run's output", r.code, r.stdout)
	}
	c = newCounter(t)
	r = runInProcess(t, "", args(flags("-hold-stdout", "-attempts", "2"), c.cmd(-1, 1)...)...)
	if r.code != 1 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", r.code, r.stdout)
	}
}
