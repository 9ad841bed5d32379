package retryhttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"syscall"
)

// DefaultRetryable is the classifier a [Transport] uses when Policy.Retryable
// is nil. It is an allow-list: an error it does not know is not retried.
//
// It accepts:
//   - a [*StatusError] with status 408, 429, 502, 503 or 504;
//   - an attempt that ran past [Transport.AttemptTimeout] ([ErrAttemptTimeout]);
//   - connection refused, reset or aborted, and a broken pipe;
//   - io.EOF and io.ErrUnexpectedEOF (the server closed the connection
//     before a whole response arrived);
//   - a timeout of the network or of the transport (a net.Error whose
//     Timeout reports true), a dial failure, and a DNS failure that is
//     temporary or a timeout;
//   - HTTP/2 REFUSED_STREAM, and a GOAWAY from the server.
//
// It rejects everything else, in particular: other statuses (500 included:
// add [OnStatus](500) to retry it), the context's own end, certificate and
// hostname verification failures, an unsupported scheme, a body that cannot
// be sent again ([ErrBodyNotReplayable]), and a name that does not resolve.
func DefaultRetryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	if errors.Is(err, ErrAttemptTimeout) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrBodyNotReplayable) {
		return false
	}
	var (
		cve *tls.CertificateVerificationError
		uae x509.UnknownAuthorityError
		he  x509.HostnameError
		cie x509.CertificateInvalidError
	)
	if errors.As(err, &cve) || errors.As(err, &uae) || errors.As(err, &he) || errors.As(err, &cie) {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return refusedStream(err) || goAway(err)
}

// h2StreamError mirrors the field layout of net/http's unexported
// http2StreamError (and of golang.org/x/net/http2.StreamError), whose As
// method copies itself into any struct with the same field names and
// convertible types. It is the one HTTP/2 error the standard library lets
// callers inspect by type.
type h2StreamError struct {
	StreamID uint32
	Code     uint32
	Cause    error
}

func (h2StreamError) Error() string { return "http2 stream error" }

const h2RefusedStream = 0x7

// refusedStream reports an HTTP/2 RST_STREAM with REFUSED_STREAM, which
// RFC 9113 §8.7 guarantees means the server did not process the request.
func refusedStream(err error) bool {
	var se h2StreamError
	return errors.As(err, &se) && se.Code == h2RefusedStream
}

// goAway reports a GOAWAY from an HTTP/2 server. The standard library's
// error types for it are unexported and have no As method (golang/go#74578),
// so errors.As cannot find them: they are recognised by their type's
// package path and name (net/http's bundled http2GoAwayError, and
// golang.org/x/net/http2.GoAwayError for its Transport), and the graceful
// shutdown sentinel, which has no type of its own, by its exact message.
func goAway(err error) bool {
	found := false
	walk(err, func(e error) bool {
		t := reflect.TypeOf(e)
		switch {
		case t.PkgPath() == "net/http" && t.Name() == "http2GoAwayError",
			t.PkgPath() == "golang.org/x/net/http2" && t.Name() == "GoAwayError",
			e.Error() == "http2: Transport received Server's graceful shutdown GOAWAY":
			found = true
		}
		return found
	})
	return found
}

// walk calls f on err and every error in its chain, depth first, until f
// returns true.
func walk(err error, f func(error) bool) bool {
	if err == nil {
		return false
	}
	if f(err) {
		return true
	}
	switch u := err.(type) { //nolint:errorlint // walking the chain by hand
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walk(e, f) {
				return true
			}
		}
	}
	return false
}

// unsent reports whether err proves the request never left: no connection
// was obtained (a DNS, dial, proxy or TLS handshake failure) or an HTTP/2
// server refused the stream unprocessed. trace is the httptrace evidence.
func unsent(err error, trace *sentTrace) bool {
	if trace.noConn() {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	return refusedStream(err)
}
