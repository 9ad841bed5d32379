package retry

// Check wraps op so that a result check rejects counts as a failed attempt:
// when op succeeds, check(v) becomes the attempt's error, and nil accepts v.
// The error is classified like any other, so check can return a sentinel the
// policy retries, a [Permanent] error, or an [After] hint (from a
// Retry-After header, say). Use it to retry an empty page or a 503 response
// without making the policy generic:
//
//	resp, err := retry.Retry(ctx, p, retry.Check(get, func(r *http.Response) error {
//		if r.StatusCode == http.StatusServiceUnavailable {
//			r.Body.Close()
//			return errUnavailable
//		}
//		return nil
//	}))
//
// When Retry gives up, it returns the last rejected value with its error.
func Check[T any](op func() (T, error), check func(T) error) func() (T, error) {
	return func() (T, error) {
		v, err := op()
		if err != nil {
			return v, err
		}
		return v, check(v)
	}
}
