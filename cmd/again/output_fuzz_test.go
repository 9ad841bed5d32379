package main

import (
	"bytes"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// fuzzExprs are the expressions FuzzLineMatcher tries, anchors included.
var fuzzExprs = []*regexp.Regexp{
	regexp.MustCompile(`ab`),
	regexp.MustCompile(`^a`),
	regexp.MustCompile(`b$`),
	regexp.MustCompile(`^$`),
	regexp.MustCompile(`(?m)^b|a$`),
	regexp.MustCompile(`\Aab\z`),
}

// FuzzLineMatcher writes input in pieces of a fuzzed size through a matcher
// with a small limit: output passes through unchanged, and when no line is
// longer than the limit the matcher agrees with matching each line whole; a
// longer line never matches where no piece of it could.
func FuzzLineMatcher(f *testing.F) {
	f.Add([]byte("ab\nxx\n"), uint8(1), uint8(0))
	f.Add([]byte(strings.Repeat("x", 40)+"a\n"), uint8(7), uint8(1))
	f.Add([]byte("b\r\nab"), uint8(3), uint8(5))
	f.Fuzz(func(t *testing.T, in []byte, size, which uint8) {
		re := fuzzExprs[int(which)%len(fuzzExprs)]
		const limit = 16
		var out bytes.Buffer
		var matched atomic.Bool
		m := newLineMatcher(&out, re, &matched)
		m.limit = limit
		step := int(size)%20 + 1
		for p := in; len(p) > 0; {
			k := min(step, len(p))
			if _, err := m.Write(p[:k]); err != nil {
				t.Fatal(err)
			}
			p = p[k:]
		}
		m.Flush()
		if !bytes.Equal(out.Bytes(), in) {
			t.Fatalf("output %q, want %q", out.Bytes(), in)
		}
		lines := bytes.Split(in, []byte("\n"))
		if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
			lines = lines[:len(lines)-1] // the text after a final newline is no line
		}
		short, want := true, false
		for _, line := range lines {
			if len(line) >= limit {
				short = false
			}
			if re.Match(bytes.TrimSuffix(line, []byte("\r"))) {
				want = true
			}
		}
		if short && matched.Load() != want {
			t.Fatalf("%s on %q: matched %v, want %v", re, in, matched.Load(), want)
		}
		if !want && matched.Load() {
			t.Fatalf("%s on %q: matched, though no line does", re, in)
		}
	})
}
