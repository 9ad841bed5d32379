package retry

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// fixed returns a random source that always yields r.
func fixed(r float64) func() float64 { return func() float64 { return r } }

func TestPick(t *testing.T) {
	const (
		s    = time.Second
		capd = 10 * time.Second
	)
	below1 := math.Nextafter(1, 0)
	tests := []struct {
		j       Jitter
		d, prev time.Duration
		r       float64
		want    time.Duration
	}{
		{NoJitter{}, 4 * s, 0, 0.7, 4 * s},
		{FullJitter{}, 4 * s, 0, 0, 0},
		{FullJitter{}, 4 * s, 0, 0.5, 2 * s},
		{FullJitter{}, capd, 0, 0.5, 5 * s},
		{EqualJitter{}, 4 * s, 0, 0, 2 * s},
		{EqualJitter{}, 4 * s, 0, 0.5, 3 * s},
		{ProportionalJitter(0.25), 4 * s, 0, 0, 3 * s},
		{ProportionalJitter(0.25), 4 * s, 0, 0.5, 4 * s},
		{ProportionalJitter(0.25), 4 * s, 0, below1, 5*s - 1},
		{ProportionalJitter(0), 4 * s, 0, 0.9, 4 * s},
		{ProportionalJitter(1), 4 * s, 0, 0, 0},
		// At the cap the window is cut: [7.5s, 10s], no pile-up on the cap.
		{ProportionalJitter(0.25), capd, 0, 0, 7500 * time.Millisecond},
		{ProportionalJitter(0.25), capd, 0, 0.5, 8750 * time.Millisecond},
		{ProportionalJitter(0.25), capd, 0, below1, capd - 1},
		// Decorrelated: between the base (1s) and 3x the previous wait.
		{DecorrelatedJitter{}, 4 * s, 1 * s, 0, 1 * s},
		{DecorrelatedJitter{}, 4 * s, 1 * s, 0.5, 2 * s},
		{DecorrelatedJitter{}, 4 * s, 2 * s, 0.5, 3500 * time.Millisecond},
		{DecorrelatedJitter{}, 4 * s, 9 * s, below1, capd - 1},
	}
	for _, tt := range tests {
		got := pick(tt.j, tt.d, time.Second, tt.prev, capd, fixed(tt.r))
		if got != tt.want {
			t.Errorf("pick(%#v, d=%v, prev=%v, r=%v) = %v, want %v", tt.j, tt.d, tt.prev, tt.r, got, tt.want)
		}
	}
}

func TestPickDrawsOnlyForAWindow(t *testing.T) {
	called := false
	random := func() float64 { called = true; return 0.5 }
	pick(NoJitter{}, time.Second, time.Second, time.Second, time.Minute, random)
	pick(FullJitter{}, 0, 0, 0, time.Minute, random)
	if called {
		t.Error("pick drew a random number for a window of one point")
	}
}

// TestJitterDistribution checks with a seeded source that each kind's waits
// stay in bounds and spread over the window: the mean is near its middle and
// both ends are reached.
func TestJitterDistribution(t *testing.T) {
	const (
		d    = 8 * time.Second
		base = time.Second
		capd = time.Minute
		n    = 20000
	)
	tests := []struct {
		j      Jitter
		lo, hi time.Duration
	}{
		{FullJitter{}, 0, d},
		{EqualJitter{}, d / 2, d},
		{ProportionalJitter(0.2), d * 8 / 10, d * 12 / 10},
		{DecorrelatedJitter{}, base, 3 * d},
	}
	for _, tt := range tests {
		rng := rand.New(rand.NewPCG(1, 2))
		var sum float64
		lowest, highest := time.Duration(math.MaxInt64), time.Duration(0)
		for range n {
			w := pick(tt.j, d, base, d, capd, rng.Float64)
			if w < tt.lo || w > tt.hi {
				t.Fatalf("%#v: wait %v outside [%v, %v]", tt.j, w, tt.lo, tt.hi)
			}
			sum += float64(w)
			lowest, highest = min(lowest, w), max(highest, w)
		}
		width := float64(tt.hi - tt.lo)
		if mean, mid := sum/n, float64(tt.lo+tt.hi)/2; math.Abs(mean-mid) > 0.01*width {
			t.Errorf("%#v: mean %v, want within 1%% of the window from %v", tt.j, time.Duration(mean), time.Duration(mid))
		}
		if float64(lowest-tt.lo) > 0.001*width || float64(tt.hi-highest) > 0.001*width {
			t.Errorf("%#v: waits span [%v, %v], want close to [%v, %v]", tt.j, lowest, highest, tt.lo, tt.hi)
		}
	}
}

func TestSourceClamped(t *testing.T) {
	for _, r := range []float64{-1, math.NaN(), 1, 7, math.Inf(1)} {
		s := schedule{rnd: constSource(r)}
		if got := s.random(); !(got >= 0 && got < 1) {
			t.Errorf("random() with a source giving %v = %v, want in [0, 1)", r, got)
		}
	}
}

type constSource float64

func (c constSource) Float64() float64 { return float64(c) }

// FuzzWait checks the whole wait arithmetic: for any backoff, jitter, cap,
// attempt and random sample, 0 <= wait <= cap.
func FuzzWait(f *testing.F) {
	f.Add(int64(time.Millisecond), 2.0, int64(time.Second), uint8(4), 0.3, 40, false, int64(0))
	f.Add(int64(math.MaxInt64), 1.5, int64(math.MaxInt64), uint8(3), 0.999999, math.MaxInt-1, true, int64(math.MaxInt64))
	f.Add(int64(1), 1e300, int64(math.MaxInt64), uint8(2), 0.5, 1_000_000, false, int64(-5))
	f.Fuzz(func(t *testing.T, initial int64, factor float64, capNs int64, kind uint8, r float64, n int, hinted bool, hint int64) {
		if initial < 0 || !(factor >= 1) || math.IsInf(factor, 1) || capNs <= 0 || n < 1 || !(r >= 0 && r < 1) {
			t.Skip()
		}
		jitters := []Jitter{NoJitter{}, FullJitter{}, EqualJitter{}, ProportionalJitter(factor - math.Floor(factor)), ProportionalJitter(1), DecorrelatedJitter{}}
		backoffs := []Backoff{
			Exponential{Initial: time.Duration(initial), Factor: factor},
			Linear{Initial: time.Duration(initial), Step: time.Duration(hint & math.MaxInt64)},
			Constant(initial),
			BackoffFunc(func(int) time.Duration { return time.Duration(hint) }),
		}
		p := Policy{
			Backoff:  backoffs[int(kind/8)%len(backoffs)],
			Jitter:   jitters[int(kind)%len(jitters)],
			MaxDelay: time.Duration(capNs),
			Rand:     constSource(r),
		}
		s := p.schedule()
		for i := range 3 {
			w := s.next(n+i, time.Duration(hint), hinted)
			if w < 0 || w > p.MaxDelay {
				t.Fatalf("%+v: next(%d) = %v, want in [0, %v]", p, n+i, w, p.MaxDelay)
			}
		}
	})
}

func TestDelays(t *testing.T) {
	p := Policy{MaxAttempts: 5, Backoff: Exponential{Initial: time.Second}, MaxDelay: 5 * time.Second, Jitter: NoJitter{}}
	var got []time.Duration
	for d := range p.Delays() {
		got = append(got, d)
	}
	want := durations(time.Second, 1, 2, 4, 5)
	if len(got) != len(want) {
		t.Fatalf("Delays() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Delays() = %v, want %v", got, want)
		}
	}

	// Seeded jitter is repeatable.
	p.Jitter = FullJitter{}
	collect := func() (ds []time.Duration) {
		p.Rand = rand.New(rand.NewPCG(7, 7))
		for d := range p.Delays() {
			ds = append(ds, d)
		}
		return ds
	}
	a, b := collect(), collect()
	for i := range a {
		if a[i] != b[i] || a[i] > p.MaxDelay {
			t.Fatalf("seeded Delays() = %v then %v; want equal and capped", a, b)
		}
	}

	// Unlimited goes on until the caller stops; invalid yields nothing.
	count := 0
	for range (Policy{MaxAttempts: Unlimited}).Delays() {
		if count++; count == 1000 {
			break
		}
	}
	if count != 1000 {
		t.Errorf("Unlimited Delays() stopped after %d", count)
	}
	for d := range (Policy{MaxAttempts: -7}).Delays() {
		t.Errorf("invalid policy yielded %v", d)
	}
}

func TestDefaultDelays(t *testing.T) {
	// The zero Policy: 3 waits around 100ms, 200ms, 400ms, each within ±20%.
	p := Policy{Rand: rand.New(rand.NewPCG(3, 4))}
	i := 0
	for d := range p.Delays() {
		mid := DefaultInitialDelay << i
		if d < mid*8/10 || d > mid*12/10 {
			t.Errorf("default wait %d = %v, want within 20%% of %v", i+1, d, mid)
		}
		i++
	}
	if i != DefaultMaxAttempts-1 {
		t.Errorf("zero Policy gave %d waits, want %d", i, DefaultMaxAttempts-1)
	}
}

// TestCapEveryKind checks, with a seeded source, that no wait of any backoff
// and jitter kind passes MaxDelay, at small and huge retry numbers, with an
// ordinary cap and with the largest one.
func TestCapEveryKind(t *testing.T) {
	backoffs := []Backoff{
		Constant(time.Second),
		Linear{Initial: time.Second, Step: time.Second},
		Exponential{Initial: time.Second},
		Exponential{Initial: time.Second, Factor: 1.5},
		BackoffFunc(func(n int) time.Duration { return time.Duration(n) * time.Hour }),
	}
	jitters := []Jitter{NoJitter{}, FullJitter{}, EqualJitter{}, ProportionalJitter(0.2), ProportionalJitter(1), DecorrelatedJitter{}}
	for _, capd := range []time.Duration{5 * time.Second, math.MaxInt64} {
		for _, b := range backoffs {
			for _, j := range jitters {
				p := Policy{Backoff: b, Jitter: j, MaxDelay: capd, Rand: rand.New(rand.NewPCG(5, 6))}
				s := p.schedule()
				for _, n := range []int{1, 2, 3, 10, 100, 1000, 1_000_000, math.MaxInt - 1} {
					if w := s.next(n, 0, false); w < 0 || w > capd {
						t.Errorf("%#v with %#v, cap %v: wait %d = %v, want in [0, cap]", b, j, capd, n, w)
					}
				}
				// A server hint is capped too.
				if w := s.next(7, math.MaxInt64, true); w != capd {
					t.Errorf("%#v with %#v: hinted wait = %v, want the cap %v", b, j, w, capd)
				}
			}
		}
	}
}
