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

# Every target that builds or boots needs what `make deps` provides
# (packages, lwIP, newlib): mk/deps.sh --check says so from its stamp, or
# names what is missing.  run, test and bench install it themselves.
DEPS_FREE    := deps clean help
DEPS_INSTALL := run run-gdb test bench
ifneq ($(filter-out $(DEPS_FREE),$(or $(MAKECMDGOALS),all)),)
ifneq ($(filter $(DEPS_INSTALL),$(MAKECMDGOALS)),)
DEPS_RC := $(shell bash mk/deps.sh --check 2>/dev/null || bash mk/deps.sh >&2; echo $$?)
else
DEPS_RC := $(shell bash mk/deps.sh --check >&2; echo $$?)
endif
ifneq ($(DEPS_RC),0)
$(error the build needs what 'make deps' provides (see above))
endif
endif

include mk/flags.mk
include mk/rules.mk
include hv/build.mk
include libos/build.mk
include net/build.mk
include apps/build.mk
include mk/srcapp.mk
include images/build.mk
include tests/build.mk

all: $(HV_ELF) $(APP_IMAGES) $(TEST_IMAGES) $(BAD_DIR)/.stamp $(XLCFG_TOOL)

help:
	@echo "make deps       install Debian packages, fetch lwIP, build newlib (idempotent);"
	@echo "                every other target checks that this was done"
	@echo "make            build build/hv/hv.elf and every app image build/apps/<app>/<app>.elf"
	@echo "make image APP=x  build one app image (make image APP=? lists them)"
	@echo "make image SRC=dir  an app from every .c/.S in dir -> build/apps/<dir>/<dir>.elf"
	@echo "                (CFLAGS=, LDLIBS= add flags and libraries; NET=1 links lwIP)"
	@echo "make iso        build the demo GRUB ISO build/images/demo.iso"
	@echo "make run        boot the demo under QEMU: dom0 and a ttcp pair (images/demo);"
	@echo "                ends with their throughput and one line per domain: outcome"
	@echo "make run CFGS=\"a.cfg b.cfg\"  boot your configs under the dom0 appliance, the same"
	@echo "                summary; exit status 0 only if every domain exited 0"
	@echo "                ACCEL=kvm to use KVM; QEMU_TIMEOUT=secs (default 60)"
	@echo "make run-gdb DOMAIN=name [CFGS=...] [PORT=n]  the same, QEMU's gdb stub on a"
	@echo "                free port, gdb with that guest's symbols stopped at its main"
	@echo "                (no DOMAIN: the hypervisor's symbols, stopped at its entry)"
	@echo "make test       host unit tests and QEMU boot tests; last line 'N passed, N failed'"
	@echo "make bench      benchmarks under -icount shift=0: build/bench/results.csv,"
	@echo "                report.md and PNG plots"
	@echo "make clean      remove build outputs (keeps the cached newlib and lwIP)"
	@echo "V=1             show full commands"
	@echo "MALLOC_CHECK=1  guests with a checking allocator (libos/malloc_check.c): overruns,"
	@echo "                double frees and writes after free end the guest with one line"

deps:
	$(Q)bash mk/deps.sh

clean:
	$(Q)rm -rf $(O)/hv $(O)/libos $(O)/apps $(O)/images $(O)/tests $(O)/sysinc

-include $(shell find $(O) -name '*.d' 2>/dev/null)
