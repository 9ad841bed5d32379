package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// binPath is the again binary built by TestMain, for the tests that need a
// real process: signals sent to again, and exit codes seen from outside.
var binPath string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

// testMain builds the binary into a temporary directory, runs the tests and
// removes the directory.
func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "again-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	binPath = filepath.Join(dir, "again")
	build := exec.Command("go", "build", "-o", binPath, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building again: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what a run of again produced.
type result struct {
	code           int
	stdout, stderr string
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runInProcess calls run with args and stdin, and returns what it wrote.
func runInProcess(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr lockedBuffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	t.Logf("again %s\nexit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	return r
}

// runBinary runs the built binary with args to completion.
func runBinary(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError) //nolint:errorlint // Run returns it unwrapped
		if !ok {
			t.Fatalf("running again: %v", err)
		}
		code = ee.ExitCode()
	}
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	t.Logf("again %s\nexit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	return r
}

// fast are flags that make retries quick and waits exact.
var fast = []string{"-delay", "1ms", "-jitter", "none"}

// flags returns fast followed by more.
func flags(more ...string) []string {
	return append(append([]string(nil), fast...), more...)
}

// counter is a shell command that counts its runs in a file and exits with
// code until it has run fails times, then exits 0; fails < 0 never succeeds.
type counter struct {
	file string
}

func newCounter(t *testing.T) counter {
	t.Helper()
	return counter{file: filepath.Join(t.TempDir(), "count")}
}

// count returns shell commands that count a run and print "run N".
func (c counter) count() string {
	return fmt.Sprintf(`n=$(cat %q 2>/dev/null || echo 0); n=$((n+1)); echo $n > %q; echo "run $n"; `, c.file, c.file)
}

// cmd returns the command line: sh -c SCRIPT.
func (c counter) cmd(fails, code int) []string {
	script := c.count()
	if fails < 0 {
		script += fmt.Sprintf("exit %d", code)
	} else {
		script += fmt.Sprintf(`[ $n -gt %d ] || exit %d`, fails, code)
	}
	return []string{"sh", "-c", script}
}

// runs returns how many times the command ran.
func (c counter) runs(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(c.file)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("count file: %v", err)
	}
	return n
}

// args joins flags, "--" and a command.
func args(flags []string, command ...string) []string {
	out := append(append([]string(nil), flags...), "--")
	return append(out, command...)
}

// waitFor polls cond until it holds, failing the test after a generous
// timeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// readPID waits for file to hold a process id and returns it.
func readPID(t *testing.T, file string) int {
	t.Helper()
	var pid int
	waitFor(t, "pid in "+filepath.Base(file), func() bool {
		b, err := os.ReadFile(file)
		if err != nil || !bytes.HasSuffix(b, []byte("\n")) {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil
	})
	return pid
}

// countLines returns how many lines of s contain substr.
func countLines(s, substr string) int {
	n := 0
	for line := range strings.Lines(s) {
		if strings.Contains(line, substr) {
			n++
		}
	}
	return n
}
