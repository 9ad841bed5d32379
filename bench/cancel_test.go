package bench

import (
	"context"
	"slices"
	"testing"
	"time"
)

// settle is how long cancelOnce lets a library reach its wait after the
// first failed attempt before it cancels the context.
const settle = time.Millisecond

// cancelOnce starts r on an operation that always fails with the retryable
// error and a first delay of an hour, cancels the context while r waits, and
// returns the time from cancel() until r returned, with how often the
// operation was called and the error r returned.
func cancelOnce(r runner) (latency time.Duration, calls int, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	called := make(chan struct{}, maxAttempts)
	op := func() (int, error) {
		called <- struct{}{}
		return 0, errRetryable
	}
	type result struct {
		end time.Time
		err error
	}
	done := make(chan result, 1)
	go func() {
		_, err := r.run(ctx, delayHour, op)
		done <- result{time.Now(), err}
	}()
	<-called
	time.Sleep(settle)
	start := time.Now()
	cancel()
	res := <-done
	return res.end.Sub(start), 1 + len(called), res.err
}

// summary returns the median and the worst of latencies, which it sorts.
func summary(latencies []time.Duration) (median, worst time.Duration) {
	slices.Sort(latencies)
	return latencies[len(latencies)/2], latencies[len(latencies)-1]
}

// cancelRounds is how many times BenchmarkCancelLatency cancels each library.
const cancelRounds = 200

// BenchmarkCancelLatency measures, for each library, the time from cancel()
// to the return of a call that is waiting out a one-hour delay, and reports
// the median and the worst. The samples are taken interleaved, every library
// once per round in a rotating order, so that the load of a shared machine
// falls on all of them alike instead of on whichever ran during a busy
// second; the sub-benchmarks then only report them. ns/op, B/op and
// allocs/op mean nothing here: ns/op is suppressed.
func BenchmarkCancelLatency(b *testing.B) {
	lat := make([][]time.Duration, len(runners))
	for i := range cancelRounds {
		for k := range runners {
			j := (i + k) % len(runners)
			d, _, _ := cancelOnce(runners[j])
			lat[j] = append(lat[j], d)
		}
	}
	for j, r := range runners {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
			}
			median, worst := summary(lat[j])
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(median.Nanoseconds()), "median-ns")
			b.ReportMetric(float64(worst.Nanoseconds()), "worst-ns")
		})
	}
}

// TestCancelLatency cancels every library while it waits on a one-hour delay
// and logs the median and worst time from cancel() to return over 200 runs
// (10 with -short). It asserts nothing about time: only that each library
// returned an error, after a single call of the operation.
func TestCancelLatency(t *testing.T) {
	runs := 200
	if testing.Short() {
		runs = 10
	}
	for _, r := range runners {
		t.Run(r.name, func(t *testing.T) {
			latencies := make([]time.Duration, 0, runs)
			for range runs {
				d, calls, err := cancelOnce(r)
				if err == nil || calls != 1 {
					t.Fatalf("returned %v after %d calls; want an error after 1 call", err, calls)
				}
				latencies = append(latencies, d)
			}
			median, worst := summary(latencies)
			t.Logf("cancel to return over %d runs: median %v, worst %v", runs, median, worst)
		})
	}
}
