package retry

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
)

// ErrBudgetExhausted means the [Budget] of the Policy or HedgePolicy refused
// a retry or a hedge: too many recent attempts had failed. The [*Error] that
// Retry or Hedge returns for it also matches the last attempt's error.
var ErrBudgetExhausted = errors.New("retry: budget exhausted")

// milli is the fixed-point scale of a Budget: it counts thousandths of a
// token, so a tokenRatio is kept to three decimals, as gRPC does.
const milli = 1000

// maxBudgetTokens is the largest maxTokens NewBudget accepts, as in gRPC.
const maxBudgetTokens = 1000

// A Budget limits retries across calls, so that when a dependency fails,
// retrying does not multiply the load on it. It is the retry throttling of
// gRPC (proposal A6): a bucket of tokens that starts full. Each failed
// attempt whose error the policy retries takes one token (first attempts
// too); each success gives back tokenRatio of one. After a failure has taken
// its token, a retry is allowed only while more than half of maxTokens
// remain; otherwise Retry gives up at once with [ErrBudgetExhausted]. A
// [HedgePolicy] may share the budget: hedges need its leave as retries do,
// and a refusal stops new hedges without cancelling running attempts.
//
// First attempts always go through, and errors a Policy does not retry, like
// calls whose context has ended, neither take tokens nor give them. A budget
// never shortens a wait: it only decides whether there is a retry at all.
//
// A Budget is safe for concurrent use. Share one among every Policy and call
// that reaches the same dependency (a host, a service), so that they drain
// and refill it together. See docs/budgets.md for sizing.
type Budget struct {
	tokens atomic.Int64 // milli-tokens, in [0, max]
	max    int64        // maxTokens in milli-tokens; 0 if the parameters are invalid
	ratio  int64        // tokenRatio in milli-tokens

	allowed atomic.Uint64 // failures after which a retry was allowed
	refused atomic.Uint64 // failures after which a retry was refused

	problem string // what is wrong with the parameters, or ""
}

// NewBudget returns a full budget of maxTokens tokens, to which every
// success gives back tokenRatio tokens. A retry is allowed while more than
// maxTokens/2 tokens remain, so a budget tolerates failures up to about
// tokenRatio failed attempts per success before it throttles: gRPC's example
// NewBudget(10, 0.1) refuses retries once more than about one attempt in ten
// fails.
//
// A failure can leave more than half of the budget only if maxTokens is at
// least 3: a budget of 1 or 2 tokens allows no retry at all, as in gRPC.
//
// maxTokens must be in (0, 1000] and tokenRatio at least 0.001 and finite;
// decimals of tokenRatio beyond the third are ignored, and a tokenRatio
// above maxTokens fills the budget with one success. NewBudget does not
// panic on bad parameters: a Policy holding such a budget is invalid, and
// [Policy.Validate] and [Retry] report it with [ErrInvalidPolicy].
func NewBudget(maxTokens int, tokenRatio float64) *Budget {
	b := &Budget{}
	switch {
	case maxTokens <= 0 || maxTokens > maxBudgetTokens:
		b.problem = fmt.Sprintf("Budget maxTokens %d is outside (0, %d]", maxTokens, maxBudgetTokens)
	case math.IsNaN(tokenRatio) || math.IsInf(tokenRatio, 0) || tokenRatio <= 0:
		b.problem = fmt.Sprintf("Budget tokenRatio %v is not a number above 0", tokenRatio)
	case tokenRatio < 1.0/milli:
		b.problem = fmt.Sprintf("Budget tokenRatio %v is below 0.001 (decimals beyond the third are ignored, so it would never refill)", tokenRatio)
	}
	if b.problem != "" {
		return b
	}
	b.max = int64(maxTokens) * milli
	b.ratio = b.max
	if tokenRatio < float64(maxTokens) {
		// Round to the nearest millionth first, so that 0.3 (0.29999…) keeps its
		// three decimals; then drop what is beyond the third.
		b.ratio = int64(math.Round(tokenRatio*milli*milli)) / milli
	}
	b.tokens.Store(b.max)
	return b
}

// A BudgetSnapshot is the state of a [Budget] at one moment, for metrics.
type BudgetSnapshot struct {
	// Tokens is how many tokens are left, in [0, MaxTokens], to three
	// decimals. Retries are allowed while, after a failure takes one, more
	// than MaxTokens/2 remain.
	Tokens float64

	// MaxTokens is the size of the budget; 0 for an invalid or nil one.
	MaxTokens int

	// RetriesAllowed counts the failures after which the budget let a retry
	// go ahead, and the hedges it let start. (A retry allowed by the budget
	// may still not happen when the Policy's time limit or the context's
	// deadline stops the call.)
	RetriesAllowed uint64

	// RetriesRefused counts the failures after which the budget refused a
	// retry, each ending a call with ErrBudgetExhausted, and the hedges it
	// refused, each stopping its call from starting more attempts.
	RetriesRefused uint64
}

// Snapshot returns the budget's current state. It is safe to call at any
// time, from any goroutine; a nil or invalid Budget gives the zero
// BudgetSnapshot.
func (b *Budget) Snapshot() BudgetSnapshot {
	if b == nil || b.max == 0 {
		return BudgetSnapshot{}
	}
	return BudgetSnapshot{
		Tokens:         float64(b.tokens.Load()) / milli,
		MaxTokens:      int(b.max / milli),
		RetriesAllowed: b.allowed.Load(),
		RetriesRefused: b.refused.Load(),
	}
}

// valid reports whether a Policy may hold b; nil, no budget, is valid.
func (b *Budget) valid() bool { return b == nil || b.max > 0 }

// why says what is wrong with b, which valid rejected.
func (b *Budget) why() string {
	if b.problem != "" {
		return b.problem
	}
	return "Budget was not made by NewBudget (a zero Budget holds no tokens)"
}

// failure takes the token of a failed attempt whose error the policy retries
// and reports whether a retry may follow: whether, after the token is taken,
// more than half of the budget remains. Taking and deciding are one
// compare-and-swap, so concurrent failures see each other exactly.
func (b *Budget) failure() (retryAllowed bool) {
	for {
		t := b.tokens.Load()
		left := max(t-milli, 0)
		if left == t || b.tokens.CompareAndSwap(t, left) { // at 0 there is nothing to take
			if 2*left > b.max {
				b.allowed.Add(1)
				return true
			}
			b.refused.Add(1)
			return false
		}
	}
}

// allows reports whether a hedge that no failure started (its delay ran out)
// may start: whether more than half of the budget remains. It takes no token
// (no attempt failed) and counts the decision as failure does.
func (b *Budget) allows() bool {
	if 2*b.tokens.Load() > b.max {
		b.allowed.Add(1)
		return true
	}
	b.refused.Add(1)
	return false
}

// spend takes the token of a retryable failure after which no retry is
// wanted anyway (the last attempt allowed by MaxAttempts); nothing is
// counted as allowed or refused. A nil Budget does nothing.
func (b *Budget) spend() {
	if b == nil {
		return
	}
	for {
		t := b.tokens.Load()
		if t == 0 || b.tokens.CompareAndSwap(t, max(t-milli, 0)) {
			return
		}
	}
}

// success gives back tokenRatio of a token for a successful attempt. When
// the budget is full it only loads, so parallel successes do not write the
// shared cache line. A nil Budget does nothing.
func (b *Budget) success() {
	if b == nil {
		return
	}
	if t := b.tokens.Load(); t < b.max {
		b.refill(t)
	}
}

// refill adds the ratio to tokens t, up to the maximum, by compare-and-swap.
func (b *Budget) refill(t int64) {
	for !b.tokens.CompareAndSwap(t, min(t+b.ratio, b.max)) {
		if t = b.tokens.Load(); t >= b.max {
			return
		}
	}
}
