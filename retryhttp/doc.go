// Package retryhttp is an [http.RoundTripper] that sends a request again when
// it failed in a way that is safe and worth retrying, built on package retry.
//
//	client := retryhttp.NewClient(retry.Policy{MaxAttempts: 5})
//	resp, err := client.Get("https://example.com/")
//
// A zero [Transport] works: it wraps [http.DefaultTransport] and uses the
// zero [retry.Policy] (4 attempts, exponential backoff from 100 ms with ±20%
// jitter, waits capped at 30 s) with [DefaultRetryable] as its classifier.
//
// # What is sent again
//
// GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent (RFC 9110) and
// retry by default. Any other method, POST and PATCH included, is sent again
// only when the request carries an Idempotency-Key or X-Idempotency-Key
// header, when [Transport.RetryNonIdempotent] is set, when its context comes
// from [Idempotent], or when the failure provably happened before anything
// was written (a DNS or dial failure, a TLS handshake failure, an HTTP/2
// REFUSED_STREAM). A connection reset after the request was written never
// re-sends it.
//
// # What comes back
//
// RoundTrip keeps the [http.RoundTripper] contract: it never modifies the
// caller's request (each attempt sends a clone), it closes the caller's body
// exactly once on every path, and whenever the last attempt obtained a
// response it returns that response with a nil error and its body unread, even
// when the status was retryable and the attempts ran out. Responses discarded
// before a retry are drained (bounded in bytes and time) and closed, so that
// their connection goes back to the pool; their status, headers and the first
// bytes of their body stay available as a [*StatusError] in the chain of the
// error returned when a later attempt fails with an error.
//
// # Classifying
//
// A response with a status of 400 or above becomes a [*StatusError] for the
// classifier; errors of the base transport are passed as they are. When
// Policy.Retryable is nil, [DefaultRetryable] decides. A Policy.Retryable you
// set replaces it; extend the default with the core's tools:
//
//	p.Retryable = retry.Any(retryhttp.DefaultRetryable, retryhttp.OnStatus(500))
//
// Whatever the classifier says, a request that is not safe to send again is
// not sent again, and the caller's own context ending stops at once.
//
// # Waits
//
// A Retry-After header (both forms, see [RetryAfter]) or the value of
// [Transport.Hint] replaces the backoff for that wait, through [retry.After].
// A hint longer than the policy allows (above its MaxDelay, past MaxElapsed or
// past the context's deadline) stops the retries at once and returns that
// response, instead of retrying early into another 429.
//
// # Observability
//
// The package never logs. Use the policy's Hooks ([retry.LogHooks] works
// unchanged); [AttemptFromContext] gives tracing middleware below the
// Transport the attempt number. URLs in errors are redacted.
package retryhttp
