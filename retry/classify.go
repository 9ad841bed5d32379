package retry

import (
	"errors"
	"slices"
)

// A Classifier reports whether an error should be retried. Any
// func(error) bool can be used as one. Once Policy.Retryable is set, every
// error it does not accept is returned by Retry at once, unchanged.
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
// type E in the chain, as [errors.As] would.
func OnTypeIf[E error](match func(E) bool) Classifier {
	return func(err error) bool {
		e, ok := find[E](err)
		return ok && match(e)
	}
}

// Any returns a Classifier that accepts an error any of cs accepts. Any() with
// no classifiers accepts nothing. Nil classifiers are ignored.
func Any(cs ...Classifier) Classifier {
	cs = slices.DeleteFunc(slices.Clone(cs), func(c Classifier) bool { return c == nil })
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
// with no classifiers accepts everything. Nil classifiers are ignored.
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
// nothing, since a nil Policy.Retryable accepts everything.
func Not(c Classifier) Classifier {
	if c == nil {
		return func(error) bool { return false }
	}
	return func(err error) bool { return !c(err) }
}

// find returns the first error in err's chain of type E, walking the chain as
// [errors.As] does (Unwrap() error, Unwrap() []error depth first, and As
// methods), without the allocation errors.As needs for its target.
func find[E any](err error) (E, bool) {
	var zero E
	for err != nil {
		if e, ok := err.(E); ok {
			return e, true
		}
		if x, ok := err.(interface{ As(any) bool }); ok {
			var e E
			if x.As(&e) {
				return e, true
			}
		}
		switch u := err.(type) { //nolint:errorlint // this is the walk errors.As does
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if e, ok := find[E](inner); ok {
					return e, true
				}
			}
			return zero, false
		default:
			return zero, false
		}
	}
	return zero, false
}
