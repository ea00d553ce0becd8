# Appliances: one folder per app, each linked with libos into build/apps/<app>/<app>.elf.

APPS := hello
APP_IMAGES := $(foreach a,$(APPS),$(O)/apps/$(a)/$(a).elf)

hello_SRCS := apps/hello/main.c

$(foreach a,$(APPS),$(eval $(call guest_link,$(O)/apps/$(a)/$(a).elf,\
	$(patsubst %.c,$(O)/%.o,$($(a)_SRCS)),$(a))))

image:
	@test -n "$(APP)" || { echo "usage: make image APP=<name>"; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(O)/apps/$(APP)/$(APP).elf
