package budgetplot

import (
	"bytes"
	"flag"
	"os"
	"testing"
	"testing/synctest"

	"github.com/again-go/again/retry"
)

var update = flag.Bool("update", false, "rewrite docs/budgets.svg")

const svgPath = "../../docs/budgets.svg"

// TestSVGCurrent checks that docs/budgets.svg is what the simulation draws
// today; run it with -update to rewrite the file.
func TestSVGCurrent(t *testing.T) {
	var got bytes.Buffer
	synctest.Test(t, func(t *testing.T) {
		if err := Draw(&got); err != nil {
			t.Fatal(err)
		}
	})
	if *update {
		if err := os.WriteFile(svgPath, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("docs/budgets.svg is not current: run go test ./internal/budgetplot -run TestSVGCurrent -update")
	}
}

// TestSimulation checks what the picture shows: without a budget the outage
// quadruples the load; with one, the attempts stay within the bound of
// docs/budgets.md, and the runs repeat exactly.
func TestSimulation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		without, err := Simulate(nil)
		if err != nil {
			t.Fatal(err)
		}
		with, err := Simulate(retry.NewBudget(BudgetMaxTokens, BudgetRatio))
		if err != nil {
			t.Fatal(err)
		}
		again, err := Simulate(retry.NewBudget(BudgetMaxTokens, BudgetRatio))
		if err != nil {
			t.Fatal(err)
		}
		if with.Calls != without.Calls || with.Calls != clients*int(duration/period) {
			t.Fatalf("calls %d and %d, want %d each", with.Calls, without.Calls, clients*int(duration/period))
		}
		mid := int((outageStart + outageEnd).Seconds() / 2)
		if n := without.PerSecond[mid]; n != 4*clients {
			t.Errorf("no budget, mid-outage: %d attempts a second, want %d", n, 4*clients)
		}
		if n := with.PerSecond[mid]; n != clients {
			t.Errorf("budget, mid-outage: %d attempts a second, want %d", n, clients)
		}
		// attempts <= calls + ceil(maxTokens/2 + ratio*successes) - 1, in thousandths.
		bound := with.Calls + int((BudgetMaxTokens*1000/2+100*with.Successes+999)/1000) - 1
		if with.Attempts > bound {
			t.Errorf("budget: %d attempts, %d successes; want at most %d", with.Attempts, with.Successes, bound)
		}
		for s := range with.PerSecond {
			if with.PerSecond[s] != again.PerSecond[s] {
				t.Fatalf("second %d: %d attempts, then %d: the simulation does not repeat", s, with.PerSecond[s], again.PerSecond[s])
			}
		}
		t.Logf("without: %d attempts; with: %d attempts, %d successes, bound %d", without.Attempts, with.Attempts, with.Successes, bound)
	})
}
