package retryhttp

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/again-go/again/retry"
)

// call is the state of one RoundTrip. It is also the context of the calls to
// Retry and of each attempt's request, so that the hooks and
// AttemptFromContext can find it without allocating: it adds a value to the
// request's context.
type call struct {
	context.Context // the request's

	t          *Transport
	base       http.RoundTripper
	req        *http.Request
	resendable bool                                 // may be sent again after the server saw it
	tee        *teeBody                             // the caller's body, copied, when it has no GetBody
	onRetry    func(context.Context, retry.Attempt) // the policy's own hook
	start      time.Time                            // set when the policy has a MaxElapsed

	n      atomic.Int32            // attempts made
	resp   *http.Response          // the last attempt's response, until drained
	status *StatusError            // its error, if its status is 400 or above
	cancel context.CancelCauseFunc // the last attempt's context, if it has its own
}

type callKey struct{}

// Value returns c for callKey and looks other keys up in the request's
// context.
func (c *call) Value(key any) any {
	if _, ok := key.(callKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// attempt is the operation Retry calls: one clone of the request through the
// base transport.
func (c *call) attempt() (*http.Response, error) {
	n := c.n.Add(1)
	parent := c.Context
	var ctx context.Context = c
	var trace *sentTrace
	if !c.resendable {
		trace = &sentTrace{}
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: trace.getConn, GotConn: trace.gotConn})
	}
	var (
		cancel context.CancelCauseFunc = noCancel
		timer  *time.Timer
	)
	if d := c.t.attemptTimeout(); d > 0 {
		ctx, cancel = context.WithCancelCause(ctx)
		timer = time.AfterFunc(d, func() { cancel(errAttemptTimeout) })
	}
	// A shallow copy with its own header: the caller's request, URL and
	// header are never written to, by this package or by a Base that (against
	// the RoundTripper contract) edits the header it gets.
	r := c.req.WithContext(ctx)
	r.Header = c.req.Header.Clone()
	switch {
	case n == 1 && c.tee != nil:
		r.Body = c.tee
	case n > 1:
		if err := c.rewind(r); err != nil {
			cancel(nil)
			return nil, retry.Permanent(err)
		}
	}

	resp, err := c.base.RoundTrip(r)
	if timer != nil {
		timer.Stop()
	}
	if err != nil {
		if timer != nil && parent.Err() == nil && context.Cause(ctx) == errAttemptTimeout { //nolint:errorlint // our own cause
			err = &attemptTimeoutError{after: c.t.attemptTimeout()}
		}
		cancel(nil)
		if resp != nil { // a base transport that broke its contract
			_ = resp.Body.Close()
		}
		c.resp, c.status, c.cancel = nil, nil, nil
		if !c.resendable && !unsent(err, trace) {
			return nil, retry.Permanent(err)
		}
		if !c.replayable() {
			return nil, retry.Permanent(&bodyError{cause: err})
		}
		return nil, err
	}
	c.resp, c.status, c.cancel = resp, nil, nil
	if timer != nil {
		c.cancel = cancel
	}
	if resp.StatusCode < 400 {
		return resp, nil
	}
	se := newStatusError(c.req, resp)
	c.status = se
	if !c.resendable || !c.replayable() {
		return resp, retry.Permanent(se)
	}
	hint := c.t.Hint
	if hint == nil {
		hint = RetryAfter
	}
	if d, ok := hint(resp); ok {
		if c.tooLong(parent, d) {
			return resp, retry.Permanent(se)
		}
		return resp, retry.After(d, se)
	}
	return resp, se
}

// rewind gives r, a later attempt, a fresh copy of the body.
func (c *call) rewind(r *http.Request) error {
	switch {
	case c.req.GetBody != nil:
		body, err := c.req.GetBody()
		if err != nil {
			return err
		}
		r.Body = body
	case c.tee != nil:
		if c.tee.unshelve() { // never read: send it as it is
			r.Body = c.tee
			return nil
		}
		buf, _ := c.tee.replay() // replayable was checked after the last attempt
		r.GetBody = bytesBody(buf)
		r.Body, _ = r.GetBody()
	}
	return nil
}

// replayable reports whether the body can be sent again.
func (c *call) replayable() bool {
	if c.req.Body == nil || c.req.Body == http.NoBody || c.req.GetBody != nil {
		return true
	}
	if c.tee == nil {
		return false
	}
	_, ok := c.tee.replay()
	return ok || c.tee.untouched()
}

// tooLong reports whether a server's hint asks for a longer wait than the
// policy allows: above its MaxDelay, or ending at or after its MaxElapsed or
// the context's deadline. The transport then stops rather than retry early.
func (c *call) tooLong(ctx context.Context, d time.Duration) bool {
	p := &c.t.Policy
	maxDelay := p.MaxDelay
	if maxDelay <= 0 {
		maxDelay = retry.DefaultMaxDelay
	}
	if d > maxDelay {
		return true
	}
	if p.MaxElapsed > 0 && d >= p.MaxElapsed-time.Since(c.start) {
		return true
	}
	if deadline, ok := ctx.Deadline(); ok && d >= time.Until(deadline) {
		return true
	}
	return false
}

// noCancel is the cancel of an attempt without a context of its own.
func noCancel(error) {}

// retrying is the policy's OnRetry: it drains and closes the response that
// will be discarded, before the wait, then calls the caller's hook. Its
// context is the call.
func retrying(ctx context.Context, a retry.Attempt) {
	c, _ := ctx.Value(callKey{}).(*call)
	if c == nil {
		return
	}
	if c.resp != nil {
		drain(c.resp, c.status, c.t.drainLimit(), c.t.drainTimeout(), c.cancel)
		c.resp, c.status, c.cancel = nil, nil, nil
	}
	if c.onRetry != nil {
		c.onRetry(ctx, a)
	}
}

// sentTrace records whether an attempt looked for a connection and whether it
// obtained one: a transport that looked and found none cannot have written
// anything. A Base that does not report to httptrace gives no evidence.
type sentTrace struct{ get, got atomic.Bool }

func (s *sentTrace) getConn(string)                { s.get.Store(true) }
func (s *sentTrace) gotConn(httptrace.GotConnInfo) { s.got.Store(true) }

// noConn reports whether the transport looked for a connection and got none.
func (s *sentTrace) noConn() bool { return s != nil && s.get.Load() && !s.got.Load() }
