/* The few ELF64 structures the hypervisor reads (no libc <elf.h> in hv). */
#ifndef HV_ELF64_H
#define HV_ELF64_H

#include <stdint.h>

#define ELFMAG0 0x7f
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};

struct elf64_note {
    uint32_t namesz, descsz, type;
};

#endif
