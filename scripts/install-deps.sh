#!/usr/bin/env bash
# Installs what virtio-cosim needs on a Debian machine, idempotently: system packages first
# (only the missing ones), then the npm packages from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(verilator libzmq3-dev cppzmq-dev pciutils yosys gtkwave g++ make qemu-system-x86 dpdk-dev librte-net-virtio23 librte-mempool-ring23 coreutils lcov libxml2-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# `npm ci` installs exactly the committed lock and never rewrites it (the lock records every
# platform's optional packages, so it installs unchanged on any machine).
if [ ! -f node_modules/.install-stamp ] || [ package-lock.json -nt node_modules/.install-stamp ]; then
  npm ci --no-audit --no-fund
  touch node_modules/.install-stamp
fi
