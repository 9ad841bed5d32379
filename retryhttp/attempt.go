package retryhttp

import "context"

// AttemptFromContext returns the number of the attempt in progress, from 1,
// for the context of a request a [Transport] sends, or 0 for any other
// context. Middleware in [Transport.Base] can use it to tag traces and metrics
// as it sends the request (OpenTelemetry's http.request.resend_count is the
// attempt number minus one). The hooks of the Transport's policy get the same
// answer from their context.
func AttemptFromContext(ctx context.Context) int {
	if c, ok := ctx.Value(callKey{}).(*call); ok {
		return int(c.n.Load())
	}
	return 0
}

type idempotentKey struct{}

// Idempotent returns a copy of ctx that marks requests made with it as safe to
// send again whatever their method, as [Transport.RetryNonIdempotent] does for
// every request of a Transport. Use it for a POST or PATCH the server
// deduplicates by some other means.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}
