package main

import (
	"bytes"
	"io"
	"regexp"
	"regexp/syntax"
	"sync/atomic"
)

// maxLine is the most output a lineMatcher holds: a line longer than this is
// matched in pieces of this size that overlap by half, so that a match of up
// to maxLine/2 bytes is found wherever it falls.
const maxLine = 64 << 10

// lineMatcher copies a stream of output to w as it arrives and matches each
// line of it against one or more expressions, setting each one's flag when
// it matches. It holds at most maxLine bytes of an unfinished line. Call
// Flush when the stream ends, to match its last line. A lineMatcher is used
// by one goroutine; the flags may be shared between the matchers of several
// streams.
type lineMatcher struct {
	w     io.Writer
	rules []matchRule
	limit int    // maxLine, or less in tests
	line  []byte // the unfinished line, at most limit bytes
	cont  bool   // m.line does not start at the start of its line
}

// matchRule is one expression and the flag it sets.
type matchRule struct {
	re      *pieceRegexp
	matched *atomic.Bool
}

// newLineMatcher returns a lineMatcher writing to w and setting matched when
// a line matches re.
func newLineMatcher(w io.Writer, re *regexp.Regexp, matched *atomic.Bool) *lineMatcher {
	m := &lineMatcher{w: w, limit: maxLine}
	m.add(re, matched)
	return m
}

// add makes m also set matched when a line matches re.
func (m *lineMatcher) add(re *regexp.Regexp, matched *atomic.Bool) {
	m.rules = append(m.rules, matchRule{newPieceRegexp(re), matched})
}

// Write passes p on to the underlying writer, then matches the lines it
// completes. It returns what the underlying writer returns.
func (m *lineMatcher) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	m.scan(p[:n])
	return n, err
}

// done reports whether every expression has matched already.
func (m *lineMatcher) done() bool {
	for _, r := range m.rules {
		if !r.matched.Load() {
			return false
		}
	}
	return true
}

// scan matches the lines of p, keeping an unfinished last line for later.
func (m *lineMatcher) scan(p []byte) {
	for len(p) > 0 {
		if m.done() {
			m.line, m.cont = m.line[:0], false
			return
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			m.hold(p)
			return
		}
		if len(m.line) == 0 && !m.cont {
			m.match(p[:i], true, true) // the whole line is in p: no copy
		} else {
			m.hold(p[:i])
			m.match(m.line, !m.cont, true)
			m.line, m.cont = m.line[:0], false
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
			m.match(m.line, !m.cont, false)
			keep := m.limit / 2
			m.line = m.line[:copy(m.line, m.line[len(m.line)-keep:])]
			m.cont = true
		}
	}
}

// match matches one line, or a piece of one, without its line ending;
// atStart and atEnd say whether the piece starts and ends where the line
// does.
func (m *lineMatcher) match(line []byte, atStart, atEnd bool) {
	if atEnd {
		line = bytes.TrimSuffix(line, []byte("\r"))
	}
	for _, r := range m.rules {
		if !r.matched.Load() && r.re.match(line, atStart, atEnd) {
			r.matched.Store(true)
		}
	}
}

// Flush matches the unfinished last line, if any.
func (m *lineMatcher) Flush() {
	if len(m.line) > 0 && !m.done() {
		m.match(m.line, !m.cont, true)
	}
	m.line, m.cont = m.line[:0], false
}

// pieceRegexp is an expression to match against lines and pieces of long
// lines: ^ and \A match only where the line starts, $ and \z only where it
// ends, not at the edges of a piece cut from its middle.
type pieceRegexp struct {
	whole *regexp.Regexp
	// variants[start][end] is whole with the anchors that cannot match in
	// such a piece replaced by ones that never match; nil until needed.
	variants [2][2]*regexp.Regexp
}

// newPieceRegexp returns re as a pieceRegexp.
func newPieceRegexp(re *regexp.Regexp) *pieceRegexp {
	p := &pieceRegexp{whole: re}
	p.variants[1][1] = re
	return p
}

// match reports whether re matches the piece b of a line.
func (p *pieceRegexp) match(b []byte, atStart, atEnd bool) bool {
	s, e := btoi(atStart), btoi(atEnd)
	if p.variants[s][e] == nil {
		p.variants[s][e] = withoutAnchors(p.whole, !atStart, !atEnd)
	}
	return p.variants[s][e].Match(b)
}

// btoi returns 1 for true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// withoutAnchors returns re with its start anchors (when start is set) and
// end anchors (when end is set) made never to match. It returns re unchanged
// if the expression cannot be rewritten (it always can: re compiled).
func withoutAnchors(re *regexp.Regexp, start, end bool) *regexp.Regexp {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return re
	}
	var walk func(*syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpBeginLine, syntax.OpBeginText:
			if start {
				*r = syntax.Regexp{Op: syntax.OpNoMatch}
			}
		case syntax.OpEndLine, syntax.OpEndText:
			if end {
				*r = syntax.Regexp{Op: syntax.OpNoMatch}
			}
		}
		for _, sub := range r.Sub {
			walk(sub)
		}
	}
	walk(tree)
	out, err := regexp.Compile(tree.String())
	if err != nil {
		return re
	}
	return out
}
