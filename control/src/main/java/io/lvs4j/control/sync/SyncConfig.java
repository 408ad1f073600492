package io.lvs4j.control.sync;

import java.net.Inet4Address;

/**
 * One sync daemon's settings, as {@code ipvsadm --start-daemon} gives them.
 *
 * @param role       master (sends) or backup (receives)
 * @param iface      --mcast-interface: the sync network's interface
 * @param syncid     --syncid 0..255 (a backup with 0 takes every syncid)
 * @param maxLength  --sync-maxlen: the largest datagram the master sends
 * @param group      --mcast-group (default 224.0.0.81)
 * @param port       --mcast-port (default 8848)
 * @param ttl        --mcast-ttl (default 1: the sync network only)
 */
public record SyncConfig(Role role, String iface, int syncid, int maxLength, Inet4Address group, int port, int ttl) {
    public static final String DEFAULT_GROUP = "224.0.0.81";
    public static final int DEFAULT_PORT = 8848;
    public static final int DEFAULT_TTL = 1;
    /** An Ethernet MTU less the IP and UDP headers, as ipvsadm's man page says. */
    public static final int DEFAULT_MAX_LENGTH = 1472;
    /** ipvsadm's bound: a UDP datagram in one IPv4 packet. */
    public static final int MAX_MAX_LENGTH = 65535 - 20 - 8;

    /** The two daemons a director can run, each at most once. */
    public enum Role {
        MASTER, BACKUP;

        public String ipvsadmName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SyncConfig {
        if (role == null || iface == null || group == null) {
            throw new IllegalArgumentException("role, interface and group are required");
        }
        if (syncid < 0 || syncid > 255 || port < 1 || port > 65535 || ttl < 1 || ttl > 255
                || maxLength < SyncMessage.HEADER_LENGTH + SyncMessage.ENTRY_LENGTH || maxLength > MAX_MAX_LENGTH) {
            throw new IllegalArgumentException("sync settings out of range: " + this);
        }
    }

    /** As ipvsadm -L --daemon prints it. */
    public String describe() {
        return role.ipvsadmName() + " sync daemon (mcast=" + iface + ", syncid=" + syncid + ", maxlen=" + maxLength
                + ", group=" + group.getHostAddress() + ", port=" + port + ", ttl=" + ttl + ")";
    }
}
