package bench

import (
	"context"
	"runtime"
	"strconv"
	"testing"

	"github.com/again-go/again/retry"
	retrygo4 "github.com/avast/retry-go/v4"
	cenkalti "github.com/cenkalti/backoff/v5"
	sethvargo "github.com/sethvargo/go-retry"
)

// BenchmarkParallelSuccess measures first-try successes from many goroutines
// sharing one policy, with GOMAXPROCS set to 1 and to the number of CPUs: a
// library that scales halves its ns/op from procs=1 to procs=2 on two cores.
func BenchmarkParallelSuccess(b *testing.B) {
	ctx := context.Background()
	parallel(b, "direct", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = opSucceed()
		}
	})
	parallel(b, "handloop", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = handLoop(ctx, delayUnused, opSucceed)
		}
	})
	parallel(b, "again", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = retry.Retry(ctx, againUnused, opSucceed)
		}
	})
	parallel(b, "cenkalti", func(pb *testing.PB) {
		op := cenkaltiOp(opSucceed)
		for pb.Next() {
			_, _ = cenkalti.Retry(ctx, op,
				cenkalti.WithBackOff(cenkaltiBackOff(delayUnused)),
				cenkalti.WithMaxTries(maxAttempts))
		}
	})
	parallel(b, "retrygo4", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = retrygo4.DoWithData(opSucceed, retrygo4Unused...)
		}
	})
	parallel(b, "retrygo5", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = retrygo5Unused.Do(opSucceed)
		}
	})
	parallel(b, "sethvargo", func(pb *testing.PB) {
		op := sethvargoOp(opSucceed)
		for pb.Next() {
			_, _ = sethvargo.DoValue(ctx, sethvargoBackoff(delayUnused), op)
		}
	})
	parallel(b, "failsafe", func(pb *testing.PB) {
		for pb.Next() {
			_, _ = failsafeUnused.Get(opSucceed)
		}
	})
}

// parallel runs body with b.RunParallel as sub-benchmarks name/procs=N, with
// GOMAXPROCS set to 1 and to runtime.NumCPU.
func parallel(b *testing.B, name string, body func(pb *testing.PB)) {
	b.Helper()
	b.Run(name, func(b *testing.B) {
		procsList := []int{1}
		if n := runtime.NumCPU(); n > 1 {
			procsList = append(procsList, n)
		}
		for _, procs := range procsList {
			b.Run("procs="+strconv.Itoa(procs), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				b.ReportAllocs()
				b.RunParallel(body)
			})
		}
	})
}
