#!/usr/bin/env bash
# The benchmarks of test/bench (figures, no pass/fail on timings).
#   scripts/bench.sh [options]   the SLA deadline bench, then the scale benchmark (issue #14) on
#                                PostgreSQL and SQLite; writes test/bench/RESULTS.md + results.json.
#                                Options: --scale F (default 1 = the full data set), --db pg|sqlite|both,
#                                --only summary,incidents,calendar,kpis,kpis-all,alerts,sla-check,rss,idle,
#                                --seed N, --samples N, --keep-db, --out DIR (see test/bench/README.md)
#   scripts/bench.sh --smoke     what ./dev test runs (< 1 min): the SLA deadline bench and the scale
#                                benchmark's generator and loader on SQLite, no backend
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> test/bench/sla-deadline.bench.ts"
npx ts-node --transpile-only test/bench/sla-deadline.bench.ts
if [ "${1:-}" = "--smoke" ]; then
  # The unit tests of the scale benchmark's pure parts (test/ is not a Backstage package, so
  # `backstage-cli repo test` does not see them): statistics, generator, report.
  echo "==> jest -c test/bench/jest.config.json"
  CI=true npx jest -c test/bench/jest.config.json
  echo "==> test/bench/scale.bench.ts --smoke"
  exec npx ts-node --transpile-only test/bench/scale.bench.ts --smoke
fi
source scripts/test-databases.sh
itsm_ensure_test_databases
# ts-node only transpiles; the suite's own type check (the root tsconfig covers packages and plugins).
npx tsc -p test/bench/tsconfig.json
echo "==> test/bench/scale.bench.ts $*"
exec npx ts-node --transpile-only test/bench/scale.bench.ts "$@"
