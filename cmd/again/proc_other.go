//go:build !unix

package main

import (
	"os"
	"os/exec"
)

// termSignal asks a command to stop. Without Unix signals, that kills it.
var termSignal = os.Kill

// stopSignals are the signals that stop again.
var stopSignals = []os.Signal{os.Interrupt}

// setProcAttr does nothing: process groups are a Unix feature.
func setProcAttr(*exec.Cmd) {}

// signalGroup stops the command. An interrupt is not passed on, since the
// console has already delivered it to the command.
func signalGroup(cmd *exec.Cmd, sig os.Signal) {
	if sig == os.Interrupt {
		return
	}
	_ = cmd.Process.Kill() // it may have exited already
}

// killGroup kills the command.
func killGroup(cmd *exec.Cmd) {
	_ = cmd.Process.Kill() // it may have exited already
}

// processStatus returns the exit code of a command; signals are not
// reported apart.
func processStatus(ps *os.ProcessState) (code int, sig os.Signal) {
	return ps.ExitCode(), nil
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
