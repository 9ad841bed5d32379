// Again runs a command, and runs it again when it fails, waiting longer
// between attempts, until it succeeds or the attempts or time run out.
//
// Usage:
//
//	again [flags] -- command [args...]
//
// The command is run directly, without a shell, with again's standard input,
// output, error and environment; its output passes through as it is written.
// Again exits with the last attempt's exit status (128+N for a command killed
// by signal N), 126 or 127 for a command that cannot be executed or does not
// exist (neither is retried), and 2 for bad flags or an invalid policy.
// Progress goes to standard error, one line per retry, as text or JSON;
// nothing of again's own is written to standard output.
//
// The flags set the fields of a [retry.Policy] one to one: -attempts
// (MaxAttempts; "unlimited" or -1 for retry.Unlimited), -max-time
// (MaxElapsed), -backoff, -delay, -step and -factor (Backoff), -max-delay
// (MaxDelay), and -jitter and -jitter-fraction (Jitter). With none, again uses
// the zero Policy's defaults: 4 attempts, waits from 100ms doubling, ±20%
// jitter, at most 30s per wait. Further flags bound each attempt in time
// (-timeout, -kill-after), say which exit statuses retry (-retry-on,
// -never-on) or which output does (-retry-if-output), keep the command in
// again's process group (-foreground), and shape progress lines (-quiet,
// -log-format). Run "again -help" for the full list with
// examples.
//
// On Unix the command leads a process group of its own. SIGINT, SIGTERM,
// SIGHUP and SIGQUIT sent to again (a Ctrl-C at the terminal included) are
// passed on to that group, no further attempt is made, and again exits as
// the command did. A command that again stops, for a signal or a timeout,
// leaves no process of its group behind. A command in a group of its own
// cannot read from the terminal; -foreground keeps it in again's group, for
// commands that prompt, at the cost of signalling it alone.
//
// Examples:
//
//	again -- curl -fsS https://example.com/health
//	again -attempts unlimited -max-time 5m -backoff constant -delay 2s -- pg_isready
//	again -timeout 30s -retry-on 1,75 -- ./flaky-job
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/again-go/again/retry"
)

// progName is the name again uses in its messages.
const progName = "again"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is again's whole work: it parses args (without the program name), runs
// the command with the given standard streams, and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
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
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	return execute(context.Background(), cfg, p, sigs, stdin, stdout, stderr)
}

// execute runs the command under policy p until it succeeds or p gives up,
// stopping when a signal arrives on sigs, and returns the exit code.
func execute(ctx context.Context, cfg *config, p retry.Policy, sigs <-chan os.Signal,
	stdin io.Reader, stdout, stderr io.Writer,
) int {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	quit := make(chan struct{})
	defer close(quit)

	rep := newReporter(stderr, cfg)
	p.Hooks = rep.hooks()
	r := &runner{
		argv:       cfg.argv,
		stdin:      stdin,
		stdout:     stdout,
		stderr:     stderr,
		timeout:    cfg.timeout,
		killAfter:  cfg.killAfter,
		output:     cfg.output,
		foreground: cfg.fg,
		forward:    handleSignals(sigs, cancel, quit),
	}
	last, err := retry.Retry(ctx, p, func() (outcome, error) { return r.attempt(ctx) })
	return exitCode(ctx, last, err, rep)
}

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
