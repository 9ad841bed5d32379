//go:build unix && !linux

package main

import (
	"os"
	"syscall"
)

// setDeathSignal does nothing: only Linux (and FreeBSD, not used here) has a
// parent-death signal, so elsewhere a command may outlive an again that is
// killed with SIGKILL. Every other way again ends still stops it.
func setDeathSignal(*syscall.SysProcAttr) {}

// isTerminal reports whether f is a character device other than /dev/null,
// an approximation of isatty without a terminal ioctl.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// startReaper does nothing: reaping orphans as PID 1 is done on Linux only.
func startReaper() {}

// reap waits for the child pid to exit and reaps it, calling stopped when
// it stops.
func reap(pid int, stopped func(os.Signal)) (syscall.WaitStatus, error) {
	return waitPID(pid, stopped)
}

// liveMember cannot tell zombies apart without /proc: every member counts.
func liveMember(int) bool { return true }
