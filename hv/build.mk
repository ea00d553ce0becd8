# The hypervisor: build/hv/hv.elf, a multiboot2 ELF64 for GRUB.

HV_ELF := $(O)/hv/hv.elf

HV_SRCS := \
	hv/arch/x86_64/boot.S \
	hv/arch/x86_64/entry.S \
	hv/arch/x86_64/desc.c \
	hv/arch/x86_64/traps.c \
	hv/arch/x86_64/serial.c \
	hv/arch/x86_64/power.c \
	hv/arch/x86_64/apic.c \
	hv/arch/x86_64/fpu.c \
	hv/arch/x86_64/paging.c \
	hv/arch/x86_64/guest_access.c \
	hv/arch/x86_64/pv_pagetables.c \
	hv/arch/x86_64/hypercall_page.c \
	hv/arch/x86_64/pv_traps.c \
	hv/arch/x86_64/hc_callbacks.c \
	hv/arch/x86_64/hc_cpu.c \
	hv/arch/x86_64/pv_mm.c \
	hv/arch/x86_64/pv_pt.c \
	hv/arch/x86_64/vmap.c \
	hv/lib/string.c \
	hv/lib/format.c \
	hv/lib/strutil.c \
	hv/main.c \
	hv/cmdline.c \
	hv/mb2.c \
	hv/console.c \
	hv/frame.c \
	hv/domain.c \
	hv/sched.c \
	hv/modcfg.c \
	hv/pv_image.c \
	hv/pv_layout.c \
	hv/builder.c \
	hv/hypercall.c \
	hv/hc_continue.c \
	hv/hc_console.c \
	hv/hc_version.c \
	hv/hc_sched.c \
	hv/hc_vcpu.c \
	hv/hc_evtchn.c \
	hv/hc_misc.c \
	hv/memory.c \
	hv/gnttab.c \
	hv/hc_gnttab.c \
	hv/domctl.c \
	hv/sysctl.c \
	hv/evtchn.c \
	hv/time.c \
	hv/pvclock.c \
	hv/bvt.c
HV_SRCS += hv/heap.c hv/evtchn_fifo.c hv/arch/x86_64/uaccess.S

HV_OBJS := $(patsubst %,$(O)/%.o,$(basename $(HV_SRCS)))

$(HV_ELF): $(HV_OBJS) hv/arch/x86_64/hv.ld
	$(call quiet,LD,$@)ld $(HV_LDFLAGS) -T hv/arch/x86_64/hv.ld -o $@ $(HV_OBJS)
# the hot path (entry, hypercall dispatch, events, scheduling) without frame pointers: 3 instructions a call (issue 9)
$(patsubst %,$(O)/hv/%.o,evtchn evtchn_fifo hc_evtchn sched hypercall hc_continue time arch/x86_64/traps arch/x86_64/pv_traps arch/x86_64/guest_access arch/x86_64/hc_callbacks): HV_CFLAGS += -fomit-frame-pointer
