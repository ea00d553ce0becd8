# `make image`: one app image, from apps/ (APP=name) or from any folder
# (SRC=path/to/dir: every .c and .S there, linked with libos and newlib into
# build/apps/<dir>/<dir>.elf, its symbols in <dir>.elf.debug beside it).
#   CFLAGS=...  more flags for the app's own files (-I, -D, -O ...)
#   LDLIBS=...  more archives or objects to link (after the app's objects)
#   NET=1       link the network stack (lwIP, BSD sockets); by default on
#               when a source includes <sys/socket.h>, <netinet/...>,
#               <arpa/inet.h> or <lwip/...>; NET=0 forces it off
# apps/build.mk's image rule runs $(image_check), then builds $(image_elf).

ifneq ($(SRC),)
SRC_DIR   := $(patsubst %/,%,$(SRC))
SRC_NAME  := $(notdir $(abspath $(SRC_DIR)))
SRC_OUT   := $(O)/apps/$(SRC_NAME)
SRC_FILES := $(sort $(wildcard $(SRC_DIR)/*.c $(SRC_DIR)/*.S))
# main.c -> main.c.o, so a.c and a.S may live side by side
SRC_OBJS  := $(patsubst %,$(SRC_OUT)/src/%.o,$(notdir $(SRC_FILES)))
SRC_ELF   := $(SRC_OUT)/$(SRC_NAME).elf
NET ?= $(if $(shell grep -lE '^[[:space:]]*\#[[:space:]]*include[[:space:]]*<(sys/socket|netinet/|arpa/inet|lwip/)' $(SRC_FILES) 2>/dev/null),1,0)

$(SRC_OUT)/src/%.c.o: $(SRC_DIR)/%.c | $(SYSINC)/xen
	$(call quiet,CC,$<)mkdir -p $(@D) && gcc $(GUEST_CFLAGS) -I$(SRC_DIR) $(CFLAGS) -c $< -o $@
$(SRC_OUT)/src/%.S.o: $(SRC_DIR)/%.S | $(SYSINC)/xen
	$(call quiet,AS,$<)mkdir -p $(@D) && gcc $(GUEST_CFLAGS) -I$(SRC_DIR) $(CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# LDLIBS go with newlib's archives (guest_link reads GUEST_LIBS when called)
SRC_SAVED_LIBS := $(GUEST_LIBS)
GUEST_LIBS := $(LDLIBS) $(GUEST_LIBS)
$(eval $(call guest_link,$(SRC_ELF),$(SRC_OBJS),$(SRC_NAME)))
GUEST_LIBS := $(SRC_SAVED_LIBS)
ifeq ($(NET),1)
$(eval $(call net_guest,$(SRC_ELF),$(SRC_OUT)/src))
endif
endif

image_elf = $(if $(SRC),$(SRC_ELF),$(O)/apps/$(APP)/$(APP).elf)

define image_check
if [ -n "$(SRC)" ]; then \
    [ -d "$(SRC)" ] || { echo "make image: SRC=$(SRC): no such folder"; exit 2; }; \
    [ -n "$(SRC_FILES)" ] || { echo "make image: SRC=$(SRC): no .c or .S files in it"; exit 2; }; \
    case " $(APPS) " in *" $(SRC_NAME) "*) \
        echo "make image: SRC=$(SRC): '$(SRC_NAME)' is an app in apps/ already; rename the folder"; \
        exit 2 ;; esac; \
elif [ -z "$(APP)" ]; then \
    echo "usage: make image APP=<name> | make image SRC=path/to/dir"; \
    echo "apps: $(APPS)"; exit 2; \
else \
    case " $(APPS) " in *" $(APP) "*) ;; *) \
        echo "make image: no app '$(APP)'. Apps: $(APPS)."; \
        echo "An app outside the tree: make image SRC=path/to/dir (every .c/.S in it)."; \
        echo "To add one to the tree: apps/<name>/ with its sources, and in apps/build.mk"; \
        echo "'APPS += <name>' and '<name>_SRCS := apps/<name>/main.c ...'."; \
        exit 2 ;; esac; \
fi
endef
