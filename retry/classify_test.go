package retry

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"testing"
	"time"
)

type codeError struct{ code int }

func (e codeError) Error() string { return fmt.Sprintf("code %d", e.code) }

// asTimeout converts itself to *net.DNSError through an As method.
type asTimeout struct{}

func (asTimeout) Error() string { return "as timeout" }
func (asTimeout) As(target any) bool {
	if p, ok := target.(**net.DNSError); ok {
		*p = &net.DNSError{IsTimeout: true}
		return true
	}
	return false
}

func TestClassifiers(t *testing.T) {
	opErr := &net.OpError{Op: "dial", Err: io.ErrUnexpectedEOF}
	wrappedOp := fmt.Errorf("fetch: %w", opErr)
	joined := errors.Join(errFatal, fmt.Errorf("x: %w", codeError{503}))
	tests := []struct {
		name string
		c    Classifier
		err  error
		want bool
	}{
		{"On direct", On(errFlaky), errFlaky, true},
		{"On wrapped", On(errFlaky), fmt.Errorf("a: %w", errFlaky), true},
		{"On joined", On(errFlaky), errors.Join(io.EOF, errFlaky), true},
		{"On other", On(errFlaky), errFatal, false},
		{"On several", On(io.EOF, errFlaky), errFlaky, true},
		{"On none", On(), errFlaky, false},
		{"On nil target", On(nil), errFlaky, false},
		{"On fs.ErrNotExist", On(fs.ErrNotExist), &fs.PathError{Op: "open", Err: fs.ErrNotExist}, true},
		{"OnType pointer", OnType[*net.OpError](), wrappedOp, true},
		{"OnType value", OnType[codeError](), joined, true},
		{"OnType interface", OnType[net.Error](), wrappedOp, true},
		{"OnType miss", OnType[*net.OpError](), errFlaky, false},
		{"OnType As method", OnType[*net.DNSError](), fmt.Errorf("w: %w", asTimeout{}), true},
		{"OnTypeIf match", OnTypeIf(func(e codeError) bool { return e.code >= 500 }), joined, true},
		{"OnTypeIf no match", OnTypeIf(func(e codeError) bool { return e.code == 429 }), joined, false},
		{"OnTypeIf As method", OnTypeIf(func(e *net.DNSError) bool { return e.IsTimeout }), asTimeout{}, true},
		{"Any", Any(On(io.EOF), OnType[codeError]()), codeError{1}, true},
		{"Any none", Any(), errFlaky, false},
		{"Any nil accepts everything", Any(nil, On(errFlaky)), errFatal, true},
		{"All nil changes nothing", All(nil, On(errFlaky)), errFatal, false},
		{"OnTypeIf nil", OnTypeIf[codeError](nil), codeError{1}, true},
		{"All", All(On(errFatal), OnType[codeError]()), joined, true},
		{"All one misses", All(On(errFlaky), OnType[codeError]()), joined, false},
		{"All none", All(), errFlaky, true},
		{"Not", Not(On(errFatal)), errFlaky, true},
		{"Not match", Not(On(errFatal)), errFatal, false},
		{"Not nil", Not(nil), errFlaky, false},
		{"predicate", Classifier(func(err error) bool { return err.Error() == "flaky" }), errFlaky, true},
	}
	for _, tt := range tests {
		if got := tt.c(tt.err); got != tt.want {
			t.Errorf("%s: classifier(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestOnCopiesTargets(t *testing.T) {
	targets := []error{errFlaky}
	c := On(targets...)
	targets[0] = errFatal
	if !c(errFlaky) || c(errFatal) {
		t.Error("On kept the caller's slice; changing it changed the classifier")
	}
}

func TestFindMatchesErrorsAs(t *testing.T) {
	errs := []error{
		nil,
		errFlaky,
		codeError{1},
		fmt.Errorf("a: %w", codeError{2}),
		errors.Join(errFlaky, fmt.Errorf("b: %w", codeError{3}), codeError{4}),
		fmt.Errorf("%w and %w", errFlaky, codeError{5}),
		Permanent(After(0, codeError{6})),
	}
	for _, err := range errs {
		var want codeError
		wantOK := errors.As(err, &want)
		got, ok := find[codeError](err)
		if ok != wantOK || got != want {
			t.Errorf("find(%v) = %v, %v; errors.As gives %v, %v", err, got, ok, want, wantOK)
		}
	}
}

// asHint converts itself to a Hint through an As method.
type asHint struct{}

func (asHint) Error() string { return "as hint" }
func (asHint) As(target any) bool {
	if p, ok := target.(*Hint); ok {
		*p = &afterError{d: 3 * time.Second, err: errFlaky}
		return true
	}
	return false
}

func TestFindHint(t *testing.T) {
	tests := []struct {
		err  error
		want time.Duration
		ok   bool
	}{
		{errFlaky, 0, false},
		{After(time.Second, errFlaky), time.Second, true},
		{fmt.Errorf("w: %w", After(2*time.Second, errFlaky)), 2 * time.Second, true},
		{errors.Join(io.EOF, After(4*time.Second, errFlaky)), 4 * time.Second, true},
		{fmt.Errorf("w: %w", asHint{}), 3 * time.Second, true},
		{Permanent(After(5*time.Second, errFlaky)), 5 * time.Second, true},
	}
	for _, tt := range tests {
		h, ok := findHint(tt.err)
		if ok != tt.ok || (ok && h.RetryAfter() != tt.want) {
			t.Errorf("findHint(%v) = %v, %v; want %v, %v", tt.err, h, ok, tt.want, tt.ok)
		}
	}
}
