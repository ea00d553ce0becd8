# Tests: guest images for conformance and adversarial tests, host unit tests, runners.

# Every tests/{guest,bad,bench}/<name>/main.c is a test guest image.
TEST_GUESTS := $(patsubst tests/%/main.c,%,$(wildcard tests/guest/*/main.c \
                 tests/bad/*/main.c tests/bench/*/main.c))
TEST_IMAGES := $(foreach t,$(TEST_GUESTS),$(O)/tests/$(t)/$(notdir $(t)).elf)

# objects: every .c and .S file in the guest's folder
$(foreach t,$(TEST_GUESTS),$(eval $(call guest_link,$(O)/tests/$(t)/$(notdir $(t)).elf,\
	$(patsubst %,$(O)/%.o,$(basename $(wildcard tests/$(t)/*.c tests/$(t)/*.S))),$(notdir $(t)))))

# Malformed modules for the builder's rejection test.
BAD_DIR := $(O)/tests/bad/modules
$(O)/tests/bad/nonotes.elf: $(O)/tests/bad/nonotes.o
	$(call quiet,LD,$@)ld $(GUEST_LDFLAGS) -Ttext=0x400000 -o $@ $<
$(BAD_DIR)/.stamp: tests/bad/mkbad.sh $(O)/apps/hello/hello.elf $(O)/tests/bad/nonotes.elf
	$(call quiet,GEN,$(BAD_DIR))tests/bad/mkbad.sh $(BAD_DIR) $(O)/apps/hello/hello.elf \
		$(O)/tests/bad/nonotes.elf && touch $@

# Host unit tests: tests/unit/units.mk lists each with the hv sources it covers.
include tests/unit/units.mk
UNIT_BINS := $(foreach t,$(UNIT_TESTS),$(O)/host/tests/unit/test_$(t))

define unit_test
$(O)/host/tests/unit/test_$(1): $(patsubst %.c,$(O)/host/%.o,tests/unit/test_$(1).c \
		tests/unit/host_stubs.c $(unit_$(1)_SRCS))
	$$(call quiet,HOSTLD,$$@)gcc $$(HOST_CFLAGS) -o $$@ $$^
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test,$(t))))

# the ISO tools check configs with the host side of the config parser
TEST_DEPS := $(HV_ELF) $(APP_IMAGES) $(TEST_IMAGES) $(BAD_DIR)/.stamp $(UNIT_BINS) \
             $(XLCFG_TOOL)

unit-test: $(UNIT_BINS)
	$(Q)tests/run.sh --unit-only

bench:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) -s --no-print-directory $(HV_ELF) $(APP_IMAGES) $(TEST_IMAGES) $(XLCFG_TOOL)
	$(Q)tests/bench/run.sh

test:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory $(TEST_DEPS)
	$(Q)tests/run.sh

# test_format exercises snprintf's truncation on purpose
$(O)/host/tests/unit/test_format.o: HOST_CFLAGS += -fno-builtin -Wno-format-truncation

# the lifecycle guest carries the child's image
$(O)/tests/guest/lifecycle/image.o: $(O)/tests/guest/child/child.elf
$(O)/tests/bench/mm/image.o: $(O)/tests/guest/child/child.elf

# guests on the network stack (net/build.mk)
$(eval $(call net_guest,$(O)/tests/guest/loopback/loopback.elf,\
	$(O)/tests/guest/loopback))
$(O)/tests/bench/density/image.o: $(O)/tests/bench/echo/echo.elf
# the buildbad guest (domain 0) carries the child's image to corrupt
$(O)/tests/bad/buildbad/image.o: $(O)/tests/guest/child/child.elf
