package io.lvs4j.forwarder;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Our own direct-mapped binding of libpcap's two per-packet calls. pcap4j opens and filters the
 * handle; its per-packet paths allocate (a Packet or byte[] per frame), ours do not: the header
 * and data pointers come back in reused long[1] slots, and we send from native memory.
 */
final class LibPcap {
    static {
        // The same NativeLibrary instance pcap4j loaded ("pcap" finds libpcap.so.1.x on Debian).
        Native.register(LibPcap.class, NativeLibrary.getInstance("pcap"));
    }

    private LibPcap() {
    }

    /** 1 = a packet, 0 = none yet (non-blocking) or read timeout, -1 = error, -2 = pcap_breakloop. */
    static native int pcap_next_ex(Pointer pcap, long[] header, long[] data);

    static native int pcap_sendpacket(Pointer pcap, Pointer buffer, int size);

    /** In non-blocking mode pcap_next_ex returns 0 at once when the ring is empty. */
    static native int pcap_setnonblock(Pointer pcap, int nonblock, byte[] errbuf);

    /** The socket behind the handle, for poll(). */
    static native int pcap_get_selectable_fd(Pointer pcap);

    static native String pcap_geterr(Pointer pcap);
}
