# The network stack: lwIP 2.1.3 (its sources in build/lwip, fetched by make
# deps) with our port, partially linked into one object that guests add.

LWIP_SRC := $(O)/lwip/src
# Where the port's headers (arch/, lwipopts.h), the POSIX socket headers
# and lwIP's are found; apps that use sockets compile with these.
NET_CFLAGS := -Inet/include -Inet/lwip/include -I$(LWIP_SRC)/include

# What lwipopts.h leaves enabled (files of features it turns off, such as
# DNS, DHCP or raw sockets, would compile to nothing).
LWIP_FILES := \
	core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c \
	core/memp.c core/netif.c core/pbuf.c core/sys.c core/tcp.c \
	core/tcp_in.c core/tcp_out.c core/timeouts.c core/udp.c \
	core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c \
	core/ipv4/ip4_frag.c core/ipv4/etharp.c netif/ethernet.c \
	api/api_lib.c api/api_msg.c api/err.c api/netbuf.c api/sockets.c \
	api/tcpip.c
LWIP_OBJS := $(patsubst %.c,$(O)/net/lwipsrc/%.o,$(LWIP_FILES))

NET_SRCS := \
	net/lwip/sys_arch.c \
	net/lwip/init.c \
	net/lwip/drain.c \
	net/lwip/sockets_fd.c \
	net/lwip/sockets_wait.c \
	net/lwip/vif.c \
	net/lwip/vif_link.c \
	net/netfront.c \
	net/netfront_xs.c
NET_OBJS := $(patsubst %.c,$(O)/%.o,$(NET_SRCS))

# lwIP's own sources, with our flags and warnings (2.1.3 builds clean).
$(O)/net/lwipsrc/%.o: $(LWIP_SRC)/%.c | $(SYSINC)/xen
	$(call quiet,CC,$<)mkdir -p $(@D) && \
		gcc $(GUEST_CFLAGS) $(NET_CFLAGS) -c $< -o $@

$(O)/net/%.o: GUEST_CFLAGS += $(NET_CFLAGS)

# One relocatable object: linked whole wherever it sits on a command line.
NET_O := $(O)/net/net.o
$(NET_O): $(LWIP_OBJS) $(NET_OBJS)
	$(call quiet,LD,$@)ld -r -o $@ $^

# net_guest(image, object folder): image links the stack, and the objects
# in its folder see the socket headers.  guest_link puts GUEST_LDFLAGS
# before everything, which is fine for an object (unlike an archive).
define net_guest
$(1): $(NET_O)
$(1): GUEST_LDFLAGS += $(NET_O)
$(2)/%.o: GUEST_CFLAGS += $(NET_CFLAGS)
endef

.PHONY: clean-net
clean: clean-net
clean-net:
	$(Q)rm -rf $(O)/net
