# Appliances: one folder per app, each linked with libos into build/apps/<app>/<app>.elf.

APPS := hello ttcp echo
APP_IMAGES := $(foreach a,$(APPS),$(O)/apps/$(a)/$(a).elf)

hello_SRCS := apps/hello/main.c
ttcp_SRCS := apps/ttcp/main.c apps/ttcp/ttcp.c
echo_SRCS := $(wildcard apps/echo/*.c)

$(foreach a,$(APPS),$(eval $(call guest_link,$(O)/apps/$(a)/$(a).elf,\
	$(patsubst %.c,$(O)/%.o,$($(a)_SRCS)),$(a))))

# apps on the network stack (net/build.mk)
$(eval $(call net_guest,$(O)/apps/ttcp/ttcp.elf,$(O)/apps/ttcp))
$(eval $(call net_guest,$(O)/apps/echo/echo.elf,$(O)/apps/echo))

image:  # APP=name or SRC=dir (mk/srcapp.mk)
	@$(image_check)
	$(Q)$(MAKE) --no-print-directory $(image_elf)

# dom0, the control domain: toolstack, xenstored, console backend, shell.
APPS += dom0
APP_IMAGES += $(O)/apps/dom0/dom0.elf
dom0_SRCS := $(wildcard apps/dom0/*.c apps/dom0/xenstored/*.c) images/xlcfg.c
# netback and the bridge (net/)
dom0_SRCS += net/netback.c net/netback_xs.c net/bridge.c
# domctl.h and sysctl.h are for tools: dom0 is one, everywhere (the guard
# must be set before the first <xen/xen.h>)
$(patsubst %.c,$(O)/%.o,$(dom0_SRCS)): GUEST_CFLAGS += -D__XEN_TOOLS__=1
$(eval $(call guest_link,$(O)/apps/dom0/dom0.elf,\
	$(patsubst %.c,$(O)/%.o,$(dom0_SRCS)),dom0))
