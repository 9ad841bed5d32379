package retryhttp

import (
	"net/http"
	"slices"

	"github.com/again-go/again/retry"
)

// MaxErrorBody is how many bytes of a discarded response's body a
// [StatusError] keeps.
const MaxErrorBody = 4 << 10

// A StatusError is a response whose status is 400 or above, as the classifier
// and the hooks see it. When the response is discarded before a retry, Body
// holds the first bytes of its body (at most [MaxErrorBody]) that the drain
// read, so that what the server said is not lost; find it with errors.As in
// the error RoundTrip returns.
type StatusError struct {
	Method     string
	URL        string // redacted: no password
	StatusCode int
	Status     string      // such as "503 Service Unavailable"
	Header     http.Header // the response's header
	Body       []byte      // the drained prefix of the body; nil until drained
}

// Error returns a message such as
// "retryhttp: GET https://example.com/x: 503 Service Unavailable".
func (e *StatusError) Error() string {
	return "retryhttp: " + e.Method + " " + e.URL + ": " + e.Status
}

// OnStatus returns a Classifier that accepts a [*StatusError] with one of the
// given status codes. Combine it with [DefaultRetryable] to retry more
// statuses, such as 500:
//
//	retry.Any(retryhttp.DefaultRetryable, retryhttp.OnStatus(500))
func OnStatus(codes ...int) retry.Classifier {
	codes = slices.Clone(codes)
	return retry.OnTypeIf(func(e *StatusError) bool { return slices.Contains(codes, e.StatusCode) })
}

func newStatusError(req *http.Request, resp *http.Response) *StatusError {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	status := resp.Status
	if status == "" {
		status = http.StatusText(resp.StatusCode)
	}
	return &StatusError{
		Method:     method,
		URL:        req.URL.Redacted(),
		StatusCode: resp.StatusCode,
		Status:     status,
		Header:     resp.Header,
	}
}
