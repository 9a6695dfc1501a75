#!/usr/bin/env bash
# The reliability campaign (test/reliability): two replicas of packages/backend on the local
# PostgreSQL; fuzzing from the OpenAPI spec, races, SIGKILL under load, the permission matrix.
#   scripts/reliability.sh            CI run (20,000 fuzz requests), report in test/reliability/artifacts/
#   scripts/reliability.sh --long     100,000 fuzz requests; add --write to update test/RELIABILITY.md
# Other flags: --seed N, --requests N, --concurrency N, --phases matrix,races,fuzz,kill,strict, --keep-db
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-databases.sh
itsm_ensure_test_databases
# ts-node only transpiles; the campaign's own type check (the root tsconfig covers packages and plugins).
npx tsc -p test/reliability/tsconfig.json
exec npx ts-node --transpile-only test/reliability/main.ts "$@"
