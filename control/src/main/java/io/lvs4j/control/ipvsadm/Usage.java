package io.lvs4j.control.ipvsadm;

/** The texts of ipvsadm -h and -v, in lvs4j's words. */
public final class Usage {
    /** Starts like ipvsadm's so scripts that read the version keep working. */
    public static final String VERSION = "ipvsadm v1.31 (lvs4j userspace director, IPVS v1.2.1 semantics)\n";

    public static final String HELP = VERSION
            + "Usage:\n"
            + "  ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [-b sched-flags]\n"
            + "  ipvsadm -D virtual-service\n"
            + "  ipvsadm -C\n"
            + "  ipvsadm -R                  (rules on standard input)\n"
            + "  ipvsadm -S [-n]\n"
            + "  ipvsadm -a|e virtual-service -r server-address [-g|-i] [-w weight] [-x upper] [-y lower]\n"
            + "  ipvsadm -d virtual-service -r server-address\n"
            + "  ipvsadm -L|l [virtual-service] [list options]\n"
            + "  ipvsadm -Z [virtual-service]\n"
            + "  ipvsadm --set tcp tcpfin udp\n"
            + "  ipvsadm -h\n"
            + "\n"
            + "virtual-service:\n"
            + "  -t|--tcp-service address[:port]     a TCP service\n"
            + "  -u|--udp-service address[:port]     a UDP service\n"
            + "\n"
            + "Service options:\n"
            + "  -s|--scheduler NAME    rr wrr lc wlc sed nq fo ovf dh sh mh lblc lblcr (default wlc)\n"
            + "  -p|--persistent [S]    keep a client on one server for S seconds (default 360)\n"
            + "  -M|--netmask MASK      group clients by this mask for persistence\n"
            + "  -b|--sched-flags F,..  sh-fallback sh-port (sh), mh-fallback mh-port (mh)\n"
            + "\n"
            + "Server options:\n"
            + "  -r|--real-server ADDRESS[:port]\n"
            + "  -g|--gatewaying        direct routing (default)\n"
            + "  -i|--ipip              IP-in-IP tunnelling\n"
            + "  -w|--weight N          0..65535 (default 1; 0 drains the server)\n"
            + "  -x|--u-threshold N     no new connections from N connections on\n"
            + "  -y|--l-threshold N     take new connections again below N\n"
            + "\n"
            + "List options:\n"
            + "  -n|--numeric  -c|--connection  --stats  --rate  --exact  --timeout\n"
            + "  --thresholds  --persistent-conn  --tun-info  --sort  --nosort\n"
            + "\n"
            + "Not supported yet: -f (fwmark), -m (NAT), IPv6, --sctp-service, -o, --pe, sync daemons.\n"
            + "Addresses are numeric; lists are printed numerically with or without -n.\n";

    private Usage() {
    }
}
