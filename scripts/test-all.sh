#!/usr/bin/env bash
# Every test suite of the repo; `./dev test` (and so .ci/run) runs this after installing.
#   1. static checks, all of them run and then the script fails if any failed: type check (tsc,
#      which also writes dist-types for the API reports), ESLint, Prettier, the layer rules
#      (dependency-cruiser), unused files and exports (knip), the API reports (api-extractor),
#      the package READMEs against the API reports
#   2. jest (backstage-cli repo test): unit, component (msw) and backend tests, the store and
#      migration tests on SQLite, PostgreSQL and MariaDB
#   3. the reliability campaign (test/reliability, CI size): two backend replicas on PostgreSQL,
#      fuzzing from the OpenAPI spec, races, SIGKILL under load, the permission matrix
#   4. end-to-end journeys in Chromium (test/e2e), when present
#   5. the dynamic-portal journeys in Chromium (test/e2e-dynamic): ITSM installed into, removed from
#      and broken in a portal built without it
#   6. benchmarks (figures only)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-databases.sh
itsm_ensure_test_databases

results_dir="$(mktemp -d)"
trap 'rm -rf "$results_dir"' EXIT

# Static checks: each one runs even when an earlier one failed, so one run shows every problem;
# the script stops after them when any failed (the long suites below would not tell more).
static_failed=()
static_check() {
  local name="$1"
  shift
  echo "==> $name"
  "$@" || static_failed+=("$name")
}
type_check() {
  # Emits declarations only (dist-types, ignored by git), which the API reports read.
  rm -rf dist-types
  NODE_OPTIONS="--max-old-space-size=6144 ${NODE_OPTIONS:-}" npx tsc --incremental false
}
static_check "type check (tsc)" type_check
static_check "lint (eslint, every package)" npx backstage-cli repo lint
static_check "format (prettier --check; fix: npm run format)" npm run -s format:check
static_check "layer rules (dependency-cruiser, docs/architecture.md)" npm run -s lint:deps
static_check "unused files and exports (knip)" npm run -s lint:unused
static_check "API reports (fix: npm run api-reports)" npm run -s api-reports:check
static_check "package READMEs name their whole public API" npm run -s lint:readme-api
if [ "${#static_failed[@]}" -ne 0 ]; then
  printf 'FAILED static check: %s\n' "${static_failed[@]}" >&2
  exit 1
fi

echo "==> jest: all packages"
jest_status=0
CI=true npx backstage-cli repo test --json --outputFile="$results_dir/jest.json" || jest_status=$?

echo "==> reliability campaign (test/reliability, CI size)"
reliability_status=0
reliability_results=test/reliability/artifacts/results.json
rm -f "$reliability_results"
bash scripts/reliability.sh || reliability_status=$?

e2e_status=0
if [ -f test/e2e/playwright.config.ts ]; then
  echo "==> end-to-end (Playwright + Chromium)"
  bash scripts/e2e.sh || e2e_status=$?
fi

dynamic_status=0
dynamic_results=test/e2e/artifacts/dynamic-results.json
rm -f "$dynamic_results"
if [ -f test/e2e-dynamic/playwright.config.ts ]; then
  echo "==> end-to-end, dynamic plugins (Playwright + Chromium)"
  bash scripts/e2e-dynamic.sh || dynamic_status=$?
fi

echo "==> benchmarks"
bash scripts/bench.sh --smoke || echo "benchmarks failed to run" >&2

# One closing line for CI: totals over every runner.
node -e '
  const fs = require("fs");
  const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  let passed = j.numPassedTests, failed = j.numFailedTests + (j.numRuntimeErrorTestSuites || 0);
  const skipped = j.numPendingTests + j.numTodoTests;
  // The Playwright runs (static and dynamic portal): a run that died before writing counts as one failure.
  for (const [file, status] of [[process.argv[2], "0"], [process.argv[5], process.argv[6]]]) {
    if (fs.existsSync(file)) {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed += r.stats.expected; failed += r.stats.unexpected;
    } else if (status !== "0") {
      failed += 1;
    }
  }
  // The reliability campaign: one check per invariant; a run that died before writing counts as one failure.
  const rel = process.argv[3];
  if (fs.existsSync(rel)) {
    const r = JSON.parse(fs.readFileSync(rel, "utf8"));
    passed += r.stats.passed; failed += r.stats.failed;
  } else if (process.argv[4] !== "0") {
    failed += 1;
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results_dir/jest.json" "test/e2e/artifacts/results.json" "$reliability_results" "$reliability_status" \
  "$dynamic_results" "$dynamic_status"

if [ "$jest_status" -ne 0 ] || [ "$reliability_status" -ne 0 ] || [ "$e2e_status" -ne 0 ] || [ "$dynamic_status" -ne 0 ]; then
  echo "FAILED: jest exit $jest_status, reliability exit $reliability_status, e2e exit $e2e_status," \
    "dynamic e2e exit $dynamic_status" >&2
  exit 1
fi
