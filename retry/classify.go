package retry

import (
	"errors"
	"reflect"
	"slices"
)

// A Classifier reports whether an error should be retried. Any
// func(error) bool can be used as one. Once Policy.Retryable is set, every
// error it does not accept is returned by Retry at once, unchanged. A nil
// Classifier accepts every error, in Policy.Retryable and in Any, All and Not
// alike.
type Classifier func(err error) bool

// On returns a Classifier that accepts an error matching any of targets with
// [errors.Is]. On() with no targets accepts nothing. Nil targets are ignored.
func On(targets ...error) Classifier {
	ts := make([]target, 0, len(targets))
	for _, t := range targets {
		if t != nil {
			ts = append(ts, target{t, reflect.TypeOf(t).Comparable()})
		}
	}
	if len(ts) == 1 { // the common case, without the loop
		t := ts[0]
		return func(err error) bool { return is(err, t.err, t.comparable) }
	}
	return func(err error) bool {
		for _, t := range ts {
			if is(err, t.err, t.comparable) {
				return true
			}
		}
		return false
	}
}

// errorString is the type of errors.New's values.
var errorString = reflect.TypeOf(errors.New(""))

// A target is an error On matches, with whether its type is comparable,
// worked out once instead of on every match as errors.Is does.
type target struct {
	err        error
	comparable bool
}

// is reports whether err's chain matches target, exactly as
// errors.Is(err, target) does, given whether target's type is comparable.
func is(err, target error, comparable bool) bool {
	for err != nil {
		if reflect.TypeOf(err) == errorString {
			// A plain errors.New value, the usual sentinel: no Is, no
			// Unwrap, so equality decides, without the method lookups.
			return comparable && err == target //nolint:errorlint // as errors.Is
		}
		if comparable && err == target { //nolint:errorlint // this is the comparison errors.Is makes
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		switch u := err.(type) { //nolint:errorlint // this is the walk errors.Is does
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if is(inner, target, comparable) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// stops reports whether err ends the call at once, without a retry, and the
// error Retry then returns: err itself, or what an outermost Permanent marker
// wraps. The cheap checks come first: a marker the operation returned
// directly, then the classifier, and only for an error it accepts the walk
// for a marker deeper in the chain.
func (p *Policy) stops(err error) (bool, error) {
	if pe, ok := err.(*permanentError); ok { //nolint:errorlint // only the outermost markers are removed
		return true, pe.unmark()
	}
	if p.Retryable != nil && !p.Retryable(err) {
		return true, err
	}
	if hasPermanent(err) {
		return true, err
	}
	return false, nil
}

// hasPermanent reports whether err's chain holds a Permanent marker.
func hasPermanent(err error) bool {
	for err != nil {
		switch u := err.(type) { //nolint:errorlint // this is the walk errors.As does
		case *permanentError:
			return true
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if hasPermanent(inner) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// OnType returns a Classifier that accepts an error whose chain holds an
// error of type E, found the way [errors.As] finds it: OnType[*net.OpError]().
func OnType[E error]() Classifier {
	return func(err error) bool {
		_, ok := find[E](err)
		return ok
	}
}

// OnTypeIf returns a Classifier that accepts an error whose chain holds an
// error of type E for which match reports true. It looks at the first error of
// type E in the chain, as [errors.As] would. OnTypeIf(nil) is OnType[E]().
func OnTypeIf[E error](match func(E) bool) Classifier {
	if match == nil {
		return OnType[E]()
	}
	return func(err error) bool {
		e, ok := find[E](err)
		return ok && match(e)
	}
}

// Any returns a Classifier that accepts an error any of cs accepts. Any() with
// no classifiers accepts nothing; a nil classifier among cs accepts everything.
func Any(cs ...Classifier) Classifier {
	if slices.ContainsFunc(cs, func(c Classifier) bool { return c == nil }) {
		return func(error) bool { return true }
	}
	cs = slices.Clone(cs)
	return func(err error) bool {
		for _, c := range cs {
			if c(err) {
				return true
			}
		}
		return false
	}
}

// All returns a Classifier that accepts an error every one of cs accepts. All()
// with no classifiers accepts everything; so does a nil classifier, which
// therefore changes nothing.
func All(cs ...Classifier) Classifier {
	cs = slices.DeleteFunc(slices.Clone(cs), func(c Classifier) bool { return c == nil })
	return func(err error) bool {
		for _, c := range cs {
			if !c(err) {
				return false
			}
		}
		return true
	}
}

// Not returns a Classifier that accepts the errors c rejects. Not(nil) accepts
// nothing, since a nil Classifier accepts everything.
func Not(c Classifier) Classifier {
	if c == nil {
		return func(error) bool { return false }
	}
	return func(err error) bool { return !c(err) }
}

// find returns the first error in err's chain of type E, walking the chain as
// [errors.As] does, without the allocation errors.As needs for its target.
func find[E any](err error) (found E, ok bool) {
	walk(err, func(x error) bool {
		found, ok = asType[E](x)
		return ok
	})
	return found, ok
}

// findHint is find[Hint] with the type assertion written for the concrete
// interface: in generic code an assertion to an interface type looks up the
// runtime's itab table on every call, here it is cached at the call site.
func findHint(err error) (found Hint, ok bool) {
	walk(err, func(x error) bool {
		if found, ok = x.(Hint); !ok { //nolint:errorlint // one step of the errors.As walk
			found, ok = asMethod[Hint](x)
		}
		return ok
	})
	return found, ok
}

// asType converts one error of a chain to E directly or through its As method.
func asType[E any](x error) (E, bool) {
	if e, ok := x.(E); ok {
		return e, true
	}
	return asMethod[E](x)
}

// asMethod converts x to E through an As(any) bool method, if x has one.
func asMethod[E any](x error) (E, bool) {
	if a, ok := x.(interface{ As(any) bool }); ok {
		var e E // declared here so that only this rare path allocates
		if a.As(&e) {
			return e, true
		}
	}
	var zero E
	return zero, false
}

// walk calls visit on err and on each error in its chain, depth first as
// [errors.As] does (Unwrap() error, then each of Unwrap() []error), until
// visit returns true; it reports whether one did.
func walk(err error, visit func(error) bool) bool {
	for err != nil {
		if visit(err) {
			return true
		}
		switch u := err.(type) { //nolint:errorlint // this is the walk errors.As does
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if walk(inner, visit) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
