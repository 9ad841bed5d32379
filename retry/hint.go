package retry

import "time"

// A Hint is an error that carries a server's "retry after" delay, such as an
// HTTP Retry-After header or a gRPC pushback. Retry looks for one in the chain
// of each failed attempt's error; the first found replaces the backoff and
// jitter for that wait, is still capped by Policy.MaxDelay (a server can never
// make a caller wait past the cap), and still counts against MaxElapsed and the
// context's deadline. A negative delay counts as zero.
type Hint interface {
	error
	RetryAfter() time.Duration
}

// After returns err with a hint to wait d before the next attempt; see [Hint].
// The result unwraps to err and prints as err. After(d, nil) is nil.
func After(d time.Duration, err error) error {
	if err == nil {
		return nil
	}
	return &afterError{d: d, err: err}
}

type afterError struct {
	d   time.Duration
	err error
}

func (a *afterError) Error() string             { return a.err.Error() }
func (a *afterError) Unwrap() error             { return a.err }
func (a *afterError) RetryAfter() time.Duration { return a.d }
