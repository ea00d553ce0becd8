# One non-recursive build for the hypervisor, the library OS, the apps and the
# tests.  Each folder lists its objects in a build.mk that this file includes.
# Outputs go under build/, mirroring the source tree (build/hv/hv.elf, ...).

O        := build
V        ?= 0
ifeq ($(V),0)
Q        := @
quiet     = @printf '  %-7s %s\n' $(1) $(2);
else
Q        :=
quiet     =
endif

.DEFAULT_GOAL := all
.PHONY: all deps iso run run-gdb test bench clean help image unit-test

include mk/flags.mk
include mk/rules.mk
include hv/build.mk
include libos/build.mk
include net/build.mk
include apps/build.mk
include images/build.mk
include tests/build.mk

all: $(HV_ELF) $(APP_IMAGES) $(TEST_IMAGES) $(BAD_DIR)/.stamp

help:
	@echo "make deps       install Debian packages, fetch lwIP, build newlib (idempotent)"
	@echo "make            build build/hv/hv.elf and every app image build/apps/<app>/<app>.elf"
	@echo "make image APP=x  build one app image"
	@echo "make iso        build the demo GRUB ISO build/images/demo.iso"
	@echo "make run        build what is missing and boot the demo ISO under QEMU (TCG)"
	@echo "                ACCEL=kvm to use KVM; QEMU_TIMEOUT=secs (default 60)"
	@echo "make run-gdb    the same, stopped for gdb on :1234 (gdb build/hv/hv.elf)"
	@echo "make test       host unit tests and QEMU boot tests; last line 'N passed, N failed'"
	@echo "make bench      benchmarks under -icount shift=0; CSV in build/bench/results.csv"
	@echo "make clean      remove build outputs (keeps the cached newlib and lwIP)"
	@echo "V=1             show full commands"

deps:
	$(Q)bash mk/deps.sh

clean:
	$(Q)rm -rf $(O)/hv $(O)/libos $(O)/apps $(O)/images $(O)/tests $(O)/sysinc

-include $(shell find $(O) -name '*.d' 2>/dev/null)
