package retryhttp

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/again-go/again/retry"
)

// chanListener hands out the connections a splitter sends it.
type chanListener struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}
func (l *chanListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *chanListener) Addr() net.Addr { return l.addr }

// TestGoAwayMidRun has an HTTP/2 server shut down while it holds a request:
// it sends GOAWAY, then closes the connection. The retry reaches a second
// server behind the same address.
func TestGoAwayMidRun(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	first := &chanListener{addr: ln.Addr(), ch: make(chan net.Conn, 1), done: make(chan struct{})}
	rest := &chanListener{addr: ln.Addr(), ch: make(chan net.Conn, 8), done: make(chan struct{})}
	go func() {
		for n := 0; ; n++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if n == 0 {
				first.ch <- c
			} else {
				rest.ch <- c
			}
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })

	held := make(chan struct{})
	a := httptest.NewUnstartedServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(held)
		<-r.Context().Done()
	}))
	a.Listener, a.EnableHTTP2 = first, true
	a.StartTLS()
	t.Cleanup(a.Close)
	b := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "from b")
	}))
	b.Listener, b.EnableHTTP2 = rest, true
	b.StartTLS()
	t.Cleanup(b.Close)

	go func() {
		<-held
		ctx, cancel := context.WithCancel(context.Background())
		go func() { _ = a.Config.Shutdown(ctx) }() // sends GOAWAY, waits for the handler
		time.Sleep(50 * time.Millisecond)
		cancel()
		_ = a.Config.Close() // closes the connection under the request
	}()

	rec := &recorder{base: b.Client().Transport}
	p := fast()
	var firstErr error
	p.Hooks.OnRetry = func(_ context.Context, at retry.Attempt) { firstErr = at.Err }
	resp, err := get(t, &Transport{Base: rec, Policy: p}, b.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if string(body) != "from b" || len(rec.attempts()) != 2 {
		t.Errorf("got %q after %d attempts; want b's answer after 2", body, len(rec.attempts()))
	}
	if !goAway(firstErr) {
		t.Errorf("first attempt failed with %v (%T); want a GOAWAY", firstErr, firstErr)
	}
}
