package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

func TestPolicyDefaults(t *testing.T) {
	t.Parallel()
	c, err := parseArgs([]string{"--", "true"}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := c.policy()
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	// The defaults must choose the same waits as the zero Policy.
	var zero retry.Policy
	zero.Jitter = retry.NoJitter{}
	got.Jitter = retry.NoJitter{}
	if a, b := collect(got), collect(zero); !equal(a, b) {
		t.Errorf("default waits %v, zero Policy's %v", a, b)
	}
	if got.MaxAttempts != retry.DefaultMaxAttempts || got.MaxDelay != 0 || got.MaxElapsed != 0 {
		t.Errorf("policy = %+v", got)
	}
	if j, ok := c.policy().Jitter.(retry.ProportionalJitter); !ok || j != retry.DefaultJitter {
		t.Errorf("Jitter = %#v, want DefaultJitter", c.policy().Jitter)
	}
	if c.argv[0] != "true" {
		t.Errorf("argv = %q", c.argv)
	}
}

func TestPolicyFromFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flags []string
		check func(p retry.Policy) bool
	}{
		{[]string{"-attempts", "7"}, func(p retry.Policy) bool { return p.MaxAttempts == 7 }},
		{[]string{"-attempts", "unlimited"}, func(p retry.Policy) bool { return p.MaxAttempts == retry.Unlimited }},
		{[]string{"-attempts=-1"}, func(p retry.Policy) bool { return p.MaxAttempts == retry.Unlimited }},
		{[]string{"-attempts", "0"}, func(p retry.Policy) bool { return p.MaxAttempts == 0 }},
		{[]string{"-max-time", "1m"}, func(p retry.Policy) bool { return p.MaxElapsed == time.Minute }},
		{[]string{"-max-delay", "5s"}, func(p retry.Policy) bool { return p.MaxDelay == 5*time.Second }},
		{[]string{"-backoff", "constant", "-delay", "2s"}, func(p retry.Policy) bool {
			return p.Backoff == retry.Constant(2*time.Second)
		}},
		{[]string{"-backoff", "linear", "-delay", "1s"}, func(p retry.Policy) bool {
			return p.Backoff == retry.Linear{Initial: time.Second, Step: time.Second}
		}},
		{[]string{"-backoff", "linear", "-delay", "1s", "-step", "250ms"}, func(p retry.Policy) bool {
			return p.Backoff == retry.Linear{Initial: time.Second, Step: 250 * time.Millisecond}
		}},
		{[]string{"-delay", "10ms", "-factor", "3"}, func(p retry.Policy) bool {
			return p.Backoff == retry.Exponential{Initial: 10 * time.Millisecond, Factor: 3}
		}},
		{[]string{"-jitter", "none"}, func(p retry.Policy) bool { return p.Jitter == retry.NoJitter{} }},
		{[]string{"-jitter", "full"}, func(p retry.Policy) bool { return p.Jitter == retry.FullJitter{} }},
		{[]string{"-jitter", "equal"}, func(p retry.Policy) bool { return p.Jitter == retry.EqualJitter{} }},
		{[]string{"-jitter", "decorrelated"}, func(p retry.Policy) bool { return p.Jitter == retry.DecorrelatedJitter{} }},
		{[]string{"-jitter-fraction", "0.5"}, func(p retry.Policy) bool { return p.Jitter == retry.ProportionalJitter(0.5) }},
		// -delay 0 is no wait, never the library's default; exponential
		// growth of nothing is nothing.
		{[]string{"-delay", "0"}, func(p retry.Policy) bool { return p.Backoff == retry.Constant(0) }},
		{[]string{"-delay", "0s", "-backoff", "linear"}, func(p retry.Policy) bool { return p.Backoff == retry.Linear{} }},
		{[]string{"-delay", "0", "-backoff", "constant"}, func(p retry.Policy) bool { return p.Backoff == retry.Constant(0) }},
		// A -delay above the default cap raises the cap, unless -max-delay is given.
		{[]string{"-delay", "1m"}, func(p retry.Policy) bool {
			return p.MaxDelay == time.Minute && p.Backoff == retry.Exponential{Initial: time.Minute, Factor: 2} && p.Validate() == nil
		}},
		{[]string{"-delay", "1m", "-max-delay", "5m"}, func(p retry.Policy) bool { return p.MaxDelay == 5*time.Minute }},
	} {
		c, err := parseArgs(args(tc.flags, "true"), io.Discard, io.Discard)
		if err != nil {
			t.Errorf("%q: %v", tc.flags, err)
			continue
		}
		if p := c.policy(); !tc.check(p) {
			t.Errorf("%q: policy %+v", tc.flags, p)
		}
	}
}

func TestCommandWithoutDashes(t *testing.T) {
	t.Parallel()
	c, err := parseArgs([]string{"-attempts", "2", "ls", "-l"}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.argv, " ") != "ls -l" {
		t.Errorf("argv = %q, want [ls -l]", c.argv)
	}
}

func TestBadCommandLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-bogus", "--", "true"}, "not defined: -bogus"},
		{[]string{"--"}, "no command given"},
		{[]string{}, "no command given"},
		{[]string{"-attempts", "lots", "--", "true"}, `"unlimited"`},
		{[]string{"-backoff", "cubic", "--", "true"}, "constant, linear, exponential"},
		{[]string{"-jitter", "some", "--", "true"}, "none, full, equal, proportional, decorrelated"},
		{[]string{"-log-format", "xml", "--", "true"}, "text, json"},
		{[]string{"-retry-on", "0", "--", "true"}, "outside 1-255"},
		{[]string{"-never-on", "1-", "--", "true"}, "not a number"},
		{[]string{"-retry-if-output", "(", "--", "true"}, "missing closing )"},
		{[]string{"-delay", "soon", "--", "true"}, "invalid value"},
		{[]string{"-step", "1s", "--", "true"}, "-step needs -backoff linear"},
		{[]string{"-backoff", "constant", "-factor", "3", "--", "true"}, "-factor needs -backoff exponential"},
		{[]string{"-jitter", "full", "-jitter-fraction", "0.1", "--", "true"}, "-jitter-fraction needs -jitter proportional"},
		{[]string{"-timeout=-1s", "--", "true"}, "-timeout -1s is negative"},
		{[]string{"-kill-after=-1s", "--", "true"}, "-kill-after -1s is negative"},
		{[]string{"-max-time=-1s", "--", "true"}, "-max-time -1s is negative"},
		{[]string{"-max-delay=-1s", "--", "true"}, "-max-delay -1s is negative"},
		{[]string{"-backoff", "constant", "-delay=-1s", "--", "true"}, "-delay -1s is negative"},
		{[]string{"-deadline=-1s", "--", "true"}, "-deadline -1s is negative"},
		{[]string{"-delay", "5", "--", "true"}, "a duration needs a unit: 5s, 5ms or 5m"},
		{[]string{"-timeout", "1.5", "--", "true"}, "a duration needs a unit: 1.5s"},
		{[]string{"-delay", "1m", "-max-delay", "30s", "--", "true"},
			"-delay 1m0s is longer than -max-delay 30s: raise -max-delay or lower -delay"},
		{[]string{"-until-fail", "-retry-on", "1", "--", "true"}, "do not apply with -until-fail"},
		// What the policy would reject, said in flags rather than Go fields.
		{[]string{"-attempts", "-2", "--", "true"}, `-attempts -2 is negative (use "unlimited" for no limit)`},
		{[]string{"-factor", "0.5", "--", "true"}, "-factor 0.5 must be a finite number of at least 1"},
		{[]string{"-factor", "NaN", "--", "true"}, "-factor NaN must be"},
		{[]string{"-factor", "+Inf", "--", "true"}, "-factor +Inf must be"},
		{[]string{"-jitter-fraction", "2", "--", "true"}, "-jitter-fraction 2 must be between 0 and 1"},
		{[]string{"-delay", "0", "-jitter", "decorrelated", "--", "true"}, "-jitter decorrelated needs a -delay above 0"},
	} {
		r := runInProcess(t, "", tc.args...)
		if r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d", tc.args, r.code, exitUsage)
		}
		if !strings.Contains(r.stderr, tc.msg) || !strings.Contains(r.stderr, "usage: again") {
			t.Errorf("%q: stderr %q, want the usage and %q", tc.args, r.stderr, tc.msg)
		}
		if strings.Contains(r.stderr, "Policy") || strings.Contains(r.stderr, "retry:") {
			t.Errorf("%q: stderr %q speaks in Go terms", tc.args, r.stderr)
		}
		for line := range strings.Lines(r.stderr) {
			if !strings.HasPrefix(line, "again: ") {
				t.Errorf("%q: stderr line %q lacks the again: prefix", tc.args, line)
			}
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", tc.args, r.stdout)
		}
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-help", "-h", "--help"} {
		r := runInProcess(t, "", arg)
		if r.code != 0 {
			t.Errorf("%s: exit %d, want 0", arg, r.code)
		}
		fs, _ := newFlagSet(io.Discard)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(r.stdout, "  -"+f.Name+" ") && !strings.Contains(r.stdout, "  -"+f.Name+"\n") {
				t.Errorf("%s: help does not list -%s", arg, f.Name)
			}
		})
		for _, want := range []string{"Examples:", "again -- curl", "Exit status:", "(default 4)", "0 means 30s"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: help lacks %q", arg, want)
			}
		}
	}
}

func TestParseArgsHelpError(t *testing.T) {
	t.Parallel()
	if _, err := parseArgs([]string{"-help"}, io.Discard, io.Discard); !errors.Is(err, errExit) {
		t.Errorf("err = %v, want errExit", err)
	}
}

// collect returns the first waits of p.
func collect(p retry.Policy) []time.Duration {
	var out []time.Duration
	for d := range p.Delays() {
		out = append(out, d)
		if len(out) == 10 {
			break
		}
	}
	return out
}

func equal(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
