// Package retry calls a function again when it fails with an error that a
// [Policy] names as retryable, waiting longer between attempts, until it
// succeeds or the policy says to give up.
//
//	v, err := retry.Retry(ctx, policy, func() (T, error) { ... })
//
// # Policies
//
// A [Policy] is a plain value. The zero Policy is valid: it makes up to
// [DefaultMaxAttempts] attempts, waits with [Exponential] backoff from
// [DefaultInitialDelay], spreads each wait by [DefaultJitter], never waits
// longer than [DefaultMaxDelay], and retries every error except those marked
// [Permanent] and the caller's own context ending. Copy a Policy and change the
// copy to derive a variant; share one Policy between any number of goroutines.
// [Policy.Validate] reports a policy that makes no sense, and [Retry] calls it
// before the operation runs.
//
// # Classifying errors
//
// Set [Policy.Retryable] to say which errors retry: [On] matches with
// [errors.Is], [OnType] and [OnTypeIf] with [errors.As]-style unwrapping, and
// [Any], [All] and [Not] combine them. Once a classifier is set, every error it
// does not accept is returned at once, as the identical value. [Permanent]
// stops retrying whatever the classifier says (Retry removes a marker the
// operation returns directly, so the caller gets the error inside it). [Check] turns an unacceptable
// result (an empty page, a 503 response) into a failed attempt, and [After]
// lets an error carry a server's "retry after" hint.
//
// # What comes back
//
// On success, Retry returns the operation's value and nil. An error that is not
// retried comes back unchanged, even when the context has also ended, so that
// identity checks keep working. When Retry gives up or the context ends
// between retryable failures, it returns an [*Error] that matches both the
// reason ([ErrExhausted], [ErrMaxElapsed], [ErrDeadlineTooNear], or the
// context's error and cause) and the last error the operation returned, with
// [errors.Is] and [errors.As].
//
// # Backoff and jitter
//
// The wait before retry n is [Policy.Backoff] of n, spread by [Policy.Jitter]
// (or, for [DecorrelatedJitter], drawn from the previous wait) and never
// longer than [Policy.MaxDelay]. The arithmetic saturates: no wait
// is negative, overflows, or passes the cap, whatever n is. [Policy.Delays]
// shows the waits a policy would choose, without waiting.
//
// # Hooks and logging
//
// Retry never logs. [Policy.Hooks] is told about each retry and about the
// outcome (why the call ended, how long it waited); [LogHooks] makes hooks
// that write to a [log/slog.Logger] at the level you choose, and [JoinHooks]
// adds hooks to a policy without dropping those it has, so that a library's
// base policy and a caller's variant compose.
//
// # Budgets, attempt contexts and hedging
//
// [Policy.Budget] takes a [*Budget] from [NewBudget]: a token bucket, shared
// by every call and Policy that holds it, that refuses retries while a
// dependency keeps failing ([ErrBudgetExhausted]), so that retries cannot
// multiply an outage. [RetryContext] gives each attempt a context of its own,
// limited by [Policy.AttemptTimeout]; an attempt that runs out of it is
// retried ([ErrAttemptTimeout]), the caller's deadline never is.
// [RetryContextKeep] keeps the winning attempt's context alive until the
// caller has consumed the result (an HTTP body). [Hedge] starts a second
// attempt when the first is slow and takes the first good answer. The
// retryhttp package builds an http.RoundTripper on this package.
//
// # Testing code that retries
//
// Retry waits with the standard library's timers, so tests run in
// [testing/synctest] bubbles take no real time. Set [Policy.Rand] to a seeded
// source to make jitter repeatable. The [testing guide] shows complete tests.
//
// # Guides
//
//   - [Cookbook]: network errors, HTTP statuses, gRPC codes, database
//     serialization failures, hints, typed results, deadlines, and exporting
//     a policy from a library.
//   - [Testing guide]: testing/synctest, seeded jitter, asserting attempts
//     with hooks, mistakes to avoid.
//   - [Migration guides] from cenkalti/backoff, avast/retry-go,
//     sethvargo/go-retry and failsafe-go.
//   - [Design]: the model and every default; [Delays]: pictures of the waits.
//   - [Performance]: benchmarks against those libraries.
//   - [Budgets], [Hedging] (and per-attempt timeouts), [HTTP].
//
// [Cookbook]: https://github.com/again-go/again/blob/main/docs/cookbook.md
// [testing guide]: https://github.com/again-go/again/blob/main/docs/testing.md
// [Testing guide]: https://github.com/again-go/again/blob/main/docs/testing.md
// [Migration guides]: https://github.com/again-go/again/blob/main/docs/migrate/README.md
// [Design]: https://github.com/again-go/again/blob/main/docs/design.md
// [Delays]: https://github.com/again-go/again/blob/main/docs/delays.md
// [Performance]: https://github.com/again-go/again/blob/main/docs/performance.md
// [Budgets]: https://github.com/again-go/again/blob/main/docs/budgets.md
// [Hedging]: https://github.com/again-go/again/blob/main/docs/hedging.md
// [HTTP]: https://github.com/again-go/again/blob/main/docs/http.md
package retry
