package main

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/again-go/again/retry"
)

// TestModelMatchesHedge runs retry.Hedge in virtual time on the first
// requests' latencies and checks that the model the chart is drawn from gives
// the same end time and number of attempts.
func TestModelMatchesHedge(t *testing.T) {
	lat := samples(3)[:300]
	configs := []config{{"", 1, 0}, {"", 2, 37 * time.Millisecond}, {"", 3, 25 * time.Millisecond}, {"", 2, 0}}
	for _, c := range configs {
		for i, l := range lat {
			synctest.Test(t, func(t *testing.T) {
				var started atomic.Int32
				op := func(ctx context.Context) (int, error) {
					k := started.Add(1) - 1
					select {
					case <-time.After(l[k]):
						return int(k), nil
					case <-ctx.Done():
						return 0, ctx.Err()
					}
				}
				start := time.Now()
				p := retry.HedgePolicy{MaxAttempts: c.attempts, Delay: c.delay}
				if _, err := retry.Hedge(t.Context(), p, op); err != nil {
					t.Fatal(err)
				}
				end, n, _ := request(c, l)
				if got := time.Since(start); got != end || int(started.Load()) != n {
					t.Fatalf("config %+v, request %d: Hedge took %v with %d attempts; the model says %v with %d",
						c, i, got, started.Load(), end, n)
				}
			})
		}
	}
}
