// Command doccheck checks the repository's Markdown: every relative link in
// README.md, the other top-level *.md files and docs/**/*.md must name a file
// or directory that exists, and so must every picture they show (Markdown
// images and HTML <img src>). Links with a scheme (https:, mailto:) and
// links to an anchor in the same page are not checked. CI runs it from the
// repository root:
//
//	go run ./internal/doccheck
//
// It prints one line per broken reference and exits 1 if there is any.
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
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "doccheck: %d broken of %d references in %d files\n", len(problems), refs, len(files))
		os.Exit(1)
	}
	fmt.Printf("doccheck: %d references in %d files resolve\n", refs, len(files))
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
