#!/usr/bin/env bash
# run.sh: boot each benchmark scenario (tests/bench/runs/<name>/*.cfg) under
# QEMU with -icount shift=0, collect every figure the guests print on their
# "bench: ..." lines, each with its unit, into build/bench/results.csv, and
# write build/bench/report.md with PNG plots (gnuplot).
# A scenario with a script.rc runs under the dom0 appliance (its files/
# are configs the script creates), as tests/e2e scenarios do.
# usage: tests/bench/run.sh [--xen] [scenario...]   (default: all)
#   --xen: also boot each scenario's first config as dom0 of real Xen 4.17
#   (same guest image, same QEMU), its figures under "<scenario>-xen".
#
# Units.  Under -icount shift=0 the guest's clock advances one nanosecond per
# instruction executed, so every time a guest measures is in "guest ns":
# instructions under icount, not wall-clock time.  Rates computed from them
# (MB/s, Mbit/s) are per second of guest time.  Other units (domains, frames,
# bytes, "x memcpy_4k": a multiple of the same guest's 4 KiB memcpy) are
# counts or ratios.
#
# The framework (for benchmark sections to call):
#   bench_record SCENARIO METRIC VALUE UNIT   one figure: a CSV row and a
#                                             table line
#   bench_parse SCENARIO LOG                  every figure of the log's
#                                             "bench: ..." lines (below)
# A guest line "bench: <words> <number> <unit> (<number> <unit>, ...)" gives
# the figure <words> (joined by '_') in <unit>, and each later number-unit
# pair in it as <words>_<unit>; "N x a 4 KiB memcpy" is a ratio; a number
# after "status" is a status code.  A line with a figure in guest ns and a
# byte count also gives the throughput in Mbit/s of guest time.
set -u
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p $out
csv=$out/results.csv
table=$out/table.txt
NS_UNIT="guest ns"        # see above: instructions under icount

# scenario_opt DIR FILE DEFAULT: a scenario's own setting (qemu-args: more
# QEMU arguments, e.g. -m 12G; timeout: seconds), or DEFAULT.
scenario_opt() {
    if [ -f "$1/$2" ]; then cat "$1/$2"; else echo "$3"; fi
}

bench_record() {  # bench_record SCENARIO METRIC VALUE UNIT
    local unit=$4
    [ "$unit" = ns ] && unit=$NS_UNIT
    [ "$unit" = MB/s ] && unit="MB/s of guest time"
    echo "$1,$2,$3,$unit" >> $csv
    printf '%-14s %-36s %14s  %s\n' "$1" "$2" "$3" "$unit" | tee -a $table
}

# bench_figures LOG: "METRIC VALUE UNIT" (tab-separated) per figure.
bench_figures() {
    tr -d '\r' < "$1" | awk '
        function clean(x) { gsub(/[(),]/, "", x); return x }
        function emit(m, v, u) { printf "%s\t%s\t%s\n", m, v, u }
        /bench: / {
            s = substr($0, index($0, "bench: ") + 7)
            n = split(s, t, " ")
            base = ""
            for (i = 1; i <= n && t[i] !~ /^[0-9-]/; i++)
                base = base (base == "" ? "" : "_") t[i]
            first = 1; ns = ""; bytes = ""; split("", seen)
            for (; i <= n; i++) {
                v = clean(t[i])
                if (v !~ /^-?[0-9]+(\.[0-9]+)?$/)
                    continue
                u = i < n ? clean(t[i + 1]) : ""
                if (u == "x") {            # "1.25 x a 4 KiB memcpy"
                    u = "x"
                    for (j = i + 2; j <= n; j++) {
                        w = clean(t[j]); u = u " " w
                        if (t[j] ~ /[),]/) break
                    }
                    sub(/^x a /, "x ", u)
                    i = j
                } else if (u !~ /^[A-Za-z][A-Za-z\/]*$/) {
                    if (i > 1 && t[i - 1] == "status") u = "status"
                    else continue
                } else
                    i++
                m = first ? base : base "_" (u ~ /^x / ? "vs_memcpy" : u)
                gsub(/\//, "p", m)
                if (m in seen) m = m "_" (++seen[m])
                seen[m] = 1
                emit(m, v, u)
                if (u == "ns" && first) ns = v
                if (u == "bytes") bytes = v
                first = 0
            }
            if (ns != "" && bytes != "" && ns > 0)
                emit(base "_Mbitps", sprintf("%.1f", bytes * 8 * 1000 / ns),
                     "Mbit/s of guest time")
        }'
}

bench_parse() {  # bench_parse SCENARIO LOG
    local m v u
    while IFS=$'\t' read -r m v u; do
        bench_record "$1" "$m" "$v" "$u"
    done < <(bench_figures "$2")
}

# plots: one bar chart per scenario of its guest-ns figures (a comparison
# in one guest run), one of each scenario against its "-xen" run, and a
# scaling curve for each family of figures named <metric>_n<N>.  PNGs
# under build/bench/, named in report.md.
plots() {
    local s m f
    command -v gnuplot >/dev/null || { echo "bench: gnuplot missing (make deps)"; return; }
    for s in $(tail -n +2 $csv | cut -d, -f1 | sort -u); do
        grep "^$s,[^,]*,[^,]*,$NS_UNIT\$" $csv | grep -v '_n[0-9]*,' |
            cut -d, -f2,3 | tr , ' ' > $out/$s.dat
        [ -s $out/$s.dat ] || { rm -f $out/$s.dat; continue; }
        gnuplot <<EOF
set terminal pngcairo size 900,500
set output "$out/$s.png"
set title "$s: guest ns (instructions under icount), log scale"
set style fill solid 0.6
set boxwidth 0.7
set logscale y
set xtics rotate by -30 noenhanced
set ylabel "guest ns"
unset key
plot "$out/$s.dat" using 0:2:xtic(1) with boxes
EOF
        echo "$s.png" >> $out/plots.lst
    done
    # ours against real Xen: the figures a scenario and its "-xen" run share
    for s in $(tail -n +2 $csv | cut -d, -f1 | sed -n 's/-xen$//p' | sort -u); do
        f=$out/vs-xen-$s
        join -t, <(grep "^$s,[^,]*,[^,]*,$NS_UNIT\$" $csv | cut -d, -f2,3 | sort) \
                 <(grep "^$s-xen,[^,]*,[^,]*,$NS_UNIT\$" $csv | cut -d, -f2,3 | sort) |
            tr , ' ' > $f.dat
        [ -s $f.dat ] || { rm -f $f.dat; continue; }
        gnuplot <<EOF
set terminal pngcairo size 900,500
set output "$f.png"
set title "$s: this hypervisor against Xen 4.17, guest ns (instructions under icount), log scale"
set style data histograms
set style histogram clustered
set style fill solid 0.6
set logscale y
set xtics rotate by -30 noenhanced
set ylabel "guest ns"
plot "$f.dat" using 2:xtic(1) title "ours", "" using 3 title "Xen 4.17"
EOF
        echo "vs-xen-$s.png" >> $out/plots.lst
    done
    for m in $(tail -n +2 $csv | cut -d, -f2 | sed -n 's/_n[0-9][0-9]*$//p' | sort -u); do
        f=$out/scale-$m
        grep ",${m}_n[0-9]*," $csv | sed 's/.*_n\([0-9]*\),\([^,]*\),\(.*\)/\1 \2 \3/' |
            sort -n > $f.dat
        [ "$(wc -l < $f.dat)" -ge 2 ] || { rm -f $f.dat; continue; }
        gnuplot <<EOF
set terminal pngcairo size 900,500
set output "$f.png"
set title "$m against the number of domains N"
set xlabel "N (domains)"
set ylabel "$(head -1 $f.dat | cut -d' ' -f3-)"
set key off
plot "$f.dat" using 1:2 with linespoints
EOF
        echo "scale-$m.png" >> $out/plots.lst
    done
}

report() {
    local p
    {
        echo "# Benchmark report"
        echo
        echo "Every scenario boots under QEMU with \`-icount shift=0\`: one guest"
        echo "nanosecond is one instruction executed, so **guest ns = instructions"
        echo "under icount**, not wall-clock time; MB/s and Mbit/s are per second of"
        echo "guest time; \"x memcpy_4k\" is a multiple of a 4 KiB memcpy measured in"
        echo "the same guest run.  All figures: \`results.csv\`."
        echo
        echo "| scenario | metric | value | unit |"
        echo "|---|---|---:|---|"
        tail -n +2 $csv | sed 's/,/ | /g; s/^/| /; s/$/ |/'
        echo
        [ -f $out/plots.lst ] && while read -r p; do
            echo "![$p]($p)"
            echo
        done < $out/plots.lst
    } > $out/report.md
}

# xen_dom0 NAME DIR: DIR's first config as dom0 of real Xen (as tests/run.sh
# run_xen boots it); Xen halts rather than powers off, so QEMU is stopped
# once Xen says dom0 ended.  The log is $out/NAME-xen.log.
XEN_GZ=/boot/xen-4.17-amd64.gz
xen_dom0() {
    local log=$out/$1-xen.log qpid
    [ -f $XEN_GZ ] || { echo "bench: $XEN_GZ missing (make deps)"; return 1; }
    XEN=1 HV_CMDLINE="console=com1 com1=115200,8n1 guest_loglvl=all" \
        images/mkiso.sh $out/$1-xen.iso $XEN_GZ "$(ls "$2"*.cfg | sort | head -1)" || return 1
    ICOUNT=1 tests/qemu.sh "$(scenario_opt "$2" timeout 300)" $out/$1-xen.iso > $log 2>&1 &
    qpid=$!
    while kill -0 $qpid 2>/dev/null; do
        grep -aq '(XEN) Hardware Dom0 \(halted\|shutdown\|crashed\)' $log &&
            { kill $qpid 2>/dev/null; break; }
        sleep 0.5
    done
    wait $qpid
    bench_parse "$1-xen" $log
}

with_xen=0
[ "${1:-}" = --xen ] && { with_xen=1; shift; }
echo "scenario,metric,value,unit" > $csv
: > $table
rm -f $out/plots.lst
for dir in tests/bench/runs/*/; do
    name=$(basename "$dir")
    [ $# -gt 0 ] && [[ ! " $* " == *" $name "* ]] && continue
    ram=$(scenario_opt "$dir" qemu-args "" | sed -n 's/.*-m \([0-9]*\)G.*/\1/p')
    if [ -f "$dir/script.rc" ]; then
        # under the dom0 appliance (as tests/e2e): its script creates the
        # domains of files/ (e.g. a transmitter once the receiver is up)
        DOM0=1 DOM0_MEM=64 DOM0_CMDLINE=script=script.rc \
            images/mkiso.sh $out/$name.iso build/hv/hv.elf $(ls "$dir"*.cfg | sort) \
            -- "$dir/script.rc" "$dir"files/* || exit 1
    else
        MKISO_RAM_MB=$(( ${ram:-0} ? ram * 1024 : 512 )) \
            images/mkiso.sh $out/$name.iso build/hv/hv.elf $(ls "$dir"*.cfg | sort) || exit 1
    fi
    ICOUNT=1 tests/qemu.sh "$(scenario_opt "$dir" timeout 300)" $out/$name.iso \
        $(scenario_opt "$dir" qemu-args "") > $out/$name.log 2>&1
    bench_parse "$name" $out/$name.log
    # real Xen runs our guest as its dom0: no toolstack, so no dom0 scenario
    [ $with_xen = 1 ] && [ ! -f "$dir/script.rc" ] && xen_dom0 "$name" "$dir"
done
plots
report
echo "results: $csv, $out/report.md"
