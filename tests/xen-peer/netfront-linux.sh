#!/bin/sh
# Our netfront (libos + lwIP, apps/ttcp) against Linux's netback, under real
# Xen 4.17 with Debian's Linux dom0: a xen-peer test script (it runs in dom0;
# see README.md here for the command).  Needs -g build/apps/ttcp/ttcp.elf.
#
#   dom0 (xenbr0 $NET.1)  -> nfrx ($NET.2:5001)   our `ttcp -r -s -c`, fed by
#                            busybox nc with ttcp's pattern from a file;
#                            nfrx checks every byte
#   nftx ($NET.3)         -> dom0 ($NET.1:5003)   our `ttcp -t -s`, into
#                            busybox nc -l; dom0 counts (wc -c) and compares
#                            (cmp) with the same pattern file
# The bridge has no uplink: addresses exist only inside QEMU.  Each domU is
# made by xl from a config with vif = [ 'bridge=xenbr0,ip=...,mac=...' ]
# (xl writes ip into the vif's backend directory, where vif.c reads it) and
# on_poweroff = "preserve", so its exit status (data/exit-status) can be
# read before it is destroyed.
#
# TEST_ENV knobs: MIB=16 (MiB each way, a multiple of 8 KiB buffers)
#   MEM=32 (MiB per domU)  NET=10.99.0  WAIT_S=240 (per transfer)
#   DIRS=in,out (in = dom0 -> domU, out = domU -> dom0)  REPS=1 (each
#   direction, a fresh domU each time; medians of the rates are printed)
#   NBDEBUG=1 (netback's netdev_dbg lines, its drop reasons, into dmesg;
#   any line of it but the handshake's fails the test)
# Exit status 0 iff every transfer moved MIB MiB intact, each domU exited
# 0, and netback complained of nothing.
. /job/lib/lib.sh
MIB=${MIB:-16}; MEM=${MEM:-32}; NET=${NET:-10.99.0}; WAIT_S=${WAIT_S:-240}
DIRS=${DIRS:-in,out}; NBDEBUG=${NBDEBUG:-1}; REPS=${REPS:-1}
IMG=$GUESTS/ttcp.elf
BYTES=$((MIB * 1048576)); NBUF=$((MIB * 128))
T_TEST=$(now_ns)
phase() { echo "== [+$(ms_since $T_TEST) ms] $*"; }
# bytes ns -> Mbit/s as ttcp prints it (2^20 bits per second)
mbit() { awk -v b="$1" -v n="$2" 'BEGIN{ if (n>0) printf "%.2f", b*8/1048576/(n/1e9); else print "NA" }'; }
FAIL=0
[ -f "$IMG" ] || { result image MISSING path=$IMG "(run.sh -g build/apps/ttcp/ttcp.elf)"; exit 2; }
result params mib=$MIB bytes=$BYTES nbuf=$NBUF mem=$MEM net=$NET dirs=$DIRS reps=$REPS

# ---------------------------------------------------------------- bridge
# as tests/net-pair.sh: busybox ip/brctl/ping are what vif-bridge calls
mkdir -p /usr/local/sbin
for a in ip brctl ping; do command -v $a >/dev/null 2>&1 || ln -sf /bin/busybox /usr/local/sbin/$a; done
modprobe bridge || echo "modprobe bridge failed"
brctl addbr xenbr0 && brctl stp xenbr0 off && brctl setfd xenbr0 0
ip addr add $NET.1/24 dev xenbr0
ip link set xenbr0 up
result dom0_bridge mtu=$(cat /sys/class/net/xenbr0/mtu) addr=$NET.1/24 uplink=none
result netback_params $(for f in /sys/module/xen_netback/parameters/*; do printf '%s=%s ' "${f##*/}" "$(cat $f)"; done)
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# netback's reasons for dropping a request are netdev_dbg lines: turn them on
DDC=/sys/kernel/debug/dynamic_debug/control
[ "$NBDEBUG" = 1 ] && [ -w $DDC ] && echo 'module xen_netback +p' > $DDC && result netback_dynamic_debug on

# ---------------------------------------------------------------- the pattern
# ttcp -t -s's stream: every 8192-byte buffer is ' ' + i % 95, i = 0..8191
awk 'BEGIN { for (i = 0; i < 8192; i++) printf "%c", 32 + i % 95 }' > /tmp/pat8k
for i in $(seq 128); do cat /tmp/pat8k; done > /tmp/pat1m
for i in $(seq $MIB); do cat /tmp/pat1m; done > /tmp/pat
rm -f /tmp/pat1m
result pattern bytes=$(wc -c < /tmp/pat) buf_bytes=$(wc -c < /tmp/pat8k) head="$(head -c 20 /tmp/pat8k)" md5=$(md5sum < /tmp/pat | cut -c1-32)

# ---------------------------------------------------------------- helpers
mkcfg() {  # mkcfg NAME IP MAC EXTRA
    cat > /tmp/$1.cfg <<CFG
name = "$1"
type = "pv"
kernel = "$IMG"
memory = $MEM
vcpus = 1
vif = [ 'bridge=xenbr0,ip=$2,mac=$3' ]
extra = "$4"
on_poweroff = "preserve"
on_reboot = "destroy"
on_crash = "preserve"
CFG
    echo "-- /tmp/$1.cfg"; cat /tmp/$1.cfg
}
# state letters of NAME in xl list ("" when gone)
xlstate() { xl list "$1" 2>/dev/null | awk 'NR==2 {print $5}'; }
wait_shutdown() {  # NAME TIMEOUT_S: until shut down (s) or crashed (c);
    _end=$(( $(date +%s) + $2 )); _next=$(( $(date +%s) + 20 ))   # xl list is slow
    while [ $(date +%s) -lt $_end ]; do                       # under TCG: time,
        case "$(xlstate $1)" in *s*|*c*) return 0 ;; "") return 1 ;; esac   # not loops
        [ $(date +%s) -ge $_next ] && { _next=$(( $(date +%s) + 20 )); progress $1; }
        sleep 0.5
    done
    progress $1
    return 1
}
progress() {  # NAME: what moved so far
    _id=$(xl domid $1 2>/dev/null)
    echo "-- [+$(ms_since $T_TEST) ms] $1 state=$(xlstate $1) rx.bin=$(wc -c < /tmp/rx.bin 2>/dev/null)"
    grep -E "vif$_id\.0:|xenbr0:" /proc/net/dev | sed 's/^/   netdev: /'
    grep -E '^(Ip|Tcp):' /proc/net/snmp | sed 's/^/   snmp: /'
    for _q in /sys/kernel/debug/xen-netback/vif$_id.*/io_ring_q*; do
        [ -f $_q ] && cat $_q 2>&1 | sed 's/^/   io_ring: /'
    done
    console $1 | tail -3 | sed 's/^/   console: /'
    dmesg | grep -vE 'entered|link becomes' | tail -3 | sed 's/^/   dmesg: /'
}
vifinfo() {  # NAME: xenstore of both ends, netback's ring state
    _id=$(xl domid $1)
    echo "-- $1 (domid $_id): backend"
    xenstore-ls -f /local/domain/0/backend/vif/$_id 2>&1 | sed 's/^/   /'
    echo "-- $1: frontend"
    xenstore-ls -f /local/domain/$_id/device/vif 2>&1 | sed 's/^/   /'
    _fe=/local/domain/$_id/device/vif/0; _be=/local/domain/0/backend/vif/$_id/0
    result vif_$1 domid=$_id be.state=$(xenstore-read $_be/state 2>/dev/null) fe.state=$(xenstore-read $_fe/state 2>/dev/null) be.ip=$(xenstore-read $_be/ip 2>/dev/null || echo -) \
        $(for k in feature-sg feature-gso-tcpv4 feature-gso-tcpv6 feature-ipv6-csum-offload feature-rx-copy feature-rx-flip feature-multicast-control feature-split-event-channels feature-ctrl-ring multi-queue-max-queues; do printf 'be.%s=%s ' $k "$(xenstore-read $_be/$k 2>/dev/null || echo -)"; done) \
        $(for k in feature-sg feature-gso-tcpv4 feature-rx-notify feature-no-csum-offload request-rx-copy multi-queue-num-queues mtu; do printf 'fe.%s=%s ' $k "$(xenstore-read $_fe/$k 2>/dev/null || echo -)"; done)
}
ringinfo() {  # NAME LABEL: netback's view of the rings (debugfs) and the vif counters
    _id=$(xl domid $1 2>/dev/null) || return
    for q in /sys/kernel/debug/xen-netback/vif$_id.*/io_ring_q*; do
        [ -f $q ] && { echo "-- $2: $q"; cat $q 2>&1 | sed 's/^/   /'; }
    done
    awk -v t="$2" -v v="vif$_id." '$1 ~ ("^" v) || $1 ~ /^xenbr/ {sub(":","",$1); printf "%s %s rx_bytes=%s rx_pkts=%s rx_drop=%s tx_bytes=%s tx_pkts=%s tx_drop=%s\n", t, $1, $2, $3, $5, $10, $11, $13}' /proc/net/dev |
        while read -r l; do result netdev $l; done
}
console() { strip_ansi < $CONSLOG/guest-$1.log 2>/dev/null | sed 's/^\[[^]]*\] //'; }
finish() {  # NAME: exit status, console, destroy
    _id=$(xl domid $1 2>/dev/null)
    XS=$(xenstore-read /local/domain/$_id/data/exit-status 2>/dev/null || echo none)
    result $1_end state=$(xlstate $1) exit_status=$XS
    xl destroy $1 2>/dev/null
    sleep 1
    echo "-- $1: console"; console $1 | tail -40
    cp $CONSLOG/guest-$1.log "$OUTDIR/" 2>/dev/null
    cp /var/log/xen/xl-$1.log "$OUTDIR/$1-xl-monitor.log" 2>/dev/null
    console $1 | grep -E '^netfront: ' | while read -r l; do result $1_line "$l"; done
}
up() {  # NAME IP MAC EXTRA READY_RE: create, wait for READY_RE on the console
    mkcfg "$1" "$2" "$3" "$4"
    _t0=$(now_ns)
    xl create /tmp/$1.cfg > "$OUTDIR/$1-create.txt" 2>&1; _rc=$?
    cat "$OUTDIR/$1-create.txt"
    result $1_create rc=$_rc ms=$(ms_since $_t0)
    [ $_rc = 0 ] || return 1
    if wait_console $1 "$5|netfront: .*cannot|libos: " 120 && console $1 | grep -qE "$5"; then
        result $1_ready ms=$(ms_since $_t0)
    else
        result $1_ready NOT_SEEN; return 1
    fi
    vifinfo $1
}

# ---------------------------------------------------------------- dom0 -> domU
cat > /tmp/tx-pat <<'EOF'
#!/bin/sh
exec dd if=/tmp/pat bs=64k 2>/tmp/tx-pat.dd
EOF
chmod 755 /tmp/tx-pat
dir_in() {  # REP
rep=$1; n=nfrx$rep   # a name each: xenconsoled appends to guest-NAME.log
phase "dom0 -> domU ($rep of $REPS): $n ($NET.2) runs ttcp -r -s -c"
if up $n $NET.2 00:16:3e:99:00:02 "-r -s -c" 'ttcp-r: socket'; then
    ping -c 2 -W 2 $NET.2 > /tmp/ping.txt 2>&1; result ping_$n rc=$? "$(tail -2 /tmp/ping.txt | tr '\n' ' ')"
    ringinfo $n before-in
    t0=$(now_ns)
    busybox nc $NET.2 5001 -e /tmp/tx-pat; rc=$?
    ns=$(( $(now_ns) - t0 ))
    sent=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' /tmp/tx-pat.dd)
    result in_dom0_send rep=$rep rc=$rc bytes=${sent:-0} ns=$ns Mbitps=$(mbit ${sent:-0} $ns) "(nc connect to dd's end: sender side)"
    wait_shutdown $n $WAIT_S || result ${n}_shutdown NOT_after_${WAIT_S}s
    ringinfo $n after-in
    finish $n
    got=$(console $n | sed -n 's/^ttcp-r: \([0-9]*\) bytes in \([0-9.]*\) real seconds = \([0-9.]*\) Mbit.*/\1 \2 \3/p')
    chk=$(console $n | sed -n 's/^ttcp-r: \([0-9]*\) bytes checked against the pattern, \([0-9]*\) wrong/\1 \2/p')
    set -- $got; rbytes=${1:-0}; rsecs=${2:-NA}; rmbit=${3:-NA}
    set -- $chk; cbytes=${1:-0}; wrong=${2:-NA}
    result in_domU_recv rep=$rep bytes=$rbytes secs=$rsecs Mbitps=$rmbit checked=$cbytes wrong=$wrong "(ttcp -r: accept to EOF)"
    echo "$rmbit" >> /tmp/in-domU.mbit; mbit ${sent:-0} $ns >> /tmp/in-dom0.mbit; echo >> /tmp/in-dom0.mbit
    if [ "$rbytes" = $BYTES ] && [ "${sent:-0}" = $BYTES ] && [ "$wrong" = 0 ] && [ "$XS" = 0 ]; then result in rep=$rep OK
    else result in rep=$rep FAILED; FAIL=1; fi
else
    result in rep=$rep FAILED no_receiver; FAIL=1
    ringinfo $n failed-in; finish $n
fi
}

# ---------------------------------------------------------------- domU -> dom0
cat > /tmp/rx-sink <<'EOF'
#!/bin/sh
t0=$(date +%s%N)
cat > /tmp/rx.bin
t1=$(date +%s%N)
echo "$(wc -c < /tmp/rx.bin) $((t1 - t0))" > /tmp/rx.res
EOF
chmod 755 /tmp/rx-sink
dir_out() {  # REP
rep=$1; n=nftx$rep   # a name each: xenconsoled appends to guest-NAME.log
phase "domU -> dom0 ($rep of $REPS): $n ($NET.3) runs ttcp -t -s to $NET.1:5003"
rm -f /tmp/rx.res /tmp/rx.bin
busybox nc -l -p 5003 -e /tmp/rx-sink &
NCL=$!
sleep 1
if up $n $NET.3 00:16:3e:99:00:03 "-t -s -l 8192 -n $NBUF -p 5003 $NET.1" 'ttcp-t: socket'; then
    wait_shutdown $n $WAIT_S || result ${n}_shutdown NOT_after_${WAIT_S}s
    ringinfo $n after-out
    finish $n
    _t=100; while [ ! -s /tmp/rx.res ] && [ $_t -gt 0 ]; do sleep 0.1; _t=$((_t-1)); done
    set -- $(cat /tmp/rx.res 2>/dev/null); dbytes=${1:-0}; dns=${2:-0}
    wrong=$(cmp -l /tmp/rx.bin /tmp/pat 2>/dev/null | wc -l)
    cmp /tmp/rx.bin /tmp/pat > /tmp/cmp.txt 2>&1; crc=$?
    result out_dom0_recv rep=$rep bytes=$dbytes ns=$dns Mbitps=$(mbit $dbytes $dns) wrong=$wrong cmp_rc=$crc "$(head -1 /tmp/cmp.txt)" "(nc -l: accept to EOF; wc -c)"
    got=$(console $n | sed -n 's/^ttcp-t: \([0-9]*\) bytes in \([0-9.]*\) real seconds = \([0-9.]*\) Mbit.*/\1 \2 \3/p')
    set -- $got
    result out_domU_send rep=$rep bytes=${1:-0} secs=${2:-NA} Mbitps=${3:-NA} "(ttcp -t: connect to last write)"
    echo "${3:-NA}" >> /tmp/out-domU.mbit; mbit $dbytes $dns >> /tmp/out-dom0.mbit; echo >> /tmp/out-dom0.mbit
    if [ "$dbytes" = $BYTES ] && [ "${1:-0}" = $BYTES ] && [ $crc = 0 ] && [ "$XS" = 0 ]; then result out rep=$rep OK
    else result out rep=$rep FAILED; FAIL=1; fi
else
    result out rep=$rep FAILED no_sender; FAIL=1
    ringinfo $n failed-out; finish $n
fi
kill $NCL 2>/dev/null
rm -f /tmp/rx.bin
}

# ---------------------------------------------------------------- runs
median() { grep -v '^$' | sort -n | awk '{a[NR]=$1} END{ if (NR==0) print "NA"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
rm -f /tmp/in-*.mbit /tmp/out-*.mbit
for d in $(echo $DIRS | tr ',' ' '); do
    r=0; while [ $r -lt $REPS ]; do r=$((r+1)); dir_$d $r; done
    result median dir=$d domU_Mbitps=$(median < /tmp/$d-domU.mbit) dom0_Mbitps=$(median < /tmp/$d-dom0.mbit) "all_domU=$(grep -v '^$' /tmp/$d-domU.mbit | tr '\n' ' ')"
done

phase "done"
xl list
dmesg | grep -E 'vif vif-|xen-netback|xen_netback' | grep -vE 'entered|link becomes' > /tmp/nb-dmesg.txt
# what is not the handshake (state changes, created, Rx ready) is a complaint
NBC=$(grep -cvE 'frontend_changed|backend_switch_state|Successfully created|Guest Rx ready' /tmp/nb-dmesg.txt)
result netback_complaints $NBC
[ "$NBDEBUG" = 1 ] && [ "$NBC" != 0 ] && FAIL=1
sort /tmp/nb-dmesg.txt | sed 's/^\[ *[0-9.]*\] //' | sort | uniq -c | sort -rn | head -20 | sed 's/^/dom0 dmesg (count, line): /'
result test_ms $(ms_since $T_TEST) fail=$FAIL
exit $FAIL
