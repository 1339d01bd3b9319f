#!/usr/bin/env bash
# docs/functions.md is generated from the function registry (`spate functions --markdown`). This
# fails when the checked-in page differs from what the built engine gives, so a function added or
# changed without regenerating the page fails `make test`.
# Usage: check-function-docs.sh [BUILD_DIR] [--update]   (--update rewrites the page)
set -uo pipefail
BUILD_DIR=build
UPDATE=0
for arg in "$@"; do
  if [ "$arg" == "--update" ]; then UPDATE=1; else BUILD_DIR=$arg; fi
done
cd "$(dirname "$0")/.."
PAGE=docs/functions.md
GENERATED=$(mktemp)
trap 'rm -f "$GENERATED"' EXIT
"$BUILD_DIR/bin/spate" functions --markdown >"$GENERATED" || exit 1
if [ "$UPDATE" -eq 1 ]; then
  cp "$GENERATED" "$PAGE"
  echo "$PAGE updated"
  exit 0
fi
if ! diff -u "$PAGE" "$GENERATED"; then
  echo "$PAGE is out of date with the function registry; run: scripts/check-function-docs.sh $BUILD_DIR --update"
  exit 1
fi
echo "$PAGE matches the function registry"
