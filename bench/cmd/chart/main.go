// Command chart reads the output of go test -bench for the bench module and
// writes docs/performance.svg, a horizontal bar chart of ns/op per library
// for the first-try-success and three-failures scenarios, and a Markdown
// table of every scenario with the median of each metric and its ratio to
// the direct call.
//
// Usage (from bench/):
//
//	go run ./cmd/chart -in results.txt -svg ../docs/performance.svg -table table.md
//
// It uses the standard library only.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"html"
	"io"
	"log"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A result is every sample of one benchmark, by unit.
type result struct {
	scenario string               // e.g. "FirstTrySuccess" or "ParallelSuccess procs=2"
	library  string               // e.g. "again"
	samples  map[string][]float64 // unit → values, one per run
}

// results holds the parsed benchmarks in the order they first appear.
type results struct {
	order []*result
	byKey map[string]*result
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parse reads go test -bench output. Names are Benchmark<Scenario>/<library>
// with optional further elements, which join the scenario.
func parse(r io.Reader) (*results, error) {
	rs := &results{byKey: map[string]*result{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			continue // not a result line
		}
		name := procsSuffix.ReplaceAllString(strings.TrimPrefix(fields[0], "Benchmark"), "")
		parts := strings.Split(name, "/")
		if len(parts) < 2 {
			continue
		}
		scenario := strings.Join(append([]string{parts[0]}, parts[2:]...), " ")
		key := scenario + "\x00" + parts[1]
		res := rs.byKey[key]
		if res == nil {
			res = &result{scenario: scenario, library: parts[1], samples: map[string][]float64{}}
			rs.byKey[key] = res
			rs.order = append(rs.order, res)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: bad value %q", fields[0], fields[i])
			}
			res.samples[fields[i+1]] = append(res.samples[fields[i+1]], v)
		}
	}
	return rs, sc.Err()
}

// median returns the median of r's samples of unit, and whether there are any.
func (r *result) median(unit string) (float64, bool) {
	vs := slices.Clone(r.samples[unit])
	if len(vs) == 0 {
		return 0, false
	}
	sort.Float64s(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], true
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, true
}

// scenarios returns the scenario names in order of appearance.
func (rs *results) scenarios() []string {
	var out []string
	for _, r := range rs.order {
		if !slices.Contains(out, r.scenario) {
			out = append(out, r.scenario)
		}
	}
	return out
}

// of returns the results of one scenario, in order of appearance.
func (rs *results) of(scenario string) []*result {
	var out []*result
	for _, r := range rs.order {
		if r.scenario == scenario {
			out = append(out, r)
		}
	}
	return out
}

// format prints v with few digits.
func format(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// table writes a Markdown table per scenario.
func table(w io.Writer, rs *results) {
	for _, sc := range rs.scenarios() {
		rows := rs.of(sc)
		var extra []string
		for _, r := range rows {
			for unit := range r.samples {
				switch unit {
				case "ns/op", "B/op", "allocs/op":
				default:
					if !slices.Contains(extra, unit) {
						extra = append(extra, unit)
					}
				}
			}
		}
		sort.Strings(extra)
		var direct, hand, handMedian float64
		for _, r := range rows {
			switch r.library {
			case "direct":
				direct, _ = r.median("ns/op")
			case "handloop":
				hand, _ = r.median("ns/op")
				handMedian, _ = r.median("median-ns")
			}
		}
		fmt.Fprintf(w, "\n#### %s\n\n", sc)
		cols := []string{"library"}
		if _, ok := rows[0].median("ns/op"); ok {
			cols = append(cols, "ns/op")
			if direct > 0 {
				cols = append(cols, "× direct")
			}
			if hand > 0 {
				cols = append(cols, "× handloop")
			}
		}
		cols = append(cols, "B/op", "allocs/op")
		cols = append(cols, extra...)
		if handMedian > 0 {
			cols = append(cols, "median − handloop")
		}
		fmt.Fprintf(w, "| %s |\n| :--- |%s\n", strings.Join(cols, " | "), strings.Repeat(" ---: |", len(cols)-1))
		for _, r := range rows {
			cells := []string{r.library}
			for _, c := range cols[1:] {
				switch c {
				case "× direct", "× handloop":
					base := direct
					if c == "× handloop" {
						base = hand
					}
					v, _ := r.median("ns/op")
					cells = append(cells, format(v/base))
					continue
				case "median − handloop":
					v, _ := r.median("median-ns")
					cells = append(cells, format(v-handMedian))
					continue
				}
				if v, ok := r.median(c); ok {
					cells = append(cells, format(v))
				} else {
					cells = append(cells, "–")
				}
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
}

// svg writes a horizontal bar chart of ns/op, one panel per scenario, each
// with its own linear scale.
func svg(w io.Writer, rs *results, scenarios []string) {
	const (
		width  = 760
		left   = 110 // room for library names
		right  = 90  // room for values
		barH   = 18
		gap    = 6
		titleH = 34
		panelG = 18
	)
	height := 10
	for _, sc := range scenarios {
		height += titleH + len(rs.of(sc))*(barH+gap) + panelG
	}
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	y := 10
	for _, sc := range scenarios {
		rows := rs.of(sc)
		maxV := 0.0
		for _, r := range rows {
			v, _ := r.median("ns/op")
			maxV = max(maxV, v)
		}
		fmt.Fprintf(w, `<text x="10" y="%d" font-weight="bold">%s — ns/op, median (shorter is faster)</text>`+"\n", y+20, html.EscapeString(sc))
		y += titleH
		for _, r := range rows {
			v, _ := r.median("ns/op")
			bw := 0.0
			if maxV > 0 {
				bw = v / maxV * float64(width-left-right)
			}
			color := "#9aa7b8"
			switch r.library {
			case "again":
				color = "#2b7bb9"
			case "direct", "handloop":
				color = "#c8c8c8"
			}
			fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-8, y+barH-4, html.EscapeString(r.library))
			fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", left, y, max(bw, 1), barH, color)
			fmt.Fprintf(w, `<text x="%.1f" y="%d">%s</text>`+"\n", float64(left)+max(bw, 1)+6, y+barH-4, format(v))
			y += barH + gap
		}
		y += panelG
	}
	fmt.Fprintln(w, "</svg>")
}

func main() {
	in := flag.String("in", "results.txt", "go test -bench output to read")
	svgPath := flag.String("svg", "", "SVG file to write")
	tablePath := flag.String("table", "", "Markdown table file to write (- for standard output)")
	panels := flag.String("panels", "FirstTrySuccess,ThreeFailures", "comma-separated scenarios to chart")
	flag.Parse()
	log.SetFlags(0)

	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	rs, err := parse(f)
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	if len(rs.order) == 0 {
		log.Fatalf("%s: no benchmark results", *in)
	}
	if *svgPath != "" {
		var b strings.Builder
		svg(&b, rs, strings.Split(*panels, ","))
		if err := os.WriteFile(*svgPath, []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	switch *tablePath {
	case "":
	case "-":
		table(os.Stdout, rs)
	default:
		var b strings.Builder
		table(&b, rs)
		if err := os.WriteFile(*tablePath, []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
