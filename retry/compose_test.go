package retry

import (
	"context"
	"testing"
)

func TestJoinHooks(t *testing.T) {
	var order []string
	mk := func(name string) Hooks {
		return Hooks{
			OnRetry: func(context.Context, Attempt) { order = append(order, name+".retry") },
			OnDone:  func(context.Context, Outcome) { order = append(order, name+".done") },
		}
	}
	onlyDone := Hooks{OnDone: func(context.Context, Outcome) { order = append(order, "c.done") }}
	h := JoinHooks(mk("a"), Hooks{}, onlyDone, mk("b"))
	h.OnRetry(context.Background(), Attempt{})
	h.OnDone(context.Background(), Outcome{})
	want := []string{"a.retry", "b.retry", "a.done", "c.done", "b.done"}
	if len(order) != len(want) {
		t.Fatalf("order = %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order = %v, want %v", order, want)
		}
	}

	if z := JoinHooks(); z.OnRetry != nil || z.OnDone != nil {
		t.Error("JoinHooks() has hooks; want the zero Hooks, which keeps Retry's fast path")
	}
	if z := JoinHooks(Hooks{}, Hooks{}); z.OnRetry != nil || z.OnDone != nil {
		t.Error("JoinHooks of zero Hooks has hooks")
	}
	if one := JoinHooks(Hooks{}, onlyDone); one.OnRetry != nil || one.OnDone == nil {
		t.Error("JoinHooks with one hook: want that hook alone")
	}
}
