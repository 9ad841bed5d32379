// Command hedgeplot measures what hedging does to tail latency, and what it
// costs, on an operation with a heavy-tailed latency, and draws it as an SVG
// for the docs:
//
//	go run ./internal/hedgeplot > docs/hedging.svg
//	go run ./internal/hedgeplot -table   # the numbers, as a Markdown table
//
// Each request's attempts take independent latencies drawn with a seeded
// source: 97% from a log-normal around 20ms, 3% from a Pareto tail (a stall:
// a garbage collection, a lost packet, a busy replica). A hedged request
// starts attempt k at (k-1)×Delay unless an earlier one has answered, ends at
// the first answer, and cancels the rest then, as retry.Hedge does (the test
// checks the model against retry.Hedge in virtual time). The output is the
// same on every run.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

const (
	requests = 200_000
	seed     = 9
)

// latency draws one attempt's latency.
func latency(r *rand.Rand) time.Duration {
	if r.Float64() < 0.97 {
		ms := 20 * math.Exp(0.3*r.NormFloat64())
		return time.Duration(ms * float64(time.Millisecond))
	}
	// Pareto with scale 60ms and shape 1.3: heavy enough that a stall now and
	// then takes seconds.
	ms := 60 / math.Pow(1-r.Float64(), 1/1.3)
	return time.Duration(min(ms, 20_000) * float64(time.Millisecond))
}

// config is one way of calling the operation.
type config struct {
	name     string
	attempts int           // at most, the first included
	delay    time.Duration // before each next attempt
}

// result is what a config gives over all requests.
type result struct {
	config
	p50, p99, p999 time.Duration
	extraRequests  float64 // attempts per request, minus one
	extraWork      float64 // attempt time per request over the unhedged one's, minus one
}

// request returns when one request ends, how many attempts it started, and
// the time its attempts ran in all, given its attempts' latencies.
func request(c config, lat []time.Duration) (end time.Duration, started int, work time.Duration) {
	end = time.Duration(math.MaxInt64)
	for k := range c.attempts {
		start := time.Duration(k) * c.delay
		if start >= end {
			break
		}
		started++
		end = min(end, start+lat[k])
	}
	for k := range started {
		work += min(end, time.Duration(k)*c.delay+lat[k]) - time.Duration(k)*c.delay
	}
	return end, started, work
}

// samples draws the attempts' latencies of every request: each request gets
// the same draws whatever the config, so configs differ by policy only.
func samples(maxAttempts int) [][]time.Duration {
	r := rand.New(rand.NewPCG(seed, seed))
	out := make([][]time.Duration, requests)
	for i := range out {
		out[i] = make([]time.Duration, maxAttempts)
		for k := range out[i] {
			out[i][k] = latency(r)
		}
	}
	return out
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(math.Ceil(q*float64(len(sorted))))-1]
}

// run measures every config.
func run() []result {
	const maxAttempts = 3
	lat := samples(maxAttempts)
	first := make([]time.Duration, len(lat))
	for i, l := range lat {
		first[i] = l[0]
	}
	slices.Sort(first)
	p90 := percentile(first, 0.90).Round(time.Millisecond)
	p95 := percentile(first, 0.95).Round(time.Millisecond)
	p99 := percentile(first, 0.99).Round(time.Millisecond)
	configs := []config{
		{"no hedging", 1, 0},
		{fmt.Sprintf("2 attempts, delay p99 (%v)", p99), 2, p99},
		{fmt.Sprintf("2 attempts, delay p95 (%v)", p95), 2, p95},
		{fmt.Sprintf("2 attempts, delay p90 (%v)", p90), 2, p90},
		{fmt.Sprintf("3 attempts, delay p95 (%v)", p95), 3, p95},
		{"2 attempts at once (delay 0)", 2, 0},
	}
	var baseWork time.Duration
	out := make([]result, 0, len(configs))
	for _, c := range configs {
		ends := make([]time.Duration, len(lat))
		var started int
		var work time.Duration
		for i, l := range lat {
			e, s, w := request(c, l)
			ends[i], started, work = e, started+s, work+w
		}
		if c.attempts == 1 {
			baseWork = work
		}
		slices.Sort(ends)
		out = append(out, result{
			config:        c,
			p50:           percentile(ends, 0.50),
			p99:           percentile(ends, 0.99),
			p999:          percentile(ends, 0.999),
			extraRequests: float64(started)/float64(len(lat)) - 1,
			extraWork:     float64(work)/float64(baseWork) - 1,
		})
	}
	return out
}

func main() {
	table := flag.Bool("table", false, "print a Markdown table instead of the SVG")
	flag.Parse()
	results := run()
	var err error
	if *table {
		err = writeTable(os.Stdout, results)
	} else {
		err = draw(os.Stdout, results)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hedgeplot:", err)
		os.Exit(1)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// writeTable writes the results as a Markdown table.
func writeTable(w io.Writer, results []result) error {
	var b strings.Builder
	b.WriteString("| policy | p50 (ms) | p99 (ms) | p99.9 (ms) | extra requests | extra attempt time |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %+.1f%% | %+.1f%% |\n", r.name, ms(r.p50), ms(r.p99), ms(r.p999), 100*r.extraRequests, 100*r.extraWork)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Layout of the chart: one group of three bars (p50, p99, p99.9) per config,
// on a logarithmic scale.
const (
	width   = 860
	height  = 400
	left    = 60
	top     = 40
	plotH   = 260
	groupW  = 130
	barW    = 30
	minMs   = 10.0
	maxMs   = 10_000.0
	caption = "Latency of a heavy-tailed operation, 200,000 requests (log scale)"
)

var barColors = [3]string{"#9ecae1", "#4292c6", "#08519c"}

// draw writes the SVG chart to w.
func draw(w io.Writer, results []result) error {
	y := func(d time.Duration) float64 {
		v := math.Max(float64(d)/float64(time.Millisecond), minMs)
		return top + plotH - plotH*math.Log10(v/minMs)/math.Log10(maxMs/minMs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="20" font-weight="bold" font-size="13">%s</text>`+"\n", left, caption)
	for v := minMs; v <= maxMs; v *= 10 {
		d := time.Duration(v * float64(time.Millisecond))
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(d), left+len(results)*groupW, y(d))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%v</text>`+"\n", left-4, y(d)+4, d)
	}
	for i, r := range results {
		x0 := left + i*groupW + (groupW-3*barW)/2
		for j, d := range [3]time.Duration{r.p50, r.p99, r.p999} {
			x := x0 + j*barW
			fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s"/>`+"\n", x, y(d), barW-2, top+plotH-y(d), barColors[j])
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="middle" font-size="9">%s</text>`+"\n", x+barW/2-1, y(d)-3, roundMs(d))
		}
		cx := left + i*groupW + groupW/2
		for k, line := range wrap(r.name) {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", cx, top+plotH+16+k*13, line)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#a50f15">%+.1f%% requests</text>`+"\n", cx, top+plotH+58, 100*r.extraRequests)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#a50f15">%+.1f%% attempt time</text>`+"\n", cx, top+plotH+71, 100*r.extraWork)
	}
	for j, name := range [3]string{"p50", "p99", "p99.9"} {
		x := left + 20 + j*70
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`+"\n", x, height-18, barColors[j])
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x+16, height-8, name)
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// roundMs prints a latency briefly: whole milliseconds, or seconds above 10s.
func roundMs(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond))
}

// wrap splits a config name into at most three short lines.
func wrap(name string) []string {
	name = strings.NewReplacer("(", "", ")", "").Replace(name)
	words := strings.Fields(name)
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && len(line)+1+len(w) > 18 {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
