package bench

import (
	"context"
	"testing"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	retrygo5 "github.com/avast/retry-go/v5"
	cenkalti "github.com/cenkalti/backoff/v5"
	sethvargo "github.com/sethvargo/go-retry"
)

// BenchmarkFirstTrySuccess measures the overhead of a call whose first
// attempt succeeds: the common case, paid by every call.
func BenchmarkFirstTrySuccess(b *testing.B) { benchOneAttempt(b, opSucceed) }

// benchOneAttempt runs every library on an operation that ends the call after
// its first attempt, by succeeding or by failing with an error not retried.
func benchOneAttempt(b *testing.B, opOnce func() (int, error)) {
	ctx := context.Background()
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_, _ = opOnce()
		}
	})
	b.Run("handloop", func(b *testing.B) {
		for b.Loop() {
			_, _ = handLoop(ctx, delayUnused, opOnce)
		}
	})
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			_, _ = retry.Retry(ctx, againUnused, opOnce)
		}
	})
	b.Run("cenkalti", func(b *testing.B) {
		op := cenkaltiOp(opOnce)
		for b.Loop() {
			_, _ = cenkalti.Retry(ctx, op,
				cenkalti.WithBackOff(cenkaltiBackOff(delayUnused)),
				cenkalti.WithMaxTries(maxAttempts))
		}
	})
	b.Run("retrygo4", func(b *testing.B) {
		for b.Loop() {
			_, _ = retrygo4.DoWithData(opOnce, retrygo4Unused...)
		}
	})
	b.Run("retrygo5", func(b *testing.B) {
		for b.Loop() {
			_, _ = retrygo5Unused.Do(opOnce)
		}
	})
	b.Run("retrygo5-percall", func(b *testing.B) {
		for b.Loop() {
			_, _ = retrygo5.NewWithData[int](append(retrygo5Options(delayUnused), retrygo5.Context(ctx))...).Do(opOnce)
		}
	})
	b.Run("sethvargo", func(b *testing.B) {
		op := sethvargoOp(opOnce)
		for b.Loop() {
			_, _ = sethvargo.DoValue(ctx, sethvargoBackoff(delayUnused), op)
		}
	})
	b.Run("failsafe", func(b *testing.B) {
		for b.Loop() {
			_, _ = failsafeUnused.Get(opOnce)
		}
	})
}
