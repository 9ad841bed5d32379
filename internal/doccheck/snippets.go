package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A snippet is a fenced Go code block of a Markdown file.
type snippet struct {
	File  string
	Line  int // of the opening fence
	Name  string
	Lines []string
}

var (
	// snippetMarker names the example a snippet comes from, on the line
	// before its fence: <!-- snippet: Example_readme -->.
	snippetMarker = regexp.MustCompile(`^\s*<!--\s*snippet:\s*(\w+)\s*-->\s*$`)
	// exampleName finds an Example or Test function named in the first line
	// of a snippet: "// again (Example_migrateSimple)".
	exampleName = regexp.MustCompile(`^\s*//.*?\b((?:Example|Test)\w*)`)
	// usesRetry reports a snippet that calls package retry or retryhttp.
	usesRetry = regexp.MustCompile(`\bretry(http)?\.[A-Z]`)
)

// findSnippets returns the Go code blocks of a Markdown text.
func findSnippets(file, text string) []snippet {
	var out []snippet
	var cur *snippet
	marker := ""
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur != nil {
			if strings.HasPrefix(trimmed, "```") {
				out = append(out, *cur)
				cur = nil
				continue
			}
			cur.Lines = append(cur.Lines, line)
			continue
		}
		if trimmed == "```go" {
			cur = &snippet{File: file, Line: i + 1, Name: marker}
			marker = ""
			continue
		}
		if m := snippetMarker.FindStringSubmatch(line); m != nil {
			marker = m[1]
		} else if trimmed != "" {
			marker = ""
		}
	}
	for i := range out {
		if out[i].Name == "" && len(out[i].Lines) > 0 {
			if m := exampleName.FindStringSubmatch(out[i].Lines[0]); m != nil {
				out[i].Name = m[1]
			}
		}
	}
	return out
}

// codeLine returns line without its trailing // comment, with runs of
// spaces and tabs made one space (so that gofmt's alignment does not count);
// "" for a blank or comment-only line. It knows enough about string literals
// not to cut a "//" inside one.
func codeLine(line string) string {
	return strings.Join(strings.Fields(stripComment(line)), " ")
}

func stripComment(line string) string {
	inString := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inString != 0:
			if c == '\\' && inString != '`' {
				i++
			} else if c == inString {
				inString = 0
			}
		case c == '"' || c == '`' || c == '\'':
			inString = c
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return strings.TrimSpace(line[:i])
		}
	}
	return strings.TrimSpace(line)
}

// exampleSource is what snippets are checked against: the code lines and the
// function names of a package's test files.
type exampleSource struct {
	lines map[string]bool
	funcs map[string]bool
}

var funcDecl = regexp.MustCompile(`^func ((?:Example|Test)\w*)\(`)

// loadExamples reads the *_test.go files of dir.
func loadExamples(dirs ...string) (exampleSource, error) {
	src := exampleSource{lines: map[string]bool{}, funcs: map[string]bool{}}
	var files []string
	for _, dir := range dirs {
		fs, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil {
			return src, err
		}
		files = append(files, fs...)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			return src, err
		}
		for _, line := range strings.Split(string(text), "\n") {
			if l := codeLine(line); l != "" {
				src.lines[l] = true
			}
			if m := funcDecl.FindStringSubmatch(line); m != nil {
				src.funcs[m[1]] = true
			}
		}
	}
	return src, nil
}

// checkSnippet reports a snippet that uses package retry without naming a
// tested example, names one that does not exist, or has a line of code that
// is in no test file: each snippet must be a trimmed copy of tested code.
func checkSnippet(s snippet, src exampleSource) []string {
	at := fmt.Sprintf("%s:%d", s.File, s.Line)
	if s.Name == "" {
		if usesRetry.MatchString(strings.Join(s.Lines, "\n")) {
			return []string{at + ": Go snippet uses package retry but names no tested example"}
		}
		return nil
	}
	if !src.funcs[s.Name] {
		return []string{fmt.Sprintf("%s: snippet names %s, which no test file defines", at, s.Name)}
	}
	var problems []string
	for i, line := range s.Lines {
		l := codeLine(line)
		if l == "" || strings.HasPrefix(l, "import ") || src.lines[l] {
			continue
		}
		problems = append(problems, fmt.Sprintf("%s:%d: line not in the tested code of %s: %s", s.File, s.Line+1+i, s.Name, l))
	}
	return problems
}

// checkSnippets checks the Go snippets of files (relative to root) against
// the test files of the packages in root/exampleDirs.
func checkSnippets(root string, exampleDirs []string, files []string) ([]string, int, error) {
	dirs := make([]string, len(exampleDirs))
	for i, d := range exampleDirs {
		dirs[i] = filepath.Join(root, d)
	}
	src, err := loadExamples(dirs...)
	if err != nil {
		return nil, 0, err
	}
	var problems []string
	n := 0
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, 0, err
		}
		for _, s := range findSnippets(f, string(text)) {
			if s.Name != "" {
				n++
			}
			problems = append(problems, checkSnippet(s, src)...)
		}
	}
	return problems, n, nil
}
