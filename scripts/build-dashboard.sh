#!/usr/bin/env bash
# Installs the CRYPTO VIZ dashboard's npm packages (exact versions from package-lock.json) and
# bundles the front-end into apps/crypto_viz/dashboard/web/dist. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/../apps/crypto_viz/dashboard/web"
if ! command -v npm >/dev/null; then
  echo "build-dashboard: npm is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/app.js ] || [ -n "$(find src build.mjs package-lock.json -newer dist/app.js -print -quit)" ]; then
  npm run --silent build
fi
