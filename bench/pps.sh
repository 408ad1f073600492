#!/usr/bin/env bash
# The packet-rate benchmark: lvs4j against a minimal C libpcap forwarder, in the same run.
#
#   sudo bench/pps.sh [--seconds N] [--rounds N] [--io "pcap ring"] [--prefix P]
#
# Its own namespaces on a bridge: a generator, a director, two sinks (10.1.0.11/12 by DR or TUN)
# that hold no VIP, so their kernels count and drop what reaches them. tcpreplay replays, at top
# speed, pcaps generated here: 60-byte TCP SYNs over 100 000 flows, 512-byte UDP over 1 000 flows,
# and established traffic (1 000 flows: SYN, then 100-byte ACK segments). Rows:
#   ceiling   the generator straight to a sink (what the generator and bridge can do)
#   C floor   pcap_next_ex + MAC rewrite + pcap_inject, compiled here (needs libpcap-dev)
#   lvs4j     DR and TUN, once per --io mode
# Each row: offered pps (generator), forwarded pps (sinks), loss, and the forwarder's CPU time
# (utime+stime of its packet thread, from /proc over the run) per forwarded packet: the figure that
# still compares when the generator, not the forwarder, is the limit. Generator and forwarder are
# pinned to different cores. Medians of --rounds rounds (rows interleaved, so noise from other load
# spreads over all of them), and ratios to the C floor. Then the added latency of a TCP request and
# response through the director against straight to the server (p50/p99).
# A benchmark, not a test: numbers depend on the machine; nothing here asserts a speed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PREFIX=pps-
SECS=3
ROUNDS=3
IO_MODES="pcap ring"
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECS=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --io) IO_MODES=${2:?}; shift 2 ;;
        --prefix) PREFIX=${2:?}; shift 2 ;;
        *) echo "pps: unknown option '$1' (allowed: --seconds N --rounds N --io \"pcap ring\" --prefix P)" >&2; exit 2 ;;
    esac
done
case "$SECS$ROUNDS" in *[!0-9]*|'') echo "pps: --seconds and --rounds take whole numbers" >&2; exit 2 ;; esac
for m in $IO_MODES; do
    case "$m" in pcap|ring) ;; *) echo "pps: --io '$m' is not one of pcap, ring" >&2; exit 2 ;; esac
done
case "$PREFIX" in *[!A-Za-z0-9_-]*|'') echo "pps: prefix '$PREFIX' may hold only letters, digits, '-' and '_'" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "pps: needs root (namespaces)" >&2; exit 2; }
JAR=$ROOT/cli/target/lvs4j.jar
[ -f "$JAR" ] || { echo "pps: build first: mvn -pl cli -am package -DskipTests" >&2; exit 2; }
missing=()
command -v tcpreplay >/dev/null || missing+=(tcpreplay)
command -v gcc >/dev/null || missing+=(gcc)
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
    for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
nsx() { local n=$1; shift; ip netns exec "$PREFIX$n" "$@"; }

# --- the lab: a bridge in its own namespace, four ends on it -------------------------------------
ip netns add "${PREFIX}sw"; NS+=("${PREFIX}sw")
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
cpu_ticks() { awk '{ print $14 + $15 }' "$1"; } # utime + stime of /proc/PID[/task/TID]/stat
TICK=$(getconf CLK_TCK)

# start_forwarder KIND [IO]: KIND floor | dr | tun; sets FWD_PID and FWD_STAT (the packet thread's stat).
start_forwarder() {
    local kind=$1 io=${2:-} flag
    if [ "$kind" = floor ]; then
        ip netns exec "${PREFIX}dir" taskset -c 1 "$WORK/floor" eth0 $DIR_MAC $S1_MAC $S2_MAC $VIP 2>"$WORK/fwd.log" &
        FWD_PID=$!
        FWD_STAT=/proc/$FWD_PID/stat
        sleep 0.5
        return
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
    ip netns exec "${PREFIX}dir" taskset -c 1 java -Xms256m -jar "$JAR" run -i eth0 --io "$io" -f "$WORK/rules" \
        --control "$WORK/ctl.sock" >"$WORK/fwd.out" 2>"$WORK/fwd.log" &
    FWD_PID=$!
    for _ in $(seq 300); do
        [ "$(grep -c ' is at ' "$WORK/fwd.log" || true)" -ge 2 ] && break
        kill -0 "$FWD_PID" 2>/dev/null || { cat "$WORK/fwd.log" >&2; exit 1; }
        sleep 0.1
    done
    FWD_STAT=$(grep -l '^capture-eth0$' /proc/"$FWD_PID"/task/*/comm | sed 's/comm$/stat/')
    # Warm up: let the JIT compile the packet path before anything is measured.
    [ -z "${NO_WARMUP:-}" ] && nsx gen taskset -c 0 tcpreplay -i eth0 -K --topspeed --duration=2 --loop=0 "$WORK/est.pcap" >/dev/null 2>&1 || true
}

stop_forwarder() {
    kill -TERM "$FWD_PID" 2>/dev/null || true
    wait "$FWD_PID" 2>/dev/null || true
    FWD_PID=
}

# replay PCAP: one measurement; prints "offered forwarded loss% cpu_ns_per_forwarded".
replay() {
    local tx0 rx0 c0 t0 tx1 rx1 c1 t1
    tx0=$(stat_of gen tx_packets); rx0=$(sinks_rx); c0=${FWD_STAT:+$(cpu_ticks "$FWD_STAT")}
    t0=$(date +%s.%N)
    nsx gen taskset -c 0 tcpreplay -i eth0 -K --topspeed --duration="$SECS" --loop=0 "$1" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    sleep 0.3 # the forwarder drains its ring; the sinks' counters catch up
    tx1=$(stat_of gen tx_packets); rx1=$(sinks_rx); c1=${FWD_STAT:+$(cpu_ticks "$FWD_STAT")}
    awk -v tx=$((tx1 - tx0)) -v rx=$((rx1 - rx0)) -v t="$(echo "$t1 - $t0" | bc -l)" \
        -v cpu="$(( ${c1:-0} - ${c0:-0} ))" -v tick="$TICK" 'BEGIN {
        printf "%.0f %.0f %.2f %.0f\n", tx / t, rx / t, tx ? 100 * (tx - rx) / tx : 0, rx ? cpu / tick * 1e9 / rx : 0 }'
}

: > "$WORK/results"
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
            *) start_forwarder "${row%-*}" "${row#*-}" ;;
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
echo "packet rate, $(nproc) cores, ${SECS} s a run, median of $ROUNDS rounds; CPU = the forwarder's packet thread (utime+stime)"
awk -v rows="$ROWS" -v traffic="$TRAFFIC" '
function median(key,   n, a, i, j, t) {
    n = split(vals[key], a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return a[int((n + 1) / 2)]
}
{ for (f = 3; f <= 6; f++) vals[$1 " " $2 " " f] = vals[$1 " " $2 " " f] " " $f }
END {
    split("60-byte TCP SYN, 100k flows|512-byte UDP, 1k flows|established TCP, 1k flows", names, "|")
    nt = split(traffic, ts, " "); nr = split(rows, rs, " ")
    for (i = 1; i <= nt; i++) {
        printf "\n%s\n%-10s %12s %12s %7s %12s %11s %9s\n", names[i], "row", "offered pps", "forwarded", "loss", "CPU/packet", "rate/floor", "CPU/floor"
        fr = median("floor " ts[i] " 4"); fc = median("floor " ts[i] " 6")
        for (j = 1; j <= nr; j++) {
            k = rs[j] " " ts[i]
            o = median(k " 3"); fw = median(k " 4"); l = median(k " 5"); c = median(k " 6")
            printf "%-10s %12d %12d %6.2f%% %9.2f us", rs[j], o, fw, l, c / 1000
            if (rs[j] == "ceiling") printf " %11s %9s\n", "-", "-"
            else printf " %10.2fx %8.2fx\n", fw / fr, fc ? c / fc : 0
        }
    }
}' "$WORK/results"
# --- latency: one TCP connection, 2 000 requests of 64 bytes, each answered with 64 ------------------
NO_WARMUP=1
nsx s1 ip addr add $VIP/32 dev lo
nsx s1 sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
cat > "$WORK/echo.py" <<'EOF'
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 7)); s.listen()
while True:
    c, _ = s.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while (d := c.recv(64)): c.sendall(d)
EOF
cat > "$WORK/rtt.py" <<'EOF'
import socket, sys, time
c = socket.create_connection((sys.argv[1], 7)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
m, rtts = b'r' * 64, []
for i in range(2200):
    t = time.perf_counter_ns(); c.sendall(m); n = 0
    while n < 64: n += len(c.recv(64))
    if i >= 200: rtts.append((time.perf_counter_ns() - t) / 1000)
rtts.sort(); print('%.0f %.0f' % (rtts[len(rtts) // 2], rtts[len(rtts) * 99 // 100]))
EOF
ip netns exec "${PREFIX}s1" python3 "$WORK/echo.py" >/dev/null 2>&1 & ECHO=$!
for _ in $(seq 100); do nsx s1 ss -ltn | grep -q ':7 ' && break; sleep 0.1; done
direct=$(nsx gen timeout 60 python3 "$WORK/rtt.py" 10.1.0.11 2>>"$WORK/rtt.log" || echo "- -")
LAT=""
for m in $IO_MODES; do
    start_forwarder dr "$m"
    LAT="$LAT$m $(nsx gen timeout 60 python3 "$WORK/rtt.py" $VIP 2>>"$WORK/rtt.log" || echo "- -")
"
    stop_forwarder
done
kill "$ECHO" 2>/dev/null || true
ECHO=

d50=${direct% *} d99=${direct#* }
echo
echo "TCP request/response, 64 bytes each way, one connection, 2 000 round trips (after 200 warm-up)"
printf '%-16s %9s %9s %14s %14s\n' path "p50 us" "p99 us" "added p50 us" "added p99 us"
printf '%-16s %9s %9s %14s %14s\n' direct "$d50" "$d99" - -
printf '%s' "$LAT" | while read -r m p50 p99; do
    if [ "$p50" = - ] || [ "$d50" = - ]; then
        printf '%-16s %9s %9s %14s %14s\n' "lvs4j DR $m" "$p50" "$p99" - -
    else
        printf '%-16s %9s %9s %14s %14s\n' "lvs4j DR $m" "$p50" "$p99" $((p50 - d50)) $((p99 - d99))
    fi
done
