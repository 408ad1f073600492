package io.lvs4j.control.provision;

import java.net.Inet4Address;

/** rs-setup's --vip and --gateway: each belongs to its modes only. */
public final class NatOptions {
    private NatOptions() {
    }

    /** --mode nat: the gateway, required; a VIP is refused (a NAT real server holds none). */
    public static Inet4Address gateway(String vips, String gateway) {
        if (vips != null) {
            throw new InvalidInputException("--vip is for --mode dr and tun: a NAT real server holds no VIP");
        }
        if (gateway == null) {
            throw new InvalidInputException("--mode nat needs --gateway IP: the director's address on the real servers' network");
        }
        return VipValidator.parse(gateway);
    }

    /** --mode dr or tun: the VIPs, required; --gateway is refused. */
    public static String vips(String vips, String gateway) {
        if (gateway != null) {
            throw new InvalidInputException("--gateway is for --mode nat (dr and tun servers keep their own routes)");
        }
        if (vips == null) {
            throw new InvalidInputException("--vip VIP[,VIP...] is required with --mode dr and tun");
        }
        return vips;
    }
}
