#!/usr/bin/env bash
# run.sh: run the unit tests and the QEMU boot tests; one PASS/FAIL line per
# test, then "N passed, N failed".
# usage: tests/run.sh [--unit-only] [NAME...]   (NAME: boot/x or x, xen/x, e2e/x)
# Boot scenarios run in parallel, TEST_JOBS at a time (default: the number
# of CPUs), each under its own timeout and with its own log; results are
# printed in scenario order.
set -u
cd "$(dirname "$0")/.."
B=build
pass=0 fail=0

report() {  # report STATUS NAME [DETAIL...]
    if [ "$1" = 0 ]; then
        echo "PASS $2"; pass=$((pass + 1))
    else
        echo "FAIL $2"; fail=$((fail + 1))
        shift 2
        [ $# -gt 0 ] && printf '    %s\n' "$@"
    fi
}

run_unit() {
    for bin in $B/host/tests/unit/test_*; do
        [ -x "$bin" ] || continue
        out=$("$bin" 2>&1); rc=$?
        while read -r verdict name; do
            report "$([ "$verdict" = PASS ] && echo 0 || echo 1)" "$name"
        done < <(printf '%s\n' "$out" | grep -E '^(PASS|FAIL) unit/')
        if [ $rc != 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL unit/'; then
            report 1 "unit/$(basename "$bin")" "exited $rc" "$(printf '%s\n' "$out" | tail -5)"
        fi
        printf '%s\n' "$out" | grep '^    ' || true
    done
}

# check_expect EXPECT LOG STATUS: print each unmet expectation; exit 1 if any.
check_expect() {
    local exp=$1 log=$2 status=$3 bad=0 kw rest re1 re2 n want l1 l2
    while IFS= read -r line; do
        case $line in ''|'#'*) continue ;; esac
        kw=${line%% *} rest=${line#* }
        case $kw in
            exit) [ "$status" = "$rest" ] || { echo "exit status $status, want $rest"; bad=1; } ;;
            timeout) ;;
            +) grep -Eq -- "$rest" "$log" || { echo "missing: $rest"; bad=1; } ;;
            -) ! grep -Eq -- "$rest" "$log" || { echo "unexpected: $(grep -E -m1 -- "$rest" "$log")"; bad=1; } ;;
            count)
                want=${rest%% *} re1=${rest#* }
                n=$(grep -Ec -- "$re1" "$log")
                [ "$n" = "$want" ] || { echo "$n lines match '$re1', want $want"; bad=1; } ;;
            before)  # before RE1 ||| RE2: first RE1 line precedes first RE2 line
                re1=${rest%% ||| *} re2=${rest#* ||| }
                l1=$(grep -En -m1 -- "$re1" "$log" | cut -d: -f1)
                l2=$(grep -En -m1 -- "$re2" "$log" | cut -d: -f1)
                [ -n "$l1" ] && [ -n "$l2" ] && [ "$l1" -lt "$l2" ] ||
                    { echo "'$re1' (line ${l1:-none}) not before '$re2' (line ${l2:-none})"; bad=1; } ;;
            *) echo "bad expect line: $line"; bad=1 ;;
        esac
    done < "$exp"
    return $bad
}

# judge TEST EXPECT LOG STATUS: one PASS/FAIL line for a booted scenario.
judge() {
    local why
    if why=$(check_expect "$2" "$3" "$4"); then
        report 0 "$1"
    else
        mapfile -t lines <<< "$why"
        report 1 "$1" "${lines[@]}" "log: $3"
    fi
}

# e2e: dom0 with its toolstack, as Xen boots: tests/e2e/<name>/ holds the
# configs dom0 creates at boot (*.cfg, in name order), files/ (more configs
# and scripts for the initrd), script.rc (dom0 runs it: the scenario's
# steps) and expect.
run_e2e() {
    local dir=$1 name iso log t status why extra=()
    name=$(basename "$dir")
    iso=$B/tests/e2e/$name.iso log=$B/tests/e2e/$name.log
    mkdir -p $B/tests/e2e
    [ -f "$dir/script.rc" ] && extra+=("$dir/script.rc")
    [ -d "$dir/files" ] && extra+=("$dir"/files/*)
    if ! why=$(DOM0=1 DOM0_MEM=$(cat "$dir/dom0-mem" 2>/dev/null || echo 64) \
               DOM0_CMDLINE=$([ -f "$dir/script.rc" ] && echo script=script.rc) \
               images/mkiso.sh "$iso" $B/hv/hv.elf $(ls "$dir"/*.cfg 2>/dev/null | sort) \
               -- "${extra[@]}" 2>&1); then
        report 1 "e2e/$name" "ISO: $why"; return
    fi
    t=$(sed -n 's/^timeout //p' "$dir/expect"); t=${t:-120}
    tests/qemu.sh "$t" "$iso" > "$log" 2>&1
    status=$?
    judge "e2e/$name" "$dir/expect" "$log" "$status"
}

run_boot() {
    local dir=$1 name iso log t status why
    name=$(basename "$dir")
    iso=$B/tests/boot/$name.iso log=$B/tests/boot/$name.log
    mkdir -p $B/tests/boot
    if [ ! -f "$dir/expect" ] || ! ls "$dir"/*.cfg >/dev/null 2>&1; then
        report 1 "boot/$name" "incomplete scenario: needs *.cfg and expect"
        return
    fi
    # MKISO_UNCHECKED (a file): pack configs the build would refuse, to test the hv's refusals
    if ! why=$(HV_CMDLINE=$(cat "$dir/hv-cmdline" 2>/dev/null) MKISO_UNCHECKED=$([ -f "$dir/MKISO_UNCHECKED" ] && echo 1) \
               images/mkiso.sh "$iso" $B/hv/hv.elf $(ls "$dir"/*.cfg | sort) 2>&1); then
        report 1 "boot/$name" "ISO: $why"; return
    fi
    t=$(sed -n 's/^timeout //p' "$dir/expect"); t=${t:-60}
    tests/qemu.sh "$t" "$iso" > "$log" 2>&1
    status=$?
    judge "boot/$name" "$dir/expect" "$log" "$status"
}

# Real Xen (Debian's xen-hypervisor-4.17-amd64) with one of our images as
# its dom0: tests/xen/<name>/ holds one config and an expect.  Xen halts
# rather than powers off when dom0 ends, so QEMU is stopped once Xen says
# how dom0 ended (or at the timeout).
XEN_GZ=/boot/xen-4.17-amd64.gz
run_xen() {
    local dir=$1 name iso log t status qpid why
    name=$(basename "$dir")
    iso=$B/tests/xen/$name.iso log=$B/tests/xen/$name.log
    mkdir -p $B/tests/xen
    if [ ! -f $XEN_GZ ]; then
        report 1 "xen/$name" "$XEN_GZ missing: run make deps"; return
    fi
    if ! why=$(XEN=1 HV_CMDLINE="console=com1 com1=115200,8n1 guest_loglvl=all" \
               images/mkiso.sh "$iso" $XEN_GZ "$dir"/*.cfg 2>&1); then
        report 1 "xen/$name" "ISO: $why"; return
    fi
    t=$(sed -n 's/^timeout //p' "$dir/expect"); t=${t:-90}
    tests/qemu.sh "$t" "$iso" > "$log" 2>&1 &
    qpid=$!
    while kill -0 $qpid 2>/dev/null; do
        if grep -aq '(XEN) Hardware Dom0 \(halted\|shutdown\|crashed\)' "$log"; then
            kill $qpid 2>/dev/null
            break
        fi
        sleep 0.5
    done
    wait $qpid
    status=$?
    judge "xen/$name" "$dir/expect" "$log" "$status"
}

# tests/pending/<name>/: e2e scenarios of work with an open bug (see their
# README); never run by default, only when named: tests/run.sh pending/NAME
run_pending() {
    run_e2e "$@"
}

# wanted KIND NAME: whether the command line asked for it (all if none)
wanted() {
    [ "$1" = pending ] && { [[ " ${only[*]} " == *" $1/$2 "* ]]; return; }
    [ ${#only[@]} = 0 ] && return 0
    [[ " ${only[*]} " == *" $1/$2 "* ]] && return 0
    [ "$1" = boot ] && [[ " ${only[*]} " == *" $2 "* ]]
}

# Scenario jobs in parallel: each writes its report lines to its own file,
# in a folder of this run's own (several runs may share the tree).
mkdir -p $B/tests
RES=$(mktemp -d $B/tests/results.XXXXXX)
trap 'rm -rf "$RES"' EXIT
jobs_max=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
order=()
start_job() {  # start_job KIND FN DIR
    local id=$1-$(basename "$3")
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n 2>/dev/null || true; done
    order+=("$id")
    ( pass=0 fail=0; "$2" "$3" ) > "$RES/$id" 2>&1 &
}

unit_only=0 only=()
for a in "$@"; do
    case $a in --unit-only) unit_only=1 ;; *) only+=("$a") ;; esac
done
[ ${#only[@]} = 0 ] && run_unit
if [ $unit_only = 0 ]; then
    # Scenarios whose checks are real-time bounds (a file "alone" in their
    # folder) run after the others, one at a time, so that another QEMU on
    # the same cores cannot make them miss; the rest run TEST_JOBS at once.
    alone=()
    for kind in e2e boot xen pending; do
        for dir in tests/$kind/*/; do
            [ -d "$dir" ] || continue
            wanted $kind "$(basename "$dir")" || continue
            if [ -f "$dir/alone" ]; then alone+=("$kind ${dir%/}"); continue; fi
            start_job $kind run_$kind "${dir%/}"
        done
    done
    wait
    jobs_max=1
    for a in "${alone[@]}"; do
        start_job ${a%% *} run_${a%% *} "${a#* }"
        wait
    done
    for id in "${order[@]}"; do
        cat "$RES/$id" 2>/dev/null
        pass=$((pass + $(grep -c '^PASS ' "$RES/$id" 2>/dev/null || true)))
        fail=$((fail + $(grep -c '^FAIL ' "$RES/$id" 2>/dev/null || true)))
        grep -qE '^(PASS|FAIL) ' "$RES/$id" ||
            { echo "FAIL $id"; echo "    no result (see $RES/$id)"; fail=$((fail + 1)); }
    done
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
