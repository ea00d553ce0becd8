#!/usr/bin/env bash
# mkinitrd.sh: dom0's initrd, a cpio newc archive of domain configs and their
# kernels, in config order (dom0 creates them in that order).
#
# usage: images/mkinitrd.sh OUT.cpio [CFG...] [-- FILE...]
# Each CFG is checked (images/cfgcheck.sh: xlcfg's parse, an existing
# ELF64 kernel, a cmdline that splits) and packed as cfg/<file name>;
# its kernel (an app name: build/apps/<app>/<app>.elf, or a path with a '/',
# relative to the config's folder if not found as given) as kernel/<app>.elf or
# kernel/<basename>, which is where dom0's toolstack looks.  FILEs after
# "--" (scripts, extra configs dom0 only creates on request) go in as
# their basename; a FILE ending in .cfg goes under xcfg/ with its kernel.
set -euo pipefail

out=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/images/cfgcheck.sh"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/cfg" "$stage/kernel" "$stage/xcfg"
list=()

# add_kernel CFG: copy its kernel into the stage once
add_kernel() {
    local cfg=$1 kernel file dest
    kernel=$(cfg_get "$cfg" kernel)
    file=$(kernel_file "$cfg")
    check_elf "$cfg" "$file"
    case $kernel in
        */*) dest=kernel/$(basename "$kernel") ;;
        *)   dest=kernel/$kernel.elf ;;
    esac
    if [ ! -e "$stage/$dest" ]; then
        cp "$file" "$stage/$dest"
        list+=("$dest")
    fi
}

extra=0
for a in "$@"; do
    if [ "$a" = -- ]; then extra=1; continue; fi
    if [ $extra = 0 ] || [[ $a == *.cfg ]]; then
        cfg_check "$a"
        check_cmdline "$a"
        dir=$([ $extra = 0 ] && echo cfg || echo xcfg)
        cp "$a" "$stage/$dir/$(basename "$a")"
        list+=("$dir/$(basename "$a")")
        add_kernel "$a"
    else
        cp "$a" "$stage/$(basename "$a")"
        list+=("$(basename "$a")")
    fi
done
(cd "$stage" && printf '%s\n' "${list[@]}" | cpio -o -H newc --quiet) > "$out"
