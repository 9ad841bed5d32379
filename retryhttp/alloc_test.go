package retryhttp

import (
	"context"
	"net/http"
	"testing"
)

// staticRT answers every request with the same empty 200, allocating nothing.
type staticRT struct{ resp http.Response }

func (s *staticRT) RoundTrip(*http.Request) (*http.Response, error) { return &s.resp, nil }

func TestFirstTryAllocations(t *testing.T) {
	base := &staticRT{resp: http.Response{StatusCode: 200, Body: http.NoBody}}
	tr := &Transport{Base: base}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://example.com/", nil)
	allocs := testing.AllocsPerRun(100, func() {
		resp, err := tr.RoundTrip(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatal(resp, err)
		}
	})
	t.Logf("%v allocations", allocs)
	if allocs > 3 {
		t.Errorf("a first-try success allocates %v times, want at most 3", allocs)
	}
}
