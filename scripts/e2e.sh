#!/usr/bin/env bash
# The end-to-end journeys (test/e2e) in Debian's Chromium via Playwright. Installs Chromium with
# apt-get where it is missing (Playwright's own browser download does not work offline).
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
mkdir -p test/e2e/artifacts/screenshots
# Two free ports for the portal under test (test/e2e/ports.ts), unless the caller chose them.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export ITSM_E2E_APP_PORT="${ITSM_E2E_APP_PORT:-$(free_port)}"
export ITSM_E2E_BACKEND_PORT="${ITSM_E2E_BACKEND_PORT:-$(free_port)}"
while [ "$ITSM_E2E_BACKEND_PORT" = "$ITSM_E2E_APP_PORT" ]; do ITSM_E2E_BACKEND_PORT="$(free_port)"; done
echo "==> portal under test: app :$ITSM_E2E_APP_PORT, backend :$ITSM_E2E_BACKEND_PORT"
npx playwright test -c test/e2e/playwright.config.ts "$@"
