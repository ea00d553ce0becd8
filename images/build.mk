# Bootable ISOs: hv.elf plus the domains of a set of xl-style configs.

DEMO_CFGS := $(sort $(wildcard images/demo/*.cfg))
DEMO_ISO  := $(O)/images/demo.iso
QEMU_TIMEOUT ?= 60
ACCEL ?= tcg

# The demo, the Xen way: dom0 (the appliance in apps/dom0) creates each
# config's domain once (images/demo/run.rc), then powers off.
$(DEMO_ISO): $(HV_ELF) $(APP_IMAGES) $(DEMO_CFGS) images/demo/run.rc images/mkiso.sh images/cfgcheck.sh $(XLCFG_TOOL)
	$(call quiet,ISO,$@)mkdir -p $(@D) && DOM0=1 DOM0_CMDLINE="noauto script=run.rc" \
		images/mkiso.sh $@ $(HV_ELF) $(DEMO_CFGS) -- images/demo/run.rc

iso: $(DEMO_ISO)

# make run: the demo (a ttcp pair under the dom0 appliance); make run
# CFGS="a.cfg b.cfg": your configs the same way (dom0 knows each domain's
# exit status).  Both end with one line per domain (mk/run.sh); the exit
# status is 0 only when every domain exited 0.  MODE=boot boots your
# configs as boot-time domains instead.
RUN_CFGS := $(or $(CFGS),$(DEMO_CFGS))
RUN_MODE := $(or $(MODE),dom0)
export QEMU_TIMEOUT ACCEL PORT

run: $(HV_ELF) $(APP_IMAGES) $(XLCFG_TOOL) $(if $(CFGS)$(MODE),,$(DEMO_ISO))
	$(Q)RUN_ISO=$(if $(CFGS)$(MODE),,$(DEMO_ISO)) mk/run.sh $(RUN_MODE) $(RUN_CFGS)

# make run-gdb DOMAIN=name [CFGS=...]: QEMU stopped with its gdb stub on a
# free port (or PORT=), gdb with that guest's symbols (<image>.debug) and
# the hypervisor's, stopped at the guest's main in that domain.  Without
# DOMAIN: gdb on the hypervisor, stopped at its first instruction.
run-gdb: $(HV_ELF) $(APP_IMAGES) $(XLCFG_TOOL)
	$(Q)$(if $(DOMAIN),mk/run.sh gdb $(RUN_MODE) $(DOMAIN) $(RUN_CFGS),mk/run.sh gdb-hv $(RUN_MODE) $(RUN_CFGS))

# The config parser's host side, used by mkiso.sh and mkinitrd.sh; dom0
# links the same images/xlcfg.c.
XLCFG_TOOL := $(O)/host/images/xlcfg
$(XLCFG_TOOL): $(O)/host/images/xlcfg_tool.o $(O)/host/images/xlcfg.o
	$(call quiet,HOSTLD,$@)gcc $(HOST_CFLAGS) -o $@ $^
