// Package bench compares the cost of github.com/again-go/again/retry with
// other Go retry libraries and with two baselines: the operation called
// directly, and a minimal hand-written retry loop.
//
// It is a module of its own, so that users of the retry package never
// download the libraries it is compared with. The package holds only tests
// and benchmarks; run.sh runs them and docs/performance.md explains the
// results. Every library is configured the way its own documentation shows,
// with the same attempt limit and the same rule for which error is retried;
// libs_test.go says, per library, how zero delay and policy sharing were
// achieved.
package bench
