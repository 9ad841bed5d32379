package main

import (
	"bytes"
	"io"
	"regexp"
	"sync/atomic"
)

// maxLine is the most output a lineMatcher holds: a line longer than this is
// matched in pieces of this size that overlap by half, so that a match of up
// to maxLine/2 bytes is found wherever it falls.
const maxLine = 64 << 10

// lineMatcher copies a stream of output to w as it arrives and matches each
// line of it against re, setting *matched when one matches. It holds at most
// maxLine bytes of an unfinished line. Call Flush when the stream ends, to
// match its last line. A lineMatcher is used by one goroutine; the matched
// flag may be shared between the matchers of several streams.
type lineMatcher struct {
	w       io.Writer
	re      *regexp.Regexp
	matched *atomic.Bool
	limit   int    // maxLine, or less in tests
	line    []byte // the unfinished line, at most limit bytes
}

// newLineMatcher returns a lineMatcher writing to w and setting matched.
func newLineMatcher(w io.Writer, re *regexp.Regexp, matched *atomic.Bool) *lineMatcher {
	return &lineMatcher{w: w, re: re, matched: matched, limit: maxLine}
}

// Write passes p on to the underlying writer, then matches the lines it
// completes. It returns what the underlying writer returns.
func (m *lineMatcher) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	m.scan(p[:n])
	return n, err
}

// scan matches the lines of p, keeping an unfinished last line for later.
func (m *lineMatcher) scan(p []byte) {
	for len(p) > 0 {
		if m.matched.Load() {
			m.line = m.line[:0]
			return
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			m.hold(p)
			return
		}
		if len(m.line) == 0 {
			m.match(p[:i]) // the whole line is in p: no copy
		} else {
			m.hold(p[:i])
			m.match(m.line)
			m.line = m.line[:0]
		}
		p = p[i+1:]
	}
}

// hold appends part of a line to m.line; when that fills up, it matches what
// it holds and keeps only the newer half.
func (m *lineMatcher) hold(p []byte) {
	if m.line == nil {
		m.line = make([]byte, 0, m.limit) // one allocation, never grown
	}
	for len(p) > 0 {
		room := m.limit - len(m.line)
		k := min(room, len(p))
		m.line = append(m.line, p[:k]...)
		p = p[k:]
		if len(m.line) == m.limit {
			m.match(m.line)
			keep := m.limit / 2
			m.line = m.line[:copy(m.line, m.line[len(m.line)-keep:])]
		}
	}
}

// match matches one line, without its line ending.
func (m *lineMatcher) match(line []byte) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if m.re.Match(line) {
		m.matched.Store(true)
	}
}

// Flush matches the unfinished last line, if any.
func (m *lineMatcher) Flush() {
	if len(m.line) > 0 && !m.matched.Load() {
		m.match(m.line)
	}
	m.line = m.line[:0]
}
