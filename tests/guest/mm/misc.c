/* misc: vm_assist types and commands; multicall results, bad entries, nesting. */
#include "../check.h"
#include "mm_test.h"
#include "probe.h"

#define VA(i) (fx.va + (i) * PAGE)

static long vm_assist(unsigned cmd, unsigned type)
{
    return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static long multicall(multicall_entry_t *calls, unsigned n)
{
    return hypercall2(__HYPERVISOR_multicall, (uint64_t)calls, n);
}

static void assists(void)
{
    static const unsigned valid[] = {
        VMASST_TYPE_4gb_segments, VMASST_TYPE_4gb_segments_notify,
        VMASST_TYPE_writable_pagetables, VMASST_TYPE_pae_extended_cr3,
        VMASST_TYPE_architectural_iopl, VMASST_TYPE_runstate_update_flag,
        VMASST_TYPE_m2p_strict,
    };
    char name[80];

    for (unsigned i = 0; i < NR(valid); i++) {
        snprintf(name, sizeof(name), "vm_assist: enable type %u", valid[i]);
        CHECK_EQ(name, vm_assist(VMASST_CMD_enable, valid[i]), 0);
        snprintf(name, sizeof(name), "vm_assist: disable type %u", valid[i]);
        CHECK_EQ(name, vm_assist(VMASST_CMD_disable, valid[i]), 0);
    }
    CHECK_EQ("vm_assist: type 6", vm_assist(VMASST_CMD_enable, 6),
             -XEN_EINVAL);
    CHECK_EQ("vm_assist: type 31", vm_assist(VMASST_CMD_enable, 31),
             -XEN_EINVAL);
    CHECK_EQ("vm_assist: type 64", vm_assist(VMASST_CMD_enable, 64),
             -XEN_EINVAL);
    CHECK_EQ("vm_assist: command 2", vm_assist(2, VMASST_TYPE_m2p_strict),
             -XEN_ENOSYS);
}

/* Xen emulates a guest's write to its own L1 entry (ptwr) once the guest
 * asked for writable_pagetables: clear RW in VA(2)'s entry in place. */
static void writable_pagetables(void)
{
    uint64_t l1 = (mm_entry(VA(2), 2) & MM_PTE_ADDR) >> 12;
    uint8_t *entry = (uint8_t *)mm_pfn_to_va(mm_mfn_to_pfn(l1)) +
                     ((VA(2) >> 12) & 511) * 8;

    mmu1(l1_maddr(VA(2)), pte(fx.mfn[2], RW_FLAGS));
    CHECK_EQ("vm_assist: enable writable_pagetables",
             vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
             0);
    /* Deviation from Xen: the assist is accepted but not emulated, so a
     * direct write to a page table still faults and changes nothing */
    CHECK_EQ("writable_pagetables: a direct write to an L1 entry faults",
             probe_write(entry, (uint8_t)(RW_FLAGS & ~MM_PTE_RW)), 1);
    CHECK_TRUE("writable_pagetables: ... and the entry is unchanged",
               mm_entry(VA(2), 1) & MM_PTE_RW);
    vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables);
}

static void multicalls(void)
{
    mmu_update_t u = { l1_maddr(VA(1)), pte(fx.mfn[1], RW_FLAGS) };
    multicall_entry_t mc[] = {
        { .op = __HYPERVISOR_xen_version, .args = { XENVER_version } },
        { .op = 63 },                                       /* no such call */
        { .op = __HYPERVISOR_vm_assist, .args = { VMASST_CMD_enable, 6 } },
        { .op = __HYPERVISOR_update_va_mapping,
          .args = { VA(0), pte(fx.mfn[0], RW_FLAGS), UVMF_INVLPG } },
        { .op = __HYPERVISOR_mmu_update,
          .args = { (uint64_t)&u, 1, 0, DOMID_SELF } },
        { .op = __HYPERVISOR_multicall, .args = { (uint64_t)mc, 1 } },
    };
    multicall_entry_t iret = { .op = __HYPERVISOR_iret };

    mmu1(l1_maddr(VA(0)), 0);
    mmu1(l1_maddr(VA(1)), 0);
    for (unsigned i = 0; i < NR(mc); i++)
        mc[i].result = 0x5555;
    CHECK_EQ("multicall of 6", multicall(mc, NR(mc)), 0);
    CHECK_EQ("multicall: xen_version result", mc[0].result,
             hypercall_xen_version(XENVER_version, 0));
    CHECK_EQ("multicall: unknown hypercall", (long)mc[1].result, -XEN_ENOSYS);
    CHECK_EQ("multicall: a failing vm_assist", (long)mc[2].result,
             -XEN_EINVAL);
    CHECK_EQ("multicall: update_va_mapping after the bad ones", mc[3].result,
             0);
    CHECK_TRUE("multicall: ... mapped its page", mm_entry(VA(0), 1) & 1);
    CHECK_EQ("multicall: mmu_update", mc[4].result, 0);
    CHECK_TRUE("multicall: ... mapped its page", mm_entry(VA(1), 1) & 1);
    CHECK_EQ("multicall: nested multicall", (long)mc[5].result, -XEN_EINVAL);
    iret.result = 0;
    CHECK_EQ("multicall: with iret", multicall(&iret, 1), 0);
    CHECK_TRUE("multicall: iret refused", (long)iret.result < 0);
    CHECK_EQ("multicall: no entries", multicall(mc, 0), 0);
    CHECK_EQ("multicall: unreadable list",
             multicall((multicall_entry_t *)VA(4), 1), -XEN_EFAULT);
}

void misc_check(void)
{
    assists();
    writable_pagetables();
    multicalls();
}

CHECK_PART(misc)
