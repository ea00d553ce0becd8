#!/usr/bin/env bash
# mkbad.sh: make the malformed modules the builder must reject, from a good image.
# usage: tests/bad/mkbad.sh OUTDIR GOOD.elf NONOTES.elf
set -euo pipefail
out=$1 good=$2 nonotes=$3
mkdir -p "$out"
printf 'this is a text file, not a kernel\n' > "$out/garbage.bin"
head -c 1024 "$good" > "$out/truncated.elf"
cp "$nonotes" "$out/nonotes.elf"
# same image, but built for an older Xen ABI than "xen-3.0"
perl -0777 -pe 's/xen-3\.0\0/xen-2.0\0/' "$good" > "$out/oldxen.elf"
# an ELF32 header: right magic, wrong class
perl -0777 -pe 'substr($_, 4, 1) = "\x01"' "$good" > "$out/elf32.elf"
# relocate OUT BASE [HCPAGE]: the good image with its Xen notes moved to
# virt_base BASE (hex): VIRT_BASE, ENTRY and HYPERCALL_PAGE keep their
# offsets from the base (PADDR_OFFSET stays: va = paddr + BASE - offset),
# or HYPERCALL_PAGE becomes HCPAGE (hex).  Sums wrap modulo 2^64.
relocate() {
    perl -0777 -e '
        use strict; use warnings; no warnings "portable"; use integer;
        my ($base, $hc) = (hex($ARGV[0]), $ARGV[1] ? hex($ARGV[1]) : undef);
        local $/; my $img = <STDIN>; my $old;
        # a "Xen" note: namesz 4, descsz 8, type, "Xen\0", an 8-byte number
        my $note = sub { qr/\x04\0\0\0\x08\0\0\0$_[0]\0\0\0Xen\0/s };
        $img =~ /${\ $note->("\x03")}(.{8})/s or die "no VIRT_BASE note\n";
        $old = unpack("q<", $1);
        for my $t (1, 2, 3) {           # ENTRY, HYPERCALL_PAGE, VIRT_BASE
            my $re = $note->(chr $t);
            $img =~ s/($re)(.{8})/$1 . pack("q<", $t == 2 && defined $hc
                ? $hc : unpack("q<", $2) - $old + $base)/se
                or die "no note of type $t\n";
        }
        print $img;' "$2" "${3:-}" < "$good" > "$out/$1"
}
# the image just below 2^47 (its 200 KiB fit), its p2m, tables, stack and
# padding run past it
relocate toplow.elf 7ffffff80000
# an image straddling 2^47
relocate straddle.elf 7ffffffff000
# near 2^64: the layout after the image wraps past 2^64
relocate wrap.elf fffffffffff00000
# a hypercall page in the last page below 2^64, outside the image
relocate hcwrap.elf fffffffffff00000 fffffffffffff000
