#!/usr/bin/env bash
# run.sh: boot each benchmark scenario (tests/bench/runs/<name>/*.cfg) under
# QEMU with -icount shift=0 (1 guest ns = 1 instruction), collect the guests'
# "bench: <metric> <value> <unit> ..." lines into build/bench/results.csv.
# usage: tests/bench/run.sh [scenario...]   (default: all)
set -u
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p $out
csv=$out/results.csv
# scenario_opt DIR FILE DEFAULT: a scenario's own setting (qemu-args: more
# QEMU arguments, e.g. -m 12G; timeout: seconds), or DEFAULT.
scenario_opt() {
    if [ -f "$1/$2" ]; then cat "$1/$2"; else echo "$3"; fi
}
echo "scenario,metric,value,unit" > $csv
for dir in tests/bench/runs/*/; do
    name=$(basename "$dir")
    [ $# -gt 0 ] && [[ ! " $* " == *" $name "* ]] && continue
    images/mkiso.sh $out/$name.iso build/hv/hv.elf $(ls "$dir"*.cfg | sort) || exit 1
    ICOUNT=1 tests/qemu.sh "$(scenario_opt "$dir" timeout 300)" $out/$name.iso \
        $(scenario_opt "$dir" qemu-args "") > $out/$name.log 2>&1
    grep -o 'bench: .*' $out/$name.log
    sed -n 's/.*bench: \([a-z0-9_]*\) \([0-9][0-9]*\) \([a-zA-Z/]*\).*/'"$name"',\1,\2,\3/p' \
        $out/$name.log >> $csv
done
echo "results: $csv"
