package bench

import (
	"context"
	"runtime"
	"testing"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	cenkalti "github.com/cenkalti/backoff/v5"
	sethvargo "github.com/sethvargo/go-retry"
)

// BenchmarkRealDelay measures a call that fails three times and then
// succeeds, waiting 10µs, 20µs and 40µs: real timers, so ns/op is mostly the
// operating system's timer resolution. What it shows is the allocation
// behaviour of waiting; allocs/retry is allocs/op divided by the three
// retries.
func BenchmarkRealDelay(b *testing.B) {
	ctx := context.Background()
	const retries = 3
	bench := func(name string, call func(f *flaky) func()) {
		b.Run(name, func(b *testing.B) {
			f := &flaky{fails: retries}
			do := call(f)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				f.n = 0
				do()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/retries, "allocs/retry")
		})
	}
	bench("handloop", func(f *flaky) func() {
		op := f.call
		return func() { _, _ = handLoop(ctx, delayReal, op) }
	})
	bench("again", func(f *flaky) func() {
		op := f.call
		return func() { _, _ = retry.Retry(ctx, againReal, op) }
	})
	bench("cenkalti", func(f *flaky) func() {
		op := cenkaltiOp(f.call)
		return func() {
			_, _ = cenkalti.Retry(ctx, op,
				cenkalti.WithBackOff(cenkaltiBackOff(delayReal)),
				cenkalti.WithMaxTries(maxAttempts))
		}
	})
	bench("retrygo4", func(f *flaky) func() {
		op := f.call
		return func() { _, _ = retrygo4.DoWithData(op, retrygo4Real...) }
	})
	bench("retrygo5", func(f *flaky) func() {
		op := f.call
		return func() { _, _ = retrygo5Real.Do(op) }
	})
	bench("sethvargo", func(f *flaky) func() {
		op := sethvargoOp(f.call)
		return func() { _, _ = sethvargo.DoValue(ctx, sethvargoBackoff(delayReal), op) }
	})
	bench("failsafe", func(f *flaky) func() {
		op := f.call
		return func() { _, _ = failsafeReal.Get(op) }
	})
}
