# Compiler flags, one set per trust domain: hv (ring 0), guests (ring 3 PV), host tools.

# Xen's public headers come from libxen-dev; build/sysinc/xen points at them so
# freestanding builds can use -nostdinc and still name <xen/xen.h>.
SYSINC      := $(O)/sysinc
GCC_INC     := $(shell gcc -print-file-name=include)
WARN        := -Wall -Wextra -Werror -Wno-unused-parameter
COMMON_CFLAGS := -std=gnu11 -O2 -g $(WARN) -MMD -MP -ffreestanding -nostdinc \
                 -fno-stack-protector \
                 -fno-asynchronous-unwind-tables -mno-red-zone \
                 -D__XEN_INTERFACE_VERSION__=0x00040e00 -Iinclude

# The hypervisor lives in Xen's reserved PML4 slots (0xffff83...), outside the
# +-2GiB reach of the small and kernel code models: compile position-independent
# so every reference is RIP-relative, then link at a fixed address.
HV_CFLAGS   := $(COMMON_CFLAGS) -isystem $(GCC_INC) -isystem $(SYSINC) -fpie \
               -fvisibility=hidden -mgeneral-regs-only \
               -fno-omit-frame-pointer -Ihv/include -Ihv/arch/x86_64/include
HV_LDFLAGS  := -nostdlib -static -no-pie -z max-page-size=4096 -z noexecstack \
               --no-warn-rwx-segments

# Guests run in ring 3 at low addresses; no red zone since the hypervisor
# pushes exception and event frames on the guest stack.  Their C library
# is newlib (built by make deps into build/newlib), whose headers come
# before the compiler's freestanding ones.
NEWLIB      := $(O)/newlib
# libos implements clock_gettime, nanosleep and the monotonic clock, which
# newlib's headers declare only where the target says so.
GUEST_CFLAGS := $(COMMON_CFLAGS) -isystem $(NEWLIB)/include -isystem $(GCC_INC) \
                -isystem $(SYSINC) -fno-pic -fno-pie -mcmodel=small -Ilibos/include \
                -D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L
GUEST_LIBS  := $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a \
               $(shell gcc -print-libgcc-file-name)
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
               -Ihv/arch/x86_64/include -D__XEN_INTERFACE_VERSION__=0x00040e00 \
               -MMD -MP -Ihv/include -Iinclude -DHOST_TEST \
               -fsanitize=address,undefined
