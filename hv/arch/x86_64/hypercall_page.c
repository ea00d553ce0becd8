/* The hypercall page: one 32-byte syscall stub per hypercall, as Xen lays it out. */
#include <hv/lib.h>
#include <hv/pv_build.h>
#include <xen/xen.h>

/*
 * Stub i:  push %rcx; push %r11; mov $i,%eax; syscall; pop %r11; pop %rcx; ret
 * iret:    push %rcx; push %r11; push %rax; mov $23,%eax; syscall
 *          (never returns: the hypervisor resumes the frame on the stack)
 * The rest of each slot is int3, so a stray jump into it traps.
 */
void hypercall_page_fill(void *page)
{
    static const uint8_t stub[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0,
                                    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
    static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8,
                                    __HYPERVISOR_iret, 0, 0, 0, 0x0f, 0x05 };
    uint8_t *p = page;

    memset(page, 0xcc, 4096);
    for (uint32_t i = 0; i < 4096 / 32; i++, p += 32) {
        if (i == __HYPERVISOR_iret) {
            memcpy(p, iret, sizeof(iret));
            continue;
        }
        memcpy(p, stub, sizeof(stub));
        memcpy(p + 4, &i, 4);
    }
}
