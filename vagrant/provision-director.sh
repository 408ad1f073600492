#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Provisions the Vagrant lab's director (also run by the lab test in a network namespace).
#
#   provision-director.sh [VIP]
#
# 1. packages: JDK 17, libpcap, ethtool, nftables (skipped with LVS4J_SKIP_APT=1); the jar is
#    taken from the synced folder, or built there with Maven when missing;
# 2. the host setup `lvs4j director-setup` generates, applied (ip_forward=0, GRO/LRO off; VIP
#    mode own: the VIP is not configured here, lvs4j answers ARP for it);
# 3. the rules file from the lab plan (one service VIP:80, LVS4J_RS servers, -g or -i) and a
#    systemd unit running `lvs4j run` on it, started with LVS4J_SERVICES=systemd. With
#    LVS4J_SERVICES=none the unit is only written: its ExecStart line is the command to run.
#
# Environment (see lab-plan.sh for the plan): LVS4J_ETC (default /etc/lvs4j: rules),
# LVS4J_LIB (default /opt/lvs4j: the installed jar), LVS4J_SBIN (default /usr/local/sbin),
# LVS4J_UNIT_DIR (default /etc/systemd/system), LVS4J_STATE_DIR (passed on to the generated
# script), LVS4J_JAR (the built jar, default: the repository's cli/target/lvs4j.jar).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-plan.sh
. "$HERE/lab-plan.sh"

VIP=${1:-$LAB_VIP}
REPO=$(cd "$HERE/.." && pwd)
ETC=${LVS4J_ETC:-/etc/lvs4j}
LIB=${LVS4J_LIB:-/opt/lvs4j}
SBIN=${LVS4J_SBIN:-/usr/local/sbin}
UNIT_DIR=${LVS4J_UNIT_DIR:-/etc/systemd/system}
JAR=${LVS4J_JAR:-$REPO/cli/target/lvs4j.jar}
lab_check_plan

# --- 1. packages and the jar -------------------------------------------------------------
lab_apt openjdk-17-jdk-headless libpcap0.8 ethtool nftables iproute2
lab_need java openjdk-17-jdk-headless
lab_need ip iproute2
if [ ! -f "$JAR" ]; then
    # Only in a VM: CI builds the jar before its tests. Needs Maven Central.
    lab_apt maven
    lab_need mvn maven
    lab_say "$JAR is missing: building it in $REPO (mvn -B -q package -DskipTests)"
    (cd "$REPO" && mvn -B -q package -DskipTests)
fi
# A copy on the VM's own disk: the unit must not depend on the synced folder being mounted.
mkdir -p "$LIB" "$ETC" "$SBIN" "$UNIT_DIR"
cp "$JAR" "$LIB/lvs4j.jar.new"
mv "$LIB/lvs4j.jar.new" "$LIB/lvs4j.jar"
JAR=$LIB/lvs4j.jar

IFACE=$(lab_iface_of "$LAB_DIRECTOR_IP")
[ -n "$IFACE" ] || lab_die "no interface holds the director's address $LAB_DIRECTOR_IP"
# tx too: director-setup turns GRO/LRO off, and the director also injects its own ARP.
lab_offloads_off "$IFACE"

# --- 2. the generated director host setup ------------------------------------------------
# A re-provision: restore what the previous setup changed before the new one saves it.
if [ -x "$SBIN/lvs4j-director.sh" ]; then "$SBIN/lvs4j-director.sh" stop || true; fi
java -jar "$JAR" director-setup --vip "$VIP" -i "$IFACE" --vip-mode own > "$SBIN/lvs4j-director.sh.new"
mv "$SBIN/lvs4j-director.sh.new" "$SBIN/lvs4j-director.sh"
chmod 755 "$SBIN/lvs4j-director.sh"
if [ "$LVS4J_SERVICES" = systemd ]; then
    java -jar "$JAR" director-setup --vip "$VIP" -i "$IFACE" --vip-mode own --format systemd \
        > "$UNIT_DIR/lvs4j-director.service"
else
    "$SBIN/lvs4j-director.sh" start
fi

# --- 3. the rules from the lab plan and the director's unit ------------------------------
case "$LVS4J_MODE" in
    dr) method=-g ;;
    tun) method=-i ;;
esac
{
    echo "# The lab plan: $LVS4J_RS real server(s), $LVS4J_MODE, scheduler $LVS4J_SCHED (provision-director.sh)"
    echo "-A -t $VIP:$LAB_PORT -s $LVS4J_SCHED"
    for rs in $(lab_rs_names); do
        echo "-a -t $VIP:$LAB_PORT -r $(lab_rs_ip "$rs"):$LAB_PORT $method -w 1"
    done
} > "$ETC/rules"

java_bin=$(command -v java)
cat > "$UNIT_DIR/lvs4j.service" <<EOF
# Written by vagrant/provision-director.sh: the lab's director, rules in $ETC/rules.
[Unit]
Description=lvs4j director ($LVS4J_MODE, $LVS4J_SCHED, VIP $VIP on $IFACE)
Wants=network-online.target
After=network-online.target lvs4j-director.service
Requires=lvs4j-director.service

[Service]
ExecStart=$java_bin -jar $JAR run -i $IFACE -f $ETC/rules
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
EOF

if [ "$LVS4J_SERVICES" = systemd ]; then
    systemctl daemon-reload
    systemctl enable lvs4j-director.service lvs4j.service
    systemctl restart lvs4j-director.service
    systemctl restart lvs4j.service
    # The ipvsadm shim, where this build has one: `sudo ipvsadm -Ln --stats` on the director.
    if [ -x "$REPO/bin/ipvsadm" ]; then
        printf '#!/bin/sh\nexec %s -jar %s ipvsadm "$@"\n' "$java_bin" "$JAR" > "$SBIN/ipvsadm"
        chmod 755 "$SBIN/ipvsadm"
    fi
fi
"$SBIN/lvs4j-director.sh" status
lab_say "director ready: $IFACE $LAB_DIRECTOR_IP, VIP $VIP (own), rules $ETC/rules, unit $UNIT_DIR/lvs4j.service"
