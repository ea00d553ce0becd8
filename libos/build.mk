# The library OS every guest links: build/libos/libos.a and the guest link rule.

LIBOS_A  := $(O)/libos/libos.a
LIBOS_LD := libos/arch/x86_64/libos.ld
LIBOS_SRCS := \
	libos/arch/x86_64/entry.S \
	libos/arch/x86_64/notes.S \
	libos/arch/x86_64/traps.S \
	libos/start.c \
	libos/traps.c \
	libos/events.c \
	libos/time.c \
	libos/mm.c \
	libos/gnttab.c \
	libos/mapslot.c \
	libos/console.c \
	libos/control.c \
	libos/console_ring.c \
	libos/xenbus.c \
	libos/xenbus_ops.c \
	libos/xenbus_xact.c \
	libos/xenbus_watch.c \
	libos/xenbus_ring.c \
	libos/xenbus_state.c \
	libos/fd.c \
	libos/syscalls.c \
	libos/heap.c \
	libos/thread.c \
	libos/stack.c \
	libos/arch/x86_64/switch.S
# make MALLOC_CHECK=1: every guest with the checking allocator (malloc_check.c)
ifneq ($(MALLOC_CHECK),)
LIBOS_SRCS += libos/malloc_check.c
GUEST_LDFLAGS += $(foreach f,_malloc_r _free_r _calloc_r _realloc_r,--wrap=$(f))
endif
LIBOS_OBJS := $(patsubst %,$(O)/%.o,$(basename $(LIBOS_SRCS)))

# A stamp per MALLOC_CHECK setting: switching it rebuilds the archive and
# so relinks every guest.
LIBOS_MODE := $(O)/libos/.malloc-check-$(if $(MALLOC_CHECK),on,off)
$(LIBOS_MODE):
	$(Q)mkdir -p $(@D) && rm -f $(O)/libos/.malloc-check-* && touch $@

$(LIBOS_A): $(LIBOS_OBJS) $(LIBOS_MODE)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $(filter %.o,$^)

# guest_link(image, objects, app name): link an app with libos and newlib
# (libc, libm, libgcc) into a PV image; <image>.debug keeps the symbols
# and debug information (addr2line, gdb), the image itself has none.
define guest_link
$(1): $(2) $(LIBOS_A) $(LIBOS_LD) $(basename $(1)).name.o
	$$(call quiet,LD,$$@)ld $$(GUEST_LDFLAGS) -T $(LIBOS_LD) -o $$@.debug \
		$(2) $(basename $(1)).name.o --whole-archive $(LIBOS_A) --no-whole-archive \
		--start-group $(GUEST_LIBS) --end-group && \
		objcopy --strip-debug $$@.debug $$@
$(basename $(1)).name.o:
	$$(Q)mkdir -p $$(@D) && printf 'const char libos_app_name[] = "%s";\n' $(3) | \
		gcc $$(GUEST_CFLAGS) -x c -c - -o $$@
endef
