package retry

import (
	"iter"
	"math"
	"math/rand/v2"
	"time"
)

const maxDuration = time.Duration(math.MaxInt64)

// schedule chooses the waits of one call to Retry. It is created at the first
// failure, so a first-try success never builds one.
type schedule struct {
	backoff Backoff
	jitter  Jitter
	rnd     Source
	cap     time.Duration // Policy.MaxDelay or its default
	base    time.Duration // first backoff delay, capped
	prev    time.Duration // previous wait; base before the first retry

	decorrelated bool // DecorrelatedJitter, which uses only base and prev
}

// init prepares s for p, a valid policy.
func (s *schedule) init(p *Policy) {
	*s = schedule{backoff: p.backoff(), jitter: p.jitter(), rnd: p.Rand, cap: p.maxDelay()}
	_, s.decorrelated = s.jitter.(DecorrelatedJitter)
	s.base = min(max(s.backoff.Delay(1), 0), s.cap)
	s.prev = s.base
}

// next returns the wait before retry n (1 for the first retry). A server hint,
// when there is one, replaces the backoff and jitter but not the cap.
func (s *schedule) next(n int, hint time.Duration, hinted bool) time.Duration {
	var w time.Duration
	if hinted {
		w = min(max(hint, 0), s.cap)
	} else {
		var d time.Duration
		if !s.decorrelated { // which has no use for Delay(n)
			d = min(max(s.backoff.Delay(n), 0), s.cap)
		}
		w = pick(s.jitter, d, s.base, s.prev, s.cap, s.random)
	}
	s.prev = w
	return w
}

// random returns a number in [0, 1) from the policy's source or the runtime's.
func (s *schedule) random() float64 {
	if s.rnd == nil {
		return rand.Float64()
	}
	r := s.rnd.Float64()
	if !(r >= 0) { // negative or NaN
		return 0
	}
	return min(r, math.Nextafter(1, 0))
}

// pick draws a wait from j's window for the capped delay d, cut at the cap. It
// calls random only when the window is wider than a point.
func pick(j Jitter, d, base, prev, capped time.Duration, random func() float64) time.Duration {
	lo, hi := j.window(d, base, prev)
	hi = min(hi, capped)
	lo = min(max(lo, 0), hi)
	if hi == lo {
		return lo
	}
	off := min(saturate(random()*float64(hi-lo)), hi-lo) // rounding can overshoot by a few ns
	return lo + off
}

// Delays returns the waits p would choose before each retry, in order: one
// for each retry that MaxAttempts allows, and without end for Unlimited (stop
// ranging when you have seen enough). It does not wait, and it leaves out what
// depends on the clock or the errors: MaxElapsed, the context's deadline and
// server hints. With a freshly seeded Rand the sequence is repeatable (a
// *rand.Rand advances as it is used: seed a new one for each range). An
// invalid Policy yields nothing; see Validate.
func (p Policy) Delays() iter.Seq[time.Duration] {
	return func(yield func(time.Duration) bool) {
		if p.Validate() != nil {
			return
		}
		var s schedule
		s.init(&p)
		limit := p.maxAttempts()
		for n := 1; limit == 0 || n < limit; n++ {
			if !yield(s.next(n, 0, false)) {
				return
			}
		}
	}
}
