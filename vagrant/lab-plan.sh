# shellcheck shell=sh disable=SC2034 # the LAB_* variables are for the scripts that source this file
# The Vagrant lab's plan and shared helpers, sourced by the provision-*.sh scripts and check.sh.
#
# The plan comes from the environment, the same variables the Vagrantfile reads, so a VM and a
# network namespace provisioned with the same variables agree on every address:
#   LVS4J_NET    first three octets of the lab network (default 192.168.56)
#   LVS4J_RS     number of real servers, 1..9 (default 2): rs1 = .11, rs2 = .12, ...
#   LVS4J_MODE   dr | tun (default dr)
#   LVS4J_SCHED  IPVS scheduler name (default rr)
# Fixed hosts: director .10, client .20, VIP .100, service port 80.
#
# Knobs that let the same steps run in a VM (defaults) or in a namespace test:
#   LVS4J_SKIP_APT=1    skip the package installs (CI installs everything beforehand)
#   LVS4J_SERVICES      systemd (default): enable units; none: write units, start nothing
#                       that needs systemd (the caller starts the daemons itself)

LVS4J_NET=${LVS4J_NET:-192.168.56}
LVS4J_RS=${LVS4J_RS:-2}
LVS4J_MODE=${LVS4J_MODE:-dr}
LVS4J_SCHED=${LVS4J_SCHED:-rr}
LVS4J_SERVICES=${LVS4J_SERVICES:-systemd}

LAB_DIRECTOR_IP=$LVS4J_NET.10
LAB_CLIENT_IP=$LVS4J_NET.20
LAB_VIP=$LVS4J_NET.100
LAB_PORT=80

lab_say() { printf 'lvs4j-lab: %s\n' "$*"; }
lab_die() { printf 'lvs4j-lab: %s\n' "$*" >&2; exit 2; }

# Checks the plan once, so a typo fails at the first step and not as a silent wrong lab.
lab_check_plan() {
    case "$LVS4J_NET" in
        *[!0-9.]* | '') lab_die "LVS4J_NET '$LVS4J_NET' is not like 192.168.56" ;;
    esac
    [ "$(printf '%s' "$LVS4J_NET" | tr -cd . | wc -c)" -eq 2 ] || lab_die "LVS4J_NET '$LVS4J_NET' needs three octets"
    case "$LVS4J_RS" in
        [1-9]) ;;  # .11-.19: ten or more would collide with the client's .20
        *) lab_die "LVS4J_RS '$LVS4J_RS' must be 1..9" ;;
    esac
    case "$LVS4J_MODE" in
        dr | tun) ;;
        *) lab_die "LVS4J_MODE '$LVS4J_MODE' must be dr or tun" ;;
    esac
    case "$LVS4J_SCHED" in
        rr | wrr | lc | wlc | sed | nq | fo | ovf | dh | sh | mh | lblc | lblcr) ;;
        *) lab_die "LVS4J_SCHED '$LVS4J_SCHED' is not an IPVS scheduler" ;;
    esac
    case "$LVS4J_SERVICES" in
        systemd | none) ;;
        *) lab_die "LVS4J_SERVICES '$LVS4J_SERVICES' must be systemd or none" ;;
    esac
}

# rs1 -> 192.168.56.11
lab_rs_ip() { printf '%s.%d' "$LVS4J_NET" "$((10 + ${1#rs}))"; }

# The names rs1 .. rsN, space separated.
lab_rs_names() {
    i=1
    while [ "$i" -le "$LVS4J_RS" ]; do
        printf 'rs%d ' "$i"
        i=$((i + 1))
    done
}

# The interface that holds an address: eth1 in a Vagrant VM (eth0 is Vagrant's NAT),
# eth0 in a namespace. Looked up, not assumed, so both work.
lab_iface_of() {
    ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) { print $2; exit } }'
}

lab_apt() {
    if [ "${LVS4J_SKIP_APT:-0}" = 1 ]; then
        lab_say "LVS4J_SKIP_APT=1: not installing $*"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "$@"
}

# Fails with the Debian package to install when a tool is missing (after lab_apt, or in CI).
lab_need() {
    command -v "$1" >/dev/null 2>&1 || lab_die "$1 is missing (Debian package: $2)"
}

# Checksum offload and GRO off on the lab NIC: a frame with a partial checksum or a 64 KB
# GRO frame must never reach the director, which forwards frames unchanged.
lab_offloads_off() {
    ethtool -K "$1" tx off gro off >/dev/null 2>&1 || lab_say "note: could not turn offloads off on $1"
}

# The repository: the parent of the directory holding the sourcing script (/vagrant in a VM).
lab_repo() { cd "$(dirname "$0")/.." && pwd; }
