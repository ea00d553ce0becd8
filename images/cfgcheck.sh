# cfgcheck.sh: build-time checks of domain configs, sourced by mkiso.sh and
# mkinitrd.sh.  Every refusal is one line "<file>:<line>: <reason>" on
# stderr and exit 1; the parsing itself is images/xlcfg.c's (the one parser,
# which dom0 links too), through its host tool build/host/images/xlcfg.
#
# The caller sets root (the tree).  MKISO_UNCHECKED=1 skips the checks (for
# tests that boot broken configs on purpose to test the hypervisor's own
# refusals): values are then read as written.

xlcfg=$root/build/host/images/xlcfg

cfg_die() {
    echo "$*" >&2
    exit 1
}

# cfg_line CFG KEY: the line KEY is set on (1 if absent), for messages.
cfg_line() {
    local n
    n=$(grep -n -m1 -E "^[[:space:]]*$2[[:space:]]*=" "$1" | cut -d: -f1)
    echo "${n:-1}"
}

# cfg_raw CFG KEY: the value as written, quotes stripped (unchecked mode).
cfg_raw() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1 |
        sed 's/[[:space:]]*#.*$//; s/^"\(.*\)"[[:space:]]*$/\1/; s/^'"'"'\(.*\)'"'"'[[:space:]]*$/\1/'
}

# cfg_check CFG: parse it with xlcfg; its errors name file:line and why.
cfg_check() {
    [ -x "$xlcfg" ] || cfg_die "$xlcfg missing: run 'make' first"
    [ -f "$1" ] || cfg_die "$1: no such config"
    [ "${MKISO_UNCHECKED:-0}" = 1 ] && return 0
    "$xlcfg" check "$1" || exit 1
}

# cfg_get CFG KEY: a parsed value (xlcfg get), or as written if unchecked.
cfg_get() {
    if [ "${MKISO_UNCHECKED:-0}" = 1 ]; then
        cfg_raw "$1" "$2"
    else
        "$xlcfg" get "$1" "$2"
    fi
}

# known_apps: the app images built so far (build/apps/<app>/<app>.elf).
known_apps() {
    local f out=""
    for f in "$root"/build/apps/*/*.elf; do
        [ -f "$f" ] || continue
        [ "$(basename "$(dirname "$f")").elf" = "$(basename "$f")" ] &&
            out+=" $(basename "$f" .elf)"
    done
    echo "${out# }"
}

# kernel_file CFG: the kernel's file.  With a '/', a path (as given, else
# relative to the config's folder); without, an app name, which must exist.
kernel_file() {
    local cfg=$1 k file
    k=$(cfg_get "$cfg" kernel)
    case $k in
        */*) file=$k; [ -e "$file" ] || file=$(dirname "$cfg")/$k
             [ -f "$file" ] || cfg_die "$cfg:$(cfg_line "$cfg" kernel): kernel \"$k\": no such file" ;;
        *)   file=$root/build/apps/$k/$k.elf
             [ -f "$file" ] || cfg_die "$cfg:$(cfg_line "$cfg" kernel): kernel \"$k\": no app '$k' (built apps: $(known_apps); 'make image APP=$k' or SRC=DIR builds one; a file needs a '/', e.g. \"./$k\")" ;;
    esac
    echo "$file"
}

# check_elf CFG FILE: a domain image is an x86_64 ELF64 file.
check_elf() {
    local magic
    [ "${MKISO_UNCHECKED:-0}" = 1 ] && return 0
    magic=$(od -An -tx1 -N20 "$2" | tr -d ' \n')
    [ "${magic:0:10}" = 7f454c4602 ] && [ "${magic:36:4}" = 3e00 ] ||
        cfg_die "$1:$(cfg_line "$1" kernel): kernel $2: not an x86_64 ELF64 image"
}

# split_cmdline STR: ARGV=(the words of a guest command line), as libos's
# split_args reads it: blanks separate words; '...' is literal; inside
# "..." and outside quotes a backslash takes the next character as it is;
# nothing is expanded ($, ;, * and ~ are ordinary).  1 on an unterminated
# quote.
split_cmdline() {
    local s=$1 i c q="" w="" have=0
    ARGV=()
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if [ "$q" = "'" ]; then
            if [ "$c" = "'" ]; then q=""; else w+=$c; fi
        elif [ "$c" = '\' ] && ((i + 1 < ${#s})); then
            i=$((i + 1)); w+=${s:i:1}; have=1
        elif [ -n "$q" ] && [ "$c" = "$q" ]; then
            q=""
        elif [ -n "$q" ]; then
            w+=$c
        elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
            q=$c; have=1
        elif [ "$c" = ' ' ] || [ "$c" = $'\t' ]; then
            ((have)) && ARGV+=("$w")
            w="" have=0
        else
            w+=$c; have=1
        fi
    done
    ((have)) && ARGV+=("$w")
    [ -z "$q" ]
}

# check_cmdline CFG: its cmdline splits (no unterminated quote).
check_cmdline() {
    [ "${MKISO_UNCHECKED:-0}" = 1 ] && return 0
    split_cmdline "$(cfg_get "$1" cmdline)" ||
        cfg_die "$1:$(cfg_line "$1" cmdline): cmdline: unterminated quote"
}

# check_memory TOTAL_MB WHAT: what the configs ask for fits the machine
# (MKISO_RAM_MB, default 512 as tests/qemu.sh's -m; the hypervisor keeps
# 8 MiB of it).
check_memory() {
    local ram=${MKISO_RAM_MB:-512}
    [ "${MKISO_UNCHECKED:-0}" = 1 ] && return 0
    (($1 <= ram - 8)) ||
        cfg_die "$2 $1 MiB in all, more than the machine's $ram MiB less 8 for the hypervisor (QEMU -m; MKISO_RAM_MB=N to change)"
}

# check_cfgs CFG...: each config parses, its kernel is an ELF image, its
# cmdline splits, and their memory fits the machine (plus EXTRA_MB).
check_cfgs() {
    local cfg f m total=${EXTRA_MB:-0} ram=${MKISO_RAM_MB:-512}
    for cfg in "$@"; do
        cfg_check "$cfg"
        f=$(kernel_file "$cfg")
        check_elf "$cfg" "$f"
        check_cmdline "$cfg"
        [ "${MKISO_UNCHECKED:-0}" = 1 ] && continue
        m=$(cfg_get "$cfg" memory)
        ((m <= ram - 8)) ||
            cfg_die "$cfg:$(cfg_line "$cfg" memory): memory = $m MiB: more than the machine's $ram MiB less 8 for the hypervisor (QEMU -m; MKISO_RAM_MB=N to change)"
        total=$((total + m))
    done
    check_memory "$total" "the configs ask for"
}
