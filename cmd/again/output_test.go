package main

import (
	"bytes"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

func TestLineMatcherPassesOutputThrough(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	var matched atomic.Bool
	m := newLineMatcher(&out, regexp.MustCompile(`^never$`), &matched)
	in := "one\ntwo\r\nthree"
	for i := range len(in) { // a byte at a time
		if _, err := m.Write([]byte{in[i]}); err != nil {
			t.Fatal(err)
		}
	}
	m.Flush()
	if out.String() != in {
		t.Errorf("output = %q, want %q", out.String(), in)
	}
	if matched.Load() {
		t.Error("matched, want no match")
	}
}

func TestLineMatcherMatches(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		re     string
		writes []string
		want   bool
	}{
		{"whole line", `^connection refused$`, []string{"ok\nconnection refused\n"}, true},
		{"split across writes", `connection refused`, []string{"conn", "ection ref", "used\n"}, true},
		{"CRLF line", `^busy$`, []string{"busy\r\n"}, true},
		{"last line without newline", `busy`, []string{"a\nbusy"}, true},
		{"not across lines", `a b`, []string{"a\nb\n"}, false},
		{"anchors are per line", `^b$`, []string{"a\nb\nc\n"}, true},
		{"no match", `refused`, []string{"fine\n", "all good\n"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var matched atomic.Bool
			m := newLineMatcher(&bytes.Buffer{}, regexp.MustCompile(tc.re), &matched)
			for _, w := range tc.writes {
				if _, err := m.Write([]byte(w)); err != nil {
					t.Fatal(err)
				}
			}
			m.Flush()
			if matched.Load() != tc.want {
				t.Errorf("matched = %v, want %v", matched.Load(), tc.want)
			}
		})
	}
}

// TestLineMatcherBounded writes megabytes without a newline: the matcher must
// hold no more than its limit, yet find a match anywhere in the line.
func TestLineMatcherBounded(t *testing.T) {
	t.Parallel()
	chunk := []byte(strings.Repeat("x", 10000))
	for _, at := range []int{0, 3, 500, 997} { // where the needle goes, in chunks
		var matched atomic.Bool
		m := newLineMatcher(discard{}, regexp.MustCompile(`NEEDLE`), &matched)
		for i := range 1000 { // 10 MB
			if i == at {
				if _, err := m.Write([]byte("xxNEE")); err != nil {
					t.Fatal(err)
				}
				if _, err := m.Write([]byte("DLExx")); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := m.Write(chunk); err != nil {
				t.Fatal(err)
			}
			if cap(m.line) > maxLine {
				t.Fatalf("holding %d bytes, more than %d", cap(m.line), maxLine)
			}
		}
		m.Flush()
		if !matched.Load() {
			t.Errorf("needle after %d chunks not found", at)
		}
	}
	// And no false match in a long line without the needle.
	var matched atomic.Bool
	m := newLineMatcher(discard{}, regexp.MustCompile(`NEEDLE`), &matched)
	for range 100 {
		if _, err := m.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	m.Flush()
	if matched.Load() {
		t.Error("matched a line without the needle")
	}
}

// discard is io.Discard with a type of its own, to keep tests independent.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
