#!/usr/bin/env bash
# mk/deps-lwip.sh: fetch the lwIP 2.1.3 sources from Debian's "lwip" source package into build/lwip/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

WANT=2.1.3
DEST=build/lwip
TMP=build/lwip-fetch.tmp
LOG=build/lwip-fetch.log
SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
SRC_LIST_CLASSIC=/etc/apt/sources.list.d/debian-src.list

if [ -f "$DEST/src/include/lwip/opt.h" ]; then
    echo "DEPS lwip $WANT -> $DEST (cached)"
    exit 0
fi

die() {
    [ -f "$LOG" ] && tail -n 20 "$LOG" >&2
    echo "DEPS error: lwip: $*" >&2
    exit 1
}

mkdir -p build
: >"$LOG"

have_lwip_src() {
    apt-cache showsrc lwip 2>/dev/null | grep -q '^Package: lwip$'
}

# True when some enabled apt source already has a deb-src entry.
have_deb_src() {
    grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
    grep -Eiqs '^Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources
}

# Write deb-src counterparts of the Debian archive entries apt already uses.
add_deb_src() {
    local f out
    # deb822 stanzas (Debian 12 default: debian.sources).  Keep only stanzas
    # of type "deb" that are not disabled, with their URIs/Suites/Components/
    # Signed-By (including multi-line values), and retype them as deb-src.
    out=$(for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            function flush() {
                if (isdeb && enabled && body != "") printf "Types: deb-src\n%s\n", body
                body = ""; isdeb = 0; enabled = 1; keep = 0
            }
            BEGIN { enabled = 1 }
            /^[[:space:]]*$/ { flush(); next }
            /^#/ { next }
            /^[[:space:]]/ { if (keep) body = body $0 "\n"; next }
            {
                key = tolower($1); sub(/:$/, "", key)
                keep = 0
                if (key == "types") { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
                else if (key == "enabled") { if (tolower($2) == "no") enabled = 0 }
                else if (key == "uris" || key == "suites" || key == "components" || key == "signed-by" || key == "architectures") {
                    keep = 1; body = body $0 "\n"
                }
            }
            END { flush() }
        ' "$f" | awk 'BEGIN { RS = ""; ORS = "\n\n" } /URIs:[^\n]*debian/'
    done)
    if [ -n "$out" ]; then
        printf '# deb-src entries added by mk/deps-lwip.sh (mirrors the deb entries)\n\n%s\n' "$out" >"$SRC_LIST"
        echo "DEPS lwip: added $SRC_LIST"
    fi
    # Classic one-line format.
    out=$(sed -nE 's/^[[:space:]]*deb([[:space:]].*debian.*)$/deb-src\1/p' /etc/apt/sources.list 2>/dev/null || true)
    if [ -n "$out" ]; then
        printf '# deb-src entries added by mk/deps-lwip.sh (mirrors /etc/apt/sources.list)\n%s\n' "$out" >"$SRC_LIST_CLASSIC"
        echo "DEPS lwip: added $SRC_LIST_CLASSIC"
    fi
}

if ! have_lwip_src; then
    have_deb_src || add_deb_src
    echo "DEPS lwip: apt-get update (for deb-src)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>"$LOG" 2>&1 || die "apt-get update failed"
    have_lwip_src || die "apt has no source package 'lwip' (no usable deb-src entry; see $SRC_LIST)"
fi

rm -rf "$TMP"
mkdir -p "$TMP"
# As root, apt warns that the download is unsandboxed (user _apt); that is harmless.
(cd "$TMP" && DEBIAN_FRONTEND=noninteractive apt-get source -q --download-only lwip) </dev/null >>"$LOG" 2>&1 \
    || die "apt-get source lwip failed (log: $LOG)"

dsc=$(ls "$TMP"/lwip_*.dsc 2>/dev/null | head -n1)
[ -n "$dsc" ] || die "no .dsc downloaded"
ver=$(sed -n 's/^Version:[[:space:]]*//p' "$dsc" | head -n1)   # e.g. 2.1.3+dfsg1-4
upstream=${ver#*:}; upstream=${upstream%-*}; upstream=${upstream%%+*}; upstream=${upstream%%~*}
[ "$upstream" = "$WANT" ] || die "Debian lwip source is version $ver, need $WANT"

# Unpack the upstream tree WITHOUT Debian's patches.  Debian's 'port' patch
# makes src/api/sockets.c use IP4ADDR_SOCKADDR_SET_LEN & co., which only its
# own POSIX/Hurd port defines, so the patched tree breaks any other port; the
# rest are a Hurd socket-count option, build files and a PPP/EAP CVE fix
# (PPP is not used here).  The "+dfsg1" orig tarball only lacks generated
# Doxygen output, so this is plain upstream 2.1.3.
(cd "$TMP" && dpkg-source --skip-patches -x "$(basename "$dsc")") </dev/null >>"$LOG" 2>&1 \
    || die "dpkg-source -x failed (log: $LOG)"

tree=$(find "$TMP" -mindepth 1 -maxdepth 1 -type d -name 'lwip-*' | head -n1)
[ -n "$tree" ] && [ -f "$tree/src/include/lwip/opt.h" ] || die "unpacked tree lacks src/include/lwip/opt.h"

# Cross-check the version macros of the tree itself.
init_h="$tree/src/include/lwip/init.h"
macro() { sed -nE "s/^#define[[:space:]]+$1[[:space:]]+([0-9]+).*/\1/p" "$init_h" | head -n1; }
tv="$(macro LWIP_VERSION_MAJOR).$(macro LWIP_VERSION_MINOR).$(macro LWIP_VERSION_REVISION)"
[ "$tv" = "$WANT" ] || die "lwip/init.h says version $tv, need $WANT"

rm -rf "$tree/debian"    # packaging only; its patches are deliberately not applied
rm -rf "$DEST"
mv "$tree" "$DEST"
rm -rf "$TMP"
echo "DEPS lwip $WANT -> $DEST (Debian $ver)"
