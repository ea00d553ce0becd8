#!/usr/bin/env bash
# mkiso.sh: pack hv.elf and the domains named by xl-style config files into a GRUB ISO.
#
# usage: images/mkiso.sh OUT.iso HV.elf DOMAIN.cfg... [-- FILE...]
# Configs are xl-style (images/xlcfg.h has the syntax and every key), e.g.
#   name    = "hello1"        domain name (required)
#   kernel  = "hello"         an app name (build/apps/<app>/<app>.elf) or,
#                             with a '/', a file path
#   memory  = 4               MiB (optional; default 4)
#   cmdline = "a 'b c' \$x"   the guest's argv[1..] (below)
# Each config is checked before anything is packed (images/cfgcheck.sh):
# it must parse, its kernel must exist and be an x86_64 ELF64 image, and
# the memory of all of them must fit the machine (MKISO_RAM_MB, default
# 512).  A refusal is one line "<file>:<line>: <reason>" and exit 1.
#
# The guest's command line: blanks separate arguments; '...' is literal;
# inside "..." and outside quotes a backslash takes the next character as
# it is; nothing is expanded ($, ;, *, ~ are ordinary characters).  GRUB
# would expand $ and cut at ';', so each argument is written into grub.cfg
# single-quoted; GRUB hands the module its arguments re-quoted ("..." around
# one with blanks, \ before \ ' "), which libos's split_args reads back to
# the same argv.  An empty argument ('') cannot pass through GRUB and is
# refused here.
#
# Modes:
# - default: boot-time domains ("boot=domains"); each config becomes one
#   multiboot2 module with command line
#     <name> [memory=<MiB>] [maxmem=<MiB>] [weight=<n>] -- <cmdline>
#   in config order; the first is domain 0.  FILEs are not allowed.
# - DOM0=1: Xen's way: module 0 is our dom0 appliance
#   (build/apps/dom0/dom0.elf, command line DOM0_CMDLINE), module 1 its
#   initrd made by mkinitrd.sh from the configs (and any FILEs after "--"),
#   dom0_mem=DOM0_MEM MiB (default 64); dom0 creates the domains.
# - XEN=1: HV.elf is real Xen (xen.gz) and the one config is its dom0: the
#   module's command line is the config's cmdline alone, as Xen passes it
#   to dom0's kernel, and memory sets dom0_mem.
# HV_CMDLINE, if set, is added to the hypervisor's own command line.
# MKISO_UNCHECKED=1 packs configs unchecked, values as written (tests of
# the hypervisor's own refusals).
set -euo pipefail

out=$1 hv=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/images/cfgcheck.sh"
cfgs=() files=()
for a in "$@"; do
    if [ "$a" = -- ]; then files+=(--); continue; fi
    if [ ${#files[@]} = 0 ]; then cfgs+=("$a"); else files+=("$a"); fi
done

stage=$(mktemp -d) log=$(mktemp)   # the log must live outside what is packed
trap 'rm -rf "$stage" "$log"' EXIT
mkdir -p "$stage/boot/grub"
cp "$hv" "$stage/boot/hv.elf"

# grub_quote WORD: WORD single-quoted for grub.cfg (' as '\''), so GRUB
# expands nothing in it.
grub_quote() {
    local q="'\\''"
    echo "'${1//\'/$q}'"
}

# grub_words CFG: the config's cmdline as single-quoted GRUB words.
grub_words() {
    local a words=""
    split_cmdline "$(cfg_get "$1" cmdline)" || true
    for a in "${ARGV[@]}"; do
        [ -n "$a" ] || cfg_die "$1:$(cfg_line "$1" cmdline): cmdline: an empty argument cannot pass through GRUB"
        words+=" $(grub_quote "$a")"
    done
    echo "${words# }"
}

# write_iso MULTIBOOT_ARGS MODULE_LINES: grub.cfg, then the ISO.
write_iso() {
    cat > "$stage/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "hv" {
    multiboot2 /boot/hv.elf $1
$2    boot
}
CFG
    grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" "$stage" >"$log" 2>&1 ||
        { cat "$log" >&2; exit 1; }
}

if [ "${DOM0:-0}" = 1 ]; then
    EXTRA_MB=${DOM0_MEM:-64} check_cfgs "${cfgs[@]}"
    "$root/images/mkinitrd.sh" "$stage/boot/initrd" "$@"
    cp "$root/build/apps/dom0/dom0.elf" "$stage/boot/dom0"
    write_iso "dom0_mem=${DOM0_MEM:-64}M ${HV_CMDLINE:-}" \
        "    module2 /boot/dom0 ${DOM0_CMDLINE:-}"$'\n'"    module2 /boot/initrd"$'\n'
    exit 0
fi

[ ${#files[@]} = 0 ] || { echo "mkiso.sh: FILEs after -- need DOM0=1" >&2; exit 1; }
check_cfgs "${cfgs[@]}"
modules="" n=0
for cfg in "${cfgs[@]}"; do
    name=$(cfg_get "$cfg" name)
    file=$(kernel_file "$cfg")
    words=$(grub_words "$cfg")
    cp "$file" "$stage/boot/mod$n"
    if [ "${XEN:-0}" = 1 ]; then
        modules+="    module2 /boot/mod$n $words"$'\n'
        HV_CMDLINE="${HV_CMDLINE:-} dom0_mem=$(cfg_get "$cfg" memory)M"
    else
        opts="" mem=$(cfg_get "$cfg" memory)
        m=$(cfg_get "$cfg" maxmem) w=$(cfg_get "$cfg" weight)
        [ -n "$mem" ] && opts+=" memory=$mem"
        [ -n "$m" ] && opts+=" maxmem=$m"
        [ -n "$w" ] && opts+=" weight=$w"
        modules+="    module2 /boot/mod$n $(grub_quote "$name")$opts -- $words"$'\n'
    fi
    n=$((n + 1))
done

# our hypervisor boots these as boot-time domains (Xen's dom0 way is its default)
[ "${XEN:-0}" = 1 ] || HV_CMDLINE="boot=domains ${HV_CMDLINE:-}"
write_iso "${HV_CMDLINE:-}" "$modules"
