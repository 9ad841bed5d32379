package main

import (
	"fmt"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A ref is one link or picture found in a Markdown file.
type ref struct {
	Line   int
	Target string
	Image  bool
}

// A problem is a reference whose target does not exist.
type problem struct {
	File     string
	Ref      ref
	NoAnchor bool // the file exists, the anchor in it does not
}

func (p problem) String() string {
	kind := "link"
	if p.Ref.Image {
		kind = "picture"
	}
	what := "no such file"
	if p.NoAnchor {
		what = "no such anchor"
	}
	return fmt.Sprintf("%s:%d: %s %q: %s", p.File, p.Ref.Line, kind, p.Ref.Target, what)
}

var (
	// inlineLink matches [text](target) and ![alt](target "title").
	inlineLink = regexp.MustCompile(`(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// refDef matches a reference definition: [label]: target.
	refDef = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)
	// imgSrc matches the src of an HTML <img> tag.
	imgSrc = regexp.MustCompile(`(?i)<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']`)
	// codeSpan matches inline code, whose text is not a link.
	codeSpan = regexp.MustCompile("`+[^`]*`+")
)

// findRefs returns the links and pictures of a Markdown text, leaving out
// fenced code blocks and inline code.
func findRefs(text string) []ref {
	var refs []ref
	for i, line := range proseLines(text) {
		line = codeSpan.ReplaceAllString(line, "")
		for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
			refs = append(refs, ref{Line: i + 1, Target: m[2], Image: m[1] == "!"})
		}
		if m := refDef.FindStringSubmatch(line); m != nil {
			refs = append(refs, ref{Line: i + 1, Target: m[1]})
		}
		for _, m := range imgSrc.FindAllStringSubmatch(line, -1) {
			refs = append(refs, ref{Line: i + 1, Target: m[1], Image: true})
		}
	}
	return refs
}

// localPath returns the file a target names, relative to the directory of
// the page, and false for a target that is not a local file: one with a
// scheme or host, or an anchor in the same page.
func localPath(target string) (string, bool) {
	p, _, ok := localTarget(target)
	return p, ok && p != ""
}

// localTarget is localPath that also returns the target's fragment, and for
// an anchor in the same page ("#x") an empty path and true.
func localTarget(target string) (path, fragment string, ok bool) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", "", false
	}
	if u.Path == "" {
		return "", u.Fragment, u.Fragment != ""
	}
	return filepath.FromSlash(u.Path), u.Fragment, true
}

// checkFiles checks every reference of files (relative to root) and returns
// those whose target does not exist, and the number of local references.
func checkFiles(root string, files []string) ([]problem, int, error) {
	var problems []problem
	n := 0
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, 0, err
		}
		for _, r := range findRefs(string(text)) {
			p, fragment, ok := localTarget(r.Target)
			if !ok {
				continue
			}
			n++
			target := filepath.Join(root, filepath.Dir(f), p)
			switch {
			case p == "":
				target = filepath.Join(root, f) // an anchor in this page
			case strings.HasPrefix(p, string(filepath.Separator)):
				target = filepath.Join(root, p) // rooted at the repository
			}
			if _, err := os.Stat(target); err != nil {
				problems = append(problems, problem{File: f, Ref: r})
				continue
			}
			if fragment == "" || !strings.HasSuffix(target, ".md") {
				continue
			}
			page, err := os.ReadFile(target)
			if err != nil {
				return nil, 0, err
			}
			if !anchors(string(page))[fragment] {
				problems = append(problems, problem{File: f, Ref: r, NoAnchor: true})
			}
		}
	}
	return problems, n, nil
}

// proseLines yields the lines of a Markdown text that are outside fenced
// code blocks, with their index.
func proseLines(text string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		fence := ""
		for i, line := range strings.Split(text, "\n") {
			trimmed := strings.TrimSpace(line)
			if fence != "" {
				if strings.HasPrefix(trimmed, fence) {
					fence = ""
				}
				continue
			}
			if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
				fence = trimmed[:3]
				continue
			}
			if !yield(i, line) {
				return
			}
		}
	}
}
