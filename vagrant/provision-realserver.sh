#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Provisions one real server of the Vagrant lab (also run by the lab test in a network namespace).
#
#   provision-realserver.sh NAME [VIP [MODE]]     e.g. provision-realserver.sh rs1 192.168.56.100 dr
#
# 1. packages: a JRE (to run the generator), nginx, ethtool (skipped with LVS4J_SKIP_APT=1);
# 2. the setup `lvs4j rs-setup` generates, applied: DR: VIP on lo:0 + arp_ignore/arp_announce;
#    TUN: VIP on tunl0 (the kernel's ipip module) + rp_filter 0;
# 3. an HTTP server whose page is the server's name (what check.sh counts).
#
# Environment (see lab-plan.sh for the plan): LVS4J_HTTPD=nginx (default) | rs-httpd (the
# one-host lab's python3 server, started in the background: for namespaces, no systemd);
# LVS4J_SBIN (default /usr/local/sbin) and LVS4J_UNIT_DIR (default /etc/systemd/system) say
# where the generated script and unit go; LVS4J_RUN (default /run/lvs4j-lab) holds pid files
# and logs; LVS4J_STATE_DIR is passed on to the generated script; LVS4J_JAR the built jar.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-plan.sh
. "$HERE/lab-plan.sh"

NAME=${1:?usage: provision-realserver.sh NAME [VIP [MODE]]}
VIP=${2:-$LAB_VIP}
LVS4J_MODE=${3:-$LVS4J_MODE}
HTTPD=${LVS4J_HTTPD:-nginx}
SBIN=${LVS4J_SBIN:-/usr/local/sbin}
UNIT_DIR=${LVS4J_UNIT_DIR:-/etc/systemd/system}
RUN=${LVS4J_RUN:-/run/lvs4j-lab}
JAR=${LVS4J_JAR:-$HERE/../cli/target/lvs4j.jar}
lab_check_plan
case "$HTTPD" in nginx | rs-httpd) ;; *) lab_die "LVS4J_HTTPD '$HTTPD' must be nginx or rs-httpd" ;; esac
case "$NAME" in *[!A-Za-z0-9_-]* | '') lab_die "NAME '$NAME' may hold only letters, digits, '-' and '_'" ;; esac

# --- 1. packages -------------------------------------------------------------------------
pkgs="openjdk-17-jre-headless ethtool iproute2 curl"
[ "$HTTPD" = nginx ] && pkgs="$pkgs nginx"
# shellcheck disable=SC2086 # a list of package names, split on purpose
lab_apt $pkgs
lab_need java openjdk-17-jre-headless
lab_need ip iproute2
lab_need curl curl
[ "$HTTPD" = rs-httpd ] && lab_need python3 python3
[ -f "$JAR" ] || lab_die "$JAR is missing: build it on the host first (mvn -B -q package -DskipTests)"

IFACE=$(lab_iface_of "$(lab_rs_ip "$NAME")")
[ -n "$IFACE" ] || lab_die "no interface holds $NAME's address $(lab_rs_ip "$NAME")"
lab_offloads_off "$IFACE"

# --- 2. the generated real-server setup --------------------------------------------------
mkdir -p "$SBIN" "$RUN"
# A re-provision may switch DR <-> TUN: undo the previous setup (VIP on lo or tunl0, saved
# sysctls) with the previous script before the new one replaces it.
if [ -x "$SBIN/lvs4j-rs.sh" ]; then "$SBIN/lvs4j-rs.sh" stop || true; fi
java -jar "$JAR" rs-setup --vip "$VIP" --mode "$LVS4J_MODE" > "$SBIN/lvs4j-rs.sh.new"
mv "$SBIN/lvs4j-rs.sh.new" "$SBIN/lvs4j-rs.sh"
chmod 755 "$SBIN/lvs4j-rs.sh"
if [ "$LVS4J_SERVICES" = systemd ]; then
    # The generator's own unit (oneshot running the script), so the setup survives a reboot.
    mkdir -p "$UNIT_DIR"
    java -jar "$JAR" rs-setup --vip "$VIP" --mode "$LVS4J_MODE" --format systemd > "$UNIT_DIR/lvs4j-rs.service"
    systemctl daemon-reload
    systemctl enable lvs4j-rs.service
    systemctl restart lvs4j-rs.service
else
    "$SBIN/lvs4j-rs.sh" start
fi
# Fails the provisioning, with what is missing, when the setup did not take.
"$SBIN/lvs4j-rs.sh" status

# --- 3. the page naming the server -------------------------------------------------------
if [ "$HTTPD" = nginx ]; then
    # Debian's default site serves index.html first; the same text as rs-httpd.py answers.
    printf '%s\n' "$NAME" > /var/www/html/index.html
    if [ "$LVS4J_SERVICES" = systemd ]; then
        systemctl enable nginx
        systemctl restart nginx
    else
        nginx -t && { nginx -s reload 2>/dev/null || nginx; }
    fi
else
    pidfile=$RUN/$NAME-httpd.pid
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        kill "$(cat "$pidfile")"
    fi
    # Detached, with its own output files: the caller may be waiting on our stdout.
    setsid python3 "$HERE/rs-httpd.py" --name "$NAME" --port "$LAB_PORT" \
        > "$RUN/$NAME-httpd.log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
fi

# Ready when the page answers locally (the VIP is on lo or tunl0, so ask the VIP itself).
i=0
until [ "$(curl -s -m 2 "http://$VIP:$LAB_PORT/" 2>/dev/null)" = "$NAME" ]; do
    i=$((i + 1))
    [ "$i" -lt 150 ] || lab_die "the HTTP server on $NAME does not answer $NAME on http://$VIP:$LAB_PORT/"
    sleep 0.2
done
lab_say "$NAME ready: $LVS4J_MODE, VIP $VIP on $(if [ "$LVS4J_MODE" = dr ]; then echo lo; else echo tunl0; fi), $HTTPD on $IFACE $(lab_rs_ip "$NAME"):$LAB_PORT"
