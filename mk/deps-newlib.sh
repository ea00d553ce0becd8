#!/usr/bin/env bash
# mk/deps-newlib.sh: build newlib 3.3.0 (Debian newlib-source) for the freestanding x86_64 guest into build/newlib/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

WANT=3.3.0
DEST=build/newlib
WORK=build/newlib-work
LOG=build/newlib-build.log

if [ -f "$DEST/lib/libc.a" ]; then
    echo "DEPS newlib $WANT -> $DEST (cached)"
    exit 0
fi

die() {
    if [ -s "$LOG" ]; then
        echo "---- tail of $LOG ----" >&2
        tail -n 40 "$LOG" >&2
        echo "----" >&2
    fi
    echo "DEPS error: newlib: $*" >&2
    exit 1
}

shopt -s nullglob
tarballs=(/usr/src/newlib/newlib-*.tar.xz)
shopt -u nullglob
((${#tarballs[@]} == 1)) || die "expected one /usr/src/newlib/newlib-*.tar.xz (package newlib-source), found ${#tarballs[@]}"
tarball=${tarballs[0]}
ver=$(basename "$tarball" .tar.xz); ver=${ver#newlib-}
[ "$ver" = "$WANT" ] || die "$tarball is version $ver, need $WANT"

GCCINC=$(gcc -print-file-name=include)
[ -f "$GCCINC/stddef.h" ] || die "cannot find gcc's own headers (got '$GCCINC')"

# Code generation for guest code: ring 3 of a PV domain, static, non-PIC at
# low addresses, no red zone (the hypervisor pushes exception frames on the
# guest stack), no stack protector, no unwind tables; the .S files get a
# non-executable-stack note.  -nostdinc plus gcc's own include dir (searched
# after the newlib -isystem dirs that the newlib build adds itself) keeps the
# host's glibc headers out of the build.
# -UMISSING_SYSCALL_NAMES: configure.host adds -DMISSING_SYSCALL_NAMES for
# targets it does not know (x86_64-elf among them), which would make
# _write_r call write(), _sbrk_r call sbrk(), ...; undefining it (our CFLAGS
# come after newlib's own) keeps the usual libgloss-style names _write,
# _sbrk, _close, ... for the system layer the libos provides, leaving the
# plain POSIX names free.
TARGET_CFLAGS="-UMISSING_SYSCALL_NAMES -Wa,--noexecstack -O2 -g0 -ffreestanding -nostdinc -isystem $GCCINC -fno-pic -fno-pie -mcmodel=small -mno-red-zone -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables"

step() { echo "DEPS newlib: $*"; }
rm -rf "$WORK" "$DEST.tmp"
mkdir -p "$WORK/src" "$WORK/obj"
: >"$LOG"
t0=$SECONDS

step "unpack $(basename "$tarball")"
tar -xJf "$tarball" -C "$WORK/src" --strip-components=1 >>"$LOG" 2>&1 || die "unpack failed"

step "configure (target x86_64-elf, host gcc)"
(
    cd "$WORK/obj"
    ../src/configure \
        --prefix="$ROOT/$WORK/inst" \
        --target=x86_64-elf \
        --disable-multilib \
        --disable-nls \
        --disable-newlib-supplied-syscalls \
        --enable-newlib-io-long-long \
        --enable-newlib-io-c99-formats \
        CC_FOR_TARGET=gcc AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld \
        RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm \
        OBJDUMP_FOR_TARGET=objdump OBJCOPY_FOR_TARGET=objcopy STRIP_FOR_TARGET=strip \
        READELF_FOR_TARGET=readelf \
        CFLAGS_FOR_TARGET="$TARGET_CFLAGS"
) </dev/null >>"$LOG" 2>&1 || die "configure failed (log: $LOG)"

step "build (make -j2 all-target-newlib; a few minutes)"
make -C "$WORK/obj" -j2 MAKEINFO=true all-target-newlib </dev/null >>"$LOG" 2>&1 \
    || die "build failed (log: $LOG)"

step "install"
make -C "$WORK/obj" MAKEINFO=true install-target-newlib </dev/null >>"$LOG" 2>&1 \
    || die "install failed (log: $LOG)"

# Flatten <prefix>/x86_64-elf/{include,lib} into build/newlib/{include,lib};
# libc.a is the cache marker, so it only appears once everything is in place.
inst="$WORK/inst/x86_64-elf"
[ -f "$inst/include/stdio.h" ] && [ -f "$inst/lib/libc.a" ] && [ -f "$inst/lib/libm.a" ] \
    || die "install tree $inst lacks include/stdio.h, lib/libc.a or lib/libm.a"
mkdir -p "$DEST.tmp"
cp -a "$inst/include" "$DEST.tmp/include"
cp -a "$inst/lib" "$DEST.tmp/lib"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
rm -rf "$WORK"
echo "DEPS newlib $WANT -> $DEST ($((SECONDS - t0))s, log: $LOG)"
