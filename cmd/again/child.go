package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/again-go/again/retry"
)

// outputGrace is how long an attempt waits, after the command has exited, for
// its output pipes to close when again is copying its output (for
// -retry-if-output, or when run is given writers that are not files). A
// background process the command left behind may hold them open; its later
// output is then not shown.
const outputGrace = 2 * time.Second

// runner runs attempts of the command.
type runner struct {
	argv           []string
	stdin          io.Reader
	stdout, stderr io.Writer
	timeout        time.Duration  // per attempt; 0 for none
	killAfter      time.Duration  // from SIGTERM to SIGKILL
	output         *regexp.Regexp // for -retry-if-output, or nil
	foreground     bool           // stay in again's process group
	forward        <-chan os.Signal
}

// attempt runs the command once. It returns the outcome and nil when the
// command succeeded, the outcome and an *attemptError when it failed, and a
// retry.Permanent *startError when it could not be started.
//
// Unless r.foreground is set, the command leads a process group of its own
// and signals go to the whole group; otherwise they go to the command alone.
// When ctx ends, the command gets the signal that ended it (see causeSignal),
// or else SIGTERM; when the attempt runs past r.timeout it gets SIGTERM. From
// then on, signals arriving on r.forward are passed on too, a SIGTERM that is
// not obeyed within r.killAfter is followed by SIGKILL, and once the command
// has exited whatever is left of its group is killed, so that nothing
// outlives an attempt that again stopped.
func (r *runner) attempt(ctx context.Context) (outcome, error) {
	cmd := exec.Command(r.argv[0], r.argv[1:]...) //nolint:gosec // running the user's command is the point
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r.stdin, r.stdout, r.stderr
	var matched atomic.Bool
	var matchers []*lineMatcher
	if r.output != nil {
		out, errOut := newLineMatcher(r.stdout, r.output, &matched), newLineMatcher(r.stderr, r.output, &matched)
		cmd.Stdout, cmd.Stderr = out, errOut
		matchers = append(matchers, out, errOut)
	}
	cmd.WaitDelay = outputGrace // only matters when exec copies output through pipes
	if !r.foreground {
		setProcAttr(cmd)
	}
	p := proc{cmd: cmd, group: !r.foreground}

	if ctx.Err() != nil { // not started: Retry reports the context's cause
		return outcome{}, context.Cause(ctx)
	}
	if err := cmd.Start(); err != nil {
		se := newStartError(r.argv[0], err)
		return outcome{code: se.code}, retry.Permanent(se)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()

	var (
		o         outcome
		stopping  bool
		timeoutC  <-chan time.Time
		killC     <-chan time.Time
		killTimer *time.Timer
	)
	if r.timeout > 0 {
		t := time.NewTimer(r.timeout)
		defer t.Stop()
		timeoutC = t.C
	}
	startKillTimer := func() {
		if killTimer == nil {
			killTimer = time.NewTimer(r.killAfter)
			killC = killTimer.C
		}
	}
	defer func() {
		if killTimer != nil {
			killTimer.Stop()
		}
	}()
	done := ctx.Done()
	for {
		select {
		case err := <-waitErr:
			if stopping {
				p.kill()
			}
			for _, m := range matchers {
				m.Flush()
			}
			o.code, o.signal = exitStatus(cmd.ProcessState, err)
			o.matched = matched.Load()
			if !o.failed() {
				return o, nil
			}
			return o, &attemptError{o}
		case <-timeoutC:
			timeoutC = nil
			o.timedOut, o.timeout, stopping = true, r.timeout, true
			p.signal(termSignal)
			startKillTimer()
		case <-done:
			done = nil
			o.stopped, stopping = true, true
			if sig := causeSignal(ctx); sig != nil {
				p.signal(sig) // as if the user had signalled it directly
			} else {
				p.signal(termSignal)
				startKillTimer()
			}
		case sig := <-r.forward:
			p.signal(sig)
		case <-killC:
			killC = nil
			p.kill()
		}
	}
}

// exitStatus returns the exit code and the killing signal (or nil) of a
// command that has been waited for.
func exitStatus(ps *os.ProcessState, waitErr error) (code int, sig os.Signal) {
	if ps == nil { // cannot happen after a successful Start
		var ee *exec.ExitError
		if errors.As(waitErr, &ee) {
			ps = ee.ProcessState
		} else {
			return 1, nil
		}
	}
	return processStatus(ps)
}

// proc is a started command, to be signalled alone or with its process
// group.
type proc struct {
	cmd   *exec.Cmd
	group bool // the command leads a process group of its own
}

// signal sends sig to the command, or to its group. A command that is
// already gone is not an error.
func (p proc) signal(sig os.Signal) {
	if p.group {
		signalGroup(p.cmd, sig)
		return
	}
	_ = p.cmd.Process.Signal(sig) // os.ErrProcessDone: nothing to signal
}

// kill kills the command, or its group.
func (p proc) kill() {
	if p.group {
		killGroup(p.cmd)
		return
	}
	_ = p.cmd.Process.Kill() // os.ErrProcessDone: nothing to kill
}
