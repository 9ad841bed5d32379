package retry

import (
	"fmt"
	"time"
)

// A Jitter spreads each wait at random so that clients that failed together
// do not retry together. The kinds are NoJitter, FullJitter, EqualJitter,
// ProportionalJitter and DecorrelatedJitter; the set is closed (the interface
// has unexported methods), so that Validate can check every kind. None adds a
// fixed amount: each spreads in proportion to the delay (DecorrelatedJitter to
// the previous wait), so it neither swamps small delays nor vanishes at large
// ones.
//
// Each kind picks the wait uniformly from a window. Where the window reaches
// past Policy.MaxDelay it is cut at the cap, so waits near the cap stay spread
// out below it instead of piling up on it.
type Jitter interface {
	// window returns the range [lo, hi] to draw the wait from, given the
	// capped backoff delay d, the capped first delay base and the previous
	// wait prev (base before the first retry). The caller cuts it at the cap.
	window(d, base, prev time.Duration) (lo, hi time.Duration)
	validate() string
}

// NoJitter waits exactly the backoff delay.
type NoJitter struct{}

// FullJitter waits a random time between zero and the backoff delay d.
type FullJitter struct{}

// EqualJitter waits a random time between d/2 and the backoff delay d.
type EqualJitter struct{}

// ProportionalJitter waits a random time within the given fraction of the
// backoff delay d on either side: ProportionalJitter(0.2) waits between 0.8d
// and 1.2d. The fraction must be in [0, 1].
type ProportionalJitter float64

// DecorrelatedJitter waits a random time between the first backoff delay and
// three times the previous wait, as in the AWS "decorrelated jitter" scheme.
// It makes its own growth: only the Backoff's first delay is used, and it must
// be above zero.
type DecorrelatedJitter struct{}

func (NoJitter) window(d, _, _ time.Duration) (lo, hi time.Duration)    { return d, d }
func (FullJitter) window(d, _, _ time.Duration) (lo, hi time.Duration)  { return 0, d }
func (EqualJitter) window(d, _, _ time.Duration) (lo, hi time.Duration) { return d - d/2, d }

func (j ProportionalJitter) window(d, _, _ time.Duration) (lo, hi time.Duration) {
	spread := saturate(float64(j) * float64(d))
	lo = max(d-spread, 0) // spread <= d up to rounding
	hi = d + spread
	if hi < d { // overflow
		hi = maxDuration
	}
	return lo, hi
}

func (DecorrelatedJitter) window(_, base, prev time.Duration) (lo, hi time.Duration) {
	hi = saturate(3 * float64(prev))
	return base, max(hi, base)
}

func (NoJitter) validate() string           { return "" }
func (FullJitter) validate() string         { return "" }
func (EqualJitter) validate() string        { return "" }
func (DecorrelatedJitter) validate() string { return "" }

func (j ProportionalJitter) validate() string {
	if !(j >= 0 && j <= 1) {
		return fmt.Sprintf("Jitter ProportionalJitter(%v) is outside [0, 1]", float64(j))
	}
	return ""
}
