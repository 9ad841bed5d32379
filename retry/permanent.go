package retry

// Permanent marks err as not worth retrying: Retry returns at once, whatever
// Policy.Retryable says. When the operation returns Permanent(err) itself,
// Retry returns err, the marker removed (markers directly inside it too), so
// that err == the original; when the marker is wrapped deeper in the chain,
// Retry returns the operation's error unchanged, keeping its context.
// Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

// unmark returns the error inside p and inside any markers directly within.
func (p *permanentError) unmark() error {
	for {
		inner, ok := p.err.(*permanentError) //nolint:errorlint // a marker directly inside a marker
		if !ok {
			return p.err
		}
		p = inner
	}
}
