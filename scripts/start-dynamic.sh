#!/usr/bin/env bash
# `./dev start --dynamic`: the portal without any static ITSM dependency (packages/app-dynamic,
# packages/backend-dynamic) on the same ports, database and demo data as `./dev start`. The ITSM
# plugins come from dynamic-plugins-root/ at backend start; they are bundled first when that folder
# does not exist yet (or always with --rebuild). Extra arguments go to `backstage-cli repo start`.
set -euo pipefail
cd "$(dirname "$0")/.."
rebuild=0
args=()
for a in "$@"; do
  if [ "$a" = "--rebuild" ]; then rebuild=1; else args+=("$a"); fi
done
root="${ITSM_DYNAMIC_PLUGINS_ROOT:-dynamic-plugins-root}"
if [ "$rebuild" = 1 ] || [ ! -d "$root" ]; then
  node scripts/bundle-dynamic-plugins.js "$root"
fi
exec npx backstage-cli repo start app-dynamic backend-dynamic \
  --config app-config.yaml --config app-config.dynamic.yaml ${args[@]+"${args[@]}"}
