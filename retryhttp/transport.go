package retryhttp

import (
	"errors"
	"net/http"
	"time"

	"github.com/again-go/again/retry"
)

// A Transport is an [http.RoundTripper] that sends a request again through
// Base when it failed in a way Policy retries and that is safe to repeat.
// The zero Transport is ready to use. A Transport is safe for concurrent use,
// holds no connections of its own and never closes Base's idle connections.
// Do not change its fields while it is in use.
type Transport struct {
	// Base sends each attempt. Nil means http.DefaultTransport.
	Base http.RoundTripper

	// Policy says how many attempts, how long to wait between them and which
	// failures retry. Its zero value is the retry package's defaults, with
	// DefaultRetryable as the classifier when Retryable is nil. A Retryable
	// you set replaces DefaultRetryable: it sees a *StatusError for each
	// response with a status of 400 or above, and the base transport's
	// errors as they are. Policy.Hooks are called as usual; the package adds
	// its own work (draining a discarded response) before OnRetry.
	Policy retry.Policy

	// RetryNonIdempotent sends requests of every method again, as if each
	// carried an Idempotency-Key. Leave it false unless the server
	// deduplicates requests; see also Idempotent for a single request.
	RetryNonIdempotent bool

	// MaxReplayBody bounds the copy kept of a request body that has no
	// GetBody, so that it can be sent again. A body longer than this (or
	// with a larger ContentLength) is sent again only if the transport
	// failed before reading any of it (a refused dial, say). Zero means
	// DefaultMaxReplayBody; negative means never keep a copy. A body with
	// GetBody is never copied: GetBody is called for each new attempt.
	MaxReplayBody int64

	// DrainLimit bounds how many bytes of a discarded response are read
	// before it is closed: a body read to its end lets the connection be
	// used again, a longer one costs a new connection. Zero means
	// DefaultDrainLimit; negative means close without reading.
	DrainLimit int64

	// DrainTimeout bounds the time spent draining a discarded response; a
	// body still unread then is closed, and its connection with it. Zero or
	// negative means DefaultDrainTimeout.
	DrainTimeout time.Duration

	// AttemptTimeout bounds each attempt's wait for response headers (not
	// the reading of the body). An attempt that runs out fails with
	// ErrAttemptTimeout (and retry.ErrAttemptTimeout), which DefaultRetryable
	// retries; the request's own context deadline still spans all attempts
	// and is never retried. Zero means Policy.AttemptTimeout, which the
	// transport applies the same way; negative means no limit of its own.
	AttemptTimeout time.Duration

	// Hint reads a server's requested wait from a response that failed.
	// Nil means RetryAfter (the Retry-After header). Use it for headers such
	// as RateLimit or X-RateLimit-Reset, calling RetryAfter first if both
	// apply.
	Hint func(*http.Response) (time.Duration, bool)
}

// NewClient returns an *http.Client whose Transport retries with p through
// http.DefaultTransport.
func NewClient(p retry.Policy) *http.Client {
	return &http.Client{Transport: &Transport{Policy: p}}
}

// ErrAttemptTimeout is matched by the error of an attempt that ran past
// [Transport.AttemptTimeout] before response headers arrived.
var ErrAttemptTimeout = errors.New("retryhttp: attempt timed out awaiting response headers")

// attemptTimeoutError is an attempt's timeout: a net.Error that times out,
// that matches ErrAttemptTimeout and does not match the context errors, so
// that nobody takes it for the caller's own deadline.
// What the base transport returned is left out: it only reports the
// cancellation.
type attemptTimeoutError struct{ after time.Duration }

func (e *attemptTimeoutError) Error() string {
	return ErrAttemptTimeout.Error() + " (" + e.after.String() + ")"
}
func (e *attemptTimeoutError) Is(target error) bool {
	return target == ErrAttemptTimeout || target == retry.ErrAttemptTimeout
}
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }

var errAttemptTimeout = errors.New("retryhttp: attempt timeout") // the attempt context's cause

// attemptTimeout returns the limit on each attempt's wait for headers.
func (t *Transport) attemptTimeout() time.Duration {
	if t.AttemptTimeout == 0 {
		return t.Policy.AttemptTimeout
	}
	return t.AttemptTimeout
}

// RoundTrip sends req, and sends it again while it fails in a way the policy
// retries and that is safe to repeat; see the package documentation. It
// returns the last attempt's response with a nil error whenever that attempt
// obtained one, its body unread; otherwise nil and the error, which is the
// policy's (a *retry.Error when it gave up, matching the last attempt's error
// and ErrBodyNotReplayable when the body stopped the retries).
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := &call{Context: req.Context(), t: t, req: req, resendable: t.resendable(req)}
	c.base = t.Base
	if c.base == nil {
		c.base = http.DefaultTransport
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		// Copy at most limit bytes; nothing when the body is known to be
		// longer. Even then the wrapper lets an unread body be sent again.
		limit := max(t.maxReplayBody(), 0)
		if req.ContentLength > limit {
			limit = 0
		}
		c.tee = &teeBody{rc: req.Body, limit: limit, size: req.ContentLength}
	}
	p := t.Policy
	p.AttemptTimeout = 0 // applied by each attempt; see attemptTimeout
	if p.Retryable == nil {
		p.Retryable = DefaultRetryable
	}
	c.onRetry = p.Hooks.OnRetry
	p.Hooks.OnRetry = retrying
	if p.MaxElapsed > 0 {
		c.start = time.Now()
	}
	resp, err := retry.Retry(c, p, c.attempt)
	switch {
	case c.n.Load() == 0:
		closeBody(req, c.tee)
	case c.tee != nil:
		c.tee.finish()
	}
	if resp != nil && resp == c.resp {
		if c.cancel != nil {
			wrapBody(resp, c.cancel)
		}
		return resp, nil
	}
	if err == nil { // a base transport that broke its contract
		err = errors.New("retryhttp: base transport returned neither a response nor an error")
	}
	return nil, err
}

func (t *Transport) maxReplayBody() int64 {
	if t.MaxReplayBody == 0 {
		return DefaultMaxReplayBody
	}
	return t.MaxReplayBody
}

func (t *Transport) drainLimit() int64 {
	if t.DrainLimit == 0 {
		return DefaultDrainLimit
	}
	return max(t.DrainLimit, 0)
}

func (t *Transport) drainTimeout() time.Duration {
	if t.DrainTimeout <= 0 {
		return DefaultDrainTimeout
	}
	return t.DrainTimeout
}
