#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Provisions the Vagrant lab's client (also run by the lab test in a network namespace):
# curl and ab (apache2-utils) for check.sh and load, offloads off on the lab NIC.
#
#   provision-client.sh            (the plan from the environment, see lab-plan.sh)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-plan.sh
. "$HERE/lab-plan.sh"
lab_check_plan

lab_apt curl apache2-utils ethtool iproute2
lab_need curl curl
lab_need ip iproute2

IFACE=$(lab_iface_of "$LAB_CLIENT_IP")
[ -n "$IFACE" ] || lab_die "no interface holds the client's address $LAB_CLIENT_IP"
# The client's TCP segments are what the director forwards unchanged: full checksums only.
lab_offloads_off "$IFACE"
lab_say "client ready: $IFACE $LAB_CLIENT_IP; check the VIP with: sh $HERE/check.sh"
