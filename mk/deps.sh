#!/usr/bin/env bash
# mk/deps.sh: install the Debian packages the build needs, then fetch lwIP and build newlib into build/ (idempotent).
#
# usage: mk/deps.sh           install what is missing, then write the stamp
#        mk/deps.sh --check   exit 0 if everything is there (writing the
#                             stamp), else name what is missing and exit 1
# The stamp, build/.deps-ok, says that everything this script provides is
# in place; the Makefile checks it (and the files it lists) before any
# target that builds or boots.  It is stale once this script changes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# gnuplot-nox: the benchmark plots (tests/bench/run.sh)
PKGS=(gcc binutils make qemu-system-x86 grub-pc-bin grub-common xorriso mtools
      libxen-dev newlib-source dpkg-dev xen-hypervisor-4.17-amd64 cpio
      gnuplot-nox)
STAMP=build/.deps-ok
# What the fetch and build steps leave, each checked by the stamp's reader.
FILES=(build/lwip/src/include/lwip/opt.h build/newlib/lib/libc.a
       build/newlib/include/stdio.h /usr/include/xen/xen.h
       /usr/lib/grub/i386-pc/multiboot2.mod /boot/xen-4.17-amd64.gz)

# The stamp's fast path: fresher than these scripts, and every file there.
if [ "${1:-}" = --check ] && [ "$STAMP" -nt mk/deps.sh ] &&
   [ "$STAMP" -nt mk/deps-lwip.sh ] && [ "$STAMP" -nt mk/deps-newlib.sh ]; then
    ok=1
    for f in "${FILES[@]}"; do [ -e "$f" ] || ok=0; done
    ((ok)) && exit 0
fi

# One dpkg-query call for all packages; unknown packages print nothing on stdout.
missing=()
status=$(dpkg-query -W -f='${Package} ${Status}\n' "${PKGS[@]}" 2>/dev/null || true)
for p in "${PKGS[@]}"; do
    grep -qx "$p install ok installed" <<<"$status" || missing+=("$p")
done

write_stamp() {
    mkdir -p build
    { echo "# written by mk/deps.sh: packages, lwIP and newlib in place"
      printf '%s\n' "${PKGS[@]}" "${FILES[@]}"; } > "$STAMP"
}

if [ "${1:-}" = --check ]; then
    for f in "${FILES[@]}"; do
        [ -e "$f" ] || missing+=("$f")
    done
    if ((${#missing[@]})); then
        echo "deps: missing ${missing[*]}: run 'make deps' (as root)" >&2
        exit 1
    fi
    write_stamp
    exit 0
fi

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
write_stamp
