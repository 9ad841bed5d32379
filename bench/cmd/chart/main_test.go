package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkFirstTrySuccess/direct-2   	100	  2.0 ns/op	  0 B/op	  0 allocs/op
BenchmarkFirstTrySuccess/direct-2   	100	  4.0 ns/op	  0 B/op	  0 allocs/op
BenchmarkFirstTrySuccess/again-2    	100	  9.0 ns/op	  0 B/op	  0 allocs/op
BenchmarkParallelSuccess/again/procs=1-2	100	  5.0 ns/op	  0 B/op	  0 allocs/op
BenchmarkCancelLatency/again-2      	100	  4000 median-ns	  9000 worst-ns
PASS
`

// TestParseAndTable checks the parsing, the medians and the table.
func TestParseAndTable(t *testing.T) {
	rs, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rs.scenarios(), ","), "FirstTrySuccess,ParallelSuccess procs=1,CancelLatency"; got != want {
		t.Errorf("scenarios %q, want %q", got, want)
	}
	if v, _ := rs.of("FirstTrySuccess")[0].median("ns/op"); v != 3 {
		t.Errorf("median of direct = %v, want 3", v)
	}
	var b strings.Builder
	table(&b, rs)
	for _, want := range []string{"| again | 9.00 | 3.00 | 0 | 0 |", "| again | – | – | 4000 | 9000 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	svg(&b, rs, []string{"FirstTrySuccess"})
	if !strings.HasPrefix(b.String(), "<svg") || !strings.Contains(b.String(), ">again<") {
		t.Errorf("bad SVG:\n%s", b.String())
	}
}
