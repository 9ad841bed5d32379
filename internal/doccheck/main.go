// Command doccheck checks the repository's Markdown (README.md, the other
// top-level *.md files and docs/**/*.md):
//
//   - every relative link must name a file or directory that exists, and so
//     must every picture (Markdown images and HTML <img src>); a link's
//     anchor in a Markdown page (page.md#section, or #section in the same
//     page) must be one of that page's headings, as GitHub names them, or an
//     explicit HTML name or id. Links with a scheme (https:, mailto:) are not
//     checked.
//   - every Go snippet that uses package retry must name the tested example
//     it was copied from, in its first line ("// Example_cookbookHint") or in
//     a "<!-- snippet: Example_readme -->" line before the fence, and each of
//     its lines of code (trailing comments and blank lines aside) must appear
//     in the test files of retry or retryhttp.
//
// CI runs it from the repository root:
//
//	go run ./internal/doccheck
//
// It prints one line per problem and exits 1 if there is any.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	files, err := markdownFiles(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "doccheck:", err)
		os.Exit(2)
	}
	problems, refs, err := checkFiles(root, files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "doccheck:", err)
		os.Exit(2)
	}
	snippetProblems, snippets, err := checkSnippets(root, []string{"retry", "retryhttp"}, files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "doccheck:", err)
		os.Exit(2)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	for _, p := range snippetProblems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems)+len(snippetProblems) > 0 {
		fmt.Fprintf(os.Stderr, "doccheck: %d broken of %d references, %d snippet problems, in %d files\n",
			len(problems), refs, len(snippetProblems), len(files))
		os.Exit(1)
	}
	fmt.Printf("doccheck: %d references and %d snippets in %d files are sound\n", refs, snippets, len(files))
}

// markdownFiles lists the top-level *.md files of root and every *.md file
// under root/docs, as paths relative to root.
func markdownFiles(root string) ([]string, error) {
	top, err := filepath.Glob(filepath.Join(root, "*.md"))
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range top {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return nil, err
		}
		files = append(files, rel)
	}
	docs := filepath.Join(root, "docs")
	if _, err := os.Stat(docs); err != nil {
		return files, nil //nolint:nilerr // no docs directory: nothing more to check
	}
	err = filepath.WalkDir(docs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}
