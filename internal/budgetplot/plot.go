// Package budgetplot draws docs/budgets.svg: the load on a dependency that
// goes down for a while, attempts per second, with and without a retry
// [retry.Budget]. The numbers come from a simulation that runs the real
// [retry.Retry] in virtual time, so [Draw] must be called inside a
// testing/synctest bubble; the package's test does that, compares the
// result with docs/budgets.svg and, with -update, rewrites it:
//
//	go test ./internal/budgetplot -run TestSVGCurrent -update
package budgetplot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/again-go/again/retry"
)

// The scenario: clients that each call the dependency once a second, through
// a Policy of four attempts with the default exponential backoff (100ms,
// 200ms, 400ms) and no jitter; the dependency answers in 5ms and fails every
// attempt from outageStart to outageEnd.
const (
	clients     = 100
	period      = time.Second
	duration    = 80 * time.Second
	outageStart = 20 * time.Second
	outageEnd   = 50 * time.Second
	latency     = 5 * time.Millisecond

	// stagger spreads the clients' first calls over the first second. It is
	// 3ns short of 10ms, and every other time in the simulation is a whole
	// number of milliseconds, so no two clients ever act at the same instant:
	// the order of events, and so every budget decision, is the same on every
	// run however the goroutines are scheduled.
	stagger = period/clients - 3
)

// BudgetMaxTokens and BudgetRatio are the budget of the simulation: gRPC's
// example.
const (
	BudgetMaxTokens = 10
	BudgetRatio     = 0.1
)

var errDown = errors.New("dependency down")

// Result is what one simulation saw.
type Result struct {
	PerSecond []int // attempts that reached the dependency in each second
	Calls     int   // calls made by the clients
	Attempts  int   // attempts, all told
	Successes int   // attempts that succeeded
}

// Simulate runs the scenario with budget b (nil for none) and returns the
// load. It must run inside a synctest bubble.
func Simulate(b *retry.Budget) (Result, error) {
	t0 := time.Now()
	var (
		mu  sync.Mutex
		res = Result{PerSecond: make([]int, int(duration/time.Second))}
		at  = map[time.Duration]bool{} // when attempts ended, to prove no two coincide
		dup error
	)
	op := func() (struct{}, error) {
		mu.Lock()
		if s := int(time.Since(t0) / time.Second); s < len(res.PerSecond) {
			res.PerSecond[s]++
		}
		res.Attempts++
		mu.Unlock()

		time.Sleep(latency)
		now := time.Since(t0)
		mu.Lock()
		defer mu.Unlock()
		if at[now] && dup == nil {
			dup = fmt.Errorf("budgetplot: two attempts ended at %v: the run would not be repeatable", now)
		}
		at[now] = true
		if now >= outageStart && now < outageEnd {
			return struct{}{}, errDown
		}
		res.Successes++
		return struct{}{}, nil
	}
	p := retry.Policy{Jitter: retry.NoJitter{}, Budget: b}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for next := time.Duration(c) * stagger; next < duration; next += period {
				time.Sleep(time.Until(t0.Add(next)))
				_, _ = retry.Retry(context.Background(), p, op)
				mu.Lock()
				res.Calls++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return res, dup
}

// Picture layout.
const (
	width, height       = 720, 330
	left, right         = 52, 16
	top, bottom         = 44, 44
	plotW, plotH        = width - left - right, height - top - bottom
	yMax                = 450
	colourNone, colourB = "#c0392b", "#1f6fb4"
)

// Draw simulates the scenario without and with a budget and writes the SVG
// to w. It must run inside a synctest bubble.
func Draw(w io.Writer) error {
	without, err := Simulate(nil)
	if err != nil {
		return err
	}
	with, err := Simulate(retry.NewBudget(BudgetMaxTokens, BudgetRatio))
	if err != nil {
		return err
	}
	secs := len(without.PerSecond)
	px := func(s float64) float64 { return left + s/float64(secs)*plotW }
	py := func(n float64) float64 { return top + plotH - n/yMax*plotH }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="18" font-weight="bold">Load on a dependency that is down from %v to %v: %d clients, one call a second each, up to 4 attempts</text>`+"\n",
		left, outageStart, outageEnd, clients)
	// The outage.
	fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#eee"/>`+"\n",
		px(outageStart.Seconds()), top, px(outageEnd.Seconds())-px(outageStart.Seconds()), plotH)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#777">dependency down</text>`+"\n",
		(px(outageStart.Seconds())+px(outageEnd.Seconds()))/2, top+14)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`+"\n", left, top, plotW, plotH)
	// Axes.
	for n := 0; n <= yMax; n += 50 {
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`+"\n", left-4, py(float64(n))+4, n)
		if n > 0 && n < yMax {
			fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd" stroke-dasharray="2 3"/>`+"\n", left, py(float64(n)), left+plotW, py(float64(n)))
		}
	}
	for s := 0; s <= secs; s += 10 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%ds</text>`+"\n", px(float64(s)), top+plotH+14, s)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#555">time</text>`+"\n", left+plotW/2, top+plotH+30)
	fmt.Fprintf(&b, `<text x="14" y="%d" text-anchor="middle" fill="#555" transform="rotate(-90 14 %d)">attempts per second</text>`+"\n", top+plotH/2, top+plotH/2)

	// The wider line underneath shows where the two are the same.
	line(&b, without.PerSecond, colourNone, 4, px, py)
	line(&b, with.PerSecond, colourB, 1.5, px, py)

	// Legend.
	legend := []struct {
		colour, text string
	}{
		{colourNone, fmt.Sprintf("no budget: %d attempts for %d calls", without.Attempts, without.Calls)},
		{colourB, fmt.Sprintf("NewBudget(%d, %v): %d attempts for %d calls", BudgetMaxTokens, BudgetRatio, with.Attempts, with.Calls)},
	}
	for i, l := range legend {
		y := top + plotH - 34 + i*16 // under the lines, which never fall below the calls
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`+"\n", left+10, y, left+30, y, l.colour)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", left+36, y+4, l.text)
	}
	b.WriteString("</svg>\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// line draws per-second counts as a step line.
func line(b *strings.Builder, perSecond []int, colour string, strokeWidth float64, px, py func(float64) float64) {
	pts := make([]string, 0, 2*len(perSecond))
	for s, n := range perSecond {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f %.1f,%.1f", px(float64(s)), py(float64(n)), px(float64(s+1)), py(float64(n))))
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%v"/>`+"\n", strings.Join(pts, " "), colour, strokeWidth)
}
