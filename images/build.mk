# Bootable ISOs: hv.elf plus the domains of a set of xl-style configs.

DEMO_CFGS := $(sort $(wildcard images/demo/*.cfg))
DEMO_ISO  := $(O)/images/demo.iso
QEMU_TIMEOUT ?= 60
ACCEL ?= tcg

$(DEMO_ISO): $(HV_ELF) $(APP_IMAGES) $(DEMO_CFGS) images/mkiso.sh
	$(call quiet,ISO,$@)mkdir -p $(@D) && images/mkiso.sh $@ $(HV_ELF) $(DEMO_CFGS)

iso: $(DEMO_ISO)

run:
	$(Q)command -v grub-mkrescue >/dev/null && test -f /usr/include/xen/xen.h || $(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory iso
	$(Q)ACCEL=$(ACCEL) tests/qemu.sh $(QEMU_TIMEOUT) $(DEMO_ISO); s=$$?; \
	case $$s in \
	1) echo "run: every domain shut down cleanly" ;; \
	3) echo "run: some domain crashed, was killed or was rejected"; exit 1 ;; \
	5) echo "run: the hypervisor panicked"; exit 1 ;; \
	124) echo "run: timed out after $(QEMU_TIMEOUT)s"; exit 1 ;; \
	*) echo "run: QEMU exited with status $$s"; exit 1 ;; \
	esac

# Boot the demo stopped at the first instruction, gdb stub on :1234:
#   gdb build/hv/hv.elf -ex 'target remote :1234'
run-gdb: iso
	$(Q)tests/qemu.sh 3600 $(DEMO_ISO) -s -S

# The config parser's host side, used by mkiso.sh and mkinitrd.sh; dom0
# links the same images/xlcfg.c.
XLCFG_TOOL := $(O)/host/images/xlcfg
$(XLCFG_TOOL): $(O)/host/images/xlcfg_tool.o $(O)/host/images/xlcfg.o
	$(call quiet,HOSTLD,$@)gcc $(HOST_CFLAGS) -o $@ $^
