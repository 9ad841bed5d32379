//go:build unix

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// procState returns the state letter of pid from /proc ("S", "T", "Z"...),
// or "" when there is none.
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 || i+2 >= len(b) {
		return ""
	}
	return string(b[i+2])
}

// needProc skips a test that reads process states from /proc.
func needProc(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
}

// readPIDs reads one process id a line from file.
func readPIDs(t *testing.T, file string) []int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for f := range strings.FieldsSeq(string(b)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	return pids
}

// TestSignalReachesStoppedCommand is defect 1: a command that has stopped
// must still get the signal again passes on, and end.
func TestSignalReachesStoppedCommand(t *testing.T) {
	t.Parallel()
	needProc(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	s := startBinary(t, args(flags("-attempts", "3"), "sh", "-c", fmt.Sprintf(`echo $$ > %q; kill -STOP $$; exit 0`, pidFile))...)
	pid := readPID(t, pidFile)
	waitFor(t, "the command to stop", func() bool { return procState(pid) == "T" })
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 128+15 {
		t.Errorf("exit %d, want 143", code)
	}
	waitGone(t, pid)
}

// TestCommandDiesWithAgain is defect 2: SIGKILL to again leaves no command
// behind (Linux's parent-death signal).
func TestCommandDiesWithAgain(t *testing.T) {
	t.Parallel()
	if !hasDeathSignal {
		t.Skip("no parent-death signal on this system")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	s := startBinary(t, args(flags(), "sh", "-c", fmt.Sprintf(`echo $$ > %q; exec sleep 60`, pidFile))...)
	pid := readPID(t, pidFile)
	s.signal(t, syscall.SIGKILL)
	s.wait(t)
	waitGone(t, pid)
}

// TestBackgroundProcessesEnd is defect 3: what a failed attempt leaves in
// the background is ended when the attempt ends, not when again gives up;
// -keep-background lets it run.
func TestBackgroundProcessesEnd(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		pids := filepath.Join(t.TempDir(), "pids")
		redirect := "" // the kept ones must not hold again's output pipes
		if keep {
			redirect = ">/dev/null 2>&1"
		}
		cmd := []string{"sh", "-c", fmt.Sprintf(`sleep 30 %s & echo $! >> %q; exit 1`, redirect, pids)}
		r := runInProcess(t, "", args(flags("-attempts", "3", fmt.Sprintf("-keep-background=%v", keep)), cmd...)...)
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		got := readPIDs(t, pids)
		if len(got) != 3 {
			t.Fatalf("%d background processes, want 3", len(got))
		}
		for _, pid := range got {
			if gone := processGone(pid); gone == keep {
				t.Errorf("-keep-background=%v: background process %d gone=%v when again returned", keep, pid, gone)
			}
			if keep {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
}

// TestCtrlZStopsTheCommandToo is defect 4: SIGTSTP to again (Ctrl-Z when
// again leads the job) stops the command in its own group as well as
// again, and SIGCONT (fg) resumes both.
func TestCtrlZStopsTheCommandToo(t *testing.T) {
	t.Parallel()
	needProc(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	s := startBinary(t, args(flags("-foreground=false"), "sh", "-c", fmt.Sprintf(`echo $$ > %q; exec sleep 60`, pidFile))...)
	pid, again := readPID(t, pidFile), s.cmd.Process.Pid
	s.signal(t, syscall.SIGTSTP)
	waitFor(t, "again and the command to stop", func() bool { return procState(pid) == "T" && procState(again) == "T" })
	s.signal(t, syscall.SIGCONT)
	waitFor(t, "again and the command to resume", func() bool { return procState(pid) == "S" && procState(again) != "T" })
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 128+15 {
		t.Errorf("exit %d, want 143", code)
	}
}

// TestSharedGroupSIGINTNotForwarded is defect 5: a command in again's own
// process group has had the terminal's Ctrl-C already; again must not send
// it a second one. SIGINT is sent to again alone here, so any SIGINT the
// command sees came from again; the SIGTERM that follows is passed on. The
// shell runs its traps in signal order once its foreground sleep ends, so
// a forwarded SIGINT would be logged before the TERM.
func TestSharedGroupSIGINTNotForwarded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile, log := filepath.Join(dir, "pid"), filepath.Join(dir, "log")
	script := fmt.Sprintf(`trap 'echo INT >> %[1]q' INT
trap 'echo TERM >> %[1]q; exit 5' TERM
echo $$ > %[2]q
while :; do sleep 0.01; done`, log, pidFile)
	s := startBinary(t, args(flags("-foreground"), "sh", "-c", script)...)
	readPID(t, pidFile)
	s.signal(t, syscall.SIGINT)
	waitFor(t, "again to take SIGINT", func() bool { return sigCaught(s.cmd.Process.Pid, syscall.SIGINT) })
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t); code != 5 {
		t.Errorf("exit %d, want the command's 5", code)
	}
	if b, _ := os.ReadFile(log); string(b) != "TERM\n" {
		t.Errorf("the command got %q, want only the TERM", b)
	}
}

// sigCaught reports whether pid has no SIGINT pending (it has been handled).
func sigCaught(pid int, sig syscall.Signal) bool {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return true
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "ShdPnd:") {
			mask, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(line, "ShdPnd:")), 16, 64)
			return err == nil && mask&(1<<(uint(sig)-1)) == 0
		}
	}
	return true
}

// TestKillAfterZero is defect 6: -kill-after 0 sends SIGKILL at once.
func TestKillAfterZero(t *testing.T) {
	t.Parallel()
	r := runInProcess(t, "", args(flags("-attempts", "1", "-timeout", "50ms", "-kill-after", "0"), "sleep", "5")...)
	if r.code != 128+9 {
		t.Errorf("exit %d, want 137 (SIGKILL)", r.code)
	}
}

// TestSIGPIPENotRetried is defect 7: again -- seq ... | head -1 runs seq
// once.
func TestSIGPIPENotRetried(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	cmd := exec.Command(binPath, args(flags(), "sh", "-c", c.count()+"exec seq 1 100000000")...)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = pw, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = pw.Close()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || line != "run 1\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	_ = pr.Close() // as head -1 does
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != sigpipeStatus {
		t.Errorf("exit %d (%v), want %d", code, err, sigpipeStatus)
	}
	if n := c.runs(t); n != 1 {
		t.Errorf("ran %d times, want 1; stderr %q", n, stderr.String())
	}
	if !strings.Contains(stderr.String(), "killed by SIGPIPE") {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestSIGPIPERetriedWhenListed: -retry-on 141 retries it.
func TestSIGPIPERetriedWhenListed(t *testing.T) {
	t.Parallel()
	c := newCounter(t)
	r := runInProcess(t, "", args(flags("-retry-on", "141", "-attempts", "2"), "sh", "-c", c.count()+"kill -PIPE $$")...)
	if r.code != sigpipeStatus || c.runs(t) != 2 {
		t.Errorf("exit %d after %d runs, want 141 after 2", r.code, c.runs(t))
	}
}

// TestDeadlineCutsTheRunningAttempt: -deadline stops the attempt that is
// running, not only the waits.
func TestDeadlineCutsTheRunningAttempt(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	start := time.Now()
	r := runInProcess(t, "", args(flags("-deadline", "300ms", "-kill-after", "100ms"),
		"sh", "-c", fmt.Sprintf(`echo $$ > %q; exec sleep 60`, pidFile))...)
	if r.code != 128+15 {
		t.Errorf("exit %d, want 143", r.code)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(r.stderr, "stopped: -deadline 300ms has passed") {
		t.Errorf("stderr %q", r.stderr)
	}
	waitGone(t, readPID(t, pidFile))
}
