#!/usr/bin/env bash
# Runs every benchmark under test/bench and prints its figures (no pass/fail on timings).
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in test/bench/*.bench.ts; do
  echo "==> $bench"
  npx ts-node --transpile-only "$bench"
done
