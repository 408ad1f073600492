#!/usr/bin/env bash
# The packet-rate benchmark: lvs4j against a minimal C libpcap forwarder, in the same run.
#
#   sudo bench/pps.sh [--seconds N] [--rounds N] [--io "pcap ring xdp"] [--throttle PCT] [--busy-poll US]
#                     [--only rates|latency] [--prefix P]
#
# Its own namespaces on a bridge: a generator, a director, two sinks (10.1.0.11/12 by DR or TUN)
# whose NICs count what reaches them and drop it at ingress, before IP (the same cost for a DR
# and an IPIP frame). tcpreplay replays, at top speed, pcaps generated here: 60-byte TCP SYNs
# over 100 000 flows, 512-byte UDP over 1 000 flows, and established traffic (1 000 flows: SYN,
# then 100-byte ACK segments). Rows:
#   ceiling   the generator straight to a sink (what the generator and bridge can do)
#   C floor   pcap_next_ex + MAC rewrite + pcap_inject, compiled here (needs libpcap-dev)
#   lvs4j     DR and TUN, once per --io mode (pcap, ring, xdp). A mode whose director does not
#             start (exits, or logs no start within 30 s: e.g. a jar without --io xdp) shows as
#             "unavailable" with the last line of its log; the other rows still run.
# Each row: offered pps (generator), forwarded pps (what the sinks' NICs received while the
# generator sent: counters, not tcpdump, so AF_XDP's sends count too), loss (after the forwarder
# has drained its buffer), and the forwarder's CPU time (utime+stime of its packet thread, from
# /proc over the run) per forwarded packet, and its user time alone: the figures that still
# compare when the generator, not the forwarder, is the limit. Generator and forwarder are pinned
# to different cores. Medians of --rounds rounds (rows interleaved, so noise from other load
# spreads over all of them), ratios to the C floor, and for TUN rows to DR of the same --io mode.
# --throttle PCT puts the forwarder (C floor and lvs4j alike, its whole process) under a cgroup
# CPU quota of PCT % of one core (v2 cpu.max, else v1 cpu.cfs_quota_us), so the forwarder, not
# the generator, is the bottleneck; the "throttled" column is the share of quota periods in
# which the quota ran out. Then the added latency of a TCP request and response through the
# director against straight to the server: p50/p99 of 5 000 round trips after 2 s of warm-up
# (the JIT's first compilations otherwise make the p99), client and server on core 0 and the
# director alone on core 1, median of 3 rounds, per available --io mode, never throttled; each
# mode once as it runs by default and once with run --busy-poll US (default 200; 0: no such row),
# with the director's CPU time (its packet thread's utime+stime) per round trip beside it: what
# the spin costs. --only runs one of the two parts.
# LVS4J_JAVA_OPTS adds JVM options to lvs4j's (e.g. -XX:StartFlightRecording=... to profile it).
# A benchmark, not a test: numbers depend on the machine; nothing here asserts a speed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PREFIX=pps-
SECS=3
ROUNDS=3
IO_MODES="pcap ring xdp"
THROTTLE=
BUSY_POLL=200
ONLY=
USAGE='--seconds N --rounds N --io "pcap ring xdp" --throttle 1..100 --busy-poll US --only rates|latency --prefix P'
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECS=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --io) IO_MODES=${2:?}; shift 2 ;;
        --throttle) THROTTLE=${2:?}; shift 2 ;;
        --busy-poll) BUSY_POLL=${2:?}; shift 2 ;;
        --only) ONLY=${2:?}; shift 2 ;;
        --prefix) PREFIX=${2:?}; shift 2 ;;
        *) echo "pps: unknown option '$1' (allowed: $USAGE)" >&2; exit 2 ;;
    esac
done
case "$SECS$ROUNDS" in *[!0-9]*|'') echo "pps: --seconds and --rounds take whole numbers" >&2; exit 2 ;; esac
if [ "$SECS" -lt 1 ] || [ "$ROUNDS" -lt 1 ]; then echo "pps: --seconds and --rounds must be at least 1" >&2; exit 2; fi
for m in $IO_MODES; do
    case "$m" in pcap|ring|xdp) ;; *) echo "pps: --io '$m' is not one of pcap, ring, xdp" >&2; exit 2 ;; esac
done
if [ -n "$THROTTLE" ]; then
    case "$THROTTLE" in
        [1-9]|[1-9][0-9]|100) ;;
        *) echo "pps: --throttle '$THROTTLE' is not a percentage of one core (allowed: a whole number 1..100)" >&2; exit 2 ;;
    esac
fi
if ! [[ "$BUSY_POLL" =~ ^[0-9]{1,7}$ ]] || [ "$BUSY_POLL" -gt 1000000 ]; then
    echo "pps: --busy-poll '$BUSY_POLL' is not a spin time in microseconds (allowed: 0 to 1000000)" >&2; exit 2
fi
case "$ONLY" in ''|rates|latency) ;; *) echo "pps: --only '$ONLY' is not a part (allowed: rates, latency)" >&2; exit 2 ;; esac
case "$PREFIX" in *[!A-Za-z0-9_-]*|'') echo "pps: prefix '$PREFIX' may hold only letters, digits, '-' and '_'" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "pps: needs root (namespaces)" >&2; exit 2; }
JAR=$ROOT/cli/target/lvs4j.jar
[ -f "$JAR" ] || { echo "pps: build first: mvn -pl cli -am package -DskipTests" >&2; exit 2; }
# The forwarder's cgroup: v2 when the unified hierarchy is mounted at /sys/fs/cgroup, else v1's cpu.
CG='' CG_ROOT='' CG_KIND=''
if [ -n "$THROTTLE" ]; then
    if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
        CG_KIND=v2 CG_ROOT=/sys/fs/cgroup
        grep -qw cpu "$CG_ROOT/cgroup.controllers" \
            || { echo "pps: --throttle needs the cgroup v2 cpu controller (not in $CG_ROOT/cgroup.controllers)" >&2; exit 2; }
    elif [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
        CG_KIND=v1 CG_ROOT=/sys/fs/cgroup/cpu
    else
        echo "pps: --throttle needs a cgroup cpu controller (no /sys/fs/cgroup/cgroup.controllers, no /sys/fs/cgroup/cpu/cpu.cfs_quota_us)" >&2
        exit 2
    fi
fi
missing=()
command -v tcpreplay >/dev/null || missing+=(tcpreplay)
command -v gcc >/dev/null || missing+=(gcc)
command -v nft >/dev/null || missing+=(nftables) # the sinks' ingress drop
[ -f /usr/include/pcap/pcap.h ] || missing+=(libpcap-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "pps: installing ${missing[*]} (apt-get)" >&2
    apt-get install -y "${missing[@]}" >/dev/null
fi

VIP=10.1.0.100
GEN_MAC=02:00:00:00:01:01 DIR_MAC=02:00:00:00:01:10 S1_MAC=02:00:00:00:01:11 S2_MAC=02:00:00:00:01:12
WORK=$(mktemp -d /tmp/lvs4j-pps.XXXXXX)
NS=()
cleanup() {
    set +e
    [ -n "${ECHO:-}" ] && kill "$ECHO" 2>/dev/null
    [ -n "${FWD_PID:-}" ] && kill "$FWD_PID" 2>/dev/null && wait "$FWD_PID" 2>/dev/null
    if [ -n "$CG" ] && [ -d "$CG" ]; then
        # rmdir refuses a cgroup that still holds a process: hand any straggler back to the root.
        while read -r p; do echo "$p" > "$CG_ROOT/cgroup.procs"; done < "$CG/cgroup.procs"
        rmdir "$CG" || echo "pps: could not remove cgroup $CG" >&2
    fi
    for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
nsx() { local n=$1; shift; ip netns exec "$PREFIX$n" "$@"; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the lab: a bridge in its own namespace, four ends on it -------------------------------------
# The switch's namespace is the run's lock: a second run with the same --prefix stops here.
ip netns add "${PREFIX}sw" 2>/dev/null || {
    echo "pps: namespace ${PREFIX}sw exists: another run with --prefix $PREFIX (or a killed one's leftovers)" >&2; exit 2; }
NS+=("${PREFIX}sw")
nsx sw ip link add br0 type bridge
nsx sw ip link set br0 up
node() { # NAME MAC IP
    ip netns add "$PREFIX$1"; NS+=("$PREFIX$1")
    ip -n "${PREFIX}sw" link add "$1" type veth peer name eth0 netns "$PREFIX$1"
    nsx "$1" ip link set eth0 address "$2"
    nsx sw ip link set "$1" master br0 up
    nsx sw bridge fdb replace "$2" dev "$1" master static # no flooding, no ageing out mid-run
    nsx "$1" ip link set lo up
    nsx "$1" ip link set eth0 up
    nsx "$1" ip addr add "$3/24" dev eth0
    # Checksums in software: a frame the director forwards must carry a complete one.
    nsx "$1" ethtool -K eth0 tx off gro off gso off tso off >/dev/null 2>&1 || true
    nsx sw ethtool -K "$1" tx off gro off >/dev/null 2>&1 || true
}
node gen $GEN_MAC 10.1.0.20
node dir $DIR_MAC 10.1.0.10
node s1 $S1_MAC 10.1.0.11
node s2 $S2_MAC 10.1.0.12
# The sinks' NICs count every frame and drop IPv4 at ingress (an nftables netdev hook), before any
# IP processing: otherwise a DR frame (for a VIP they do not hold) is dropped by routing, and an
# IPIP frame (for their own address, with no ipip module) answered with an ICMP error, which on
# veth costs the forwarder, whose send runs the sink's receive, differently. ARP still gets through.
sink_drop() {
    nsx "$1" nft -f - <<EOF_NFT
table netdev sink {
    chain ingress { type filter hook ingress device "eth0" priority 0; meta protocol ip drop; }
}
EOF_NFT
}
sink_drop s1
sink_drop s2

# --- the forwarder's cgroup (--throttle) --------------------------------------------------------
if [ -n "$THROTTLE" ]; then
    CG=$CG_ROOT/${PREFIX}forwarder
    # Holding the lock, an existing one is a killed run's leftover.
    [ -d "$CG" ] && { rmdir "$CG" 2>/dev/null || { echo "pps: cgroup $CG is left over and still holds a process" >&2; CG=; exit 2; }; }
    if [ "$CG_KIND" = v2 ]; then
        grep -qw cpu "$CG_ROOT/cgroup.subtree_control" || echo +cpu > "$CG_ROOT/cgroup.subtree_control"
        mkdir "$CG"
        CG_PERIOD=100000
        echo "$(( THROTTLE * CG_PERIOD / 100 )) $CG_PERIOD" > "$CG/cpu.max"
    else
        mkdir "$CG"
        CG_PERIOD=$(cat "$CG/cpu.cfs_period_us")
        echo $(( THROTTLE * CG_PERIOD / 100 )) > "$CG/cpu.cfs_quota_us"
    fi
fi

# --- the pcaps -----------------------------------------------------------------------------------
python3 - "$WORK" "$GEN_MAC" "$DIR_MAC" "$S1_MAC" "$VIP" <<'EOF'
import struct, sys
work, gen, dirm, s1, vip = sys.argv[1:]
mac = lambda m: bytes(int(x, 16) for x in m.split(':'))
ip4 = lambda a: bytes(int(x) for x in a.split('.'))
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def frame(dst, src, dport, proto, l4):
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), 0, 0, 64, proto, 0, src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    f = dstmac + mac(gen) + b'\x08\x00' + ip + l4
    return f + b'\0' * (60 - len(f)) if len(f) < 60 else f
def tcp(src, dst, sport, flags, payload=b''):
    h = struct.pack('!HHIIBBHHH', sport, 80, 1000, 1 if flags & 0x10 else 0, 5 << 4, flags, 65535, 0, 0) + payload
    c = csum(src + dst + struct.pack('!BBH', 0, 6, len(h)) + h)
    return frame(dst, src, 80, 6, h[:16] + struct.pack('!H', c) + h[18:])
def udp(src, dst, sport, payload):
    h = struct.pack('!HHHH', sport, 9, 8 + len(payload), 0) + payload
    return frame(dst, src, 9, 17, h)
def client(i): return bytes([172, 16 + (i >> 16), (i >> 8) & 255, i & 255])
def write(name, frames):
    with open(f'{work}/{name}.pcap', 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for fr in frames:
            f.write(struct.pack('<IIII', 0, 0, len(fr), len(fr)) + fr)
v = ip4(vip)
for name, dstmac in (('', mac(dirm)), ('direct-', mac(s1))): # direct: to a sink, which drops it
    dst = v
    write(name + 'syn', (tcp(client(i), dst, 1024 + i % 60000, 0x02) for i in range(100000)))
    write(name + 'udp', (udp(client(i), dst, 2000 + i, b'x' * (512 - 42)) for i in range(1000)))
    est = [tcp(client(i), dst, 3000 + i, 0x02) for i in range(1000)]
    est += [tcp(client(i % 1000), dst, 3000 + i % 1000, 0x10, b'y' * 100) for i in range(50000)]
    write(name + 'est', est)
EOF

# --- the C floor ---------------------------------------------------------------------------------
cat > "$WORK/floor.c" <<'EOF'
/* The floor: libpcap's one-frame-a-call path with no decision. Rewrites the MACs toward one of
 * two sinks by a flow hash and injects. argv: iface our-mac sink1-mac sink2-mac vip */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void mac(const char *s, unsigned char *m) {
    sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", m, m + 1, m + 2, m + 3, m + 4, m + 5);
}
int main(int argc, char **argv) {
    char err[PCAP_ERRBUF_SIZE], filter[128];
    unsigned char self[6], sink[2][6], out[2048];
    struct bpf_program prog;
    struct pcap_pkthdr *h;
    const unsigned char *p;
    mac(argv[2], self); mac(argv[3], sink[0]); mac(argv[4], sink[1]);
    pcap_t *pc = pcap_create(argv[1], err);
    pcap_set_snaplen(pc, 1522); pcap_set_immediate_mode(pc, 1); pcap_set_buffer_size(pc, 32 << 20);
    if (!pc || pcap_activate(pc) < 0) { fprintf(stderr, "floor: %s\n", pc ? pcap_geterr(pc) : err); return 1; }
    pcap_setdirection(pc, PCAP_D_IN);
    snprintf(filter, sizeof filter, "ether dst %s and ip dst host %s", argv[2], argv[5]);
    if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) || pcap_setfilter(pc, &prog)) {
        fprintf(stderr, "floor: %s\n", pcap_geterr(pc)); return 1;
    }
    for (;;) {
        int rc = pcap_next_ex(pc, &h, &p);
        if (rc < 0) return 1;
        if (rc == 0 || h->caplen < 34 || h->caplen > sizeof out) continue;
        memcpy(out, p, h->caplen);
        memcpy(out, sink[(p[29] ^ p[33]) & 1], 6);
        memcpy(out + 6, self, 6);
        pcap_inject(pc, out, h->caplen);
    }
}
EOF
gcc -O2 -o "$WORK/floor" "$WORK/floor.c" -lpcap


# --- measuring -----------------------------------------------------------------------------------
stat_of() { nsx "$1" cat "/sys/class/net/eth0/statistics/$2"; }
sinks_rx() { echo $(( $(stat_of s1 rx_packets) + $(stat_of s2 rx_packets) )); }
# utime and stime of the forwarder's packet thread (/proc/PID[/task/TID]/stat), in ticks.
fwd_cpu() { if [ -n "$FWD_STAT" ]; then awk '{ print $14, $15 }' "$FWD_STAT"; else echo 0 0; fi; }
# Quota periods the forwarder's cgroup ran in, and those in which its quota ran out.
cg_periods() {
    if [ -n "$CG" ]; then awk '$1 == "nr_periods" { p = $2 } $1 == "nr_throttled" { t = $2 } END { print p, t }' "$CG/cpu.stat"
    else echo 0 0; fi
}
TICK=$(getconf CLK_TCK)
START_DEADLINE=30
WARMUP=2
if [ -n "$THROTTLE" ]; then
    # A throttled forwarder gets the CPU time an unthrottled one warms up with, up to 20 s of it.
    WARMUP=$(( (200 + THROTTLE - 1) / THROTTLE ))
    [ "$WARMUP" -le 20 ] || WARMUP=20
fi
THROTTLING=$THROTTLE

# throttle PID: the forwarder's process into the quota'd cgroup; cgroup.procs takes every thread
# it has (v1 and v2), and threads it starts later inherit the cgroup.
throttle() {
    [ -n "$THROTTLING" ] || return 0
    [ -d "$CG" ] || { echo "pps: cgroup $CG is gone" >&2; exit 1; }
    echo "$1" > "$CG/cgroup.procs" 2>/dev/null || return 0 # gone already: its caller says so
    local outside
    outside=$(grep -L -F ":/${CG##*/}" /proc/"$1"/task/*/cgroup 2>/dev/null | wc -l)
    [ "$outside" = 0 ] || echo "pps: $outside thread(s) of $1 stayed outside $CG" >&2
}

# last_line FILE: its last line that is not blank; fails if there is none.
last_line() { grep -v '^[[:space:]]*$' "$1" | tail -n 1 | tr '\t' ' ' | grep .; }

# start_forwarder KIND [IO]: KIND floor | dr | tun; sets FWD_PID and FWD_STAT (the packet thread's
# stat). A director that exits, or logs no start within START_DEADLINE s, is stopped; returns 1
# with WHY (the last line of its log).
start_forwarder() {
    local kind=$1 io=${2:-} flag started=
    WHY=
    if [ "$kind" = floor ]; then
        ip netns exec "${PREFIX}dir" taskset -c 1 "$WORK/floor" eth0 $DIR_MAC $S1_MAC $S2_MAC $VIP 2>"$WORK/fwd.log" &
        FWD_PID=$!
        FWD_STAT=/proc/$FWD_PID/stat
        throttle "$FWD_PID"
        sleep 0.5
        kill -0 "$FWD_PID" 2>/dev/null || { echo "pps: the C floor did not start: $(tail -n 1 "$WORK/fwd.log")" >&2; exit 1; }
        return 0
    fi
    flag=$([ "$kind" = dr ] && echo -g || echo -i)
    {
        for s in t:80 u:9; do
            echo "-A -${s%:*} $VIP:${s#*:} -s rr"
            echo "-a -${s%:*} $VIP:${s#*:} -r 10.1.0.11:${s#*:} $flag"
            echo "-a -${s%:*} $VIP:${s#*:} -r 10.1.0.12:${s#*:} $flag"
        done
        echo "-A -t $VIP:7 -s rr"
        echo "-a -t $VIP:7 -r 10.1.0.11:7 -g"
    } > "$WORK/rules"
    # shellcheck disable=SC2086 # LVS4J_JAVA_OPTS and FWD_FLAGS are lists of options
    ip netns exec "${PREFIX}dir" taskset -c 1 java -Xms256m ${LVS4J_JAVA_OPTS:-} -jar "$JAR" \
        run -i eth0 --io "$io" ${FWD_FLAGS:-} -f "$WORK/rules" --control "$WORK/ctl.sock" >"$WORK/fwd.out" 2>"$WORK/fwd.log" &
    FWD_PID=$!
    for _ in $(seq $((START_DEADLINE * 10))); do
        [ "$(grep -c ' is at ' "$WORK/fwd.log" || true)" -ge 2 ] && { started=1; break; }
        kill -0 "$FWD_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$started" ]; then
        kill -0 "$FWD_PID" 2>/dev/null && WHY="no start logged within $START_DEADLINE s; "
        stop_forwarder
        WHY="$WHY$(last_line "$WORK/fwd.log" || last_line "$WORK/fwd.out" || echo 'no log')"
        return 1
    fi
    FWD_STAT=$(grep -l '^capture-eth0$' /proc/"$FWD_PID"/task/*/comm | sed 's/comm$/stat/' | head -n 1)
    if [ -z "$FWD_STAT" ]; then
        echo "pps: $kind-$io has no capture-eth0 thread; CPU is its whole process's (JIT and GC included)" >&2
        FWD_STAT=/proc/$FWD_PID/stat
    fi
    throttle "$FWD_PID"
    # Warm up: let the JIT compile the packet path before anything is measured.
    if [ -z "${NO_WARMUP:-}" ]; then
        nsx gen taskset -c 0 tcpreplay -i eth0 -K --topspeed --duration="$WARMUP" --loop=0 "$WORK/est.pcap" >/dev/null 2>&1 || true
    fi
}

stop_forwarder() {
    kill -TERM "$FWD_PID" 2>/dev/null || true
    wait "$FWD_PID" 2>/dev/null || true
    FWD_PID=
}

# replay PCAP: one measurement; prints "offered forwarded loss% cpu_ns user_ns throttled%", the
# CPU and user time per forwarded packet. Forwarded counts what the sinks got while the generator
# sent: a throttled forwarder's backlog, forwarded after, would flatter its rate, so it only
# counts as not lost.
replay() {
    local tx0 rx0 c0 p0 t0 tx1 rx1 c1 p1 t1 rx2 rx3
    tx0=$(stat_of gen tx_packets); rx0=$(sinks_rx); c0=$(fwd_cpu); p0=$(cg_periods)
    t0=$(date +%s.%N)
    nsx gen taskset -c 0 tcpreplay -i eth0 -K --topspeed --duration="$SECS" --loop=0 "$1" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    rx1=$(sinks_rx); c1=$(fwd_cpu); p1=$(cg_periods); tx1=$(stat_of gen tx_packets)
    # The forwarder drains its buffer before the loss is counted and the next run starts.
    rx2=$rx1
    for _ in $(seq 100); do
        sleep 0.3; rx3=$(sinks_rx)
        [ "$rx3" = "$rx2" ] && break
        rx2=$rx3
    done
    awk -v tx=$((tx1 - tx0)) -v rx=$((rx1 - rx0)) -v drained=$((rx2 - rx0)) -v t="$(echo "$t1 - $t0" | bc -l)" \
        -v c0="$c0" -v c1="$c1" -v p0="$p0" -v p1="$p1" -v tick="$TICK" 'BEGIN {
        split(c0, a, " "); split(c1, b, " "); split(p0, q, " "); split(p1, r, " ")
        user = b[1] - a[1]; cpu = user + b[2] - a[2]; periods = r[1] - q[1]; thr = r[2] - q[2]
        printf "%.0f %.0f %.2f %.0f %.0f %s\n", tx / t, rx / t, tx ? 100 * (tx - drained) / tx : 0,
            rx ? cpu / tick * 1e9 / rx : 0, rx ? user / tick * 1e9 / rx : 0,
            periods ? sprintf("%.0f", 100 * thr / periods) : "-" }'
}

: > "$WORK/results"
: > "$WORK/unavailable"
unavailable() { grep -q "^$1	" "$WORK/unavailable"; }
why_unavailable() { printf '%s\t%s\n' "$1" "$2" >> "$WORK/unavailable"; echo "pps: $1 unavailable: $2" >&2; }
if [ "$ONLY" != latency ]; then
    TRAFFIC="syn udp est"
    ROWS="ceiling floor"
    for m in $IO_MODES; do ROWS="$ROWS dr-$m tun-$m"; done
    for r in $(seq "$ROUNDS"); do
        echo "round $r/$ROUNDS …" >&2
        for row in $ROWS; do
            FWD_STAT=
            case "$row" in
                ceiling) ;;
                floor) start_forwarder floor ;;
                *)
                    unavailable "$row" && continue
                    start_forwarder "${row%-*}" "${row#*-}" || { why_unavailable "$row" "$WHY"; continue; } ;;
            esac
            for t in $TRAFFIC; do
                pcap=$WORK/$t.pcap
                [ "$row" = ceiling ] && pcap=$WORK/direct-$t.pcap
                echo "$row $t $(replay "$pcap")" >> "$WORK/results"
            done
            [ "$row" = ceiling ] || stop_forwarder
        done
    done

    # --- the table -----------------------------------------------------------------------------------
    echo
    printf "packet rate, %s cores, %s s a run, median of %s rounds%s; CPU = the forwarder's packet thread (utime+stime); load average at start %s\n" \
        "$(nproc)" "$SECS" "$ROUNDS" "${THROTTLE:+, the forwarder throttled to $THROTTLE % of a core}" "$LOAD_START"
    if [ -n "$THROTTLE" ]; then
        echo "throttled: the forwarder's whole process (C floor and lvs4j alike; lvs4j's JIT, GC and other threads too) under a cgroup $CG_KIND"
        echo "  CPU quota of $(( THROTTLE * CG_PERIOD / 100 )) us per $CG_PERIOD us on core 1 (lvs4j from its logged start, then $WARMUP s of warm-up);"
        echo "  the generator is not throttled. 'throttled' = share of quota periods whose quota ran out (near 100 %: the forwarder is the bottleneck)"
    fi
    awk -v rows="$ROWS" -v traffic="$TRAFFIC" -v throttled="$THROTTLE" '
    function median(key,   n, a, i, j, t) {
        n = split(vals[key], a, " ")
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return a[int((n + 1) / 2)]
    }
    function ratio(x, y) { return y + 0 ? sprintf("%.2fx", x / y) : "-" }
    FILENAME == ARGV[1] { i = index($0, "\t"); why[substr($0, 1, i - 1)] = substr($0, i + 1); next }
    { for (f = 3; f <= 8; f++) vals[$1 " " $2 " " f] = vals[$1 " " $2 " " f] " " $f; seen[$1 " " $2] = 1 }
    END {
        split("60-byte TCP SYN, 100k flows|512-byte UDP, 1k flows|established TCP, 1k flows", names, "|")
        nt = split(traffic, ts, " "); nr = split(rows, rs, " ")
        head = "%-9s %11s %11s %7s %10s %10s %10s %9s %10s %8s %7s"
        for (i = 1; i <= nt; i++) {
            printf "\n%s\n" head, names[i], "row", "offered pps", "forwarded", "loss", "CPU/packet", "user/pkt",
                "rate/floor", "CPU/floor", "user/floor", "rate/DR", "CPU/DR"
            if (throttled) printf " %9s", "throttled"
            printf "\n"
            fr = median("floor " ts[i] " 4"); fc = median("floor " ts[i] " 6"); fu = median("floor " ts[i] " 7")
            for (j = 1; j <= nr; j++) {
                row = rs[j]; k = row " " ts[i]
                if (!(k in seen)) {
                    printf "%-9s unavailable (reason: %s)\n", row, (row in why) ? why[row] : "no run"
                    continue
                }
                fw = median(k " 4"); c = median(k " 6"); u = median(k " 7")
                printf "%-9s %11d %11d %6.2f%%", row, median(k " 3"), fw, median(k " 5")
                if (row == "ceiling") { printf " %10s %10s %10s %9s %10s %8s %7s", "-", "-", "-", "-", "-", "-", "-" }
                else {
                    printf " %7.2f us %7.2f us %10s %9s %10s", c / 1000, u / 1000, ratio(fw, fr), ratio(c, fc), ratio(u, fu)
                    dr = "dr-" substr(row, 5)
                    if (row ~ /^tun-/ && (dr " " ts[i]) in seen)
                        printf " %8s %7s", ratio(fw, median(dr " " ts[i] " 4")), ratio(c, median(dr " " ts[i] " 6"))
                    else printf " %8s %7s", "-", "-"
                }
                if (throttled) printf " %9s", row == "ceiling" || median(k " 8") == "-" ? "-" : median(k " 8") "%"
                printf "\n"
            }
        }
    }' "$WORK/unavailable" "$WORK/results"
fi

# --- latency: one TCP connection, 2 s of warm-up, then 5 000 64-byte requests and answers; 3 rounds ---
[ "$ONLY" = rates ] && exit 0
NO_WARMUP=1
THROTTLING= # the quota would stall a director mid-round trip: latency is measured unthrottled
LAT_ROUNDS=3
nsx s1 nft delete table netdev sink # s1 answers now
nsx s1 ip addr add $VIP/32 dev lo
nsx s1 sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
cat > "$WORK/echo.py" <<'PY'
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 7)); s.listen()
while True:
    c, _ = s.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while (d := c.recv(64)): c.sendall(d)
PY
cat > "$WORK/rtt.py" <<'PY'
import socket, sys, time
c = socket.create_connection((sys.argv[1], 7)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
m, rtts, warmups = b'r' * 64, [], 0
warm = time.monotonic() + 2  # a director runs warm: its JIT has compiled the packet path
while time.monotonic() < warm:
    c.sendall(m); n = 0
    while n < 64: n += len(c.recv(64))
    warmups += 1
for i in range(5000):
    t = time.perf_counter_ns(); c.sendall(m); n = 0
    while n < 64: n += len(c.recv(64))
    rtts.append((time.perf_counter_ns() - t) / 1000)
# p50, p99, and every round trip made (the director's CPU is read over all of them)
rtts.sort(); print('%.0f %.0f %d' % (rtts[len(rtts) // 2], rtts[len(rtts) * 99 // 100], warmups + len(rtts)))
PY
# Client and server share core 0 and the director has core 1 to itself, as on separate hosts a
# director does not share its CPU with them: what is added is the director's path, not the
# scheduler's choice of whom to run first on a shared core.
ip netns exec "${PREFIX}s1" taskset -c 0 python3 "$WORK/echo.py" >/dev/null 2>&1 & ECHO=$!
for _ in $(seq 100); do nsx s1 ss -ltn | grep -q ':7 ' && break; sleep 0.1; done
rtt() { nsx gen taskset -c 0 timeout 120 python3 "$WORK/rtt.py" "$1" 2>>"$WORK/rtt.log" || echo "- - 0"; }
# rtt_through_director ROW: "ROW p50 p99 cpu_ns", cpu_ns = the director's packet thread per round trip.
rtt_through_director() {
    local c0 c1 r
    c0=$(fwd_cpu); r=$(rtt $VIP); c1=$(fwd_cpu)
    echo "$1 $r $c0 $c1" | awk -v tick="$TICK" '{ printf "%s %s %s %s\n", $1, $2, $3,
        ($4 > 0 ? sprintf("%.0f", ($7 + $8 - $5 - $6) / tick * 1e9 / $4) : "-") }'
}
: > "$WORK/latency"
for r in $(seq $LAT_ROUNDS); do
    echo "latency round $r/$LAT_ROUNDS …" >&2
    echo "direct $(rtt 10.1.0.11 | cut -d' ' -f1-2) -" >> "$WORK/latency"
    for m in $IO_MODES; do
        unavailable "dr-$m" && continue
        for busy in 0 $([ "$BUSY_POLL" = 0 ] || echo "$BUSY_POLL"); do
            if [ "$busy" = 0 ]; then FWD_FLAGS='' row=$m; else FWD_FLAGS="--busy-poll $busy" row=$m+busy; fi
            unavailable "dr-$row" && continue
            start_forwarder dr "$m" || { why_unavailable "dr-$row" "$WHY"; continue; }
            rtt_through_director "$row" >> "$WORK/latency"
            stop_forwarder
        done
    done
    FWD_FLAGS=
done
kill "$ECHO" 2>/dev/null || true
ECHO=

echo
echo "TCP request/response, 64 bytes each way, one connection, 5 000 round trips (after 2 s of them as warm-up),"
echo "median of $LAT_ROUNDS rounds; the director not throttled; +busy: run --busy-poll $BUSY_POLL;"
echo "CPU/round trip: the director's packet thread (utime+stime) over all round trips, warm-up included"
awk -v modes="$IO_MODES" -v busy="$BUSY_POLL" '
function median(s,   n, a, i, j, t) {
    n = split(s, a, " ")
    if (!n) return "-"
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return a[int((n + 1) / 2)]
}
FILENAME == ARGV[1] { i = index($0, "\t"); why[substr($0, 1, i - 1)] = substr($0, i + 1); next }
$2 != "-" { p50[$1] = p50[$1] " " $2; p99[$1] = p99[$1] " " $3; if ($4 != "-") cpu[$1] = cpu[$1] " " $4 }
END {
    fmt = "%-21s %7s %7s %13s %13s %15s\n"
    printf fmt, "path", "p50 us", "p99 us", "added p50 us", "added p99 us", "CPU/round trip"
    d50 = median(p50["direct"]); d99 = median(p99["direct"])
    printf fmt, "direct", d50, d99, "-", "-", "-"
    nm = split(modes, ms, " ")
    for (i = 1; i <= nm; i++) {
        for (k = 0; k < (busy > 0 ? 2 : 1); k++) {
            m = ms[i] (k ? "+busy" : ""); name = "lvs4j DR " ms[i] (k ? " +busy" : "")
            if (("dr-" m) in why) { printf "%-21s unavailable (reason: %s)\n", name, why["dr-" m]; continue }
            a = median(p50[m]); b = median(p99[m]); c = median(cpu[m])
            c = c == "-" ? "-" : sprintf("%.1f us", c / 1000)
            if (a == "-" || d50 == "-") printf fmt, name, a, b, "-", "-", c
            else printf fmt, name, a, b, a - d50, b - d99, c
        }
    }
}' "$WORK/unavailable" "$WORK/latency"
