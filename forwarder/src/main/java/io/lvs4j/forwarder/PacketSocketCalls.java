package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls an AF_PACKET ring needs beyond {@link Libc}'s, direct-mapped. {@link #send}
 * is on the packet path (one call per batch) and declares no LastErrorException.
 */
final class PacketSocketCalls {
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOL_SOCKET = 1;
    static final int SO_ATTACH_FILTER = 26;
    static final int SOL_PACKET = 263;
    static final int PACKET_RX_RING = 5;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_VERSION = 10;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_LOSS = 14;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int TPACKET_V2 = 1;
    static final int ETH_P_ALL_NETWORK_ORDER = 0x0300; // htons(ETH_P_ALL) on a little-endian host
    static final int PROT_READ_WRITE = 3;
    static final int MAP_SHARED = 1;
    static final int MSG_DONTWAIT = 0x40;

    static {
        Native.register(PacketSocketCalls.class, NativeLibrary.getInstance("c"));
    }

    private PacketSocketCalls() {
    }

    static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    static native Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    static native int munmap(Pointer address, long length);

    /** With a null buffer on a socket with a TX ring: transmits every frame marked for sending. */
    static native long send(int fd, Pointer buffer, long length, int flags);

    static native int getsockopt(int fd, int level, int name, Pointer value, int[] length);

    static native int if_nametoindex(String name);
}
