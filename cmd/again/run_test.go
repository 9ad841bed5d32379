package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSucceedsAfterFailures(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags(), c.cmd(2, 1)...)...)
	if r.code != 0 {
		t.Errorf("exit %d, want 0", r.code)
	}
	if n := c.runs(t); n != 3 {
		t.Errorf("ran %d times, want 3", n)
	}
	if r.stdout != "run 1\nrun 2\nrun 3\n" {
		t.Errorf("stdout %q, want the command's output of each run", r.stdout)
	}
	want := "again: attempt 1 of 4: exit status 1; next attempt in 1ms\n" +
		"again: attempt 2 of 4: exit status 1; next attempt in 2ms\n" +
		"again: attempt 3 of 4 succeeded after "
	if !strings.HasPrefix(r.stderr, want) || countLines(r.stderr, "again:") != 3 {
		t.Errorf("stderr %q, want it to start %q and have 3 lines", r.stderr, want)
	}
}

func TestFirstTrySuccessIsSilent(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args(flags(), "true")...)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
}

func TestExitCodeOfLastAttempt(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-attempts", "3"), c.cmd(-1, 42)...)...)
	if r.code != 42 {
		t.Errorf("exit %d, want 42", r.code)
	}
	if n := c.runs(t); n != 3 {
		t.Errorf("ran %d times, want 3", n)
	}
	if !strings.Contains(r.stderr, "again: attempt 3 of 3: exit status 42; giving up after 3 attempts in ") {
		t.Errorf("stderr %q lacks the giving-up line", r.stderr)
	}
}

func TestUnlimitedAttempts(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-attempts", "unlimited", "-backoff", "constant"), c.cmd(6, 1)...)...)
	if r.code != 0 || c.runs(t) != 7 {
		t.Errorf("exit %d after %d runs, want 0 after 7", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "again: attempt 6: exit status 1; next attempt in 1ms\n") {
		t.Errorf("stderr %q, want attempts without a limit", r.stderr)
	}
}

func TestMaxTime(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args([]string{"-max-time", "50ms", "-delay", "100ms", "-jitter", "none"}, c.cmd(-1, 3)...)...)
	if r.code != 3 || c.runs(t) != 1 {
		t.Errorf("exit %d after %d runs, want 3 after 1", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "giving up: the next wait would end after -max-time 50ms") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestNeverOn(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-never-on", "2,5-9"), c.cmd(-1, 5)...)...)
	if r.code != 5 || c.runs(t) != 1 {
		t.Errorf("exit %d after %d runs, want 5 after 1", r.code, c.runs(t))
	}
	if want := "again: attempt 1 of 4: exit status 5; not retrying: exit status 5 is in -never-on\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

func TestRetryOn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code, runs int
	}{
		{15, 4}, // in the list: retried
		{3, 4},
		{4, 1}, // not in it: not retried
		{1, 1},
	} {
		c := newCounter(t)
		r := runInProcess(t, "", args(flags("-retry-on", "3,10-20"), c.cmd(-1, tc.code)...)...)
		if r.code != tc.code || c.runs(t) != tc.runs {
			t.Errorf("code %d: exit %d after %d runs, want %d after %d", tc.code, r.code, c.runs(t), tc.code, tc.runs)
		}
		if tc.runs == 1 && !strings.Contains(r.stderr, "is not in -retry-on") {
			t.Errorf("code %d: stderr %q", tc.code, r.stderr)
		}
	}
}

func TestNeverOnWinsOverRetryOn(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-retry-on", "1-10", "-never-on", "7"), c.cmd(-1, 7)...)...)
	if r.code != 7 || c.runs(t) != 1 {
		t.Errorf("exit %d after %d runs, want 7 after 1", r.code, c.runs(t))
	}
}

func TestQuiet(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-quiet"), c.cmd(-1, 3)...)...)
	if r.code != 3 || c.runs(t) != 4 {
		t.Errorf("exit %d after %d runs, want 3 after 4", r.code, c.runs(t))
	}
	if r.stderr != "" {
		t.Errorf("stderr %q, want nothing", r.stderr)
	}
	// Errors are still reported.
	r = runInProcess(t, "", args(flags("-quiet"), "/no/such/command")...)
	if r.code != exitNotFound || !strings.Contains(r.stderr, "cannot run") {
		t.Errorf("quiet missing command: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestJSONLog(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-log-format", "json", "-attempts", "3"), c.cmd(-1, 9)...)...)
	if r.code != 9 {
		t.Errorf("exit %d, want 9", r.code)
	}
	var recs []map[string]any
	for line := range strings.Lines(r.stderr) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	for i, rec := range recs {
		msg := "retrying"
		if i == 2 {
			msg = "failed"
		}
		if rec["msg"] != msg || rec["attempt"] != float64(i+1) || rec["max_attempts"] != 3.0 ||
			rec["exit_code"] != 9.0 || rec["error"] != "exit status 9" {
			t.Errorf("record %d = %v", i, rec)
		}
	}
	if recs[0]["wait_seconds"] != 0.001 || recs[1]["wait_seconds"] != 0.002 {
		t.Errorf("waits %v, %v; want 0.001, 0.002", recs[0]["wait_seconds"], recs[1]["wait_seconds"])
	}
	if recs[2]["level"] != "ERROR" || !strings.HasPrefix(recs[2]["reason"].(string), "giving up after 3 attempts") {
		t.Errorf("last record %v", recs[2])
	}
}

func TestJSONLogStartError(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args(flags("-log-format", "json"), "/no/such/command")...)
	var rec map[string]any
	if err := json.Unmarshal([]byte(r.stderr), &rec); err != nil {
		t.Fatalf("stderr %q is not one JSON record: %v", r.stderr, err)
	}
	if rec["msg"] != "cannot run" || rec["exit_code"] != float64(exitNotFound) || rec["command"] != "/no/such/command" {
		t.Errorf("record %v", rec)
	}
}

func TestCommandNotFound(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"again-no-such-command-anywhere", "/no/such/dir/cmd", "./no-such-file"} {
		r := runInProcess(t, "", args(flags(), name, "arg")...)
		if r.code != exitNotFound {
			t.Errorf("%s: exit %d, want %d", name, r.code, exitNotFound)
		}
		if countLines(r.stderr, "again:") != 1 || !strings.Contains(r.stderr, `again: cannot run "`+name+`"`) {
			t.Errorf("%s: stderr %q, want one line saying it cannot run", name, r.stderr)
		}
	}
}

func TestCommandNotExecutable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("echo hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badInterp := filepath.Join(dir, "bad-interp")
	if err := os.WriteFile(badInterp, []byte("#!/no/such/interpreter\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, msg string }{
		{plain, "permission denied"},
		{dir, "permission denied"}, // a directory
		{badInterp, "#! interpreter"},
	} {
		r := runInProcess(t, "", args(flags(), tc.path)...)
		if r.code != exitCannotExec {
			t.Errorf("%s: exit %d, want %d", tc.path, r.code, exitCannotExec)
		}
		if countLines(r.stderr, "again:") != 1 || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%s: stderr %q, want one line with %q", tc.path, r.stderr, tc.msg)
		}
	}
}

func TestStdinAndArgsPassThrough(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "hello\n", args(flags(), "sh", "-c", `cat; printf '%s|' "$@"`, "sh", "a b", "*", "$HOME")...)
	if r.code != 0 || r.stdout != "hello\na b|*|$HOME|" {
		t.Errorf("exit %d, stdout %q; want the input and the arguments unexpanded", r.code, r.stdout)
	}
}

func TestRetryIfOutput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		script string
		runs   int
	}{
		{"matches on stderr", `echo "error: connection refused" >&2; exit 1`, 3},
		{"matches on stdout", `echo "busy, try later"; exit 1`, 3},
		{"no match", `echo "fatal: bad config"; exit 1`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCounter(t)
			cmd := []string{"sh", "-c", c.count() + tc.script}
			r := runInProcess(t, "", args(flags("-attempts", "3", "-retry-if-output", `refused|busy`), cmd...)...)
			if r.code != 1 || c.runs(t) != tc.runs {
				t.Errorf("exit %d after %d runs, want 1 after %d", r.code, c.runs(t), tc.runs)
			}
			if tc.runs == 1 && !strings.Contains(r.stderr, "no output line matched -retry-if-output") {
				t.Errorf("stderr %q", r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, "run 1\n") {
				t.Errorf("output was not passed through")
			}
		})
	}
}

func TestRetryIfOutputLargeOutput(t *testing.T) {
	t.Parallel()
	// 4 MB without a newline, then the match: passed through whole, matched,
	// and held in at most maxLine bytes (see TestLineMatcherBounded).
	c := newCounter(t)
	cmd := c.cmd(1, 1)
	cmd[2] = `head -c 4000000 /dev/zero | tr '\0' x; echo " retry-me"; ` + cmd[2]
	r := runInProcess(t, "", args(flags("-retry-if-output", `retry-me$`), cmd...)...)
	if r.code != 0 || c.runs(t) != 2 {
		t.Errorf("exit %d after %d runs, want 0 after 2", r.code, c.runs(t))
	}
	if n := strings.Count(r.stdout, "x"); n != 8000000 {
		t.Errorf("stdout has %d x's, want 8000000", n)
	}
}

func TestEnvironmentInherited(t *testing.T) {
	t.Setenv("AGAIN_TEST_VALUE", "inherited")
	r := runInProcess(t, "", args(flags(), "sh", "-c", `echo "$AGAIN_TEST_VALUE"`)...)
	if r.stdout != "inherited\n" {
		t.Errorf("stdout %q, want the inherited value", r.stdout)
	}
}
