package main

import (
	"strings"
	"testing"
)

func TestCheckSnippets(t *testing.T) {
	root := t.TempDir()
	write(t, root, "retry/example_test.go", strings.Join([]string{
		"package retry_test",
		"",
		"func ExampleGood() {",
		"\tp := retry.Policy{MaxAttempts:   3} // gofmt may align this",
		`	url := "http://x//y" // a comment`,
		"}",
		"",
		"func TestOther(t *testing.T) {}",
	}, "\n"))
	write(t, root, "docs/guide.md", strings.Join([]string{
		"```go",
		"// again (ExampleGood)",
		"p := retry.Policy{MaxAttempts: 3} // a different comment",
		"",
		`url := "http://x//y"`,
		"```",
		"",
		"<!-- snippet: ExampleGood -->",
		"```go",
		`import "github.com/again-go/again/retry"`,
		"p := retry.Policy{MaxAttempts: 4}",
		"```",
		"",
		"```go",
		"// ExampleMissing",
		"x := 1",
		"```",
		"",
		"```go",
		"// backoff v5: a peer's code, not checked",
		"backoff.Retry(ctx, op)",
		"```",
		"",
		"```go",
		"err := retry.Do(ctx, p, op)",
		"```",
	}, "\n"))
	problems, n, err := checkSnippets(root, []string{"retry"}, []string{"docs/guide.md"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"docs/guide.md:11: line not in the tested code of ExampleGood: p := retry.Policy{MaxAttempts: 4}",
		"docs/guide.md:14: snippet names ExampleMissing, which no test file defines",
		"docs/guide.md:24: Go snippet uses package retry but names no tested example",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if n != 3 {
		t.Errorf("checked %d named snippets, want 3", n)
	}
}

func TestCodeLine(t *testing.T) {
	for line, want := range map[string]string{
		"\tx := 1 // one":                    "x := 1",
		"// only a comment":                  "",
		`s := "a // b" // c`:                 `s := "a // b"`,
		"s := `a // b`":                      "s := `a // b`",
		`r := '/' // slash`:                  `r := '/'`,
		`s := "q\"//" // c`:                  `s := "q\"//"`,
		"a:\t\t1,   // aligned":              "a: 1,",
		"func (e *E) Error() string   { }  ": "func (e *E) Error() string { }",
	} {
		if got := codeLine(line); got != want {
			t.Errorf("codeLine(%q) = %q, want %q", line, got, want)
		}
	}
}
