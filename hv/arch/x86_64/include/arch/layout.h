/* The hypervisor's virtual address layout inside Xen's reserved PML4 slots. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/*
 * Xen reserves PML4 slots 256..271 (HYPERVISOR_VIRT_START..END) in every PV
 * address space.  We use two of them, both present in every guest L4:
 *   slot 256  machine-to-phys table, read-only to guests (MACH2PHYS_VIRT_START)
 *   slot 262  direct map of all machine memory, supervisor only; the
 *             hypervisor image itself runs inside it (virt = phys + base).
 *   slot 263  vmap: frames mapped contiguously on demand, supervisor only.
 */
#define HV_SLOT_FIRST      256
#define HV_SLOT_LAST       271
#define HV_SLOT_M2P        256
#define HV_SLOT_DIRECTMAP  262
#define HV_SLOT_VMAP       263
#define HV_VMAP_BASE       0xffff838000000000
#define HV_DIRECTMAP_BASE  0xffff830000000000
#define HV_DIRECTMAP_SIZE  0x0000008000000000   /* one slot: 512 GiB */
#define HV_LOAD_PHYS       0x100000             /* where GRUB puts hv.elf */

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096UL
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#endif
