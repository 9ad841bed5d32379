package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestReapsAsPID1 runs again as PID 1 of a new PID namespace (with unshare,
// where the machine allows it): an orphan that exits is reaped, not left a
// zombie, and the command's own status still comes back.
func TestReapsAsPID1(t *testing.T) {
	t.Parallel()
	if err := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "true").Run(); err != nil {
		t.Skipf("cannot make a PID namespace here: %v", err)
	}
	// The inner sh exits at once and is orphaned to PID 1; the command then
	// polls until it has been reaped (its /proc entry is gone), for at most
	// about 10s.
	script := `[ "$PPID" = 1 ] || exit 3
sh -c 'sh -c "exit 0" & echo $! > "$0"' "$0"
orphan=$(cat "$0")
i=0
while [ -e /proc/$orphan ]; do
	i=$((i+1)); [ $i -lt 1000 ] || exit 4
	sleep 0.01
done
exit 7`
	pidFile := filepath.Join(t.TempDir(), "orphan")
	cmd := exec.Command("unshare", "--pid", "--fork", "--mount-proc", binPath, "-attempts", "1", "--", "sh", "-c", script, pidFile)
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 7 {
		t.Errorf("exit %d (%v), want 7 (orphan reaped, status passed on)\n%s", code, err, out)
	}
}
