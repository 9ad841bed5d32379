package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/again-go/again/retry"
)

// Values of the enumerated flags.
const (
	backoffConstant    = "constant"
	backoffLinear      = "linear"
	backoffExponential = "exponential"

	jitterNone         = "none"
	jitterFull         = "full"
	jitterEqual        = "equal"
	jitterProportional = "proportional"
	jitterDecorrelated = "decorrelated"

	formatText = "text"
	formatJSON = "json"
)

// defaultKillAfter is how long a timed-out attempt gets between SIGTERM and
// SIGKILL unless -kill-after says otherwise.
const defaultKillAfter = 5 * time.Second

// errUsage reports a command line that parsed but makes no sense; the
// message has already been printed.
var errUsage = errors.New("usage error")

// config is everything the command line says.
type config struct {
	attempts       attemptsValue
	maxTime        time.Duration
	backoff        enumValue
	delay          time.Duration
	step           time.Duration
	factor         float64
	maxDelay       time.Duration
	jitter         enumValue
	jitterFraction float64

	timeout   time.Duration
	killAfter time.Duration
	retryOn   codeSet
	neverOn   codeSet
	output    *regexp.Regexp // nil unless -retry-if-output is given
	stopOut   *regexp.Regexp // nil unless -stop-if-output is given
	retryTO   bool           // -retry-on-timeout
	invert    bool           // -until-fail
	deadline  time.Duration  // -deadline, 0 for none
	fg        bool           // -foreground: no process group of its own
	keep      bool           // -keep-background
	replay    bool           // -replay-stdin
	hold      bool           // -hold-stdout
	version   bool           // -version

	quiet     bool
	logFormat enumValue

	argv []string // the command and its arguments

	set map[string]bool // names of the flags given on the command line
}

// attemptsValue is the -attempts flag: a number, or "unlimited" for
// retry.Unlimited. It implements flag.Value.
type attemptsValue int

// String returns the number of attempts, or "unlimited".
func (a *attemptsValue) String() string {
	if a == nil {
		return ""
	}
	if int(*a) == retry.Unlimited {
		return "unlimited"
	}
	return strconv.Itoa(int(*a))
}

// Set parses a number of attempts; "unlimited" and -1 both mean
// retry.Unlimited.
func (a *attemptsValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "unlimited", "inf", "infinite":
		*a = attemptsValue(retry.Unlimited)
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return errors.New(`not a number or "unlimited"`)
	}
	*a = attemptsValue(n)
	return nil
}

// enumValue is a string flag limited to a few values. It implements
// flag.Value.
type enumValue struct {
	value   string
	allowed []string
}

// String returns the current value.
func (e *enumValue) String() string {
	if e == nil {
		return ""
	}
	return e.value
}

// Set accepts one of the allowed values.
func (e *enumValue) Set(s string) error {
	if !slices.Contains(e.allowed, s) {
		return fmt.Errorf("must be one of %s", strings.Join(e.allowed, ", "))
	}
	e.value = s
	return nil
}

// regexpValue is the -retry-if-output flag. It implements flag.Value.
type regexpValue struct{ re **regexp.Regexp }

// String returns the expression, or "" when none is set.
func (r regexpValue) String() string {
	if r.re == nil || *r.re == nil {
		return ""
	}
	return (*r.re).String()
}

// Set compiles s with the regexp package's RE2 syntax.
func (r regexpValue) Set(s string) error {
	re, err := regexp.Compile(s)
	if err != nil {
		return err
	}
	*r.re = re
	return nil
}

// durationValue is a duration flag whose error for a number without a unit
// says so. It implements flag.Value.
type durationValue struct{ d *time.Duration }

// String returns the duration.
func (v durationValue) String() string {
	if v.d == nil {
		return "0s" // the zero value, as the flag package compares defaults with it
	}
	return v.d.String()
}

// Set parses a Go duration such as 1.5s, 300ms or 2m30s.
func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err == nil {
		*v.d = d
		return nil
	}
	if _, numErr := strconv.ParseFloat(strings.TrimSpace(s), 64); numErr == nil {
		return fmt.Errorf("a duration needs a unit: %ss, %sms or %sm, for instance", s, s, s)
	}
	return errors.New("not a duration (examples: 1.5s, 300ms, 2m30s, 1h)")
}

// newFlagSet returns the tool's flags, bound to a config holding their
// defaults, with usage written to w.
func newFlagSet(w io.Writer) (*flag.FlagSet, *config) {
	c := &config{
		attempts:       attemptsValue(retry.DefaultMaxAttempts),
		backoff:        enumValue{backoffExponential, []string{backoffConstant, backoffLinear, backoffExponential}},
		delay:          retry.DefaultInitialDelay,
		factor:         retry.DefaultFactor,
		jitter:         enumValue{jitterProportional, []string{jitterNone, jitterFull, jitterEqual, jitterProportional, jitterDecorrelated}},
		jitterFraction: float64(retry.DefaultJitter),
		killAfter:      defaultKillAfter,
		retryTO:        true,
		logFormat:      enumValue{formatText, []string{formatText, formatJSON}},
	}
	fs := flag.NewFlagSet(progName, flag.ContinueOnError)
	fs.SetOutput(w)

	fs.Var(&c.attempts, "attempts", "most attempts to make, the first included: a `number`, or \"unlimited\" (or -1)\nfor no limit; 0 means the default")
	durVar(fs, &c.maxTime, "max-time", "give up rather than start a wait that would end after this `duration` since the\nfirst attempt began; 0 for no limit (a running attempt is not cut short: see -timeout)")
	fs.Var(&c.backoff, "backoff", "`kind` of backoff, how waits grow: constant, linear or exponential")
	durVar(fs, &c.delay, "delay", "`duration` to wait before the first retry (the constant wait for -backoff\nconstant); 0 for none. Above "+retry.DefaultMaxDelay.String()+" it also raises the default -max-delay")
	durVar(fs, &c.step, "step", "with -backoff linear, `duration` added to the wait for each further retry\n(default: the -delay value)")
	fs.Float64Var(&c.factor, "factor", c.factor, "with -backoff exponential, growth of the wait per retry, at least 1")
	durVar(fs, &c.maxDelay, "max-delay", "longest wait (a `duration`) between attempts, after jitter; 0 means "+retry.DefaultMaxDelay.String()+"\n(or the -delay value, if longer); a -delay above it is an error")
	fs.Var(&c.jitter, "jitter", "`kind` of jitter, how waits are spread at random: none, full, equal,\nproportional or decorrelated")
	fs.Float64Var(&c.jitterFraction, "jitter-fraction", c.jitterFraction, "with -jitter proportional, the spread on either side of the wait, from 0 to 1")

	durVar(fs, &c.timeout, "timeout", "time limit (a `duration`) of each attempt; the command then gets SIGTERM\nand counts as failed (see -retry-on-timeout); 0 for no limit")
	durVar(fs, &c.killAfter, "kill-after", "how long (a `duration`) a command gets after SIGTERM (for -timeout,\n-deadline, or to end background processes) before SIGKILL; 0 sends SIGKILL\nat once")
	fs.Var(&c.retryOn, "retry-on", "retry only on these exit `codes`, a list such as 1,75,100-110\n(default: every non-zero code)")
	fs.Var(&c.neverOn, "never-on", "never retry on these exit `codes` (same list syntax; wins over -retry-on)")
	fs.Var(regexpValue{&c.output}, "retry-if-output", "retry only when a line the command prints (stdout or stderr) matches this\nGo `regexp`")

	fs.Var(regexpValue{&c.stopOut}, "stop-if-output", "do not retry an attempt that printed a line (stdout or stderr) matching this\nGo `regexp`; again exits with that attempt's status")
	fs.BoolVar(&c.retryTO, "retry-on-timeout", true, "retry an attempt stopped by -timeout; =false to give up instead")
	fs.BoolVar(&c.invert, "until-fail", false, "invert success: retry while the command succeeds, stop once it fails\n(exit 0 then; 1 if it never failed)")
	durVar(fs, &c.deadline, "deadline", "hard limit (a `duration`) on again's whole run: when it passes, the\nrunning attempt is stopped as for -timeout and no other is made; 0 for none")
	fs.BoolVar(&c.hold, "hold-stdout", false, "hold each attempt's standard output and write it only if the attempt\nsucceeds (in memory up to 1 MiB, then in a temporary file)")
	fs.BoolVar(&c.replay, "replay-stdin", false, "read all of standard input first and give every attempt a copy of it\n(in memory up to 1 MiB, then in a temporary file); without it, attempts\nshare again's stdin and each reads on from where the last stopped")

	fs.BoolVar(&c.fg, "foreground", false, "run the command in again's process group rather than one of its own, so\nthat it can read from the terminal; the default when stdin is a terminal\n(-foreground=false forces a group of its own)")
	fs.BoolVar(&c.keep, "keep-background", false, "let processes that an attempt leaves in the background run on when it\nends by itself; by default they are ended (SIGTERM, then SIGKILL after\n-kill-after). An attempt that again stops leaves nothing either way")
	fs.BoolVar(&c.quiet, "quiet", false, "print no progress lines (errors are still printed)")
	fs.Var(&c.logFormat, "log-format", "`format` of progress lines on stderr: text or json")
	fs.BoolVar(&c.version, "version", false, "print again's version and exit")

	fs.Usage = func() {} // parseArgs prints the usage that fits
	return fs, c
}

// durVar defines a duration flag with a hint for numbers without a unit.
func durVar(fs *flag.FlagSet, d *time.Duration, name, usage string) {
	fs.Var(durationValue{d}, name, usage)
}

// errExit reports a command line that asked for -help or -version, which has
// been answered: again exits 0.
var errExit = errors.New("answered")

// parseArgs parses the command line (without the program name). For -help
// it prints the full help to stdout, for -version the version, and returns
// errExit; for a bad command line it prints what is wrong and a short usage
// to stderr, each line starting "again:", and returns another error.
func parseArgs(args []string, stdout, stderr io.Writer) (*config, error) {
	fs, c := newFlagSet(io.Discard) // errors are printed here, with the prefix
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			printUsage(fs)
			return nil, errExit
		}
		_, _ = fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		printShortUsage(stderr)
		return nil, err
	}
	if c.version {
		_, _ = fmt.Fprintln(stdout, versionLine())
		return nil, errExit
	}
	c.argv = fs.Args()
	c.set = make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })

	if problems := c.problems(); len(problems) > 0 {
		for _, p := range problems {
			_, _ = fmt.Fprintf(stderr, "%s: %s\n", progName, p)
		}
		printShortUsage(stderr)
		return nil, errUsage
	}
	return c, nil
}

// problems returns what is wrong with a command line that parsed, in terms
// of its flags.
func (c *config) problems() []string {
	var problems []string
	if len(c.argv) == 0 {
		problems = append(problems, "no command given (put it after --)")
	}
	if c.set["step"] && c.backoff.value != backoffLinear {
		problems = append(problems, "-step needs -backoff linear")
	}
	if c.set["factor"] && c.backoff.value != backoffExponential {
		problems = append(problems, "-factor needs -backoff exponential")
	}
	if c.set["jitter-fraction"] && c.jitter.value != jitterProportional {
		problems = append(problems, "-jitter-fraction needs -jitter proportional")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"max-time", c.maxTime}, {"delay", c.delay}, {"step", c.step}, {"max-delay", c.maxDelay},
		{"timeout", c.timeout}, {"kill-after", c.killAfter}, {"deadline", c.deadline},
	} {
		if d.v < 0 {
			problems = append(problems, fmt.Sprintf("-%s %v is negative", d.name, d.v))
		}
	}
	if int(c.attempts) < retry.Unlimited {
		problems = append(problems, fmt.Sprintf(`-attempts %d is negative (use "unlimited" for no limit)`, int(c.attempts)))
	}
	if !(c.factor >= 1) || math.IsInf(c.factor, 1) { // NaN fails >= too
		problems = append(problems, fmt.Sprintf("-factor %v must be a finite number of at least 1", c.factor))
	}
	if !(c.jitterFraction >= 0 && c.jitterFraction <= 1) {
		problems = append(problems, fmt.Sprintf("-jitter-fraction %v must be between 0 and 1", c.jitterFraction))
	}
	if c.jitter.value == jitterDecorrelated && c.delay == 0 {
		problems = append(problems, "-jitter decorrelated needs a -delay above 0 (it draws each wait from the one before)")
	}
	if c.maxDelay > 0 && c.delay > c.maxDelay {
		problems = append(problems, fmt.Sprintf("-delay %v is longer than -max-delay %v: raise -max-delay or lower -delay",
			c.delay, c.maxDelay))
	}
	if c.invert && (c.set["retry-on"] || c.set["never-on"]) {
		problems = append(problems, "-retry-on and -never-on do not apply with -until-fail")
	}
	return problems
}

// versionLine describes the build: the module version (or "(devel)" for a
// build from a clone), the VCS revision when known, and the Go version.
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return progName + " (unknown version)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	line := progName + " " + v
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		line += " " + rev[:min(12, len(rev))]
		if modified == "true" {
			line += "+modified"
		}
	}
	return line + " " + bi.GoVersion
}

// linearStep returns the -step value, which defaults to -delay.
func (c *config) linearStep() time.Duration {
	if c.set["step"] {
		return c.step
	}
	return c.delay
}

// synopsis is the first line of the usage.
const synopsis = "Usage: again [flags] -- command [args...]\n"

// usageText is the help printed before the list of flags.
const usageText = synopsis + `

Again runs command and, when it fails, runs it again after a growing wait,
until it succeeds or the attempts or time run out. The command is run
directly (no shell), with again's stdout, stderr and environment, plus
AGAIN_ATTEMPT (1, 2, ...) and AGAIN_MAX_ATTEMPTS (0 when unlimited).
Progress goes to stderr, one line per retry.

With no flags, again makes up to 4 attempts, waiting about 100ms, 200ms and
400ms (exponential backoff, ±20% jitter, at most 30s per wait), and retries
every non-zero exit status except a death by SIGPIPE. Durations take a
unit: 300ms, 1.5s, 2m, 1h.

Examples:

  again -- curl -fsS https://example.com/health
  again -attempts 10 -delay 1s -max-delay 1m -- make test
  again -attempts unlimited -deadline 5m -backoff constant -delay 2s -- pg_isready -h db
  again -backoff linear -delay 1s -step 500ms -jitter none -- ./deploy.sh
  again -retry-on 75,100-110 -never-on 2 -- ./sync-job --all
  again -timeout 30s -kill-after 2s -- ./sometimes-hangs
  again -retry-if-output 'connection (refused|reset)' -- psql -c 'select 1'
  again -stop-if-output 'permission denied' -- ./fetch-artifacts
  echo '{"a":1}' | again -replay-stdin -- curl -fsS -d @- https://example.com/api
  again -hold-stdout -- ./report > report.json
  again -until-fail -attempts unlimited -delay 0 -- go test -run TestFlaky ./pkg
  again -quiet -log-format json -- go test ./...

Flags:

`

// exitText is the help printed after the list of flags.
const exitText = `
-retry-on and -never-on apply to attempts that ended on their own, a
command killed by signal N counting as exit status 128+N; a death by
SIGPIPE (141) is retried only when -retry-on lists 141. A timed-out attempt
is retried unless -retry-on-timeout=false. -retry-if-output and
-stop-if-output match each line of output on its own (a line longer than 64
KiB in overlapping pieces; ^ and $ match only at the line's real ends).

Stdin: without -replay-stdin every attempt reads again's stdin where the
one before stopped, so a retried "curl -d @-" sends nothing.

Process groups, signals and job control: when stdin is not a terminal,
the command leads a process group of its own; SIGINT, SIGTERM, SIGHUP and
SIGQUIT sent to again are passed on to that group (then SIGCONT, so that a
stopped command gets them), and no further attempt is made. When stdin is a
terminal, the command runs in again's group so that it can read the
terminal; a Ctrl-C then reaches it once, from the terminal, and again passes
on SIGTERM only. Ctrl-Z (SIGTSTP) stops the command and again; fg resumes
both. When an attempt ends, what is left of its group is ended (SIGTERM,
then SIGKILL after -kill-after) unless -keep-background is given. On Linux
the command gets SIGKILL if again dies, even by SIGKILL; as PID 1, again
reaps orphaned processes.

Exit status:

  0       the command succeeded (with -until-fail: it failed)
  N       the last attempt's exit status
  128+N   the last attempt was killed by signal N, or again itself was
          stopped by signal N while waiting between attempts
  124     the last attempt timed out, yet exited with status 0
  126     the command cannot be executed (not retried)
  127     the command was not found (not retried)
  2       bad flags, no command, or an invalid retry policy
  1       -until-fail and the command never failed; or stdin could not be read

Full documentation: docs/cli.md in the source repository.
`

// printShortUsage writes the synopsis and where to find more, after an error.
func printShortUsage(w io.Writer) {
	_, _ = io.WriteString(w, progName+": usage: again [flags] -- command [args...] (run 'again -help' for the flags and examples)\n")
}

// printUsage writes the full help for fs to its output.
func printUsage(fs *flag.FlagSet) {
	_, _ = io.WriteString(fs.Output(), usageText)
	fs.PrintDefaults()
	_, _ = io.WriteString(fs.Output(), exitText)
}
