/* The checked door to guest memory: walk the guest's page tables in software. */
#include <arch/cpu.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <xen/errno.h>

/*
 * Translate gva in the current vcpu's address space to a hypervisor pointer,
 * requiring present and user at every level (and writable for a write) and
 * refusing superpages and the hypervisor's slots.  NULL if not accessible.
 */
static void *guest_translate(uint64_t gva, int write)
{
    uint64_t need = PTE_P | PTE_US | (write ? PTE_RW : 0);
    pte_t e = current->cr3;

    if (gva >= HYPERVISOR_VIRT_START && gva < HYPERVISOR_VIRT_END)
        return NULL;
    if ((uint64_t)((int64_t)(gva << 16) >> 16) != gva)
        return NULL;                           /* not canonical */
    for (int lvl = 4; lvl >= 1; lvl--) {
        pte_t *table = mfn_to_virt(pte_mfn(e));
        e = table[pt_index(gva, lvl)];
        if ((e & need) != need || (lvl > 1 && (e & PTE_PSE)))
            return NULL;
        if (!frame_is_ram(pte_mfn(e)))
            return NULL;
    }
    return (uint8_t *)mfn_to_virt(pte_mfn(e)) + (gva & (PAGE_SIZE - 1));
}

int guest_va_to_mfn(uint64_t gva, int write, uint64_t *mfn)
{
    void *p = guest_translate(gva, write);

    if (!p)
        return -XEN_EFAULT;
    *mfn = virt_to_maddr(p) >> PAGE_SHIFT;
    return 0;
}

#define GUEST_HALF_END (1UL << 47)        /* the lower canonical half */

/* Copy len bytes between hv and guest, page by page (the slow door: kept
 * out of line so the fast one stays short). */
static __attribute__((noinline)) int guest_copy(void *hv, uint64_t gva, uint64_t len, int to_guest)
{
    uint8_t *p = hv;

    if (gva + len < gva)
        return -XEN_EFAULT;
    while (len) {
        uint64_t chunk = MIN(len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
        void *g = guest_translate(gva, to_guest);
        if (!g)
            return -XEN_EFAULT;
        if (to_guest)
            memcpy(g, p, chunk);
        else
            memcpy(p, g, chunk);
        p += chunk;
        gva += chunk;
        len -= chunk;
    }
    return 0;
}

/*
 * The fast door (uaccess.S): while the current vcpu's tables are loaded,
 * copy through the MMU itself, as Xen does; a range wholly in the guest's
 * half cannot reach the hypervisor's slots, and a fault is an -EFAULT.
 * Otherwise (another address space loaded) walk in software.
 */
long uaccess_copy(void *dst, const void *src, uint64_t len);

static bool mmu_usable(uint64_t gva, uint64_t len)
{
    return gva + len >= gva && gva + len <= GUEST_HALF_END &&
           current && read_cr3() == current->cr3;
}

int copy_from_guest(void *dst, uint64_t gva, uint64_t len)
{
    if (mmu_usable(gva, len))
        return uaccess_copy(dst, (const void *)gva, len) ? -XEN_EFAULT : 0;
    return guest_copy(dst, gva, len, 0);
}

int copy_to_guest(uint64_t gva, const void *src, uint64_t len)
{
    if (mmu_usable(gva, len))
        return uaccess_copy((void *)gva, src, len) ? -XEN_EFAULT : 0;
    return guest_copy((void *)src, gva, len, 1);
}
