package retry

import (
	"errors"
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
	targets = slices.DeleteFunc(slices.Clone(targets), func(t error) bool { return t == nil })
	return func(err error) bool {
		for _, t := range targets {
			if errors.Is(err, t) {
				return true
			}
		}
		return false
	}
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
