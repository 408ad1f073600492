#!/bin/sh
# lvs-healthcheck.sh: a real-server health check for an LVS director, in the style of the
# classic LVS-HOWTO scripts. It knows the real servers it should have, asks ipvsadm which of
# them the virtual service has now, fetches a page from each real server directly, and
#   - removes a server that does not answer   (ipvsadm -d),
#   - adds back a server that answers again   (ipvsadm -a).
# It uses nothing but ipvsadm, awk and curl, so it runs the same against the kernel's IPVS
# and against lvs4j through its ipvsadm shim.
#
#   VIP=10.0.0.100 PORT=80 RIPS="10.0.0.11 10.0.0.12" sh lvs-healthcheck.sh        # every $INTERVAL s
#   VIP=10.0.0.100 PORT=80 RIPS="10.0.0.11 10.0.0.12" sh lvs-healthcheck.sh once   # one pass
#
# Settings (environment): VIP, PORT, RIPS (real servers' addresses), WEIGHT (given when a
# server is added back, default 1), FORWARD (-g direct routing, -i tunnelling; default -g),
# URL_PATH (default /), TIMEOUT (seconds per check, default 2), INTERVAL (default 5).

VIP=${VIP:?set VIP, the virtual IP address}
PORT=${PORT:-80}
RIPS=${RIPS:?set RIPS, the real servers addresses separated by spaces}
WEIGHT=${WEIGHT:-1}
FORWARD=${FORWARD:--g}
URL_PATH=${URL_PATH:-/}
TIMEOUT=${TIMEOUT:-2}
INTERVAL=${INTERVAL:-5}

log() {
    echo "$(date '+%Y-%m-%d %H:%M:%S') lvs-healthcheck: $*"
}

# The real servers (RIP:PORT) that the service TCP VIP:PORT has now. The first three lines of
# `ipvsadm -Ln` are headers; after them come service lines ("TCP  VIP:PORT rr") each followed
# by its server lines ("  -> RIP:PORT  Route 1 0 0").
servers_in_table() {
    ipvsadm -Ln | awk -v service="TCP $VIP:$PORT" '
        NR > 3 && $1 != "->" { current = $1 " " $2 }
        NR > 3 && $1 == "->" && current == service { print $2 }'
}

alive() {
    curl -s -f -o /dev/null -m "$TIMEOUT" "http://$1:$PORT$URL_PATH"
}

check() {
    table=$(servers_in_table) || { log "ipvsadm -Ln failed"; return 1; }
    for rip in $RIPS; do
        if echo "$table" | grep -qxF "$rip:$PORT"; then
            present=yes
        else
            present=no
        fi
        if alive "$rip"; then
            if [ "$present" = no ]; then
                if ipvsadm -a -t "$VIP:$PORT" -r "$rip:$PORT" "$FORWARD" -w "$WEIGHT"; then
                    log "$rip:$PORT answers again: added to $VIP:$PORT (weight $WEIGHT)"
                fi
            fi
        elif [ "$present" = yes ]; then
            if ipvsadm -d -t "$VIP:$PORT" -r "$rip:$PORT"; then
                log "$rip:$PORT does not answer: removed from $VIP:$PORT"
            fi
        fi
    done
}

case "${1:-loop}" in
    once)
        check
        ;;
    loop)
        while :; do
            check
            sleep "$INTERVAL"
        done
        ;;
    *)
        echo "usage: $0 [once|loop]" >&2
        exit 2
        ;;
esac
