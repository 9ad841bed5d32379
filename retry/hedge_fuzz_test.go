package retry

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// FuzzHedge races scripted attempts (latency and outcome from the input) in
// virtual time and checks what must hold whatever happens: no more attempts
// than MaxAttempts, every value returned or released exactly once, every
// context but the kept one ended, and no attempt goroutine left.
func FuzzHedge(f *testing.F) {
	f.Add(uint8(2), uint8(10), uint16(0), []byte{50, 0, 5, 0})
	f.Add(uint8(3), uint8(0), uint16(30), []byte{10, 1, 20, 1, 5, 0})
	f.Add(uint8(4), uint8(5), uint16(0), []byte{10, 3, 10, 2, 1, 1, 7, 0})
	f.Add(uint8(1), uint8(0), uint16(1), []byte{200, 0})
	f.Fuzz(func(t *testing.T, attempts, delayMs uint8, cancelMs uint16, script []byte) {
		limit := int(attempts%6) + 1
		if len(script) < 2*limit {
			return
		}
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if cancelMs > 0 {
				time.AfterFunc(time.Duration(cancelMs)*ms, cancel)
			}
			var (
				mu       sync.Mutex
				n        int
				ctxs     []context.Context
				returned = map[int]int{} // value -> times returned by an op
				released = map[int]int{}
			)
			op := func(actx context.Context) (int, error) {
				mu.Lock()
				n++
				k := n
				ctxs = append(ctxs, actx)
				mu.Unlock()
				if k > limit {
					t.Errorf("attempt %d started; MaxAttempts is %d", k, limit)
				}
				lat, kind := time.Duration(script[2*(k-1)])*ms, script[2*(k-1)+1]%4
				var err error
				select {
				case <-time.After(lat):
					switch kind {
					case 1:
						err = errFlaky
					case 2:
						err = errFatal
					case 3:
						err = After(time.Duration(lat), errFlaky)
					}
				case <-actx.Done():
					err = actx.Err()
				}
				mu.Lock()
				returned[k]++
				mu.Unlock()
				return k, err
			}
			p := HedgePolicy{MaxAttempts: limit, Delay: time.Duration(delayMs) * ms, Retryable: Not(On(errFatal))}
			v, done, err := HedgeKeep(ctx, p, op, func(v int) {
				mu.Lock()
				released[v]++
				mu.Unlock()
			})
			mu.Lock()
			for k, c := range ctxs {
				if k+1 != v && c.Err() == nil {
					t.Errorf("attempt %d's context alive after the call; the kept value is %d", k+1, v)
				}
			}
			mu.Unlock()
			if err == nil && v == 0 {
				t.Errorf("success with no attempt's value")
			}
			var e *Error
			if err != nil && !errors.Is(err, errFatal) && !errors.As(err, &e) {
				t.Errorf("err = %v; want errFatal or an *Error", err)
			}
			done()
			synctest.Wait()
			if g := attemptGoroutines(); g != 0 {
				t.Errorf("%d attempt goroutines left", g)
			}
			mu.Lock()
			defer mu.Unlock()
			for k := 1; k <= n; k++ {
				want := 1
				if k == v {
					want = 0 // returned to the caller, not released
				}
				if returned[k] != 1 || released[k] != want {
					t.Errorf("attempt %d: returned by op %d times, released %d times; want 1, %d", k, returned[k], released[k], want)
				}
			}
		})
	})
}
