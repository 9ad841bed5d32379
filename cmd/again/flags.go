package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
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
	fg        bool           // -foreground: no process group of its own

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
		logFormat:      enumValue{formatText, []string{formatText, formatJSON}},
	}
	fs := flag.NewFlagSet(progName, flag.ContinueOnError)
	fs.SetOutput(w)

	fs.Var(&c.attempts, "attempts", "most attempts to make, the first included: a `number`, or \"unlimited\" (or -1)\nfor no limit; 0 means the default")
	fs.DurationVar(&c.maxTime, "max-time", 0, "give up rather than start a wait that would end after this much time since the\nfirst attempt began; 0 for no limit (a running attempt is not cut short: see -timeout)")
	fs.Var(&c.backoff, "backoff", "`kind` of backoff, how waits grow: constant, linear or exponential")
	fs.DurationVar(&c.delay, "delay", c.delay, "wait before the first retry (the constant wait for -backoff constant)")
	fs.DurationVar(&c.step, "step", 0, "with -backoff linear, added to the wait for each further retry\n(default: the -delay value)")
	fs.Float64Var(&c.factor, "factor", c.factor, "with -backoff exponential, growth of the wait per retry, at least 1")
	fs.DurationVar(&c.maxDelay, "max-delay", 0, "longest wait between attempts, after jitter; 0 means "+retry.DefaultMaxDelay.String()+",\nand then a -delay above it is an error rather than silently cut")
	fs.Var(&c.jitter, "jitter", "`kind` of jitter, how waits are spread at random: none, full, equal,\nproportional or decorrelated")
	fs.Float64Var(&c.jitterFraction, "jitter-fraction", c.jitterFraction, "with -jitter proportional, the spread on either side of the wait, from 0 to 1")

	fs.DurationVar(&c.timeout, "timeout", 0, "time limit of each attempt; the command then gets SIGTERM and counts as\nfailed; 0 for no limit")
	fs.DurationVar(&c.killAfter, "kill-after", c.killAfter, "after SIGTERM for -timeout, wait this long, then SIGKILL the command; 0 sends\nSIGKILL at once")
	fs.Var(&c.retryOn, "retry-on", "retry only on these exit `codes`, a list such as 1,75,100-110\n(default: every non-zero code)")
	fs.Var(&c.neverOn, "never-on", "never retry on these exit `codes` (same list syntax; wins over -retry-on)")
	fs.Var(regexpValue{&c.output}, "retry-if-output", "retry only when a line the command prints (stdout or stderr) matches this\nGo `regexp`")

	fs.BoolVar(&c.fg, "foreground", false, "run the command in again's process group rather than its own, so that it\ncan read from the terminal (password prompts); signals and -timeout then\nreach only the command itself, not processes it started")
	fs.BoolVar(&c.quiet, "quiet", false, "print no progress lines (errors are still printed)")
	fs.Var(&c.logFormat, "log-format", "`format` of progress lines on stderr: text or json")

	fs.Usage = func() {} // parseArgs prints the usage that fits
	return fs, c
}

// parseArgs parses the command line (without the program name). For -help
// it prints the full help and returns flag.ErrHelp; for a bad command line
// it prints what is wrong and a short usage, and returns another error.
func parseArgs(args []string, w io.Writer) (*config, error) {
	fs, c := newFlagSet(w)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs)
		} else {
			printShortUsage(w) // the flag package has printed the error
		}
		return nil, err
	}
	c.argv = fs.Args()
	c.set = make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })

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
	if c.timeout < 0 {
		problems = append(problems, fmt.Sprintf("-timeout %v is negative", c.timeout))
	}
	if c.killAfter < 0 {
		problems = append(problems, fmt.Sprintf("-kill-after %v is negative", c.killAfter))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			_, _ = fmt.Fprintf(w, "%s: %s\n", progName, p)
		}
		printShortUsage(w)
		return nil, errUsage
	}
	return c, nil
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
directly (no shell), with again's stdin, stdout, stderr and environment.
Progress goes to stderr, one line per retry.

With no flags, again makes up to 4 attempts, waiting about 100ms, 200ms and
400ms (exponential backoff, ±20% jitter, at most 30s per wait), and retries
every non-zero exit status.

Examples:

  again -- curl -fsS https://example.com/health
  again -attempts 10 -delay 1s -max-delay 1m -- make test
  again -attempts unlimited -max-time 5m -backoff constant -delay 2s -- pg_isready
  again -backoff linear -delay 1s -step 500ms -jitter none -- ./deploy.sh
  again -retry-on 75,100-110 -never-on 2 -- ./sync-job --all
  again -timeout 30s -kill-after 2s -- ./sometimes-hangs
  again -retry-if-output 'connection (refused|reset)' -- psql -c 'select 1'
  again -quiet -log-format json -- go test ./...

Flags:

`

// exitText is the help printed after the list of flags.
const exitText = `
-retry-on and -never-on apply to attempts that ended on their own, a
command killed by signal N counting as exit status 128+N; an attempt that
timed out is retried whatever they say. -retry-if-output applies to every
failed attempt; it matches each line of output separately (lines longer than
64 KiB are matched in overlapping pieces of 64 KiB). An exit status of 0 is
success whatever the output.

The command runs in a process group of its own. SIGINT, SIGTERM, SIGHUP and
SIGQUIT sent to again (a Ctrl-C at the terminal too) are passed on to that
group, and no further attempt is made; a second signal is passed on as well.
A command that again stops, for a signal or -timeout, leaves no process of
its group behind. A command in a group of its own cannot read from the
terminal (it would be stopped, as a background job is): use -foreground for
commands that prompt.

Exit status:

  0       the command succeeded
  N       the last attempt's exit status
  128+N   the last attempt was killed by signal N, or again itself was
          stopped by signal N while waiting between attempts
  124     the last attempt timed out, yet exited with status 0
  126     the command cannot be executed (not retried)
  127     the command was not found (not retried)
  2       bad flags, no command, or an invalid retry policy
`

// printShortUsage writes the synopsis and where to find more, after an error.
func printShortUsage(w io.Writer) {
	_, _ = io.WriteString(w, synopsis+"Run '"+progName+" -help' for the flags and examples.\n")
}

// printUsage writes the full help for fs to its output.
func printUsage(fs *flag.FlagSet) {
	_, _ = io.WriteString(fs.Output(), usageText)
	fs.PrintDefaults()
	_, _ = io.WriteString(fs.Output(), exitText)
}
