package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/again-go/again/retry"
)

// reporter writes again's progress lines and errors to stderr, as plain text
// or as JSON records.
type reporter struct {
	w     io.Writer
	quiet bool         // no progress lines; errors are still written
	json  *slog.Logger // for -log-format json, or nil for text
	limit int          // the most attempts, 0 for unlimited
	cfg   *config      // to say why an attempt is not retried
	last  *outcome     // the last attempt's outcome, kept by the runner; may be nil
}

// newReporter returns a reporter for the flags in cfg.
func newReporter(w io.Writer, cfg *config) *reporter {
	r := &reporter{w: w, quiet: cfg.quiet, cfg: cfg, limit: int(cfg.attempts)}
	switch {
	case r.limit == 0:
		r.limit = retry.DefaultMaxAttempts
	case r.limit < 0:
		r.limit = 0
	}
	if cfg.logFormat.value == formatJSON {
		r.json = slog.New(slog.NewJSONHandler(w, nil))
	}
	return r
}

// hooks returns the retry.Hooks that report progress.
func (r *reporter) hooks() retry.Hooks {
	if r.quiet {
		return retry.Hooks{}
	}
	return retry.Hooks{OnRetry: r.onRetry, OnDone: r.onDone}
}

// onRetry reports a failed attempt that will be retried.
func (r *reporter) onRetry(ctx context.Context, e retry.Attempt) {
	if r.json != nil {
		attrs := append(r.attemptAttrs(e.N, e.Err),
			slog.Float64("wait_seconds", e.Wait.Seconds()),
			slog.Float64("elapsed_seconds", e.Elapsed.Seconds()))
		r.json.LogAttrs(ctx, slog.LevelInfo, "retrying", attrs...)
		return
	}
	r.printf("attempt %s: %v; next attempt in %v", r.of(e.N), e.Err, round(e.Wait))
}

// onDone reports how the run ended, unless it succeeded at once: success
// after retries, or the last failure and why it was not retried.
func (r *reporter) onDone(ctx context.Context, e retry.Outcome) {
	var (
		se   *startError
		re   *retry.Error
		ae   *attemptError
		last error
		why  string
		msg  = "failed" // or "stopped", for JSON records
	)
	switch {
	case e.Err == nil:
		if e.Attempts > 1 {
			r.succeeded(ctx, e)
		}
		return
	case errors.As(e.Err, &se):
		return // the caller reports it, quiet or not
	case errors.As(e.Err, &re):
		last = re.Last
		switch {
		case errors.Is(re.Reason, retry.ErrExhausted):
			why = "giving up after " + plural(e.Attempts, "attempt") + " in " + round(e.Elapsed).String()
		case errors.Is(re.Reason, retry.ErrMaxElapsed):
			why = "giving up: the next wait would end after -max-time " + r.cfg.maxTime.String()
		case errors.Is(re.Reason, retry.ErrDeadlineTooNear):
			why = "giving up: the next wait would end after -deadline " + r.cfg.deadline.String()
		default:
			reason := re.Reason
			if re.Cause != nil {
				reason = re.Cause
			}
			why, msg = "stopped: "+reason.Error(), "stopped"
		}
	case errors.As(e.Err, &ae):
		last, why = e.Err, "not retrying: "+r.cfg.whyNot(e.Err)
	default:
		why, msg = "stopped: "+e.Err.Error(), "stopped"
	}
	if !errors.As(last, &ae) {
		last = nil
	}
	if r.json != nil {
		attrs := []slog.Attr{slog.Int("attempts", e.Attempts)}
		if last != nil {
			attrs = r.attemptAttrs(e.Attempts, last)
		}
		attrs = append(attrs, slog.String("reason", why), slog.Float64("elapsed_seconds", e.Elapsed.Seconds()))
		r.json.LogAttrs(ctx, slog.LevelError, msg, attrs...)
		return
	}
	if last == nil {
		r.printf("%s", why)
		return
	}
	r.printf("attempt %s: %v; %s", r.of(e.Attempts), last, why)
}

// succeeded reports success after retries.
// With -until-fail, success is the command's failure, and says so.
func (r *reporter) succeeded(ctx context.Context, e retry.Outcome) {
	failed := r.cfg.invert && r.last != nil
	if r.json != nil {
		attrs := []slog.Attr{slog.Int("attempt", e.Attempts), slog.Float64("elapsed_seconds", e.Elapsed.Seconds())}
		if failed {
			attrs = append(attrs, slog.Int("exit_code", r.last.status()), slog.String("error", r.last.String()))
		}
		r.json.LogAttrs(ctx, slog.LevelInfo, "succeeded", attrs...)
		return
	}
	if failed {
		r.printf("attempt %s: %v, the failure -until-fail waits for, after %v", r.of(e.Attempts), r.last, round(e.Elapsed))
		return
	}
	r.printf("attempt %s succeeded after %v", r.of(e.Attempts), round(e.Elapsed))
}

// startFailed reports a command that could not be started. It is written
// even with -quiet.
func (r *reporter) startFailed(se *startError) {
	if r.json != nil {
		r.json.LogAttrs(context.Background(), slog.LevelError, "cannot run",
			slog.String("command", se.name), slog.String("error", se.Error()), slog.Int("exit_code", se.code))
		return
	}
	r.printf("%v", se)
}

// attemptAttrs describes a failed attempt for a JSON record.
func (r *reporter) attemptAttrs(n int, err error) []slog.Attr {
	attrs := []slog.Attr{slog.Int("attempt", n)}
	if r.limit > 0 {
		attrs = append(attrs, slog.Int("max_attempts", r.limit))
	}
	var ae *attemptError
	if errors.As(err, &ae) {
		o := ae.outcome
		attrs = append(attrs, slog.Int("exit_code", o.status()))
		if o.signal != nil {
			attrs = append(attrs, slog.String("signal", signalName(o.signal)))
		}
		if o.timedOut {
			attrs = append(attrs, slog.Bool("timed_out", true))
		}
	}
	return append(attrs, slog.String("error", err.Error()))
}

// of returns "n of N", or "n" when attempts are unlimited.
func (r *reporter) of(n int) string {
	if r.limit == 0 {
		return strconv.Itoa(n)
	}
	return strconv.Itoa(n) + " of " + strconv.Itoa(r.limit)
}

// printf writes one text line, prefixed with the program name.
func (r *reporter) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(r.w, progName+": "+format+"\n", args...)
}

// round shortens a duration for a progress line.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d
}

// plural returns "1 attempt" or "n attempts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
