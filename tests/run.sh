#!/usr/bin/env bash
# run.sh: run the unit tests and the QEMU boot tests; one PASS/FAIL line per
# test, then "N passed, N failed".  usage: tests/run.sh [--unit-only] [boot-test...]
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

run_boot() {
    local dir=$1 name iso log t status why
    name=$(basename "$dir")
    iso=$B/tests/boot/$name.iso log=$B/tests/boot/$name.log
    mkdir -p $B/tests/boot
    if [ ! -f "$dir/expect" ] || ! ls "$dir"/*.cfg >/dev/null 2>&1; then
        report 1 "boot/$name" "incomplete scenario: needs *.cfg and expect"
        return
    fi
    if ! why=$(HV_CMDLINE=$(cat "$dir/hv-cmdline" 2>/dev/null) images/mkiso.sh "$iso" $B/hv/hv.elf $(ls "$dir"/*.cfg | sort) 2>&1); then
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

unit_only=0 only=()
for a in "$@"; do
    case $a in --unit-only) unit_only=1 ;; *) only+=("$a") ;; esac
done
[ ${#only[@]} = 0 ] && run_unit
if [ $unit_only = 0 ]; then
    for dir in tests/boot/*/; do
        name=$(basename "$dir")
        if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then continue; fi
        run_boot "${dir%/}"
    done
    for dir in tests/xen/*/; do
        [ -d "$dir" ] || continue
        name=$(basename "$dir")
        if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" xen/$name "* ]]; then continue; fi
        run_xen "${dir%/}"
    done
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
