# Pattern rules: one compile rule per trust domain, all writing under $(O).

$(SYSINC)/xen:
	$(Q)mkdir -p $(SYSINC)
	$(Q)test -f /usr/include/xen/xen.h || { echo "libxen-dev missing: run 'make deps'"; exit 1; }
	$(Q)ln -sfn /usr/include/xen $@

$(O)/hv/%.o: hv/%.c | $(SYSINC)/xen
	$(call quiet,CC,$<)mkdir -p $(@D) && gcc $(HV_CFLAGS) -c $< -o $@
$(O)/hv/%.o: hv/%.S | $(SYSINC)/xen
	$(call quiet,AS,$<)mkdir -p $(@D) && gcc $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(O)/%.o: %.c | $(SYSINC)/xen
	$(call quiet,CC,$<)mkdir -p $(@D) && gcc $(GUEST_CFLAGS) -c $< -o $@
$(O)/%.o: %.S | $(SYSINC)/xen
	$(call quiet,AS,$<)mkdir -p $(@D) && gcc $(GUEST_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(O)/host/%.o: %.c
	$(call quiet,HOSTCC,$<)mkdir -p $(@D) && gcc $(HOST_CFLAGS) -c $< -o $@
