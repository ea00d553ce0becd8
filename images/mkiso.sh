#!/usr/bin/env bash
# mkiso.sh: pack hv.elf and the domains named by xl-style config files into a GRUB ISO.
#
# usage: images/mkiso.sh OUT.iso HV.elf DOMAIN.cfg...
# A config holds `key = value` lines (xl's spirit); the keys used are
#   name    = "hello1"        domain name (required)
#   kernel  = "hello"         an app name (build/apps/<app>/<app>.elf) or a file path
#   memory  = 4               MiB (optional; hv default 4)
#   maxmem  = 8               MiB the domain may grow to (optional; = memory)
#   weight  = 256             BVT CPU weight (optional; hv default 256)
#   cmdline = "a b c"         the guest's command line (optional)
# Each domain becomes one multiboot2 module with command line
#   <name> [memory=<MiB>] [maxmem=<MiB>] [weight=<n>] -- <cmdline>
# in config order; the first is domain 0.  HV_CMDLINE, if set, is the
# hypervisor's own command line.
# With DOM0=1, the ISO boots Xen's way: module 0 is our dom0 appliance
# (build/apps/dom0/dom0.elf, command line DOM0_CMDLINE), module 1 its
# initrd made by mkinitrd.sh from the configs (and any FILEs after "--"),
# dom0_mem=DOM0_MEM MiB (default 64); dom0 creates the domains.
# With XEN=1, HV.elf is real Xen (xen.gz) and the one config is its dom0:
# the module's command line is the config's cmdline alone, as Xen passes it
# to dom0's kernel, and memory sets dom0_mem.
set -euo pipefail

out=$1 hv=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d) log=$(mktemp)   # the log must live outside what is packed
trap 'rm -rf "$stage" "$log"' EXIT
mkdir -p "$stage/boot/grub"
cp "$hv" "$stage/boot/hv.elf"

# cfg_get FILE KEY: the value of KEY, quotes stripped; empty when absent.
cfg_get() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1 |
        sed 's/^"\(.*\)"[[:space:]]*$/\1/; s/^'"'"'\(.*\)'"'"'[[:space:]]*$/\1/'
}

if [ "${DOM0:-0}" = 1 ]; then
    "$root/images/mkinitrd.sh" "$stage/boot/initrd" "$@"
    cp "$root/build/apps/dom0/dom0.elf" "$stage/boot/dom0"
    cat > "$stage/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "hv" {
    multiboot2 /boot/hv.elf dom0_mem=${DOM0_MEM:-64}M ${HV_CMDLINE:-}
    module2 /boot/dom0 ${DOM0_CMDLINE:-}
    module2 /boot/initrd
    boot
}
CFG
    grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" "$stage" >"$log" 2>&1 ||
        { cat "$log" >&2; exit 1; }
    exit 0
fi

modules=""
n=0
for cfg in "$@"; do
    name=$(cfg_get "$cfg" name)
    kernel=$(cfg_get "$cfg" kernel)
    memory=$(cfg_get "$cfg" memory)
    cmdline=$(cfg_get "$cfg" cmdline)
    weight=$(cfg_get "$cfg" weight)
    maxmem=$(cfg_get "$cfg" maxmem)
    [ -n "$name" ] && [ -n "$kernel" ] || { echo "$cfg: needs name and kernel" >&2; exit 1; }
    case $kernel in
        */*) file=$kernel; [ -e "$file" ] || file=$(dirname "$cfg")/$kernel ;;
        *)   file=$root/build/apps/$kernel/$kernel.elf ;;
    esac
    [ -f "$file" ] || { echo "$cfg: kernel $file not found" >&2; exit 1; }
    cp "$file" "$stage/boot/mod$n"
    opts=${memory:+ memory=$memory}${maxmem:+ maxmem=$maxmem}${weight:+ weight=$weight}
    if [ "${XEN:-0}" = 1 ]; then
        modules+="    module2 /boot/mod$n $cmdline"$'\n'
        HV_CMDLINE="${HV_CMDLINE:-} dom0_mem=${memory:-32}M"
    else
        modules+="    module2 /boot/mod$n $name$opts -- $cmdline"$'\n'
    fi
    n=$((n + 1))
done

# our hypervisor boots these as boot-time domains (Xen's dom0 way is its default)
[ "${XEN:-0}" = 1 ] || HV_CMDLINE="boot=domains ${HV_CMDLINE:-}"

cat > "$stage/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "hv" {
    multiboot2 /boot/hv.elf ${HV_CMDLINE:-}
$modules    boot
}
CFG
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" "$stage" >"$log" 2>&1 ||
    { cat "$log" >&2; exit 1; }
