// Command delayplot draws the waits that each jitter kind of package retry
// chooses, as an SVG for the docs:
//
//	go run ./internal/delayplot > docs/delays.svg
//
// Each panel shows, for retries 1 to 12 of Exponential{Initial: 100ms} capped
// at MaxDelay 5s, a dot for each of 60 waits drawn with a seeded source, the
// backoff before jitter as a line and the cap as a dashed line. The output is
// the same on every run.
package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/again-go/again/retry"
)

const (
	retries  = 12
	samples  = 60
	capDelay = 5 * time.Second
	panelW   = 330
	panelH   = 220
	marginL  = 44
	marginT  = 28
	marginB  = 30
	cols     = 3
)

var kinds = []struct {
	name   string
	jitter retry.Jitter
}{
	{"NoJitter", retry.NoJitter{}},
	{"FullJitter", retry.FullJitter{}},
	{"EqualJitter", retry.EqualJitter{}},
	{"ProportionalJitter(0.2), the default", retry.ProportionalJitter(0.2)},
	{"DecorrelatedJitter", retry.DecorrelatedJitter{}},
}

func main() {
	if err := draw(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "delayplot:", err)
		os.Exit(1)
	}
}

// draw writes the whole SVG to w.
func draw(w io.Writer) error {
	rows := (len(kinds) + cols - 1) / cols
	width, height := cols*(panelW+marginL)+10, rows*(panelH+marginT+marginB)+10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	for i, k := range kinds {
		x0 := (i%cols)*(panelW+marginL) + marginL
		y0 := (i/cols)*(panelH+marginT+marginB) + marginT
		if err := panel(&b, k.name, k.jitter, x0, y0); err != nil {
			return err
		}
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// panel draws one jitter kind with its top-left plot corner at x0, y0.
func panel(b *strings.Builder, name string, j retry.Jitter, x0, y0 int) error {
	px := func(n int) float64 { return float64(x0) + (float64(n)-0.5)*panelW/retries }
	py := func(d time.Duration) float64 { return float64(y0+panelH) - float64(d)/float64(capDelay)*panelH }

	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", x0, y0-10, name)
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`+"\n", x0, y0, panelW, panelH)
	for s := time.Duration(0); s <= capDelay; s += time.Second {
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%v</text>`+"\n", x0-4, py(s)+4, s)
	}
	for n := 1; n <= retries; n++ {
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", px(n), y0+panelH+14, n)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" fill="#555">retry n</text>`+"\n", x0+panelW/2, y0+panelH+27)

	// The cap, and the backoff before jitter.
	fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c00" stroke-dasharray="4 3"/>`+"\n", x0, py(capDelay), x0+panelW, py(capDelay))
	base := retry.Policy{MaxAttempts: retries + 1, Backoff: retry.Exponential{Initial: 100 * time.Millisecond}, MaxDelay: capDelay}
	exact := base
	exact.Jitter = retry.NoJitter{}
	var pts []string
	n := 0
	for d := range exact.Delays() {
		n++
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(n), py(d)))
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="#333" stroke-width="1.5"/>`+"\n", strings.Join(pts, " "))

	// Waits drawn with a seeded source: each sample is one whole call's schedule.
	p := base
	p.Jitter = j
	p.Rand = rand.New(rand.NewPCG(1, 2))
	if err := p.Validate(); err != nil {
		return err
	}
	spread := rand.New(rand.NewPCG(3, 4)) // horizontal spread of the dots only
	b.WriteString(`<g fill="#1f6fb4" fill-opacity="0.4">` + "\n")
	defer b.WriteString("</g>\n")
	for range samples {
		n := 0
		for d := range p.Delays() {
			n++
			x := px(n) + (spread.Float64()-0.5)*panelW/retries*0.6
			fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="1.4"/>`+"\n", x, py(d))
		}
	}
	return nil
}
