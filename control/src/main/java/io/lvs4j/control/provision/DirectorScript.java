package io.lvs4j.control.provision;

import java.util.List;

/** The director host's {@code start|stop|restart|status} script (format {@code script}). */
final class DirectorScript {

    static final String BODY = """
            # NetworkManager may re-enable offloads or drop the VIP label behind our back; the
            # classic LVS labs stop it. Only a warning: it may be told to leave $IFACE alone.
            warn_network_manager() {
                if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet NetworkManager 2>/dev/null; then
                    warn "NetworkManager is active and may undo this setup; run: nmcli device set $IFACE managed no (or stop NetworkManager)"
                fi
            }

            # ethtool -k prints the long feature names, -K takes the short ones.
            offload_name() {
                case $1 in
                    gro) echo generic-receive-offload ;;
                    lro) echo large-receive-offload ;;
                esac
            }
            # "on", "off", "off [fixed]" (the driver cannot change it), or nothing without ethtool.
            offload_get() { ethtool -k "$1" 2>/dev/null | sed -n "s/^$(offload_name "$2"): //p"; }
            # Tolerant: a feature this NIC cannot change is reported, not fatal.
            offload_set() {
                [ "$(offload_get "$1" "$2")" = "$3" ] && return 0
                ethtool -K "$1" "$2" "$3" >/dev/null 2>&1 || warn "cannot turn $2 $3 on $1 (not supported by the driver)"
            }
            # ethtool.NIC.FEATURE=on|off lines for the state file; fixed features are left out.
            offloads_current() {
                for nic in $NICS; do
                    for f in $OFFLOADS; do
                        v=$(offload_get "$nic" "$f")
                        case $v in on | off) printf 'ethtool.%s.%s=%s\\n' "$nic" "$f" "$v" ;; esac
                    done
                done
            }
            offloads_off() {
                if ! command -v ethtool >/dev/null 2>&1; then
                    warn "ethtool not found: turn off $OFFLOADS on $NICS yourself"
                    return 0
                fi
                for nic in $NICS; do
                    for f in $OFFLOADS; do offload_set "$nic" "$f" off; done
                done
            }
            offloads_check() {
                ok=0
                for nic in $NICS; do
                    for f in $OFFLOADS; do
                        if [ "$(offload_get "$nic" "$f")" = on ]; then say "missing: $f off on $nic"; ok=1; fi
                    done
                done
                return "$ok"
            }

            # NAT: the private NIC's first IPv4 address, the real servers' default gateway.
            private_address() { ip -o -4 addr show dev "$PRIVATE_IFACE" 2>/dev/null | sed -n 's/.* inet \\([0-9.]*\\)\\/.*/\\1/p' | head -n 1; }

            # True when $1 is an address of any interface here.
            vip_local() { ip -o -4 addr show 2>/dev/null | grep -qF "inet $1/"; }

            guard_present() { nft list table "$NFT_FAMILY" "$NFT_TABLE" >/dev/null 2>&1; }
            # Drops packets to the VIPs at prerouting, raw priority: the director's own stack never
            # answers (it would reset forwarded connections), while pcap has already seen them.
            # One transaction that creates, deletes and recreates the table: a second start
            # replaces the guard instead of stacking a copy.
            guard_add() {
                command -v nft >/dev/null 2>&1 || die "kernel mode needs nft (package nftables) for its guard"
                nft -f - <<EOF || die "cannot install the nftables guard (table $NFT_FAMILY $NFT_TABLE)"
            table $NFT_FAMILY $NFT_TABLE
            delete table $NFT_FAMILY $NFT_TABLE
            table $NFT_FAMILY $NFT_TABLE {
                chain prerouting {
                    type filter hook prerouting priority raw; policy accept;
                    ip daddr { $NFT_VIPS } counter drop
                }
            }
            EOF
            }
            guard_remove() {
                if guard_present; then
                    nft delete table "$NFT_FAMILY" "$NFT_TABLE" || die "cannot remove the nftables table $NFT_FAMILY $NFT_TABLE"
                fi
            }

            start() {
                need_root start
                for nic in $NICS; do
                    ip link show dev "$nic" >/dev/null 2>&1 || die "no interface $nic in this network namespace"
                done
                if [ -n "$PRIVATE_IFACE" ] && [ -z "$(private_address)" ]; then
                    die "$PRIVATE_IFACE has no IPv4 address; NAT needs one: the real servers' default gateway"
                fi
                warn_network_manager
                if [ "$VIP_MODE" = own ]; then
                    for vip in $VIPS; do
                        if vip_local "$vip"; then
                            die "$vip is an address of this host; in own mode lvs4j answers ARP for it itself: remove it, or use kernel mode"
                        fi
                    done
                fi
                find_state
                state_save "$(sysctls_current; offloads_current)"
                sysctls_apply
                offloads_off
                if [ "$VIP_MODE" = kernel ]; then
                    # The guard before the VIPs: once a VIP is local the stack would answer it.
                    guard_add
                    i=0
                    for vip in $VIPS; do
                        if ! has_vip "$vip" "$IFACE"; then
                            ip addr add "$vip/32" dev "$IFACE" label "$IFACE:$i" || die "cannot add $vip/32 to $IFACE"
                        fi
                        i=$((i + 1))
                    done
                fi
                say "started: $IFACE ready for lvs4j ($VIP_MODE mode, VIPs $VIP_LIST; previous values in $STATE_FILE)"
                if [ -n "$PRIVATE_IFACE" ]; then
                    say "NAT: the real servers' gateway is $(private_address) on $PRIVATE_IFACE: lvs4j rs-setup --mode nat --gateway $(private_address)"
                fi
            }

            stop() {
                need_root stop
                find_state
                if [ "$VIP_MODE" = kernel ]; then
                    # The reverse of start: the VIPs go first, then the guard.
                    for vip in $VIPS; do
                        if has_vip "$vip" "$IFACE"; then
                            ip addr del "$vip/32" dev "$IFACE" || die "cannot remove $vip/32 from $IFACE"
                        fi
                    done
                    guard_remove
                fi
                state_restore
                say "stopped: $IFACE restored"
            }

            restore_value() {
                case $1 in
                    ethtool.*)
                        nic_feature=${1#ethtool.}
                        offload_set "${nic_feature%.*}" "${nic_feature##*.}" "$2"
                        ;;
                    *) sysctl_set "$1" "$2" ;;
                esac
            }

            # LSB: 0 when everything is in place, 3 when not; prints what is missing.
            status() {
                missing=0
                for nic in $NICS; do
                    if ! ip link show dev "$nic" >/dev/null 2>&1; then say "missing: interface $nic"; missing=1; fi
                done
                if [ -n "$PRIVATE_IFACE" ] && [ -z "$(private_address)" ]; then
                    say "missing: an IPv4 address on $PRIVATE_IFACE (the real servers' gateway)"
                    missing=1
                fi
                sysctls_check || missing=1
                offloads_check || missing=1
                for vip in $VIPS; do
                    if [ "$VIP_MODE" = kernel ] && ! has_vip "$vip" "$IFACE"; then
                        say "missing: $vip/32 on $IFACE"
                        missing=1
                    elif [ "$VIP_MODE" = own ] && vip_local "$vip"; then
                        say "wrong: $vip is an address of this host (own mode: lvs4j answers ARP for it)"
                        missing=1
                    fi
                done
                if [ "$VIP_MODE" = kernel ] && ! guard_present; then
                    say "missing: nftables guard (table $NFT_FAMILY $NFT_TABLE)"
                    missing=1
                fi
                warn_network_manager
                if [ "$missing" -ne 0 ]; then return 3; fi
                say "running: $IFACE ready for lvs4j ($VIP_MODE mode, VIPs $VIP_LIST)"
            }
            """;

    private DirectorScript() {
    }

    static GeneratedFile generate(DirectorSetup d) {
        boolean kernel = d.vipMode() == VipMode.KERNEL;
        List<String> header = List.of(
                "lvs4j director host setup, generated by:",
                "  " + d.commandLine(),
                "Install as " + DirectorSetup.SCRIPT_PATH + "; usage: " + DirectorSetup.SCRIPT
                        + " start|stop|restart|status",
                "",
                "start   sets ip_forward=0 and turns GRO/LRO off on " + String.join(" and ", d.nics()) + (kernel
                        ? ", installs the nftables guard"
                        : "; checks that no VIP is local"),
                kernel ? "        (table " + DirectorSetup.NFT_FAMILY + " " + DirectorSetup.NFT_TABLE
                        + ") and adds the VIPs as " + d.iface() + ":0, ...; saves the previous values first."
                        : "        (own mode: lvs4j answers ARP for them); saves the previous values first.",
                "stop    " + (kernel ? "removes the VIPs and the guard, and restores" : "restores")
                        + " ip_forward and the offloads.",
                "status  exits 0 when everything is in place, 3 when not, and says what is missing.",
                "",
                "The saved values are in $LVS4J_STATE_DIR (default " + DirectorSetup.STATE_DIR + "), one file",
                "per network namespace.");
        String script = ShellScript.assemble(header, ShellScript.config(
                "NAME", "lvs4j-director",
                "IFACE", d.iface(),
                "PRIVATE_IFACE", d.nat() ? d.privateIface() : "",
                "NICS", String.join(" ", d.nics()),
                "VIP_MODE", d.vipMode().toString(),
                "VIPS", d.vipList(" "),
                "VIP_LIST", d.vipList(","),
                "NFT_VIPS", d.vipList(", "),
                "NFT_FAMILY", DirectorSetup.NFT_FAMILY,
                "NFT_TABLE", DirectorSetup.NFT_TABLE,
                "OFFLOADS", "gro lro",
                "SYSCTLS", String.join(" ", d.sysctls().stream().map(Sysctl::assignment).toList()),
                "STATE_DIR", "${LVS4J_STATE_DIR:-" + DirectorSetup.STATE_DIR + "}"), BODY);
        return new GeneratedFile(DirectorSetup.SCRIPT, script, true, DirectorSetup.SCRIPT_PATH);
    }
}
