package main

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// htmlAnchor matches an explicit anchor: <a name="x"> or id="x".
var htmlAnchor = regexp.MustCompile(`\b(?:name|id)\s*=\s*["']([^"']+)["']`)

// anchors returns the anchors a Markdown page defines: one per heading, as
// GitHub makes them (lower case, punctuation dropped, spaces to hyphens, a
// -1, -2, ... suffix for repeats), and any explicit HTML name or id.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, line := range proseLines(text) {
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
		if !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimLeft(line, "#")
		if len(line)-len(title) > 6 || (title != "" && title[0] != ' ' && title[0] != '\t') {
			continue // not a heading: "#######" or "#tag"
		}
		slug := slugify(title)
		n := seen[slug]
		seen[slug] = n + 1
		if n > 0 {
			slug += "-" + strconv.Itoa(n)
		}
		out[slug] = true
	}
	return out
}

// slugify makes a heading's text into its anchor the way GitHub does.
func slugify(title string) string {
	title = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(title), "#"))
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
