package retryhttp

import "net/http"

// resendable reports whether req may be sent again after the server may have
// seen it: an idempotent method (RFC 9110 §9.2.2), an idempotency key header
// (the rule net/http itself uses for its replays), or the caller's opt-in.
func (t *Transport) resendable(req *http.Request) bool {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	if _, ok := req.Header["Idempotency-Key"]; ok {
		return true
	}
	if _, ok := req.Header["X-Idempotency-Key"]; ok {
		return true
	}
	if t.RetryNonIdempotent {
		return true
	}
	v, _ := req.Context().Value(idempotentKey{}).(bool)
	return v
}
