package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxExitCode is the largest exit status a process can report.
const maxExitCode = 255

// codeSet is a set of exit codes, written on the command line as a
// comma-separated list of codes and inclusive ranges, such as "1,75,100-110".
// It implements flag.Value. The zero codeSet is empty.
type codeSet struct {
	set  [maxExitCode + 1]bool
	text string // as given, for String
	any  bool   // whether any code is in the set
}

// String returns the list as it was given.
func (c *codeSet) String() string {
	if c == nil {
		return ""
	}
	return c.text
}

// Set parses a list such as "1,75,100-110" and adds its codes to c. Repeating
// the flag adds more codes.
func (c *codeSet) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty list of exit codes")
	}
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, err := parseCodeRange(strings.TrimSpace(part))
		if err != nil {
			return err
		}
		for code := lo; code <= hi; code++ {
			c.set[code] = true
		}
		c.any = true
	}
	if c.text == "" {
		c.text = s
	} else {
		c.text += "," + s
	}
	return nil
}

// Has reports whether code is in c.
func (c *codeSet) Has(code int) bool {
	return code >= 0 && code <= maxExitCode && c.set[code]
}

// Empty reports whether c holds no code.
func (c *codeSet) Empty() bool { return !c.any }

// parseCodeRange parses "N" or "LO-HI" into an inclusive range of exit
// codes from 1 to 255. Zero is refused: it means success and never retries.
func parseCodeRange(s string) (lo, hi int, err error) {
	if s == "" {
		return 0, 0, errors.New("empty item in list of exit codes")
	}
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = parseCode(a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = parseCode(b); err != nil {
		return 0, 0, err
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("exit code range %q runs backwards", s)
	}
	return lo, hi, nil
}

// parseCode parses one exit code from 1 to 255.
func parseCode(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("exit code %q is not a number", s)
	}
	if n < 1 || n > maxExitCode {
		return 0, fmt.Errorf("exit code %d is outside 1-%d (0 is success and never retries)", n, maxExitCode)
	}
	return n, nil
}
