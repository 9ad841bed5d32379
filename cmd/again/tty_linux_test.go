package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal and returns its controller side and the
// terminal side, with the standard library only.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Fatalf("TIOCSPTLCK: %v", errno)
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatalf("TIOCGPTN: %v", errno)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ptmx.Close(); _ = tty.Close() })
	return ptmx, tty
}

// startOnTerminal starts the again binary with args as the leader of a new
// session whose controlling terminal is a pseudo-terminal, as a shell would
// run it in the foreground; everything the terminal shows is collected.
func startOnTerminal(t *testing.T, args ...string) (s *started, ptmx *os.File, screen *lockedBuffer) {
	t.Helper()
	return startCmdOnTerminal(t, exec.Command(binPath, args...))
}

// startUnderShell starts the again binary with args from a shell with job
// control on a pseudo-terminal: again runs as a foreground job, in a process
// group of its own whose parent (the shell) is in the same session, as at
// an interactive prompt. When again's job ends or stops, the shell prints
// "job ended STATUS" and waits for a line.
func startUnderShell(t *testing.T, args ...string) (s *started, ptmx *os.File, screen *lockedBuffer) {
	t.Helper()
	sh := exec.Command("sh", append([]string{"-c", `set -m; "$0" "$@"; echo "job ended $?"; read x`, binPath}, args...)...)
	return startCmdOnTerminal(t, sh)
}

// startCmdOnTerminal starts cmd as the leader of a new session on a new
// pseudo-terminal.
func startCmdOnTerminal(t *testing.T, cmd *exec.Cmd) (s *started, ptmx *os.File, screen *lockedBuffer) {
	t.Helper()
	ptmx, tty := openPTY(t)
	s = &started{cmd: cmd, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = tty.Close() // again has it
	screen = s.stdout
	go func() { // reads until the terminal side is closed by everyone (EIO)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			_, _ = screen.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	go waitExit(s.cmd, s.done, &s.code)
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
	})
	return s, ptmx, screen
}

// TestCommandReadsTheTerminal is defect 1: with stdin a terminal, a command
// that reads it (a password prompt) gets the input rather than being
// stopped as a background job.
func TestCommandReadsTheTerminal(t *testing.T) {
	t.Parallel()
	s, ptmx, screen := startOnTerminal(t, args(flags("-attempts", "1"), "sh", "-c", `printf 'say: '; read x; echo "got $x"`)...)
	waitFor(t, "the prompt", func() bool { return strings.Contains(screen.String(), "say: ") })
	if _, err := ptmx.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	if code := s.wait(t); code != 0 {
		t.Errorf("exit %d, want 0; screen %q", code, screen)
	}
	waitFor(t, "the answer", func() bool { return strings.Contains(screen.String(), "got hello") })
}

// TestCtrlCAtTheTerminal is defect 5: one Ctrl-C reaches the command once,
// and again makes no further attempt.
func TestCtrlCAtTheTerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile, log := filepath.Join(dir, "pid"), filepath.Join(dir, "log")
	script := fmt.Sprintf(`trap 'echo INT >> %q; exit 3' INT; echo $$ > %q; while :; do sleep 0.01; done`, log, pidFile)
	s, ptmx, screen := startOnTerminal(t, args(flags(), "sh", "-c", script)...)
	readPID(t, pidFile)
	if _, err := ptmx.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	if code := s.wait(t); code != 3 {
		t.Errorf("exit %d, want the command's 3; screen %q", code, screen)
	}
	if b, _ := os.ReadFile(log); string(b) != "INT\n" {
		t.Errorf("the command got %q, want one INT", b)
	}
}

// TestCtrlZAtTheTerminal is defect 4 at a terminal: Ctrl-Z stops again and
// the command, and fg (SIGCONT to the job) resumes both.
func TestCtrlZAtTheTerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile, ppidFile := filepath.Join(dir, "pid"), filepath.Join(dir, "ppid")
	_, ptmx, screen := startUnderShell(t, args(flags(), "sh", "-c",
		fmt.Sprintf(`echo $PPID > %q; echo $$ > %q; exec sleep 60`, ppidFile, pidFile))...)
	pid, again := readPID(t, pidFile), readPID(t, ppidFile)
	if _, err := ptmx.Write([]byte{26}); err != nil { // Ctrl-Z
		t.Fatal(err)
	}
	waitFor(t, "again and the command to stop", func() bool { return procState(pid) == "T" && procState(again) == "T" })
	waitFor(t, "the shell to see the job stop", func() bool { return strings.Contains(screen.String(), "job ended") })
	if err := syscall.Kill(-again, syscall.SIGCONT); err != nil { // what fg (or bg) does
		t.Fatal(err)
	}
	waitFor(t, "both to resume", func() bool { return procState(pid) == "S" && procState(again) == "S" })
	if err := syscall.Kill(again, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid, again)
}

// TestCtrlCEndsCommandStoppedByTerminal is defect 1 in a group of its own
// (-foreground=false): the command reads the terminal and is stopped by
// SIGTTIN; again says why, and a Ctrl-C then ends it (SIGINT, then SIGCONT so
// that the signal lands) instead of waiting forever.
func TestCtrlCEndsCommandStoppedByTerminal(t *testing.T) {
	t.Parallel()
	s, ptmx, screen := startOnTerminal(t, args(flags("-foreground=false"), "sh", "-c", `read x`)...)
	waitFor(t, "the hint", func() bool {
		return strings.Contains(screen.String(), "again: the command was stopped by SIGTTIN") &&
			strings.Contains(screen.String(), "-foreground")
	})
	if _, err := ptmx.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	if code := s.wait(t); code != 128+2 {
		t.Errorf("exit %d, want 130; screen %q", code, screen)
	}
}
