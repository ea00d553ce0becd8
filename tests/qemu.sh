#!/usr/bin/env bash
# qemu.sh: boot an ISO under QEMU with serial on stdout, under a timeout.
#
# usage: tests/qemu.sh TIMEOUT_SECONDS ISO [extra qemu args...]
# Exit status: QEMU's, i.e. (status << 1) | 1 from the hypervisor's
# isa-debug-exit write: 1 clean, 3 unclean, 5 panic; 124 on timeout.
# ACCEL=kvm selects KVM (default tcg); ICOUNT=1 adds deterministic icount.
set -u
t=$1 iso=$2
shift 2
accel=${ACCEL:-tcg}
cpu="max,-smap,-xsave"   # see DESIGN.md §6: SMAP and XSAVE misbehave under TCG here
args=(-accel "$accel" -cpu "$cpu" -m 512M -smp 1 -display none -no-reboot
      -serial stdio -monitor none -boot d -cdrom "$iso"
      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
[ "${ICOUNT:-0}" = 1 ] && args+=(-icount shift=0,align=off,sleep=off)
# --foreground keeps QEMU in our process group; -k reaps it if TERM is ignored
exec timeout --foreground -k 5 "$t" qemu-system-x86_64 "${args[@]}" "$@" </dev/null
