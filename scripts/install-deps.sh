#!/usr/bin/env bash
# Installs every system package the build, tests, benchmarks and demo need (Debian 12).
# Idempotent and quick when everything is present: apt is only called for missing packages.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache mold pkg-config
  librdkafka-dev kcat libpq-dev postgresql libsqlite3-dev
  libsimdjson-dev nlohmann-json3-dev librocksdb-dev
  libcurl4-openssl-dev libcpp-httplib-dev
  libfmt-dev libcli11-dev libxxhash-dev libzstd-dev liblz4-dev libre2-dev libssl-dev
  libhowardhinnant-date-dev libreadline-dev tzdata
  libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-dev python3-pytest python3-pandas
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
