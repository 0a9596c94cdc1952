#!/usr/bin/env bash
# Fetch the Linux guest's parts from Debian's archive into a cache, without installing anything:
# the kernel image and the virtio-net modules from linux-image-<abi>-amd64 (the one the
# linux-image-amd64 metapackage depends on), and /bin/busybox from busybox-static.
# `apt-get download` + `dpkg-deb`: no maintainer scripts, no initramfs hooks, no host kernel.
#
# Idempotent: once the cache has a complete guest.env it is used as is (no apt access at all).
# Usage: tb/linux-guest/fetch.sh [CACHE_DIR]   (default build/linux-guest)
# Prints the path of guest.env on success; exits 2 (with a reason on stderr) when the parts
# cannot be had on this machine (no apt, no network to the archive).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${1:-build/linux-guest}"
ENV_FILE="$CACHE/guest.env"

if [ -f "$ENV_FILE" ]; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  if [ -f "$KERNEL" ] && [ -x "$BUSYBOX" ] && [ -d "$MODULES" ]; then
    echo "$ENV_FILE"
    exit 0
  fi
fi

unavailable() { echo "linux-guest fetch: $*" >&2; exit 2; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || unavailable "apt-get/dpkg-deb not found (not a Debian machine?)"

kernel_pkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'; }
KPKG="$(kernel_pkg || true)"
if [ -z "$KPKG" ] && [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq >/dev/null 2>&1 || true # package lists missing on a fresh machine
  KPKG="$(kernel_pkg || true)"
fi
[ -n "$KPKG" ] || unavailable "apt-cache does not know linux-image-amd64 (run apt-get update)"

rm -rf "$CACHE/tmp" "$CACHE/root"
mkdir -p "$CACHE/tmp" "$CACHE/root"
# Root downloads into a directory the _apt sandbox user cannot write: say so instead of warning.
(cd "$CACHE/tmp" && apt-get download -qq -o APT::Sandbox::User=root "$KPKG" busybox-static >/dev/null) \
  || unavailable "apt-get download $KPKG busybox-static failed"

# Only what the guest needs from the ~400 MB kernel tree: the image, its config, modules.builtin,
# and the virtio / failover modules (plain .ko in Debian 12, .ko.xz in later releases).
dpkg-deb --fsys-tarfile "$CACHE"/tmp/linux-image-*.deb | tar -x -C "$CACHE/root" --wildcards \
  './boot/vmlinuz-*' './boot/config-*' './lib/modules/*/modules.builtin' \
  './lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/net/virtio_net.ko*' \
  './lib/modules/*/kernel/drivers/net/net_failover.ko*' './lib/modules/*/kernel/net/core/failover.ko*'
dpkg-deb --fsys-tarfile "$CACHE"/tmp/busybox-static_*.deb | tar -x -C "$CACHE/root" ./bin/busybox

# busybox insmod reads plain ELF: decompress on the host.
find "$CACHE/root/lib/modules" -name '*.ko.xz' -exec xz -d -f {} + 2>/dev/null || true
find "$CACHE/root/lib/modules" -name '*.ko.zst' -exec zstd -q -d --rm {} + 2>/dev/null || true

KERNEL="$(ls "$CACHE"/root/boot/vmlinuz-* | head -n1)"
CONFIG="$(ls "$CACHE"/root/boot/config-* | head -n1)"
MODULES="$(ls -d "$CACHE"/root/lib/modules/* | head -n1)"
rm -rf "$CACHE/tmp"
cat >"$ENV_FILE" <<EOF
# written by tb/linux-guest/fetch.sh
KERNEL_PACKAGE=$KPKG
KERNEL=$KERNEL
KERNEL_CONFIG=$CONFIG
MODULES=$MODULES
BUSYBOX=$CACHE/root/bin/busybox
EOF
echo "$ENV_FILE"
