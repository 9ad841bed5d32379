package retryhttp

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// RetryAfter returns the wait that resp's Retry-After header asks for, and
// whether it holds a valid value. It is the default [Transport.Hint].
//
// Both forms of RFC 9110 §10.2.3 are read. Delta-seconds saturate at the
// largest time.Duration instead of overflowing. An HTTP-date may be in any of
// the three formats [http.ParseTime] accepts; it is measured from the
// response's own Date header when that parses, so that a server whose clock
// is off still gets the wait it meant, and from the local clock otherwise.
// A date in the past asks for no wait. The first valid value of the header
// counts; malformed values (a negative number, a fraction, garbage) are
// skipped, and with no valid value the policy's backoff applies.
func RetryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	return parseRetryAfter(resp.Header.Values("Retry-After"), resp.Header.Get("Date"), time.Now)
}

// parseRetryAfter reads Retry-After values; now is called only for a date
// without a usable Date header.
func parseRetryAfter(values []string, date string, now func() time.Time) (time.Duration, bool) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if d, ok := parseSeconds(v); ok {
			return d, true
		}
		if v[0] >= '0' && v[0] <= '9' {
			continue // digits then something else: malformed, not a date
		}
		t, err := http.ParseTime(v)
		if err != nil {
			continue
		}
		ref, err := http.ParseTime(strings.TrimSpace(date))
		if err != nil {
			ref = now()
		}
		return max(t.Sub(ref), 0), true // Sub saturates
	}
	return 0, false
}

// parseSeconds parses delta-seconds (1*DIGIT), saturating at the largest
// Duration.
func parseSeconds(v string) (time.Duration, bool) {
	const maxSeconds = int64(math.MaxInt64 / int64(time.Second))
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > maxSeconds {
			continue // already saturated; keep checking the syntax
		}
		n = n*10 + int64(c-'0')
	}
	if n > maxSeconds {
		return math.MaxInt64, true
	}
	return time.Duration(n) * time.Second, true
}
