#!/usr/bin/env bash
# The lab packet-rate benchmark: how many packets a second the Java director forwards.
#
#   sudo vagrant/bench-pps.sh [--seconds N] [--prefix P]
#
# Brings up a one-host lab (netns-lab.sh), runs the director with a UDP service over two DR
# real servers, floods the VIP from the client with hping3 for N seconds (default 5) in two
# shapes — one flow (every packet a connection-table hit) and a new source port per packet
# (every packet a miss, a scheduling decision and an insert) — and prints what the client
# offered, what reached the real servers, and what the director's kernel socket dropped.
# A benchmark, not a test: numbers depend on the machine; nothing here asserts a speed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PREFIX=bench-
SECONDS_EACH=5
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_EACH=${2:?}; shift 2 ;;
        --prefix) PREFIX=${2:?}; shift 2 ;;
        *) echo "bench-pps: unknown option '$1' (allowed: --seconds N --prefix P)" >&2; exit 2 ;;
    esac
done
case "$SECONDS_EACH" in ''|*[!0-9]*) echo "bench-pps: --seconds '$SECONDS_EACH' is not a whole number" >&2; exit 2 ;; esac
command -v hping3 >/dev/null || { echo "bench-pps: needs hping3 (apt-get install hping3)" >&2; exit 2; }

LAB=("$ROOT/vagrant/netns-lab.sh" --prefix "$PREFIX")
STATE=/run/lvs4j-lab/$PREFIX
VIP=10.0.0.100
trap 'bash "${LAB[@]}" down' EXIT
bash "${LAB[@]}" up >/dev/null

printf -- '-A -u %s:9 -s rr\n-a -u %s:9 -r 10.0.0.11:9 -g\n-a -u %s:9 -r 10.0.0.12:9 -g\n' \
    "$VIP" "$VIP" "$VIP" > "$STATE/bench.rules"
ip netns exec "${PREFIX}director" java -jar "$ROOT/cli/target/lvs4j.jar" run -i eth0 \
    -f "$STATE/bench.rules" --control "$STATE/ctl.sock" >"$STATE/bench.out" 2>"$STATE/bench.log" &
director=$!
for _ in $(seq 100); do
    [ "$(grep -c ' is at ' "$STATE/bench.log" || true)" -ge 2 ] && break
    sleep 0.1
done

counter() { ip netns exec "$1" cat "/sys/class/net/eth0/statistics/$2"; }
servers_rx() { echo $(( $(counter "${PREFIX}rs1" rx_packets) + $(counter "${PREFIX}rs2" rx_packets) )); }

# run NAME HPING3-OPTIONS…: floods for SECONDS_EACH and prints one table row.
run() {
    local name=$1 tx0 rx0 tx1 rx1 t0 t1
    shift
    tx0=$(counter "${PREFIX}client" tx_packets)
    rx0=$(servers_rx)
    t0=$(date +%s.%N)
    timeout "$SECONDS_EACH" ip netns exec "${PREFIX}client" hping3 --udp -p 9 -d 18 --flood "$@" "$VIP" \
        >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    sleep 1 # the director drains its socket buffer; the servers' counters catch up
    tx1=$(counter "${PREFIX}client" tx_packets)
    rx1=$(servers_rx)
    printf '%-34s %12.0f %12.0f %8.1f%%\n' "$name" "$(echo "($tx1 - $tx0) / ($t1 - $t0)" | bc -l)" \
        "$(echo "($rx1 - $rx0) / ($t1 - $t0)" | bc -l)" "$(echo "100 * ($rx1 - $rx0) / ($tx1 - $tx0)" | bc -l)"
}

echo "lab packet rate, ${SECONDS_EACH} s each, 60-byte UDP frames, DR over 2 real servers"
printf '%-34s %12s %12s %9s\n' "traffic" "offered pps" "forwarded pps" "delivered"
run "one flow (connection-table hit)" -s 40000 -k
run "new flow per packet (miss+insert)" -s 1024
kill -TERM "$director"
wait "$director" || true
echo
echo "director summary:"
sed 's/^/  /' "$STATE/bench.out"
