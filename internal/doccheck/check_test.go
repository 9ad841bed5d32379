package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, root, name, text string) {
	t.Helper()
	path := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, "README.md", strings.Join([]string{
		"See [design](docs/design.md), [a section](docs/design.md#the-model-v2),",
		"[the site](https://example.com/x.md), [here](#top), [mail](mailto:a@b.c)",
		"and [gone](docs/missing.md).",
		"![chart](docs/chart.svg) ![lost](docs/lost.png \"Lost\")",
		`<img src="docs/chart.svg" width="300"> <img alt="x" src='docs/nope.svg'>`,
		"`[not a link](nowhere.md)`",
		"```",
		"[in code](nowhere.md)",
		"# Not a heading, in code",
		"```",
		"[ref]: docs/also-missing.md",
		"[no such section](docs/design.md#nowhere) [in code](#not-a-heading-in-code)",
		"[repeat](docs/design.md#faq-1) [explicit](docs/design.md#top) [svg](docs/chart.svg#x)",
	}, "\n"))
	write(t, root, "docs/design.md", strings.Join([]string{
		`<a name="top"></a>`,
		"# The `model` (v2)",
		"## FAQ",
		"## FAQ",
		"#hashtag",
		"Back to [the README](../README.md), [guide](migrate/) and [x](migrate/x.md).",
	}, "\n"))
	write(t, root, "docs/chart.svg", "<svg/>")
	write(t, root, "docs/migrate/README.md", "[design](../design.md) [self](./README.md) [up](../../README.md) [bad](../../nope.md)\n")

	files, err := markdownFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("markdownFiles = %v, want 3 files", files)
	}
	problems, refs, err := checkFiles(root, files)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`README.md:2: link "#top": no such anchor`,
		`README.md:3: link "docs/missing.md": no such file`,
		`README.md:4: picture "docs/lost.png": no such file`,
		`README.md:5: picture "docs/nope.svg": no such file`,
		`README.md:11: link "docs/also-missing.md": no such file`,
		`README.md:12: link "docs/design.md#nowhere": no such anchor`,
		`README.md:12: link "#not-a-heading-in-code": no such anchor`,
		`docs/design.md:6: link "migrate/x.md": no such file`,
		`docs/migrate/README.md:1: link "../../nope.md": no such file`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if refs != 21 {
		t.Errorf("checked %d references, want 21", refs)
	}
}

func TestSlugify(t *testing.T) {
	for title, want := range map[string]string{
		" Deadlines and MaxElapsed":                           "deadlines-and-maxelapsed",
		"Moving from cenkalti/backoff (v4 and v5) to `again`": "moving-from-cenkaltibackoff-v4-and-v5-to-again",
		"API compatibility ##":                                "api-compatibility",
		"What's new: v0.1.0":                                  "whats-new-v010",
		"snake_case and hy-phen":                              "snake_case-and-hy-phen",
	} {
		if got := slugify(title); got != want {
			t.Errorf("slugify(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for target, want := range map[string]string{
		"a/b.md":           "a/b.md",
		"a/b.md#x":         "a/b.md",
		"../c.svg?raw=1":   "../c.svg",
		"https://x.org/a":  "",
		"//x.org/a":        "",
		"#anchor":          "",
		"mailto:me@x.org":  "",
		"docs/with%20s.md": "docs/with s.md",
	} {
		got, ok := localPath(target)
		if ok != (want != "") || got != filepath.FromSlash(want) {
			t.Errorf("localPath(%q) = %q, %v; want %q", target, got, ok, want)
		}
	}
}
