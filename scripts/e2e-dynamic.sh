#!/usr/bin/env bash
# The journeys against the dynamic portal (test/e2e-dynamic): the production build of
# packages/app-dynamic served by packages/backend-dynamic, the ITSM plugins loaded from plugin
# folders (installed, uninstalled, broken remote). Needs Chromium like scripts/e2e.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
mkdir -p test/e2e/artifacts
# One free port (test/e2e/ports.ts): the backend serves the app, so app and backend share it.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="${ITSM_E2E_BACKEND_PORT:-$(free_port)}"
export ITSM_E2E_APP_PORT="$port" ITSM_E2E_BACKEND_PORT="$port"
echo "==> dynamic portal under test: app and backend :$port"
npx playwright test -c test/e2e-dynamic/playwright.config.ts "$@"
