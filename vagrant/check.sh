#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# The lab's check, run on the client (vagrant ssh client -c 'sh /vagrant/vagrant/check.sh'):
# REQUESTS requests to the VIP, each a new connection, then the answers per server, then the
# director's counters when its control socket is reachable from here.
#
#   check.sh [--vip VIP] [--requests N] [--servers "rs1 rs2"]
#
# Exits 0 when every request was answered and every server answered at least once, 1 when
# not, 2 on bad usage. Defaults from the lab plan (lab-plan.sh): VIP .100, 20 requests,
# rs1..rs$LVS4J_RS. Before counting, waits up to LVS4J_WAIT seconds (default 15) for a first
# answer: a director just (re)started is still resolving the real servers' MACs.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-plan.sh
. "$HERE/lab-plan.sh"

VIP=$LAB_VIP
REQUESTS=20
SERVERS=$(lab_rs_names)
WAIT=${LVS4J_WAIT:-15}
SOCKET=${LVS4J_SOCKET:-/run/lvs4j/lvs4j.sock}

usage() { sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --vip) VIP=${2:?--vip needs a value}; shift 2 ;;
        --requests) REQUESTS=${2:?--requests needs a value}; shift 2 ;;
        --servers) SERVERS=${2:?--servers needs a value}; shift 2 ;;
        -h | --help) usage ;;
        *) echo "check.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
case "$REQUESTS" in '' | *[!0-9]* | 0) echo "check.sh: --requests '$REQUESTS' must be a positive number" >&2; exit 2 ;; esac
command -v curl >/dev/null 2>&1 || { echo "check.sh: curl is missing (apt-get install curl)" >&2; exit 2; }

url=http://$VIP:$LAB_PORT/
i=0
until curl -s -m 2 -o /dev/null "$url"; do
    i=$((i + 1))
    if [ "$i" -ge "$((WAIT * 2))" ]; then
        echo "check.sh: $url did not answer within $WAIT s (is the director running? see README: The Vagrant lab)" >&2
        break  # still run the counted requests: their failures are the report
    fi
    sleep 0.5
done

answers=$(mktemp)
trap 'rm -f "$answers"' EXIT
echo "$REQUESTS requests to $url:"
failed=0
i=1
while [ "$i" -le "$REQUESTS" ]; do
    # HTTP/1.0 and -m 3: one connection per request, and a lost one fails fast.
    if answer=$(curl -s -0 -m 3 -f "$url") && [ -n "$answer" ]; then
        printf '%s\n' "$answer" >> "$answers"
    else
        answer="FAILED"
        failed=$((failed + 1))
    fi
    printf '  %2d  %s\n' "$i" "$answer"
    i=$((i + 1))
done

status=0
echo "answers per server:"
counted=0
for server in $SERVERS; do
    n=$(grep -cxF "$server" "$answers" || true)
    counted=$((counted + n))
    printf '  %-8s %s\n' "$server" "$n"
    if [ "$n" -eq 0 ]; then
        echo "check.sh: $server got no request" >&2
        status=1
    fi
done
# Answers naming no lab server (a stray web server holding the VIP?) are shown, not hidden.
others=$(($(wc -l < "$answers") - counted))
[ "$others" -eq 0 ] || printf '  %-8s %s\n' "(other)" "$others"
if [ "$failed" -ne 0 ]; then
    echo "check.sh: $failed of $REQUESTS requests failed" >&2
    status=1
fi

# The director's counters, through the ipvsadm shim and the director's control socket. The
# socket is local to the director: on a client VM this prints where to look instead.
ipvsadm=${LVS4J_IPVSADM:-}
if [ -z "$ipvsadm" ]; then
    if [ -x "$HERE/../bin/ipvsadm" ]; then ipvsadm=$HERE/../bin/ipvsadm; else ipvsadm=ipvsadm; fi
fi
echo "director counters:"
if [ -S "$SOCKET" ] && command -v "$ipvsadm" >/dev/null 2>&1; then
    "$ipvsadm" -Ln --stats || echo "  (ipvsadm could not read the director: exit $?)"
else
    echo "  note: no director control socket at $SOCKET here (or no ipvsadm shim); skipped."
    echo "  On the Vagrant lab: vagrant ssh director -c 'sudo ipvsadm -Ln --stats'"
fi
exit "$status"
