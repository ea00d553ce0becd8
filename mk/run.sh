#!/usr/bin/env bash
# mk/run.sh: `make run` and `make run-gdb`: pack configs into an ISO, boot it
# under QEMU, and end with one line per domain: its name and outcome.
#
# usage: mk/run.sh boot|dom0 CFG...            (make run)
#        mk/run.sh gdb boot|dom0 DOMAIN CFG... (make run-gdb DOMAIN=)
#        mk/run.sh gdb-hv boot|dom0 CFG...     (make run-gdb)
#   boot  boot-time domains: every config a module the hypervisor builds
#   dom0  Xen's way: our dom0 appliance creates each config's domain once
#         (its shell's run-all), then powers off with status 0 only if every
#         domain exited 0
# Outcomes: "exited N", "powered off" (a guest that is not libos), "crashed",
# "killed: why", "rejected: why", "no outcome". The exit status is 0 only
# when the machine powered off cleanly and every domain exited 0.
# Environment: QEMU_TIMEOUT (seconds, default 60), ACCEL (tcg), PORT (gdb).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. images/cfgcheck.sh
out=build/run
iso=${RUN_ISO:-$out/run.iso}   # make run: the demo's build/images/demo.iso (built)
mkdir -p $out

# make_iso MODE ISO CFG...: the ISO for that mode (refusals name file:line).
make_iso() {
    local mode=$1 iso=$2
    shift 2
    if [ "$mode" = dom0 ]; then
        printf 'run-all %s\npoweroff-status\n' $((${QEMU_TIMEOUT:-60} * 1000)) > $out/run.rc
        DOM0=1 DOM0_CMDLINE="noauto script=run.rc" images/mkiso.sh "$iso" build/hv/hv.elf "$@" -- $out/run.rc
    else
        images/mkiso.sh "$iso" build/hv/hv.elf "$@"
    fi
}

# summary MODE LOG: "NAME<TAB>OUTCOME" per domain, in the order they came.
summary() {
    tr -d '\r' < "$2" | awk -v mode="$1" '
        function add(n) { if (!(n in out)) { order[++nr] = n; out[n] = "no outcome" } }
        # "(hv) d3 (name) ...": a[4] is the name
        /^\(hv\) d[0-9]+ \(.*\) killed: / { split($0, a, /[()]/)
                            killed[a[4]] = substr($0, index($0, ") killed: ") + 10)
                            if (mode == "boot") { add(a[4]); out[a[4]] = "killed: " killed[a[4]] }
                            next }
        # dom0 mode: its run-all says how each ended (the hv why it refused)
        mode == "dom0" && /^\(hv\) .*: rejected: / { s = substr($0, 6); i = index(s, ": rejected: ")
                            rej[substr(s, 1, i - 1)] = substr(s, i + 12); next }
        mode == "dom0" && /^\(dom0\) created .* as d[0-9]+ / { add($3); next }
        mode == "dom0" && /^\(dom0\) run: [0-9]+ domains,/ { next }
        mode == "dom0" && /^\(dom0\) run: / { s = substr($0, 13); i = index(s, ": ")
                            n = substr(s, 1, i - 1); add(n); out[n] = substr(s, i + 2); next }
        mode == "dom0" { next }
        # boot-time mode: the hypervisor'"'"'s lines, and libos'"'"'s exit status
        /^\(hv\) d[0-9]+ \(.*\): [0-9]+ KiB, image/ { split($0, a, /[()]/); id = $2
                            name[id] = a[4]; add(a[4]); libos[id] = /guest_os libos/; next }
        /^\(hv\) .*: rejected: / { s = substr($0, 6); i = index(s, ": rejected: ")
                            n = substr(s, 1, i - 1); add(n); out[n] = "rejected: " substr(s, i + 12); next }
        /^\(d[0-9]+\) .*: exit status -?[0-9]+$/ { split($1, a, /[()]/); status[a[2]] = $NF; next }
        /^\(hv\) d[0-9]+ \(.*\) exited with status -?[0-9]+$/ { id = $2; out[name[id]] = "exited " $NF; next }
        /^\(hv\) d[0-9]+ \(.*\) shut down( by d[0-9]+)?: / { id = $2; n = name[id]; r = $NF
                            if (r == "poweroff") out[n] = libos[id] ? "exited 0" : "powered off"
                            else if (r == "crash" && (id in status)) out[n] = "exited " status[id]
                            else if (r == "crash") out[n] = "crashed"
                            else out[n] = "shut down: " r
                            next }
        END { for (i = 1; i <= nr; i++) { n = order[i]; o = out[n]
                  if (o == "crashed" && (n in killed)) o = "killed: " killed[n]
                  if (o == "rejected" && (n in rej)) o = "rejected: " rej[n]
                  printf "%s\t%s\n", n, o } }'
}

# report MODE LOG QEMU_STATUS: the last lines; 0 only if every domain exited 0.
report() {
    local log=$2 qs=$3 name outcome bad=0 n=0 why
    # what the domains measured: ttcp's closing throughput lines
    tr -d '\r' < "$log" | grep -E '^\([^)]*\) ttcp-[rt]: .* (Mbit/sec|checked against)' | sed 's/^/run: /'
    echo "run: ---- outcome of each domain (log: $log) ----"
    while IFS=$'\t' read -r name outcome; do
        printf 'run: %-16s %s\n' "$name" "$outcome"
        n=$((n + 1))
        case $outcome in "exited 0"|"powered off") ;; *) bad=$((bad + 1)) ;; esac
    done < <(summary "$1" "$log")
    case $qs in
        1) why="the machine powered off cleanly" ;;
        3) why="the machine powered off: not every domain ended cleanly" ;;
        5) why="the hypervisor panicked"; bad=$((bad + 1)) ;;
        124) why="timed out after ${QEMU_TIMEOUT:-60}s (QEMU_TIMEOUT=secs for more)"; bad=$((bad + 1)) ;;
        *) why="QEMU exited with status $qs"; bad=$((bad + 1)) ;;
    esac
    ((n)) || bad=1
    if ((bad == 0)) && [ "$qs" = 1 ]; then
        echo "run: $n domains, every one exited 0; $why"
        return 0
    fi
    echo "run: $n domains, not every one exited 0; $why"
    return 1
}

# free_port: PORT, else the first of 1234.. nobody listens on.
free_port() {
    local p
    if [ -n "${PORT:-}" ]; then echo "$PORT"; return; fi
    for p in $(seq 1234 1334); do
        (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
    done
    echo "run-gdb: no free port in 1234..1334: give PORT=" >&2
    exit 1
}

# gdb_run MODE DOMAIN CFG...: boot stopped, gdb with that guest's symbols
# (<image>.debug beside each image) and the hypervisor's, stopped at the
# guest's main when that domain runs it (all guests are linked at one
# address, so the breakpoint asks the hypervisor which domain is current).
gdb_run() {
    local mode=$1 dom=$2 cfg kernel="" port cond="" i
    shift 2
    for cfg in "$@"; do
        [ "$(cfg_get "$cfg" name)" = "$dom" ] && kernel=$(kernel_file "$cfg")
    done
    [ -n "$kernel" ] || { echo "run-gdb: no config named '$dom' in: $*" >&2; exit 1; }
    [ -f "$kernel.debug" ] || { echo "run-gdb: $kernel.debug missing (images built by make have one)" >&2; exit 1; }
    make_iso "$mode" $iso "$@" || exit 1
    port=$(free_port) || exit 1
    for ((i = 0; i < ${#dom}; i++)); do
        cond+="current->dom->name[$i] == '${dom:i:1}' && "
    done
    cond+="current->dom->name[${#dom}] == 0"
    echo "run-gdb: QEMU's gdb stub on :$port; serial output in $out/run.log"
    ACCEL=${ACCEL:-tcg} tests/qemu.sh 3600 $iso -gdb tcp::$port -S > $out/run.log 2>&1 &
    local qpid=$!
    gdb -q "$kernel.debug" \
        -ex "add-symbol-file build/hv/hv.elf" \
        -ex "target remote :$port" \
        -ex "hbreak main if $cond" \
        -ex "continue"
    kill $qpid 2>/dev/null
    wait $qpid 2>/dev/null
    return 0
}

# gdb_hv MODE CFG...: boot stopped at the first instruction, gdb on the
# hypervisor.
gdb_hv() {
    local mode=$1 port
    shift
    make_iso "$mode" $iso "$@" || exit 1
    port=$(free_port) || exit 1
    echo "run-gdb: QEMU's gdb stub on :$port; serial output in $out/run.log"
    ACCEL=${ACCEL:-tcg} tests/qemu.sh 3600 $iso -gdb tcp::$port -S > $out/run.log 2>&1 &
    local qpid=$!
    gdb -q build/hv/hv.elf -ex "target remote :$port"
    kill $qpid 2>/dev/null
    wait $qpid 2>/dev/null
    return 0
}

if [ "${1:-}" = gdb-hv ]; then
    shift
    gdb_hv "$@"
    exit $?
fi
if [ "${1:-}" = gdb ]; then
    shift
    gdb_run "$@"
    exit $?
fi
mode=$1
shift
[ -n "${RUN_ISO:-}" ] || make_iso "$mode" $iso "$@" || exit 1
ACCEL=${ACCEL:-tcg} tests/qemu.sh "${QEMU_TIMEOUT:-60}" $iso | tee $out/run.log
report "$mode" $out/run.log "${PIPESTATUS[0]}"
