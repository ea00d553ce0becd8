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
