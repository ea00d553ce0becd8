# Appliances: one folder per app, each linked with libos into build/apps/<app>/<app>.elf.

APPS := hello ttcp
APP_IMAGES := $(foreach a,$(APPS),$(O)/apps/$(a)/$(a).elf)

hello_SRCS := apps/hello/main.c
ttcp_SRCS := apps/ttcp/main.c apps/ttcp/ttcp.c

$(foreach a,$(APPS),$(eval $(call guest_link,$(O)/apps/$(a)/$(a).elf,\
	$(patsubst %.c,$(O)/%.o,$($(a)_SRCS)),$(a))))

# apps on the network stack (net/build.mk)
$(eval $(call net_guest,$(O)/apps/ttcp/ttcp.elf,$(O)/apps/ttcp))

image:
	@test -n "$(APP)" || { echo "usage: make image APP=<name>"; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(O)/apps/$(APP)/$(APP).elf
