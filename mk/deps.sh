#!/usr/bin/env bash
# mk/deps.sh: install the Debian packages the build needs, then fetch lwIP and build newlib into build/ (idempotent).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PKGS=(gcc binutils make qemu-system-x86 grub-pc-bin grub-common xorriso mtools
      libxen-dev newlib-source dpkg-dev xen-hypervisor-4.17-amd64 cpio)

# One dpkg-query call for all packages; unknown packages print nothing on stdout.
missing=()
status=$(dpkg-query -W -f='${Package} ${Status}\n' "${PKGS[@]}" 2>/dev/null || true)
for p in "${PKGS[@]}"; do
    grep -qx "$p install ok installed" <<<"$status" || missing+=("$p")
done

if ((${#missing[@]})); then
    mkdir -p build
    log=build/deps-apt.log
    echo "DEPS installing: ${missing[*]} (log: $log)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
            </dev/null >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "DEPS error: apt-get failed installing: ${missing[*]}" >&2
        exit 1
    fi
fi
echo "DEPS packages ok"

bash "$ROOT/mk/deps-lwip.sh"
bash "$ROOT/mk/deps-newlib.sh"
