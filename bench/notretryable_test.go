package bench

import "testing"

// BenchmarkNotRetryable measures a call whose first attempt fails with an
// error the rule does not retry: one call, the error returned.
func BenchmarkNotRetryable(b *testing.B) { benchOneAttempt(b, opFatal) }
