#!/usr/bin/env bash
# Runs the benchmarks that docs/performance.md reports, compares them with
# benchstat, and redraws docs/performance.svg. Takes about eight minutes on
# two cores. Extra arguments go to go test (for example -benchtime 200ms).
set -euo pipefail
cd "$(dirname "$0")"

BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf
gobin=$(go env GOPATH)/bin
if [ ! -x "$gobin/benchstat" ]; then
	go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION"
fi

{
	go version
	echo "nproc: $(nproc)"
	grep -m1 'model name' /proc/cpuinfo || true
} | tee machine.txt

go test -run '^$' -bench . -benchmem -count 6 "$@" | tee results.txt
"$gobin/benchstat" results.txt | tee benchstat.txt
go run ./cmd/chart -in results.txt -svg ../docs/performance.svg -table table.md
