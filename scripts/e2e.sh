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
npx playwright test -c test/e2e/playwright.config.ts "$@"
