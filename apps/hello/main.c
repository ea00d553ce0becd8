/* hello: greets with its arguments and the facts of its domain's start_info. */
#include <libos/hypercall.h>
#include <libos/libos.h>

int main(int argc, char **argv)
{
    long ver = hypercall_xen_version(XENVER_version, 0);
    xen_extraversion_t extra;

    if (hypercall_xen_version(XENVER_extraversion, extra))
        extra[0] = 0;
    printf("Hello from %s!\n", argv[0]);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    printf("start_info: magic \"%s\", %lu pages (%lu KiB), cmd_line \"%s\"\n",
           start_info->magic, start_info->nr_pages, start_info->nr_pages * 4,
           (const char *)start_info->cmd_line);
    printf("start_info: pt_base 0x%lx, %lu pt frames, mfn_list 0x%lx\n",
           start_info->pt_base, start_info->nr_pt_frames,
           start_info->mfn_list);
    printf("running on Xen %ld.%ld%s\n", ver >> 16, ver & 0xffff, extra);
    return 0;
}
