package retryhttp

import "context"

type attemptKey struct{}

// AttemptFromContext returns the number of the attempt, from 1, that a request
// with context ctx belongs to, or 0 when ctx is not the context of a request
// sent by a [Transport]. Middleware in [Transport.Base] can use it to tag
// traces and metrics (OpenTelemetry's http.request.resend_count is the
// attempt number minus one).
func AttemptFromContext(ctx context.Context) int {
	n, _ := ctx.Value(attemptKey{}).(int)
	return n
}

type idempotentKey struct{}

// Idempotent returns a copy of ctx that marks requests made with it as safe to
// send again whatever their method, as [Transport.RetryNonIdempotent] does for
// every request of a Transport. Use it for a POST or PATCH the server
// deduplicates by some other means.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}
