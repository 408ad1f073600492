# shellcheck shell=bash
# The ECMP scale-out lab (netns-lab.sh --ecmp N), sourced by netns-lab.sh after its option parsing.
#
#   client 10.0.1.20 --- router 10.0.1.1 | 10.0.0.1 --- LAN 10.0.0.0/24 (bridge)
#                                                        +-- d1 10.0.0.31 … dN 10.0.0.3N (lvs4j + BIRD)
#                                                        +-- rs1 10.0.0.11 … (DR: VIP on lo, default via router)
#
# The router runs BIRD with one eBGP session (AS 65000 <-> 65001) and BFD (100 ms x 3) per director
# and installs the VIP/32 as one multipath route; the kernel hashes each flow's 5-tuple
# (fib_multipath_hash_policy=1) onto a director. Each director's BIRD exports the static route
# "VIP/32 via lvs4j-vip", the interface `lvs4j run --announce-link lvs4j-vip` holds up while that
# director can forward, so a director is in the router's next hops exactly while its lvs4j is.
# `up` starts BIRD everywhere and the real servers' line echo (port 7); lvs4j is started by `demo`
# or the lab test, one per director namespace:
#   ip netns exec PREFIXd1 java -jar cli/target/lvs4j.jar run -i eth0 -f RULES --sloppy-tcp \
#       --announce-link lvs4j-vip --control /run/lvs4j-lab/PREFIX/d1.sock
# The router's view:  birdc -s /run/lvs4j-lab/PREFIX/bird-router.ctl show route for 10.0.10.100 all

ECMP_ROUTER_IP=$NET.1
ECMP_CLIENT_NET=10.0.1
ECMP_LINK=lvs4j-vip
ROUTER=${PREFIX}router

ecmp_director_ip() { echo "$NET.$((30 + $1))"; }

ecmp_require() {
    command -v bird >/dev/null 2>&1 && command -v birdc >/dev/null 2>&1 && return 0
    if [ "$INSTALL" -eq 1 ]; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q bird2
    else
        die "missing Debian package: bird2 (sudo apt-get install bird2, or rerun with --install)"
    fi
}

# BIRD on director K: the VIP/32 is exported while the announce link is up; BFD lets the router
# notice a dead host in 300 ms, the short hold time covers a router without BFD.
ecmp_director_bird_conf() {
    local k=$1
    cat <<CONF
router id $(ecmp_director_ip "$k");
protocol device { scan time 10; }
protocol bfd { interface "eth0" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
protocol static vip { ipv4; route $VIP/32 via "$ECMP_LINK"; }
protocol bgp uplink {
    local as 65001; neighbor $ECMP_ROUTER_IP as 65000;
    ipv4 { import none; export where proto = "vip"; };
    hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 5; bfd on;
}
CONF
}

ecmp_router_bird_conf() {
    local k
    cat <<CONF
router id $ECMP_ROUTER_IP;
protocol device { scan time 10; }
protocol bfd { interface "eth0" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
# merge paths: the directors' equal routes become one multipath route in the kernel (ECMP)
protocol kernel { ipv4 { import none; export all; }; merge paths on; }
template bgp director {
    local as 65000; ipv4 { import all; export none; };
    hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 5; bfd on;
}
CONF
    for k in $(seq "$ECMP"); do
        echo "protocol bgp d$k from director { neighbor $(ecmp_director_ip "$k") as 65001; }"
    done
}

# bird in namespace $1 with config $2 and control socket $3 (it daemonizes; down kills it with the namespace's processes)
ecmp_start_bird() {
    ns "$1" bird -c "$2" -s "$3" -P "${3%.ctl}.pid"
}

ecmp_established() {
    [ "$(birdc -s "$STATE/bird-router.ctl" show protocols | grep -c Established)" -ge "$ECMP" ]
}

ecmp_up() {
    require
    ecmp_require
    build
    exists "$SW" && die "lab '$PREFIX' is already up (sudo $0 --prefix $PREFIX --ecmp $ECMP down)"
    mkdir -p "$STATE"
    ip netns add "$SW"
    ip -n "$SW" link add br0 type bridge
    ip -n "$SW" link set br0 up
    attach "$ROUTER" "$ECMP_ROUTER_IP" router
    ip netns add "$CLIENT"
    ip -n "$ROUTER" link add eth1 type veth peer name eth0 netns "$CLIENT"
    ip -n "$ROUTER" addr add "$ECMP_CLIENT_NET.1/24" dev eth1
    ip -n "$ROUTER" link set eth1 up
    ip -n "$CLIENT" link set lo up
    ip -n "$CLIENT" addr add "$ECMP_CLIENT_NET.20/24" dev eth0
    ip -n "$CLIENT" link set eth0 up
    ip -n "$CLIENT" route add default via "$ECMP_CLIENT_NET.1"
    ns "$CLIENT" ethtool -K eth0 tx off gro off >/dev/null 2>&1 || true
    ns "$ROUTER" ethtool -K eth1 tx off gro off >/dev/null 2>&1 || true
    ns "$ROUTER" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1 \
        net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    local k i name
    for k in $(seq "$ECMP"); do
        attach "${PREFIX}d$k" "$(ecmp_director_ip "$k")" "d$k"
        ns "${PREFIX}d$k" sysctl -qw net.ipv4.ip_forward=0 # the director's kernel must never route the VIP
        ecmp_director_bird_conf "$k" > "$STATE/bird-d$k.conf"
        ecmp_start_bird "${PREFIX}d$k" "$STATE/bird-d$k.conf" "$STATE/bird-d$k.ctl"
    done
    ecmp_router_bird_conf > "$STATE/bird-router.conf"
    ecmp_start_bird "$ROUTER" "$STATE/bird-router.conf" "$STATE/bird-router.ctl"
    java -jar "$JAR" rs-setup --vip "$VIP" --mode dr > "$STATE/rs-setup-dr.sh"
    for i in "${!RS_NAMES[@]}"; do
        name=${RS_NAMES[$i]}
        attach "$PREFIX$name" "${RS_IPS[$i]}" "$name"
        provision_rs "$name" dr
        ip -n "$PREFIX$name" route add default via "$ECMP_ROUTER_IP" # DR: answers go straight to the router
        ns "$PREFIX$name" setsid python3 "$ROOT/vagrant/rs-echo.py" --name "$name" --port 7 \
            >"$STATE/$name-echo.log" 2>&1 < /dev/null &
    done
    for name in "${RS_NAMES[@]}"; do
        wait_for "line echo on $name" ns "$PREFIX$name" python3 -c \
            "import socket; socket.create_connection(('127.0.0.1', 7), 1)"
    done
    wait_for "$ECMP BGP sessions to the router" ecmp_established
    echo "lab '$PREFIX' is up: client $ECMP_CLIENT_NET.20, router $ECMP_ROUTER_IP, directors" \
        "$(for k in $(seq "$ECMP"); do printf 'd%s %s ' "$k" "$(ecmp_director_ip "$k")"; done)," \
        "${RS_NAMES[*]} ${RS_IPS[*]}, VIP $VIP (BGP up, nothing announced until lvs4j runs)"
}

ecmp_status() {
    exists "$SW" || { echo "lab '$PREFIX' is down"; return 3; }
    birdc -s "$STATE/bird-router.ctl" show protocols
    birdc -s "$STATE/bird-router.ctl" show route for "$VIP" all
    ip -n "$ROUTER" route show "$VIP"
}

ecmp_rules() {
    local ip
    echo "-A -t $VIP:7 -s mh -b mh-port"
    for ip in "${RS_IPS[@]}"; do
        echo "-a -t $VIP:7 -r $ip:7 -g -w 1"
    done
}

# lvs4j on director K; $! is the JVM (ip netns exec execs it), so kill -9 reaches lvs4j itself
ecmp_start_director() {
    local k=$1
    ip netns exec "${PREFIX}d$k" java -jar "$JAR" run -i eth0 -f "$STATE/rules" --sloppy-tcp \
        --announce-link "$ECMP_LINK" --control "$STATE/d$k.sock" >"$STATE/d$k.out" 2>"$STATE/d$k.log" &
}

ecmp_next_hops() {
    ip -n "$ROUTER" route show "$VIP" | grep -c "nexthop via" || true
}

ecmp_spread() {
    local k
    for k in $(seq "$ECMP"); do
        [ -S "$STATE/d$k.sock" ] || continue
        if LVS4J_CONTROL=$STATE/d$k.sock "$ROOT/bin/ipvsadm" -Lnc > "$STATE/d$k.conns" 2>/dev/null; then
            printf '  d%s: %s connection entries\n' "$k" "$(grep -c ESTABLISHED "$STATE/d$k.conns")"
        else
            printf '  d%s: down\n' "$k"
        fi
    done
}

ecmp_summary() {
    awk '{ split($2, s, ","); n[s[1]]++; if ($6 != "-") bad++; if (index($2, ",")) moved++ }
         END { for (r in n) printf "  %s: %d connections\n", r, n[r];
               printf "  ended: %d, moved to another real server: %d\n", bad + 0, moved + 0 }' "$1"
}

ecmp_demo() {
    local clients=30 k pids=() victim=1
    ecmp_up
    trap 'down' EXIT
    trap 'exit 130' INT TERM
    ecmp_rules > "$STATE/rules"
    for k in $(seq "$ECMP"); do
        ecmp_start_director "$k"
        pids+=($!)
        disown # no "Killed" line from bash when the demo kills it
    done
    wait_for "the router's $ECMP next hops for $VIP" sh -c "[ \$(ip -n $ROUTER route show $VIP | grep -c 'nexthop via') -ge $ECMP ]"
    echo "router (birdc show route for $VIP):"
    birdc -s "$STATE/bird-router.ctl" show route for "$VIP" | sed 's/^/  /'
    echo "$clients long-lived connections from the client, a line every 100 ms, echoed by the real servers ..."
    ns "$CLIENT" python3 "$ROOT/vagrant/ecmp-clients.py" --vip "$VIP" --count "$clients" \
        --status "$STATE/clients" >"$STATE/clients.log" 2>&1 &
    wait_for "the connections" sh -c "[ \$(awk '\$4 > 10' '$STATE/clients' 2>/dev/null | wc -l) -ge $clients ]"
    echo "spread over the directors (ipvsadm -Lnc, through each director's control socket):"
    ecmp_spread
    echo "real servers (as the client sees the echoes):"
    ecmp_summary "$STATE/clients"
    echo "kill -9 d$victim's lvs4j ..."
    local t0
    t0=$(date +%s%N)
    kill -9 "${pids[$((victim - 1))]}"
    wait_for "the router to drop d$victim" sh -c "[ \$(ip -n $ROUTER route show $VIP | grep -c 'nexthop via') -eq $((ECMP - 1)) ]"
    echo "  the router has $(ecmp_next_hops) next hops after $(( ($(date +%s%N) - t0) / 1000000 )) ms:"
    birdc -s "$STATE/bird-router.ctl" show route for "$VIP" | sed 's/^/  /'
    local mark
    mark=$(awk '{ print $3 }' "$STATE/clients" | sort -n | tail -1)
    wait_for "every connection to echo again" sh -c "[ \$(awk '\$4 > $mark + 10' '$STATE/clients' | wc -l) -ge $clients ]"
    echo "after the loss of d$victim: its connections went on through the others (--sloppy-tcp); the router's"
    echo "hash-threshold ECMP also moved some between the survivors, whose old entries linger until they expire:"
    ecmp_spread
    ecmp_summary "$STATE/clients"
}
