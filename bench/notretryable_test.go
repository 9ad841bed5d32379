package bench

import (
	"context"
	"testing"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	cenkalti "github.com/cenkalti/backoff/v5"
	sethvargo "github.com/sethvargo/go-retry"
)

// BenchmarkNotRetryable measures a call whose first attempt fails with an
// error the rule does not retry: one call, the error returned.
func BenchmarkNotRetryable(b *testing.B) {
	ctx := context.Background()
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_, _ = opFatal()
		}
	})
	b.Run("handloop", func(b *testing.B) {
		for b.Loop() {
			_, _ = handLoop(ctx, delayUnused, opFatal)
		}
	})
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			_, _ = retry.Retry(ctx, againUnused, opFatal)
		}
	})
	b.Run("cenkalti", func(b *testing.B) {
		op := cenkaltiOp(opFatal)
		for b.Loop() {
			_, _ = cenkalti.Retry(ctx, op,
				cenkalti.WithBackOff(cenkaltiBackOff(delayUnused)),
				cenkalti.WithMaxTries(maxAttempts))
		}
	})
	b.Run("retrygo4", func(b *testing.B) {
		for b.Loop() {
			_, _ = retrygo4.DoWithData(opFatal, retrygo4Unused...)
		}
	})
	b.Run("retrygo5", func(b *testing.B) {
		for b.Loop() {
			_, _ = retrygo5Unused.Do(opFatal)
		}
	})
	b.Run("sethvargo", func(b *testing.B) {
		op := sethvargoOp(opFatal)
		for b.Loop() {
			_, _ = sethvargo.DoValue(ctx, sethvargoBackoff(delayUnused), op)
		}
	})
	b.Run("failsafe", func(b *testing.B) {
		for b.Loop() {
			_, _ = failsafeUnused.Get(opFatal)
		}
	})
}
