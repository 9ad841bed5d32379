//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// termSignal asks a command to stop.
var termSignal os.Signal = syscall.SIGTERM

// stopSignals are the signals that stop again: each is passed on to the
// running command (see forwarded), and no further attempt is made.
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// jobSignals are the job-control signals again passes on to the running
// command: SIGTSTP (Ctrl-Z, after which again stops itself too) and SIGCONT
// (fg or bg, after which the command continues too).
var jobSignals = []os.Signal{syscall.SIGTSTP, syscall.SIGCONT}

// setProcAttr sets how the command is started: in a process group of its own
// when group is set, and on Linux with SIGKILL as its parent-death signal, so
// that it does not outlive again even when again is killed with SIGKILL.
func setProcAttr(cmd *exec.Cmd, group bool) {
	attr := &syscall.SysProcAttr{Setpgid: group}
	setDeathSignal(attr)
	cmd.SysProcAttr = attr
}

// forwarded reports whether a stop signal sig that again received is passed
// on to a command. A command in again's own process group (shared) has
// already had the signals a terminal sends to its foreground group (SIGINT,
// SIGQUIT, SIGHUP); only SIGTERM, which is usually sent to one process, is
// passed on to it.
func forwarded(sig os.Signal, shared bool) bool {
	return !shared || sig == syscall.SIGTERM
}

// signalGroup sends sig to the process group led by pid. A group that is
// already gone is not an error.
func signalGroup(pid int, sig os.Signal) {
	_ = syscall.Kill(-pid, unixSignal(sig)) // ESRCH: nothing left to signal
}

// signalProcess sends sig to the process pid alone.
func signalProcess(pid int, sig os.Signal) {
	_ = syscall.Kill(pid, unixSignal(sig)) // ESRCH: nothing left to signal
}

// unixSignal returns sig as a syscall.Signal; SIGTERM for anything else.
func unixSignal(sig os.Signal) syscall.Signal {
	if s, ok := sig.(syscall.Signal); ok {
		return s
	}
	return syscall.SIGTERM
}

// continueSignal wakes a stopped command so that a signal sent to it lands.
var continueSignal os.Signal = syscall.SIGCONT

// killSignal is SIGKILL.
var killSignal os.Signal = syscall.SIGKILL

// isStopSignal reports whether sig is Ctrl-Z's SIGTSTP.
func isStopSignal(sig os.Signal) bool { return sig == syscall.SIGTSTP }

// stopSelf stops again, as SIGTSTP would have without a handler.
func stopSelf() { _ = syscall.Kill(os.Getpid(), syscall.SIGSTOP) }

// groupAlive reports whether any process of the group led by pid is left,
// zombies aside where that can be told (see liveMember).
func groupAlive(pid int) bool {
	err := syscall.Kill(-pid, 0)
	if err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	return liveMember(pid)
}

// cleanGroup ends whatever is left of the process group led by pid once its
// leader has exited: SIGTERM, then SIGKILL if some process is still there
// after grace (at once when grace is 0).
func cleanGroup(pid int, grace time.Duration) {
	if !groupAlive(pid) {
		return
	}
	if grace > 0 {
		signalGroup(pid, syscall.SIGTERM)
		signalGroup(pid, syscall.SIGCONT)
		deadline := time.Now().Add(grace)
		for groupAlive(pid) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond) // polling: a group cannot be waited for
		}
	}
	signalGroup(pid, syscall.SIGKILL)
}

// waitProcess waits for the started command to exit and returns its exit
// code, or the signal that killed it; stopped is called with the signal
// that stopped it, each time it stops (not when again is PID 1). It reaps
// the process itself (rather than with cmd.Wait) so that, as PID 1, again
// can reap every other process too without taking the command's status
// away.
func waitProcess(cmd *exec.Cmd, stopped func(os.Signal)) (code int, sig os.Signal, err error) {
	defer func() { _ = cmd.Process.Release() }()
	ws, err := reap(cmd.Process.Pid, stopped)
	if err != nil {
		return 1, nil, err
	}
	if ws.Signaled() {
		return 0, ws.Signal(), nil
	}
	return ws.ExitStatus(), nil, nil
}

// waitPID waits for the child pid to exit with wait4, retrying on EINTR,
// and calls stopped each time the child stops.
func waitPID(pid int, stopped func(os.Signal)) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, syscall.WUNTRACED, nil)
		switch {
		case errors.Is(err, syscall.EINTR):
		case err == nil && ws.Stopped():
			stopped(ws.StopSignal())
		default:
			return ws, err
		}
	}
}

// isTerminalStop reports whether sig stops a background process that uses
// its terminal.
func isTerminalStop(sig os.Signal) bool { return sig == syscall.SIGTTIN || sig == syscall.SIGTTOU }

// signalNumber returns the number of sig.
func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return 0
}

// signalNames are the names of the common signals.
var signalNames = map[syscall.Signal]string{
	syscall.SIGABRT: "SIGABRT",
	syscall.SIGALRM: "SIGALRM",
	syscall.SIGBUS:  "SIGBUS",
	syscall.SIGFPE:  "SIGFPE",
	syscall.SIGHUP:  "SIGHUP",
	syscall.SIGILL:  "SIGILL",
	syscall.SIGINT:  "SIGINT",
	syscall.SIGKILL: "SIGKILL",
	syscall.SIGPIPE: "SIGPIPE",
	syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGSEGV: "SIGSEGV",
	syscall.SIGSYS:  "SIGSYS",
	syscall.SIGTERM: "SIGTERM",
	syscall.SIGTTIN: "SIGTTIN",
	syscall.SIGTTOU: "SIGTTOU",
	syscall.SIGTRAP: "SIGTRAP",
	syscall.SIGUSR1: "SIGUSR1",
	syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGXCPU: "SIGXCPU",
	syscall.SIGXFSZ: "SIGXFSZ",
}

// signalName returns a name for sig such as "SIGTERM", or its description
// for a signal without a name here.
func signalName(sig os.Signal) string {
	if s, ok := sig.(syscall.Signal); ok {
		if name, ok := signalNames[s]; ok {
			return name
		}
	}
	return sig.String()
}
