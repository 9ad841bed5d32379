package bench

import (
	"context"
	"testing"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	cenkalti "github.com/cenkalti/backoff/v5"
	sethvargo "github.com/sethvargo/go-retry"
)

// BenchmarkThreeFailures measures a call that fails three times with the
// retryable error and then succeeds, with zero delay between attempts: the
// cost of the retry machinery itself, without sleeping. Its direct baseline
// calls the operation until it succeeds, with no retry code around it.
func BenchmarkThreeFailures(b *testing.B) {
	ctx := context.Background()
	b.Run("direct", func(b *testing.B) {
		f := &flaky{fails: 3}
		for b.Loop() {
			f.n = 0
			for {
				if _, err := f.call(); err == nil {
					break
				}
			}
		}
	})
	b.Run("handloop", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := f.call
		for b.Loop() {
			f.n = 0
			_, _ = handLoop(ctx, delayZero, op)
		}
	})
	b.Run("again", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := f.call
		for b.Loop() {
			f.n = 0
			_, _ = retry.Retry(ctx, againZero, op)
		}
	})
	b.Run("cenkalti", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := cenkaltiOp(f.call)
		for b.Loop() {
			f.n = 0
			_, _ = cenkalti.Retry(ctx, op,
				cenkalti.WithBackOff(cenkaltiBackOff(delayZero)),
				cenkalti.WithMaxTries(maxAttempts))
		}
	})
	b.Run("retrygo4", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := f.call
		for b.Loop() {
			f.n = 0
			_, _ = retrygo4.DoWithData(op, retrygo4Zero...)
		}
	})
	b.Run("retrygo5", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := f.call
		for b.Loop() {
			f.n = 0
			_, _ = retrygo5Zero.Do(op)
		}
	})
	b.Run("sethvargo", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := sethvargoOp(f.call)
		for b.Loop() {
			f.n = 0
			_, _ = sethvargo.DoValue(ctx, sethvargoBackoff(delayZero), op)
		}
	})
	b.Run("failsafe", func(b *testing.B) {
		f := &flaky{fails: 3}
		op := f.call
		for b.Loop() {
			f.n = 0
			_, _ = failsafeZero.Get(op)
		}
	})
}
