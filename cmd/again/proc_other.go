//go:build !unix

package main

import (
	"os"
	"os/exec"
	"time"
)

// termSignal asks a command to stop. Without Unix signals, that kills it.
var termSignal = os.Kill

// stopSignals are the signals that stop again.
var stopSignals = []os.Signal{os.Interrupt}

// jobSignals: there is no job control without Unix signals.
var jobSignals []os.Signal

// continueSignal and killSignal: without Unix signals, only os.Kill exists;
// a nil continueSignal is never sent.
var (
	continueSignal os.Signal
	killSignal     = os.Kill
)

// setProcAttr does nothing: process groups and parent-death signals are Unix
// features. A command may outlive an again that is killed.
func setProcAttr(*exec.Cmd, bool) {}

// forwarded reports whether a stop signal is passed on: an interrupt is not,
// since the console has already delivered it to the command.
func forwarded(sig os.Signal, _ bool) bool { return sig != os.Interrupt }

// signalGroup stops the process pid (there are no groups).
func signalGroup(pid int, sig os.Signal) { signalProcess(pid, sig) }

// signalProcess stops the process pid: the only signal there is kills.
func signalProcess(pid int, sig os.Signal) {
	if sig == nil || sig == os.Interrupt {
		return
	}
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill() // it may have exited already
	}
}

// isTerminalStop: there are no terminal stop signals.
func isTerminalStop(os.Signal) bool { return false }

// isStopSignal: there is no Ctrl-Z signal.
func isStopSignal(os.Signal) bool { return false }

// stopSelf does nothing.
func stopSelf() {}

// cleanGroup does nothing: without process groups, processes the command
// started are not tracked.
func cleanGroup(int, time.Duration) {}

// isTerminal reports whether f is a character device, an approximation.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startReaper does nothing: there is no PID 1 to be.
func startReaper() {}

// waitProcess waits for the command and returns its exit code; signals are
// not reported apart.
func waitProcess(cmd *exec.Cmd, _ func(os.Signal)) (code int, sig os.Signal, err error) {
	if err := cmd.Wait(); err != nil && cmd.ProcessState == nil {
		return 1, nil, err
	}
	return cmd.ProcessState.ExitCode(), nil, nil
}

// signalNumber returns the conventional Unix number of sig.
func signalNumber(sig os.Signal) int {
	switch sig {
	case os.Interrupt:
		return 2
	case os.Kill:
		return 9
	}
	return 0
}

// signalName returns the description of sig.
func signalName(sig os.Signal) string { return sig.String() }
