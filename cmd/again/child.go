package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/again-go/again/retry"
)

// outputGrace is how long an attempt waits, after the command has exited and
// its process group has been cleaned up, for the output that again copies
// (for -retry-if-output, -stop-if-output, -hold-stdout, or writers that are
// not files) to end. A background process kept with -keep-background may
// hold the pipes open; its later output is then not shown.
const outputGrace = 2 * time.Second

// runner runs attempts of the command.
type runner struct {
	argv           []string
	stdin          *os.File // nil for the null device
	replay         *spool   // -replay-stdin: each attempt reads this instead
	stdout, stderr io.Writer
	timeout        time.Duration  // per attempt; 0 for none
	killAfter      time.Duration  // from SIGTERM to SIGKILL
	retryOutput    *regexp.Regexp // -retry-if-output, or nil
	stopOutput     *regexp.Regexp // -stop-if-output, or nil
	hold           bool           // -hold-stdout
	shared         bool           // run in again's process group
	keep           bool           // -keep-background
	invert         bool           // -until-fail
	maxAttempts    string         // for AGAIN_MAX_ATTEMPTS
	forward        <-chan os.Signal

	n      int         // attempts started
	hinted atomic.Bool // stoppedHint has been printed
	mu     sync.Mutex  // guards cur
	cur    *proc       // the running command, for job control
}

// attempt runs the command once. It returns the outcome and nil when the
// attempt succeeded (with -until-fail: when the command failed), the outcome
// and an *attemptError when it did not, and a retry.Permanent *startError
// when the command could not be started.
//
// Unless r.shared is set, the command leads a process group of its own and
// signals go to the whole group; otherwise they go to the command alone.
// When ctx ends, the command gets the signal that ended it (see causeSignal
// and forwarded), or else SIGTERM; when the attempt runs past r.timeout it
// gets SIGTERM (SIGKILL when r.killAfter is 0). Every signal is followed by
// SIGCONT, so that it lands on a stopped command. From then on, signals
// arriving on r.forward are passed on too, and a SIGTERM that is not obeyed
// within r.killAfter is followed by SIGKILL. Once the command has exited,
// whatever is left of its group is ended: at once with SIGKILL when again
// stopped the command, else with SIGTERM and SIGKILL after r.killAfter,
// unless r.keep is set.
func (r *runner) attempt(ctx context.Context) (outcome, error) {
	if ctx.Err() != nil { // not started: Retry reports the context's cause
		return outcome{}, context.Cause(ctx)
	}
	r.n++
	cmd := exec.Command(r.argv[0], r.argv[1:]...) //nolint:gosec // running the user's command is the point
	cmd.Env = append(os.Environ(), "AGAIN_ATTEMPT="+strconv.Itoa(r.n), "AGAIN_MAX_ATTEMPTS="+r.maxAttempts)
	setProcAttr(cmd, !r.shared)

	aio, err := r.plumb(cmd)
	if err != nil {
		return outcome{code: exitCannotExec}, retry.Permanent(&startError{name: r.argv[0], err: err, code: exitCannotExec})
	}
	defer aio.close()
	if err := cmd.Start(); err != nil {
		se := newStartError(r.argv[0], err)
		return outcome{code: se.code}, retry.Permanent(se)
	}
	aio.started()
	p := &proc{pid: cmd.Process.Pid, group: !r.shared}
	r.setCurrent(p)
	type status struct {
		code int
		sig  os.Signal
	}
	exited := make(chan status, 1)
	go func() {
		code, sig, _ := waitProcess(cmd, r.stoppedHint)
		exited <- status{code, sig}
	}()

	var (
		o         outcome
		stopping  bool // again has told the command to stop
		timeoutC  <-chan time.Time
		killC     <-chan time.Time
		killTimer *time.Timer
	)
	if r.timeout > 0 {
		t := time.NewTimer(r.timeout)
		defer t.Stop()
		timeoutC = t.C
	}
	term := func() { // SIGTERM now, SIGKILL after r.killAfter
		if r.killAfter == 0 {
			p.signal(killSignal)
			return
		}
		p.signal(termSignal)
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
		case st := <-exited:
			r.setCurrent(nil)
			if p.group && (stopping || !r.keep) {
				grace := r.killAfter
				if stopping {
					grace = 0 // the group has had its SIGTERM already
				}
				cleanGroup(p.pid, grace)
			}
			o.code, o.signal = st.code, st.sig
			o.matched, o.stopMatched = aio.finish()
			failed := o.failed()
			if r.invert {
				failed = !failed
			}
			if !failed {
				aio.release()
				return o, nil
			}
			return o, &attemptError{o}
		case <-timeoutC:
			timeoutC = nil
			o.timedOut, o.timeout, stopping = true, r.timeout, true
			term()
		case <-done:
			done = nil
			o.stopped, stopping = true, true
			if sig := causeSignal(ctx); sig != nil {
				if forwarded(sig, r.shared) {
					p.signal(sig) // as if the user had signalled it directly
				}
			} else {
				term()
			}
		case sig := <-r.forward:
			if forwarded(sig, r.shared) {
				p.signal(sig)
			}
		case <-killC:
			killC = nil
			p.signal(killSignal)
		}
	}
}

// stoppedHint says why a command that the terminal stopped is not running,
// once per run: it reads or writes the terminal from a process group of its
// own. A Ctrl-C still ends it: again passes SIGINT on, then SIGCONT.
func (r *runner) stoppedHint(sig os.Signal) {
	if !isTerminalStop(sig) || r.hinted.Swap(true) {
		return
	}
	_, _ = fmt.Fprintf(r.stderr, "%s: the command was stopped by %s: it uses the terminal from a process group "+
		"of its own; run again with -foreground (Ctrl-C ends it)\n", progName, signalName(sig))
}

// setCurrent records the running command for job control.
func (r *runner) setCurrent(p *proc) {
	r.mu.Lock()
	r.cur = p
	r.mu.Unlock()
}

// jobControl passes the job-control signals arriving on sigs on to the
// running command: Ctrl-Z's SIGTSTP stops it and then again, and SIGCONT
// continues it. It returns when quit is closed.
func (r *runner) jobControl(sigs <-chan os.Signal, quit <-chan struct{}) {
	for {
		var sig os.Signal
		select {
		case sig = <-sigs:
		case <-quit:
			return
		}
		r.mu.Lock()
		p := r.cur
		r.mu.Unlock()
		if p != nil {
			p.send(sig)
		}
		if isStopSignal(sig) {
			stopSelf()
		}
	}
}

// proc is a started command, to be signalled alone or with its process
// group.
type proc struct {
	pid   int
	group bool // the command leads a process group of its own
}

// signal sends sig to the command, or to its group, then SIGCONT so that a
// stopped command gets it. A command that is already gone is not an error.
func (p *proc) signal(sig os.Signal) {
	p.send(sig)
	if continueSignal != nil && sig != killSignal {
		p.send(continueSignal)
	}
}

// send sends sig to the command, or to its group.
func (p *proc) send(sig os.Signal) {
	if p.group {
		signalGroup(p.pid, sig)
		return
	}
	signalProcess(p.pid, sig)
}

// attemptIO is the plumbing of one attempt's standard streams.
type attemptIO struct {
	r                  *runner
	closers            []func()       // run by close
	childEnds          []*os.File     // closed in again once the command has them
	copies             sync.WaitGroup // the goroutines copying output
	readEnds           []*os.File     // closed when output runs past outputGrace
	matched, stopMatch atomic.Bool
	matchers           []*lineMatcher
	held               *spool // -hold-stdout's record of stdout, or nil
}

// plumb sets cmd's standard streams. Each is a file, so that the command's
// own exit is seen at once; output that again must read or hold goes
// through a pipe that again copies from.
func (r *runner) plumb(cmd *exec.Cmd) (*attemptIO, error) {
	a := &attemptIO{r: r}
	cmd.Stdin = r.stdin
	if r.replay != nil {
		f, stop, err := r.replay.open()
		if err != nil {
			return nil, err
		}
		cmd.Stdin = f
		a.closers = append(a.closers, func() { _ = f.Close(); stop() })
	}
	out := r.stdout
	if r.hold {
		a.held = newSpool(spoolMemory)
		a.closers = append(a.closers, func() { _ = a.held.Close() })
		out = a.held
	}
	var err error
	if cmd.Stdout, err = a.sink(out); err != nil {
		a.close()
		return nil, err
	}
	if cmd.Stderr, err = a.sink(r.stderr); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// sink returns the file the command writes to for w: w itself when it is a
// file and nothing needs to see the output, else a pipe copied to w (through
// a lineMatcher when output is matched).
func (a *attemptIO) sink(w io.Writer) (*os.File, error) {
	if a.r.retryOutput != nil || a.r.stopOutput != nil {
		m := &lineMatcher{w: w, limit: maxLine}
		if a.r.retryOutput != nil {
			m.add(a.r.retryOutput, &a.matched)
		}
		if a.r.stopOutput != nil {
			m.add(a.r.stopOutput, &a.stopMatch)
		}
		a.matchers = append(a.matchers, m)
		w = m
	} else if f, ok := w.(*os.File); ok {
		return f, nil
	}
	if w == nil {
		return nil, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	a.childEnds = append(a.childEnds, pw)
	a.readEnds = append(a.readEnds, pr)
	a.copies.Add(1)
	go func() {
		defer a.copies.Done()
		_, _ = io.Copy(w, pr) // ends at EOF, or when finish closes pr
	}()
	return pw, nil
}

// started closes again's copies of the pipes' write ends, so that the copies
// end when the command and its children have closed theirs.
func (a *attemptIO) started() {
	for _, f := range a.childEnds {
		_ = f.Close()
	}
	a.childEnds = nil
}

// finish waits, at most outputGrace, for the output copies to end, then
// matches the last lines, and returns whether -retry-if-output and
// -stop-if-output matched.
func (a *attemptIO) finish() (matched, stopMatched bool) {
	copied := make(chan struct{})
	go func() { a.copies.Wait(); close(copied) }()
	t := time.NewTimer(outputGrace)
	defer t.Stop()
	select {
	case <-copied:
	case <-t.C:
		for _, f := range a.readEnds {
			_ = f.Close() // ends the copies
		}
		<-copied
	}
	for _, m := range a.matchers {
		m.Flush()
	}
	return a.matched.Load(), a.stopMatch.Load()
}

// release writes the output held by -hold-stdout, after a successful attempt.
func (a *attemptIO) release() {
	if a.held != nil {
		_, _ = a.held.WriteTo(a.r.stdout)
	}
}

// close releases the attempt's files.
func (a *attemptIO) close() {
	a.started()
	for _, f := range a.readEnds {
		_ = f.Close()
	}
	for _, c := range a.closers {
		c()
	}
}
