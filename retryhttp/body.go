package retryhttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
)

// DefaultMaxReplayBody is the replay buffer limit when
// [Transport.MaxReplayBody] is zero.
const DefaultMaxReplayBody = 1 << 20

// ErrBodyNotReplayable is matched by the error RoundTrip returns when an
// attempt failed in a way that would have been retried, but the request's
// body cannot be sent again: it has no GetBody, and it was larger than
// [Transport.MaxReplayBody] or was not read to its end by the attempt. The
// error also matches the attempt's own error.
var ErrBodyNotReplayable = errors.New("retryhttp: request body cannot be sent again")

// bodyError is ErrBodyNotReplayable with the failure that would have been
// retried.
type bodyError struct{ cause error }

func (e *bodyError) Error() string   { return ErrBodyNotReplayable.Error() + ": " + e.cause.Error() }
func (e *bodyError) Unwrap() []error { return []error{ErrBodyNotReplayable, e.cause} }

// teeBody is the caller's body for the first attempt when it has no GetBody:
// it keeps a copy of what the transport reads, up to limit bytes, so that a
// later attempt can send the same bytes. The transport may read and close it
// on another goroutine, even after RoundTrip returned.
type teeBody struct {
	rc    io.ReadCloser
	limit int64
	size  int64 // the request's ContentLength; 0 when unknown

	mu       sync.Mutex
	buf      []byte
	reads    int  // calls to Read
	over     bool // more than limit bytes: the copy was dropped
	eof      bool // read to its end
	shelved  bool // closed by a transport before any read; rc still open
	finished bool // RoundTrip returned: a Close is final
	closed   bool // rc closed
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	b.reads++
	if !b.over {
		if int64(len(b.buf))+int64(n) > b.limit {
			b.over, b.buf = true, nil
		} else {
			b.buf = append(b.buf, p[:n]...)
		}
	}
	if errors.Is(err, io.EOF) {
		b.eof = true
	}
	b.mu.Unlock()
	return n, err
}

// Close closes the caller's body, once. A transport that closes it before
// reading anything (a failed dial, say) only shelves it, so that the next
// attempt can send it as it is; finish closes a shelved body.
func (b *teeBody) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	if b.reads == 0 && !b.finished {
		b.shelved = true
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	return b.rc.Close()
}

// finish is called when RoundTrip returns: from then on a Close is final,
// and a shelved body is closed now.
func (b *teeBody) finish() {
	b.mu.Lock()
	b.finished = true
	shelved := b.shelved && !b.closed
	if shelved {
		b.closed = true
	}
	b.mu.Unlock()
	if shelved {
		_ = b.rc.Close()
	}
}

// unshelve takes a shelved, unread body back for another attempt.
func (b *teeBody) unshelve() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shelved && b.reads == 0 && !b.closed {
		b.shelved = false
		return true
	}
	return false
}

// untouched reports whether the body was closed by the transport before any
// read, so that it can be sent as it is.
func (b *teeBody) untouched() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.shelved && b.reads == 0 && !b.closed
}

// replay returns the bytes read, if the whole body was read and kept.
func (b *teeBody) replay() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// With a known length, net/http reads exactly that many bytes and may
	// never see io.EOF.
	whole := b.eof || (b.size > 0 && int64(len(b.buf)) == b.size)
	return b.buf, whole && !b.over
}

// bytesBody returns a GetBody for a fixed copy of a body.
func bytesBody(buf []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		if len(buf) == 0 {
			return http.NoBody, nil
		}
		return io.NopCloser(bytes.NewReader(buf)), nil
	}
}

// closeBody closes the caller's body when no attempt took it.
func closeBody(req *http.Request, tee *teeBody) {
	switch {
	case tee != nil:
		tee.finish()
		_ = tee.Close()
	case req.Body != nil:
		_ = req.Body.Close()
	}
}

// cancelBody is the body of the response RoundTrip returns: closing it ends
// the attempt's context.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel(nil)
	return err
}

// cancelRWBody keeps the io.Writer of a 101 Switching Protocols body.
type cancelRWBody struct {
	cancelBody
	io.Writer
}

func wrapBody(resp *http.Response, cancel context.CancelCauseFunc) {
	if resp.Body == nil || resp.Body == http.NoBody {
		cancel(nil)
		return
	}
	if w, ok := resp.Body.(io.ReadWriteCloser); ok {
		resp.Body = &cancelRWBody{cancelBody{w, cancel}, w}
		return
	}
	resp.Body = &cancelBody{resp.Body, cancel}
}
