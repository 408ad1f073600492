#!/usr/bin/env bash
# The one-host LVS lab: client, director and real servers as network namespaces on a bridge.
#
#   sudo vagrant/netns-lab.sh demo             # up, start the director, 10 requests, counters, down
#   sudo vagrant/netns-lab.sh up | status | down
#
# Options (before the command):
#   --prefix P     namespace name prefix (default lvs4j-), so several labs can coexist
#   --mode M       dr (default), tun, mixed (rs1 by DR, the others by TUN), or nat (LVS-NAT:
#                  real servers on a private bridge, 10.0.1.11 …, gateway the director's eth1 10.0.1.1)
#   --servers N    real servers, 1..9 (default 2)
#   --sched S      scheduler for the demo (default rr)
#   --requests N   requests the demo sends (default 10)
#   --install      apt-get the missing Debian packages instead of naming them
#   --ecmp N       scale-out lab instead: a router (BIRD, L4-hash ECMP) in front of N directors
#                  (2..9), each with BIRD announcing the VIP over BGP (vagrant/netns-lab-ecmp.sh)
#   --ha           two directors dir1 10.0.0.10, dir2 10.0.0.9 under keepalived VRRP, lvs4j in kernel VIP
#                  mode with connection sync (demo --ha kills dir1 mid-stream; README "High availability")
#   --vrrp-version V  with --ha: VRRP version 2 (default) or 3
#   --vrrp-advert S   with --ha: keepalived's advert_int in seconds (default 1; VRRPv2 1..255 whole
#                  seconds, VRRPv3 0.01..40.95, e.g. --vrrp-version 3 --vrrp-advert 0.2)
#
# Addresses mirror the classic LVS-DR lab, inside the lab's own namespaces only:
#   client 10.0.0.20, director 10.0.0.10, rs1 10.0.0.11, rs2 10.0.0.12 …, VIP 10.0.0.100.
# TUN real servers use the kernel's tunl0 where ipip exists, else `lvs4j decap`.
# The director's ipvsadm control socket is /run/lvs4j-lab/PREFIX/ctl.sock:
#   sudo LVS4J_CONTROL=/run/lvs4j-lab/lvs4j-/ctl.sock bin/ipvsadm -Ln
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
PREFIX=${LVS4J_LAB_PREFIX:-lvs4j-}
SCHED=rr
MODE=dr
SERVERS=2
REQUESTS=10
INSTALL=0
ECMP=0
HA=0
VRRP_VERSION=2
VRRP_ADVERT=1
NET=10.0.0
VIP=$NET.100
DIRECTOR_IP=$NET.10
CLIENT_IP=$NET.20

die() { echo "netns-lab: $*" >&2; exit 2; }

usage() {
    sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX=${2:?--prefix needs a value}; shift 2 ;;
        --sched) SCHED=${2:?--sched needs a value}; shift 2 ;;
        --mode) MODE=${2:?--mode needs a value}; shift 2 ;;
        --servers) SERVERS=${2:?--servers needs a value}; shift 2 ;;
        --requests) REQUESTS=${2:?--requests needs a value}; shift 2 ;;
        --install) INSTALL=1; shift ;;
        --ecmp) ECMP=${2:?--ecmp needs a value}; shift 2 ;;
        --ha) HA=1; shift ;;
        --vrrp-version) VRRP_VERSION=${2:?--vrrp-version needs a value}; shift 2 ;;
        --vrrp-advert) VRRP_ADVERT=${2:?--vrrp-advert needs a value}; shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1' (allowed: --prefix --mode --servers --sched --requests --install --ecmp --ha --vrrp-version --vrrp-advert)" ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || usage
CMD=$1
case "$PREFIX" in *[!A-Za-z0-9_-]*|'') die "prefix '$PREFIX' may hold only letters, digits, '-' and '_'" ;; esac
case "$REQUESTS" in ''|*[!0-9]*) die "--requests '$REQUESTS' is not a whole number" ;; esac
case "$MODE" in dr|tun|mixed|nat) ;; *) die "--mode '$MODE' is not one of dr, tun, mixed, nat" ;; esac
case "$SERVERS" in [1-9]) ;; *) die "--servers '$SERVERS' must be 1..9" ;; esac
case "$ECMP" in 0|[2-9]) ;; *) die "--ecmp '$ECMP' must be 2..9 directors" ;; esac
[ "$ECMP" -eq 0 ] || [ "$MODE" = dr ] || die "--ecmp runs the directors in DR mode; drop --mode $MODE"
[ "$ECMP" -eq 0 ] || VIP=10.0.10.100 # outside the LAN: only the BGP route leads to it, as an anycast VIP
[ "$ECMP" -eq 0 ] || [ "$HA" -eq 0 ] || die "--ecmp and --ha are two different labs: choose one"
[ "$HA" -eq 0 ] || [ "$MODE" = dr ] || die "--ha runs the directors in DR mode; drop --mode $MODE"
if [ "$HA" -eq 0 ]; then
    [ "$VRRP_VERSION$VRRP_ADVERT" = 21 ] || die "--vrrp-version and --vrrp-advert go with --ha"
elif [ "$VRRP_VERSION" = 2 ]; then # keepalived would round a fraction and warn
    case "$VRRP_ADVERT" in [1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5]) ;;
        *) die "--vrrp-advert '$VRRP_ADVERT': VRRPv2 adverts are whole seconds 1..255 (a fraction needs --vrrp-version 3)" ;; esac
elif [ "$VRRP_VERSION" = 3 ]; then # VRRPv3 counts in centiseconds (RFC 5798)
    if ! [[ "$VRRP_ADVERT" =~ ^[0-9]{1,2}(\.[0-9]{1,2})?$ ]] \
        || ! awk -v a="$VRRP_ADVERT" 'BEGIN { exit !(a >= 0.01 && a <= 40.95) }'; then
        die "--vrrp-advert '$VRRP_ADVERT': VRRPv3 adverts are 0.01..40.95 seconds, in hundredths"
    fi
else
    die "--vrrp-version '$VRRP_VERSION' must be 2 or 3"
fi
PRIVATE_NET=10.0.1
NAT_GATEWAY=$PRIVATE_NET.1
RS_NET=$NET
[ "$MODE" = nat ] && RS_NET=$PRIVATE_NET
RS_NAMES=()
RS_IPS=()
for i in $(seq "$SERVERS"); do
    RS_NAMES+=("rs$i")
    RS_IPS+=("$RS_NET.$((10 + i))")
done

STATE=/run/lvs4j-lab/$PREFIX
SW=${PREFIX}sw
CLIENT=${PREFIX}client
DIRECTOR=${PREFIX}director
JAR=$ROOT/cli/target/lvs4j.jar
CONTROL=$STATE/ctl.sock

# How real server number $1 (0-based) is reached: dr or tun.
method_of() {
    case "$MODE" in
        dr) echo dr ;;
        tun) echo tun ;;
        mixed) if [ "$1" -eq 0 ]; then echo dr; else echo tun; fi ;;
        nat) echo nat ;;
    esac
}

ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

require() {
    [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces): sudo $0 $CMD"
    local missing=() tool pkg
    for pair in ip:iproute2 ethtool:ethtool curl:curl python3:python3 java:openjdk-17-jdk-headless mvn:maven; do
        tool=${pair%%:*}; pkg=${pair#*:}
        command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
    done
    # grep without -q reads to the end: under pipefail, -q's early exit would fail ldconfig with SIGPIPE.
    ldconfig -p 2>/dev/null | grep 'libpcap\.so' >/dev/null || missing+=(libpcap0.8)
    if [ "$HA" -eq 1 ]; then
        command -v keepalived >/dev/null 2>&1 || missing+=(keepalived)
    fi
    if [ "$HA" -eq 1 ] || [ "$MODE" = nat ]; then
        command -v nft >/dev/null 2>&1 || missing+=(nftables) # lvs4j's guard tables
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$INSTALL" -eq 1 ]; then
            apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
        else
            die "missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]}, or rerun with --install)"
        fi
    fi
}

build() {
    if [ ! -f "$JAR" ]; then
        echo "building lvs4j (mvn -B -q package -DskipTests) ..."
        (cd "$ROOT" && mvn -B -q package -DskipTests)
    fi
}

exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# One veth per host: the "eth0" end in the host's namespace, the other on the switch's bridge.
attach() {
    local host=$1 ip=$2 port=$3
    ip netns add "$host"
    ip -n "$SW" link add "$port" type veth peer name eth0 netns "$host"
    ip -n "$SW" link set "$port" master br0 up
    ip -n "$host" link set lo up
    ip -n "$host" addr add "$ip/24" dev eth0
    ip -n "$host" link set eth0 up
    # Offloads off: a partial checksum or a 64 KB GRO frame must never reach the director.
    ns "$host" ethtool -K eth0 tx off gro off >/dev/null 2>&1 || true
    ns "$SW" ethtool -K "$port" tx off gro off >/dev/null 2>&1 || true
}

up() {
    require
    build
    exists "$SW" && die "lab '$PREFIX' is already up (sudo $0 --prefix $PREFIX down)"
    mkdir -p "$STATE"
    ip netns add "$SW"
    ip -n "$SW" link add br0 type bridge
    ip -n "$SW" link set br0 up
    attach "$CLIENT" "$CLIENT_IP" client
    if [ "$HA" -eq 1 ]; then
        ha_attach_directors
    else
        attach "$DIRECTOR" "$DIRECTOR_IP" director
        # The director's kernel must never route the VIP's packets itself.
        ns "$DIRECTOR" sysctl -qw net.ipv4.ip_forward=0
    fi
    java -jar "$JAR" rs-setup --vip "$VIP" --mode dr > "$STATE/rs-setup-dr.sh"
    java -jar "$JAR" rs-setup --vip "$VIP" --mode tun > "$STATE/rs-setup-tun.sh"
    local i name
    [ "$MODE" = nat ] && nat_private_side
    for i in "${!RS_NAMES[@]}"; do
        name=${RS_NAMES[$i]}
        if [ "$MODE" = nat ]; then
            nat_attach_rs "$name" "${RS_IPS[$i]}"
        else
            attach "$PREFIX$name" "${RS_IPS[$i]}" "$name"
            provision_rs "$name" "$(method_of "$i")"
        fi
        ns "$PREFIX$name" setsid python3 "$ROOT/vagrant/rs-httpd.py" --name "$name" --port 80 \
            >"$STATE/$name-httpd.log" 2>&1 < /dev/null &
    done
    for name in "${RS_NAMES[@]}"; do
        wait_for "http server on $name" ns "$PREFIX$name" curl -s -o /dev/null "http://127.0.0.1/"
    done
    [ "$HA" -eq 0 ] || ha_real_servers
    echo "lab '$PREFIX' is up: client $CLIENT_IP, director $DIRECTOR_IP, ${RS_NAMES[*]} ${RS_IPS[*]}, VIP $VIP"
}

# The real-server provisioning the generator writes. DR: VIP on lo:0, arp_ignore/arp_announce.
# TUN: VIP on tunl0 with rp_filter 0 where the kernel has ipip; else lvs4j decap, the userspace
# endpoint, which holds the VIP on a TUN device and sets the same sysctls while it runs.
provision_rs() {
    local name=$1 method=$2
    if [ "$method" = dr ]; then
        ns "$PREFIX$name" env LVS4J_STATE_DIR="$STATE" sh "$STATE/rs-setup-dr.sh" start >/dev/null
    elif ns "$PREFIX$name" env LVS4J_STATE_DIR="$STATE" sh "$STATE/rs-setup-tun.sh" start >/dev/null 2>&1; then
        echo "$name: TUN by the kernel's tunl0"
    else
        ns "$PREFIX$name" setsid java -jar "$JAR" decap -i eth0 --vip "$VIP" \
            >"$STATE/$name-decap.out" 2>"$STATE/$name-decap.log" < /dev/null &
        wait_for "$name's decap" ns "$PREFIX$name" ip link show lvs4j-tun0
        echo "$name: TUN by lvs4j decap (this kernel has no ipip)"
    fi
}

# ---- NAT mode: a second bridge br1 for the private network, the director's eth1 on it as the
# real servers' default gateway; the public bridge br0 keeps the client and the director's eth0.
nat_private_side() {
    ip -n "$SW" link add br1 type bridge
    ip -n "$SW" link set br1 up
    ip -n "$SW" link add director-priv type veth peer name eth1 netns "$DIRECTOR"
    ip -n "$SW" link set director-priv master br1 up
    ip -n "$DIRECTOR" addr add "$NAT_GATEWAY/24" dev eth1
    ip -n "$DIRECTOR" link set eth1 up
    ns "$DIRECTOR" ethtool -K eth1 tx off gro off >/dev/null 2>&1 || true
    ns "$SW" ethtool -K director-priv tx off gro off >/dev/null 2>&1 || true
    java -jar "$JAR" rs-setup --mode nat --gateway "$NAT_GATEWAY" > "$STATE/rs-setup-nat.sh"
}

# A real server on br1 (eth0 in its namespace): nothing but its default route via the director,
# set by the script `lvs4j rs-setup --mode nat` writes.
nat_attach_rs() {
    local name=$1 ip=$2
    ip netns add "$PREFIX$name"
    ip -n "$SW" link add "$name" type veth peer name eth0 netns "$PREFIX$name"
    ip -n "$SW" link set "$name" master br1 up
    ip -n "$PREFIX$name" link set lo up
    ip -n "$PREFIX$name" addr add "$ip/24" dev eth0
    ip -n "$PREFIX$name" link set eth0 up
    ns "$PREFIX$name" ethtool -K eth0 tx off gro off >/dev/null 2>&1 || true
    ns "$SW" ethtool -K "$name" tx off gro off >/dev/null 2>&1 || true
    ns "$PREFIX$name" env LVS4J_STATE_DIR="$STATE" sh "$STATE/rs-setup-nat.sh" start >/dev/null
}

# The director's NICs for `lvs4j run`: the private one too in NAT mode.
nat_run_interfaces() {
    if [ "$MODE" = nat ]; then echo "-i eth0 -i eth1"; else echo "-i eth0"; fi
}

# wait_for WHAT COMMAND…: polls COMMAND for up to 30 s (a JVM starting on a busy machine is slow).
wait_for() {
    local what=$1 i
    shift
    for i in $(seq 300); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "timed out waiting for $what"
}

# Every namespace of this lab, whatever --servers it was brought up with.
lab_namespaces() {
    ip netns list | awk '{print $1}' | grep -E "^${PREFIX}(sw|client|director|dir[12]|rs[0-9]|router|d[0-9])\$" || true
}

down() {
    local n pid
    for n in $(lab_namespaces); do
        for pid in $(ip netns pids "$n"); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 0.2
    for n in $(lab_namespaces); do
        for pid in $(ip netns pids "$n"); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$n"
    done
    rm -rf "$STATE"
}

status() {
    local n
    if ! exists "$SW"; then
        echo "lab '$PREFIX' is down"
        return 3
    fi
    local directors=("$DIRECTOR")
    [ "$HA" -eq 0 ] || directors=("${PREFIX}dir1" "${PREFIX}dir2")
    for n in "$CLIENT" "${directors[@]}" "${RS_NAMES[@]/#/$PREFIX}"; do
        printf '%-20s %s  processes: %s\n' "$n" \
            "$(ip -n "$n" -o -4 addr show | awk '{print $2 ":" $4}' | tr '\n' ' ')" \
            "$(ip netns pids "$n" | xargs -r ps -o comm= -p | tr '\n' ' ')"
    done
}

write_rules() {
    local i flag
    {
        echo "-A -t $VIP:80 -s $SCHED"
        for i in "${!RS_IPS[@]}"; do
            flag=-g
            [ "$(method_of "$i")" = tun ] && flag=-i
            [ "$(method_of "$i")" = nat ] && flag=-m
            echo "-a -t $VIP:80 -r ${RS_IPS[$i]}:80 $flag -w 1"
        done
    } > "$STATE/rules"
}

demo() {
    up
    trap 'down' EXIT
    trap 'exit 130' INT TERM
    write_rules
    echo "rules ($STATE/rules):"
    sed 's/^/  /' "$STATE/rules"
    # Not through ns(): $! must be the director itself (ip netns exec execs java) for kill to reach it.
    # shellcheck disable=SC2046 # two words: -i eth0 [-i eth1]
    ip netns exec "$DIRECTOR" java -jar "$JAR" run $(nat_run_interfaces) -f "$STATE/rules" --control "$CONTROL" \
        >"$STATE/director.out" 2>"$STATE/director.log" &
    local director=$! i answer
    # The director is ready once it knows both real servers' MACs.
    wait_for "the director to resolve the real servers" \
        sh -c "[ \$(grep -c ' is at ' '$STATE/director.log') -ge ${#RS_IPS[@]} ]"
    echo "client $CLIENT_IP -> http://$VIP/ ($REQUESTS requests):"
    for i in $(seq "$REQUESTS"); do
        answer=$(ns "$CLIENT" curl -s -m 3 "http://$VIP/" || echo "FAILED")
        printf '  request %2d: %s\n' "$i" "$answer"
    done
    echo "ipvsadm -Ln --stats (through the director's control socket):"
    LVS4J_CONTROL=$CONTROL "$ROOT/bin/ipvsadm" -Ln --stats | sed 's/^/  /'
    kill -TERM "$director"
    wait "$director" || true
    echo "director summary at stop:"
    sed 's/^/  /' "$STATE/director.out"
}

# ---- --ha: a director pair under keepalived VRRP ----------------------------------------------
# dir1 (10.0.0.10, VRRP priority 150) and dir2 (10.0.0.9, priority 100) read one keepalived.conf:
# keepalived --vrrp moves the VIP (its virtual_ipaddress) between their eth0s, lvs4j reads the
# virtual_server blocks and runs in VIP mode kernel, and each director runs both sync daemons, master
# and backup (only the director that carries traffic has anything to send), so no notify scripts
# are needed. keepalived cannot carry lvs_sync_daemon here: 2.2.7 segfaults on it without ip_vs.
DIR2_IP=$NET.9
HA_SYNCID=51
HA_ECHO_PORT=7
HA_PERSISTENT_PORT=8080

ha_attach_directors() {
    command -v keepalived >/dev/null 2>&1 || die "--ha needs keepalived (sudo apt-get install keepalived)"
    attach "${PREFIX}dir1" "$DIRECTOR_IP" dir1
    attach "${PREFIX}dir2" "$DIR2_IP" dir2
    ns "${PREFIX}dir1" sysctl -qw net.ipv4.ip_forward=0
    ns "${PREFIX}dir2" sysctl -qw net.ipv4.ip_forward=0
    ha_keepalived_conf > "$STATE/keepalived.conf"
}

# The real servers also echo lines (port 7) and serve HTTP on the persistent service's port.
ha_real_servers() {
    local name
    for name in "${RS_NAMES[@]}"; do
        ns "$PREFIX$name" setsid python3 "$ROOT/vagrant/ha-echo.py" --name "$name" --port "$HA_ECHO_PORT" \
            >"$STATE/$name-echo.log" 2>&1 < /dev/null &
        ns "$PREFIX$name" setsid python3 "$ROOT/vagrant/rs-httpd.py" --name "$name" --port "$HA_PERSISTENT_PORT" \
            >"$STATE/$name-httpd-$HA_PERSISTENT_PORT.log" 2>&1 < /dev/null &
    done
    for name in "${RS_NAMES[@]}"; do
        wait_for "echo server on $name" ns "$PREFIX$name" python3 -c \
            "import socket; socket.create_connection(('127.0.0.1', $HA_ECHO_PORT), 1)"
        wait_for "http server :$HA_PERSISTENT_PORT on $name" ns "$PREFIX$name" curl -s -o /dev/null \
            "http://127.0.0.1:$HA_PERSISTENT_PORT/"
    done
}

# One file for both directors: '@dirN' lines are read only by `keepalived -i dirN` (lvs4j skips
# the vrrp_instance block whole).
ha_keepalived_conf() {
    local ip
    cat <<CONF
global_defs {
    router_id lvs4j_lab
    vrrp_version $VRRP_VERSION
}

vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
@dir1 priority 150
@dir2 priority 100
    advert_int $VRRP_ADVERT
    virtual_ipaddress {
        $VIP/32 dev eth0
    }
}
CONF
    local svc port algo persistence
    for svc in "80 rr 0" "$HA_ECHO_PORT rr 0" "$HA_PERSISTENT_PORT rr 300"; do
        read -r port algo persistence <<<"$svc"
        echo ""
        echo "virtual_server $VIP $port {"
        echo "    delay_loop 2"
        echo "    lb_algo $algo"
        echo "    lb_kind DR"
        [ "$persistence" -eq 0 ] || echo "    persistence_timeout $persistence"
        echo "    protocol TCP"
        for ip in "${RS_IPS[@]}"; do
            echo "    real_server $ip $port {"
            echo "        weight 1"
            echo "        TCP_CHECK {"
            echo "            connect_timeout 2"
            echo "        }"
            echo "    }"
        done
        echo "}"
    done
}

# ha_director N: lvs4j on dirN in VIP mode kernel; returns once its control socket answers.
ha_director() {
    local n=$1
    ip netns exec "${PREFIX}dir$n" java -jar "$JAR" run -i eth0 --vip-mode kernel \
        --keepalived "$STATE/keepalived.conf" --control "$STATE/dir$n.sock" \
        >"$STATE/dir$n-lvs4j.out" 2>"$STATE/dir$n-lvs4j.log" < /dev/null &
    echo $! > "$STATE/dir$n-lvs4j.pid"
    disown $! # no "Killed" notice from bash when ha_crash kills it
    wait_for "lvs4j on dir$n" env LVS4J_CONTROL="$STATE/dir$n.sock" "$ROOT/bin/ipvsadm" -Ln
}

# ha_sync N: both sync daemons on dirN (master and backup at once, as the kernel allows).
ha_sync() {
    local n=$1 role
    for role in master backup; do
        LVS4J_CONTROL="$STATE/dir$n.sock" "$ROOT/bin/ipvsadm" --start-daemon "$role" \
            --mcast-interface eth0 --syncid "$HA_SYNCID"
    done
}

# ha_keepalived N: keepalived's VRRP process on dirN, with pid files of its own.
ha_keepalived() {
    local n=$1
    ip netns exec "${PREFIX}dir$n" keepalived --vrrp --dont-fork --log-console --log-detail \
        --use-file "$STATE/keepalived.conf" --config-id "dir$n" \
        --pid "$STATE/dir$n-keepalived.pid" --vrrp_pid "$STATE/dir$n-vrrp.pid" \
        >"$STATE/dir$n-keepalived.log" 2>&1 < /dev/null &
    disown $!
}

# ha_crash N: dirN fails as a whole: keepalived and lvs4j SIGKILLed and its NIC gone from the LAN.
# keepalived's parent is stopped first: it would restart a killed VRRP child, and a child whose
# parent dies leaves gracefully (priority 0, VIP removed), which is not a crash. The NIC goes down
# because a VIP left on a live NIC would still be answered for by dirN's kernel (ARP): a process
# crash that leaves the host up is a split keepalived does not handle, with kernel IPVS as here.
ha_crash() {
    local n=$1 parent child
    parent=$(cat "$STATE/dir$n-keepalived.pid" 2>/dev/null || true)
    child=$(cat "$STATE/dir$n-vrrp.pid" 2>/dev/null || true)
    [ -z "$parent" ] || kill -STOP "$parent" 2>/dev/null || true
    [ -z "$child" ] || kill -9 "$child" 2>/dev/null || true
    [ -z "$parent" ] || kill -9 "$parent" 2>/dev/null || true
    [ ! -f "$STATE/dir$n-lvs4j.pid" ] || kill -9 "$(cat "$STATE/dir$n-lvs4j.pid")" 2>/dev/null || true
    ip -n "${PREFIX}dir$n" link set eth0 down
}

# ha_revive N: dirN boots again: no VIP on its NIC (addresses do not survive a reboot), NIC up.
ha_revive() {
    local n=$1
    ip -n "${PREFIX}dir$n" addr del "$VIP/32" dev eth0 2>/dev/null || true
    ip -n "${PREFIX}dir$n" link set eth0 up
}

# ha_holder: which director holds the VIP on its NIC (dir1, dir2, both or none).
ha_holder() {
    local n held=()
    for n in 1 2; do
        ip -n "${PREFIX}dir$n" -o -4 addr show dev eth0 | grep -q " $VIP/" && held+=("dir$n")
    done
    [ ${#held[@]} -eq 0 ] && echo none || echo "${held[*]}"
}

ha_demo() {
    up
    trap 'down' EXIT
    trap 'exit 130' INT TERM
    local n t0 t1
    for n in 1 2; do ha_director "$n"; ha_sync "$n"; ha_keepalived "$n"; done
    wait_for "the VIP on dir1" sh -c "ip -n ${PREFIX}dir1 -o addr show dev eth0 | grep -q ' $VIP/'"
    echo "VIP $VIP on $(ha_holder); sync daemons on dir1:"
    LVS4J_CONTROL="$STATE/dir1.sock" "$ROOT/bin/ipvsadm" -L --daemon | sed 's/^/  /'
    echo "20 long-lived connections to $VIP:$HA_ECHO_PORT, a line every 100 ms each ..."
    ns "$CLIENT" python3 "$ROOT/vagrant/ha-streams.py" --vip "$VIP" --port "$HA_ECHO_PORT" --count 20 \
        --status "$STATE/streams" --stop "$STATE/streams.stop" &
    local streams=$!
    sleep 3
    echo "before: $(awk '{s += $2} END {print s}' "$STATE/streams") lines echoed; dir1 crashes (keepalived and lvs4j SIGKILLed, NIC down)"
    t0=$(date +%s%3N)
    ha_crash 1
    wait_for "the VIP on dir2" sh -c "ip -n ${PREFIX}dir2 -o addr show dev eth0 | grep -q ' $VIP/'"
    t1=$(date +%s%3N)
    echo "VIP on dir2 after $((t1 - t0)) ms"
    sleep 3
    touch "$STATE/streams.stop"
    wait "$streams" || true
    echo "after: connections with no error: $(awk '$4 == "-"' "$STATE/streams" | wc -l)/20," \
        "$(awk '{s += $2} END {print s}' "$STATE/streams") lines echoed"
    echo "dir2's connection table (ipvsadm -Lnc, first lines):"
    LVS4J_CONTROL="$STATE/dir2.sock" "$ROOT/bin/ipvsadm" -Lnc | head -5 | sed 's/^/  /'
}

# shellcheck source=netns-lab-ecmp.sh
. "$ROOT/vagrant/netns-lab-ecmp.sh"
[ "$ECMP" -eq 0 ] || [ "$CMD" = down ] || CMD=ecmp_$CMD
case "$CMD" in
    up) up ;;
    down) down ;;
    status) status ;;
    demo) if [ "$HA" -eq 1 ]; then ha_demo; else demo; fi ;;
    ecmp_up) ecmp_up ;;
    ecmp_status) ecmp_status ;;
    ecmp_demo) ecmp_demo ;;
    *) die "unknown command '$CMD' (allowed: up down status demo)" ;;
esac
