package retryhttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Defaults for the drain of a discarded response.
const (
	DefaultDrainLimit   = 256 << 10
	DefaultDrainTimeout = time.Second
)

var errDrainTimeout = errors.New("retryhttp: drain of a discarded response timed out")

// prefixWriter keeps the first bytes written to it and counts the rest.
type prefixWriter struct {
	buf []byte
	max int
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.buf); room > 0 {
		w.buf = append(w.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// drain reads what is left of a response that will not be returned, at most
// limit bytes and for at most timeout, then closes it, so that its connection
// can go back to the pool. It records the first bytes in se. A body longer
// than limit, or slower than timeout, is cut off: its connection is closed.
// The time limit ends the attempt's context when it has one of its own
// (cancel is not nil), and otherwise closes the body under the read, which
// stops a read in progress for net/http's transports.
func drain(resp *http.Response, se *StatusError, limit int64, timeout time.Duration, cancel context.CancelCauseFunc) {
	if resp.Body != nil && resp.Body != http.NoBody && limit > 0 {
		stop := time.AfterFunc(timeout, func() {
			if cancel != nil {
				cancel(errDrainTimeout)
			} else {
				_ = resp.Body.Close()
			}
		})
		w := &prefixWriter{max: MaxErrorBody}
		_, _ = io.Copy(w, io.LimitReader(resp.Body, limit))
		stop.Stop()
		if se != nil {
			se.Body = w.buf
		}
	}
	if resp.Body != nil {
		_ = resp.Body.Close()
	}
	if cancel != nil {
		cancel(nil)
	}
}
