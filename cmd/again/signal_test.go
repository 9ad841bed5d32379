//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// started is a run of the again binary in progress.
// waitExit waits for cmd, stores its exit code in code (-1 when it did not
// exit normally with a status) and then closes done.
func waitExit(cmd *exec.Cmd, done chan struct{}, code *int) {
	defer close(done)
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		*code = ee.ExitCode()
	} else if err != nil {
		*code = -1
	}
}

type started struct {
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	done           chan struct{}
	code           int
}

// startBinary starts the again binary with args.
func startBinary(t *testing.T, args ...string) *started {
	t.Helper()
	s := &started{cmd: exec.Command(binPath, args...), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go waitExit(s.cmd, s.done, &s.code)
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill() // already gone when the test passed
		<-s.done
	})
	return s
}

// wait waits for again to exit and returns its exit code.
func (s *started) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatal("again did not exit")
	}
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", s.code, s.stdout, s.stderr)
	return s.code
}

// signal sends sig to again.
func (s *started) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// processGone reports whether pid no longer runs: it does not exist, or is a
// zombie waiting for a parent that is not ours to reap it.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false // no /proc: only ESRCH counts
	}
	// The state follows the command name in parentheses: "pid (comm) S ...".
	i := strings.LastIndexByte(string(b), ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// waitGone waits for each of pids to be gone.
func waitGone(t *testing.T, pids ...int) {
	t.Helper()
	for _, pid := range pids {
		waitFor(t, fmt.Sprintf("process %d to be gone", pid), func() bool { return processGone(pid) })
	}
}

func TestBinaryExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{args(flags("-attempts", "2"), "sh", "-c", "exit 42"), 42},
		{args(flags("-attempts", "2"), "sh", "-c", "kill -KILL $$"), 128 + 9},
		{args(flags("-attempts", "2"), "sh", "-c", "kill -TERM $$"), 128 + 15},
		{args(flags(), "true"), 0},
		{args(flags(), "again-no-such-command-anywhere"), 127},
		{args(flags(), plain), 126},
		{[]string{"-no-such-flag", "--", "true"}, 2},
		{[]string{"-attempts", "2", "--"}, 2},
		{[]string{"-help"}, 0},
	} {
		if r := runBinary(t, tc.args...); r.code != tc.code {
			t.Errorf("again %q: exit %d, want %d", tc.args, r.code, tc.code)
		}
	}
}

func TestKilledBySignalIsClassifiedAs128PlusN(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	cmd := []string{"sh", "-c", c.count() + "kill -KILL $$"}
	r := runInProcess(t, "", args(flags("-never-on", "137"), cmd...)...)
	if r.code != 137 || c.runs(t) != 1 {
		t.Errorf("exit %d after %d runs, want 137 after 1", r.code, c.runs(t))
	}
	if !strings.Contains(r.stderr, "killed by signal 9 (SIGKILL); not retrying: exit status 137 is in -never-on") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestTimeout runs a command that hangs, with a grandchild: each attempt is
// stopped at the timeout, and nothing of it is left behind.
func TestTimeout(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	spid := filepath.Join(t.TempDir(), "spid")
	cmd := []string{"sh", "-c", c.count() + fmt.Sprintf("sleep 60 & echo $! > %q; wait", spid)}
	start := time.Now()
	r := runInProcess(t, "", args(flags("-attempts", "2", "-timeout", "200ms"), cmd...)...)
	if r.code != 143 || c.runs(t) != 2 {
		t.Errorf("exit %d after %d runs, want 143 after 2", r.code, c.runs(t))
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v", d)
	}
	if countLines(r.stderr, "timed out after 200ms, killed by signal 15 (SIGTERM)") != 2 {
		t.Errorf("stderr %q, want two timeouts", r.stderr)
	}
	waitGone(t, readPID(t, spid))
}

// TestTimeoutKillAfter runs a command that ignores SIGTERM: it gets SIGKILL
// after the grace period.
func TestTimeoutKillAfter(t *testing.T) {
	t.Parallel()
	// The command must have ignored SIGTERM before the timeout; on a machine
	// too slow for that, try again with a longer timeout.
	for _, timeout := range []string{"300ms", "2s", "10s"} {
		pidFile := filepath.Join(t.TempDir(), "pid")
		cmd := []string{"sh", "-c", fmt.Sprintf(`trap "" TERM; echo $$ > %q; sleep 60`, pidFile)}
		start := time.Now()
		r := runBinary(t, args(flags("-attempts", "1", "-timeout", timeout, "-kill-after", "100ms"), cmd...)...)
		if _, err := os.Stat(pidFile); err != nil {
			t.Logf("the command was not ready within %s", timeout)
			continue
		}
		if r.code != 137 {
			t.Errorf("exit %d, want 137 (SIGKILL)", r.code)
		}
		if !strings.Contains(r.stderr, "timed out after "+timeout+", killed by signal 9 (SIGKILL)") {
			t.Errorf("stderr %q", r.stderr)
		}
		if d := time.Since(start); d > 15*time.Second {
			t.Errorf("took %v", d)
		}
		waitGone(t, readPID(t, pidFile))
		return
	}
	t.Fatal("the command never got ready")
}

func TestTimeoutThenExitZeroIsNotSuccess(t *testing.T) {
	t.Parallel()
	for _, timeout := range []string{"300ms", "2s", "10s"} {
		ready := filepath.Join(t.TempDir(), "ready")
		cmd := []string{"sh", "-c", fmt.Sprintf(`trap "exit 0" TERM; touch %q; sleep 60 & wait`, ready)}
		r := runInProcess(t, "", args(flags("-attempts", "1", "-timeout", timeout), cmd...)...)
		if _, err := os.Stat(ready); err != nil {
			continue
		}
		if r.code != exitTimedOutOK {
			t.Errorf("exit %d, want %d", r.code, exitTimedOutOK)
		}
		return
	}
	t.Fatal("the command never got ready")
}

// TestSignalForwarding sends SIGTERM to again while the command runs: the
// command gets it, again makes no further attempt and exits as the command
// did, and no process of the command is left, not even one that ignores
// SIGTERM.
func TestSignalForwarding(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := newCounter(t)
	pidFile, spidFile, marker := filepath.Join(dir, "pid"), filepath.Join(dir, "spid"), filepath.Join(dir, "marker")
	script := c.count() + fmt.Sprintf(`trap 'echo got TERM > %q; exit 7' TERM
(trap "" TERM; exec sleep 60) & echo $! > %q
echo $$ > %q
wait`, marker, spidFile, pidFile)
	s := startBinary(t, args(flags("-attempts", "5"), "sh", "-c", script)...)
	pid, spid := readPID(t, pidFile), readPID(t, spidFile)
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 7 {
		t.Errorf("exit %d, want the command's 7", code)
	}
	if b, err := os.ReadFile(marker); err != nil || string(b) != "got TERM\n" {
		t.Errorf("the command did not get SIGTERM: %q, %v", b, err)
	}
	if n := c.runs(t); n != 1 {
		t.Errorf("ran %d times, want 1", n)
	}
	if !strings.Contains(s.stderr.String(), "again: attempt 1 of 5: exit status 7; stopped: received SIGTERM") {
		t.Errorf("stderr %q", s.stderr)
	}
	waitGone(t, pid, spid)
}

func TestSIGINTForwarding(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	s := startBinary(t, args(flags(), "sh", "-c", fmt.Sprintf(`echo $$ > %q; exec sleep 60`, pidFile))...)
	pid := readPID(t, pidFile)
	s.signal(t, syscall.SIGINT)
	if code := s.wait(t); code != 128+2 {
		t.Errorf("exit %d, want 130", code)
	}
	if got := countLines(s.stderr.String(), "again:"); got != 1 ||
		!strings.Contains(s.stderr.String(), "killed by signal 2 (SIGINT); stopped: received SIGINT") {
		t.Errorf("stderr %q, want one line about SIGINT", s.stderr)
	}
	waitGone(t, pid)
}

// TestSignalBetweenAttempts stops again while it waits to retry.
func TestSignalBetweenAttempts(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	start := time.Now()
	s := startBinary(t, args([]string{"-delay", "20s", "-jitter", "none"}, c.cmd(-1, 1)...)...)
	waitFor(t, "the first retry to be scheduled", func() bool {
		return strings.Contains(s.stderr.String(), "next attempt in 20s")
	})
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 128+15 {
		t.Errorf("exit %d, want 143", code)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v: the wait was not cut short", d)
	}
	if n := c.runs(t); n != 1 {
		t.Errorf("ran %d times, want 1", n)
	}
	if !strings.HasSuffix(s.stderr.String(), "again: attempt 1 of 4: exit status 1; stopped: received SIGTERM\n") {
		t.Errorf("stderr %q", s.stderr)
	}
}

// TestExecuteSignals drives the signal handling in process, under the race
// detector: a first signal is passed on and stops retrying, and a second one
// is passed on too.
func TestExecuteSignals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile, log := filepath.Join(dir, "pid"), filepath.Join(dir, "log")
	script := fmt.Sprintf(`trap 'echo INT >> %[1]q' INT
trap 'echo TERM >> %[1]q; exit 9' TERM
echo $$ > %[2]q
while :; do sleep 0.01; done`, log, pidFile)
	cfg, err := parseArgs(args(flags(), "sh", "-c", script), os.Stdout, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal)
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() { code <- execute(context.Background(), cfg, cfg.policy(), sigs, nil, &stdout, &stderr) }()
	readPID(t, pidFile)
	sigs <- syscall.SIGINT
	waitFor(t, "the command to get SIGINT", func() bool {
		b, _ := os.ReadFile(log)
		return string(b) == "INT\n"
	})
	sigs <- syscall.SIGTERM
	select {
	case got := <-code:
		if got != 9 {
			t.Errorf("exit %d, want 9", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("execute did not return")
	}
	if b, _ := os.ReadFile(log); string(b) != "INT\nTERM\n" {
		t.Errorf("the command got %q, want INT then TERM", b)
	}
	if !strings.Contains(stderr.String(), "exit status 9; stopped: received SIGINT") {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestProcessGroup checks where the command runs: in a process group of its
// own, or in again's with -foreground.
func TestProcessGroup(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	// Field 5 of /proc/PID/stat is the process group; sh's name has no space.
	script := `read -r pid comm state ppid pgrp rest < /proc/$$/stat; echo "$$ $pgrp"`
	ownPgrp := syscall.Getpgrp()
	for _, fg := range []bool{false, true} {
		r := runInProcess(t, "", args(flags(fmt.Sprintf("-foreground=%v", fg)), "sh", "-c", script)...)
		var pid, pgrp int
		if _, err := fmt.Sscan(r.stdout, &pid, &pgrp); err != nil {
			t.Fatalf("output %q: %v", r.stdout, err)
		}
		if want := map[bool]int{false: pid, true: ownPgrp}[fg]; pgrp != want {
			t.Errorf("-foreground=%v: process group %d, want %d", fg, pgrp, want)
		}
	}
}

func TestForegroundTimeout(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	r := runInProcess(t, "", args(flags("-foreground", "-attempts", "1", "-timeout", "100ms"),
		"sh", "-c", fmt.Sprintf(`echo $$ > %q; exec sleep 60`, pidFile))...)
	if r.code != 143 {
		t.Errorf("exit %d, want 143", r.code)
	}
	waitGone(t, readPID(t, pidFile))
}
