// Again runs a command, and runs it again when it fails, waiting longer
// between attempts, until it succeeds or the attempts or time run out.
//
// Usage:
//
//	again [flags] -- command [args...]
//
// The command is run directly, without a shell, with again's standard output,
// error and environment, plus AGAIN_ATTEMPT and AGAIN_MAX_ATTEMPTS. Again
// exits with the last attempt's exit status (128+N for a command killed by
// signal N), 126 or 127 for a command that cannot be executed or does not
// exist (neither is retried), and 2 for bad flags or an invalid policy.
// Progress goes to standard error, one line per retry, as text or JSON;
// nothing of again's own is written to standard output except for -help and
// -version.
//
// The flags set the fields of a [retry.Policy]: -attempts (MaxAttempts),
// -max-time (MaxElapsed), -backoff, -delay, -step and -factor (Backoff),
// -max-delay (MaxDelay), -jitter and -jitter-fraction (Jitter). Further flags
// bound each attempt and the whole run in time (-timeout, -kill-after,
// -deadline), say which attempts retry (-retry-on, -never-on,
// -retry-if-output, -stop-if-output, -retry-on-timeout, -until-fail), handle
// stdin and stdout (-replay-stdin, -hold-stdout), and processes
// (-foreground, -keep-background). Run "again -help" for the list with
// examples; docs/cli.md documents everything.
//
// On Unix, a command whose stdin is not a terminal leads a process group of
// its own, which again signals as a whole and ends when the attempt ends; a
// command reading a terminal shares again's group, so that job control works
// as for any foreground job. On Linux the command is killed if again dies,
// even by SIGKILL; on other Unix systems it may outlive an again killed so.
// On Windows there are no process groups: the command alone is stopped.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/again-go/again/retry"
)

// progName is the name again uses in its messages.
const progName = "again"

func main() {
	startReaper()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is again's whole work: it parses args (without the program name), runs
// the command with the given standard streams, and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stdout, stderr)
	if errors.Is(err, errExit) {
		return 0
	}
	if err != nil {
		return exitUsage
	}
	p := cfg.policy()
	if err := p.Validate(); err != nil {
		for line := range strings.SplitSeq(err.Error(), "\n") {
			_, _ = fmt.Fprintf(stderr, "%s: %s\n", progName, line)
		}
		_, _ = fmt.Fprintf(stderr, "%s: (the flags set Policy fields: -attempts MaxAttempts, -max-time MaxElapsed, "+
			"-max-delay MaxDelay, -backoff -delay -step -factor Backoff, -jitter -jitter-fraction Jitter)\n", progName)
		return exitUsage
	}

	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, append(append([]os.Signal(nil), stopSignals...), jobSignals...)...)
	defer signal.Stop(sigs)
	return execute(context.Background(), cfg, p, sigs, stdin, stdout, stderr)
}

// execute runs the command under policy p until it succeeds or p gives up,
// stopping when a stop signal arrives on sigs and passing job-control
// signals on, and returns the exit code.
func execute(ctx context.Context, cfg *config, p retry.Policy, sigs <-chan os.Signal,
	stdin io.Reader, stdout, stderr io.Writer,
) int {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if cfg.deadline > 0 {
		var cancelDeadline context.CancelFunc
		ctx, cancelDeadline = context.WithTimeoutCause(ctx, cfg.deadline, &deadlineError{cfg.deadline})
		defer cancelDeadline()
	}
	quit := make(chan struct{})
	defer close(quit)

	rep := newReporter(stderr, cfg)
	p.Hooks = rep.hooks()
	var replay *spool
	if cfg.replay {
		rec, err := record(stdin)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "%s: -replay-stdin: %v\n", progName, err)
			return 1
		}
		defer func() { _ = rec.Close() }()
		replay, stdin = rec, nil
	}
	in, closeIn, err := stdinFile(stdin)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "%s: standard input: %v\n", progName, err)
		return 1
	}
	defer closeIn()
	r := &runner{
		argv:        cfg.argv,
		stdin:       in,
		stdout:      stdout,
		stderr:      stderr,
		timeout:     cfg.timeout,
		killAfter:   cfg.killAfter,
		retryOutput: cfg.output,
		stopOutput:  cfg.stopOut,
		hold:        cfg.hold,
		replay:      replay,
		shared:      cfg.sharedGroup(in),
		keep:        cfg.keep,
		invert:      cfg.invert,
		maxAttempts: strconv.Itoa(rep.limit),
	}
	jobs := make(chan os.Signal, 4)
	go r.jobControl(jobs, quit)
	r.forward = handleSignals(sigs, jobs, cancel, quit)
	var lastOutcome outcome
	rep.last = &lastOutcome
	last, err := retry.Retry(ctx, p, func() (outcome, error) {
		o, err := r.attempt(ctx)
		lastOutcome = o
		return o, err
	})
	return exitCode(ctx, last, err, rep)
}

// sharedGroup reports whether the command runs in again's process group:
// as -foreground says, or by default when stdin is a terminal, so that the
// command can read it.
func (c *config) sharedGroup(stdin *os.File) bool {
	if c.set["foreground"] {
		return c.fg
	}
	return stdin != nil && isTerminal(stdin)
}

// stdinFile returns stdin as a file for the command: itself when it is one,
// or a pipe fed from it (shared by every attempt, as a file would be), and a
// function that stops the feeding.
func stdinFile(stdin io.Reader) (*os.File, func(), error) {
	switch f := stdin.(type) {
	case nil:
		return nil, func() {}, nil
	case *os.File:
		return f, func() {}, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	go func() {
		_, _ = io.Copy(pw, stdin)
		_ = pw.Close()
	}()
	return pr, func() { _ = pr.Close(); _ = pw.Close() }, nil
}

// record reads all of stdin into a spool, for -replay-stdin.
func record(stdin io.Reader) (*spool, error) {
	s := newSpool(spoolMemory)
	if stdin == nil {
		return s, nil
	}
	if _, err := io.Copy(s, stdin); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// deadlineError is the cause of the context of a run that -deadline ended.
type deadlineError struct{ d time.Duration }

// Error names the flag.
func (e *deadlineError) Error() string { return "-deadline " + e.d.String() + " has passed" }

// exitCode returns again's exit code for a run whose last attempt ended as
// last and that returned err, and reports a command that could not be run.
func exitCode(ctx context.Context, last outcome, err error, rep *reporter) int {
	if err == nil {
		return 0
	}
	var se *startError
	if errors.As(err, &se) {
		rep.startFailed(se)
		return se.code
	}
	if sig := causeSignal(ctx); sig != nil && !last.stopped {
		// Stopped while no command was running: exit as if killed by sig.
		return exitSignalShift + signalNumber(sig)
	}
	if code := last.exitCode(); code != 0 {
		return code
	}
	return 1 // stopped before any attempt, for a reason other than a signal
}
