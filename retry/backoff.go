package retry

import (
	"fmt"
	"math"
	"time"
)

// A Backoff gives the wait before a retry, before jitter and the cap.
//
// Delay is called with the retry number n: 1 for the wait after the first
// failed attempt, 2 after the second, and so on. It must be a pure function of
// n, safe for concurrent use: Retry keeps no backoff state between calls. A
// negative result is treated as zero.
type Backoff interface {
	Delay(n int) time.Duration
}

// BackoffFunc adapts a function to a [Backoff].
type BackoffFunc func(n int) time.Duration

var (
	_ Backoff = BackoffFunc(nil)
	_ Backoff = Constant(0)
	_ Backoff = Linear{}
	_ Backoff = Exponential{}
)

// Delay returns f(n).
func (f BackoffFunc) Delay(n int) time.Duration { return f(n) }

// Constant waits the same time before every retry. Constant(0) retries at
// once, as a zero delay does in every kind; negative values are invalid.
type Constant time.Duration

// Delay returns c for every n.
func (c Constant) Delay(int) time.Duration { return max(time.Duration(c), 0) }

// Linear waits Initial before the first retry and Step longer before each
// next one: Initial + (n-1)*Step. The zero Linear retries at once; negative
// fields are invalid. The sum saturates at the largest time.Duration instead
// of overflowing.
type Linear struct {
	Initial time.Duration // wait before the first retry
	Step    time.Duration // added for each further retry
}

// Delay returns Initial + (n-1)*Step, saturating; n below 1 counts as 1.
func (l Linear) Delay(n int) time.Duration {
	init, step := max(l.Initial, 0), max(l.Step, 0)
	if n <= 1 || step == 0 {
		return init
	}
	k := int64(n - 1)
	if k > (math.MaxInt64-int64(init))/int64(step) {
		return math.MaxInt64
	}
	return init + time.Duration(k)*step
}

// Exponential waits Initial before the first retry and Factor times longer
// before each next one: Initial * Factor^(n-1). The product saturates at the
// largest time.Duration instead of overflowing, and never decreases as n
// grows. Initial must be above zero: an exponential from zero never waits, so
// Validate reports it (use Constant(0) to retry at once).
type Exponential struct {
	Initial time.Duration // wait before the first retry; must be above zero
	Factor  float64       // growth per retry, at least 1; zero means DefaultFactor (2)
}

// Delay returns Initial * Factor^(n-1), saturating; n below 1 counts as 1.
func (e Exponential) Delay(n int) time.Duration {
	init, f := e.Initial, e.Factor
	if f == 0 {
		f = DefaultFactor
	}
	if init <= 0 || !(f >= 1) { // invalid; Validate reports it
		return max(init, 0)
	}
	if n <= 1 || f == 1 {
		return init
	}
	return saturate(float64(init) * math.Pow(f, float64(n-1)))
}

// saturate converts x nanoseconds to a Duration in [0, MaxInt64]. NaN is 0.
func saturate(x float64) time.Duration {
	switch {
	case x >= math.MaxInt64: // float64(MaxInt64) is 2^63, one past the largest Duration
		return math.MaxInt64
	case x > 0:
		return time.Duration(x)
	}
	return 0
}

// validateBackoff returns what is wrong with one of the built-in backoffs, or
// "" for a valid one or one the package cannot inspect.
func validateBackoff(b Backoff) string {
	switch b := b.(type) {
	case BackoffFunc:
		if b == nil {
			return "Backoff is a nil BackoffFunc"
		}
	case Constant:
		if b < 0 {
			return fmt.Sprintf("Backoff Constant(%v) is negative", time.Duration(b))
		}
	case Linear:
		if b.Initial < 0 || b.Step < 0 {
			return fmt.Sprintf("Backoff Linear{Initial: %v, Step: %v} has a negative field", b.Initial, b.Step)
		}
	case Exponential:
		if b.Initial < 0 {
			return fmt.Sprintf("Backoff Exponential.Initial %v is negative", b.Initial)
		}
		if b.Factor != 0 && !(b.Factor >= 1 && !math.IsInf(b.Factor, 1)) {
			return fmt.Sprintf("Backoff Exponential.Factor %v is not a finite number of at least 1", b.Factor)
		}
		if b.Initial == 0 {
			return "Backoff Exponential.Initial is zero, so it could never wait (set Initial, or use Constant(0) to retry at once)"
		}
	}
	return ""
}
