package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Exit codes of again's own.
const (
	exitUsage       = 2   // bad flags, no command or an invalid policy
	exitTimedOutOK  = 124 // the last attempt timed out but exited 0 (as timeout(1))
	exitCannotExec  = 126 // the command exists but cannot be executed
	exitNotFound    = 127 // the command does not exist
	exitSignalShift = 128 // a death by signal N is reported as 128+N
)

// outcome is how one attempt ended.
type outcome struct {
	code     int           // exit code of a command that exited by itself
	signal   os.Signal     // the signal that killed the command, or nil
	timedOut bool          // again stopped it for running past -timeout
	timeout  time.Duration // the -timeout it ran past
	stopped  bool          // again stopped it because the context ended
	matched  bool          // some line of output matched -retry-if-output
	// stopMatched is set when some line of output matched -stop-if-output.
	stopMatched bool
}

// status returns the exit status as a shell reports it: the exit code, or
// 128+N for a command killed by signal N.
func (o outcome) status() int {
	if o.signal != nil {
		return exitSignalShift + signalNumber(o.signal)
	}
	return o.code
}

// exitCode returns the exit code again ends with after this attempt: its
// status, except that a timed-out attempt never reports success.
func (o outcome) exitCode() int {
	if s := o.status(); s != 0 || !o.timedOut {
		return s
	}
	return exitTimedOutOK
}

// failed reports whether the attempt counts as a failure.
func (o outcome) failed() bool { return o.timedOut || o.status() != 0 }

// String describes how the attempt ended, such as "exit status 3" or "timed
// out after 1s, killed by signal 15 (SIGTERM)".
func (o outcome) String() string {
	s := "exit status " + strconv.Itoa(o.code)
	if o.signal != nil {
		s = "killed by signal " + strconv.Itoa(signalNumber(o.signal)) + " (" + signalName(o.signal) + ")"
	}
	if o.timedOut {
		s = "timed out after " + o.timeout.String() + ", " + s
	}
	return s
}

// attemptError is the error of an attempt that ran and failed.
type attemptError struct{ outcome outcome }

// Error describes how the attempt ended.
func (e *attemptError) Error() string { return e.outcome.String() }

// startError is the error of an attempt whose command could not be started.
type startError struct {
	name string // the command as given
	err  error  // from exec
	code int    // exitNotFound or exitCannotExec
}

// Error says which command could not be run, and why.
func (e *startError) Error() string {
	msg := "cannot run " + strconv.Quote(e.name) + ": " + cause(e.err).Error()
	if e.code == exitCannotExec && errors.Is(e.err, fs.ErrNotExist) {
		msg += " (is its #! interpreter missing?)"
	}
	return msg
}

// Unwrap returns the error from exec.
func (e *startError) Unwrap() error { return e.err }

// newStartError classifies a failure to start the command name: 127 when
// there is no such command, 126 when there is one but it cannot be executed
// (no permission, a directory, not a program, a missing #! interpreter).
func newStartError(name string, err error) *startError {
	code := exitCannotExec
	if errors.Is(err, exec.ErrNotFound) {
		code = exitNotFound
	} else if errors.Is(err, fs.ErrNotExist) {
		if _, statErr := os.Stat(name); statErr != nil {
			code = exitNotFound
		}
	}
	return &startError{name: name, err: err, code: code}
}

// cause strips the *exec.Error or *fs.PathError around err, whose messages
// repeat the command name.
func cause(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// itoa is strconv.Itoa, for brevity in messages.
func itoa(n int) string { return strconv.Itoa(n) }
