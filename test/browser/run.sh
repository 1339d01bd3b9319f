#!/usr/bin/env bash
# The browser tests: installs playwright-core from the lockfile when missing (no browser download:
# Debian's /usr/bin/chromium is used), then runs them with node's test runner.
# Usage: test/browser/run.sh BUILD_DIR
set -euo pipefail
BUILD_DIR=$(realpath "${1:-build}")
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  echo "browser tests: /usr/bin/chromium is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null; then
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
fi
SPATE="$BUILD_DIR/bin/spate" node --test
