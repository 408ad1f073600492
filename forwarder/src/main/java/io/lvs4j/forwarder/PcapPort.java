package io.lvs4j.forwarder;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.NotOpenException;

/**
 * The director's NIC as a libpcap handle: pcap4j opens it (immediate mode, kernel BPF), and
 * {@link LibPcap} reads and injects on it without allocating. Used by the capture thread only,
 * except {@link #wakeUp}. The pcap_pkthdr layout read here (timeval 16 bytes, then caplen, len)
 * is LP64 Linux's.
 *
 * <p>Waiting: in immediate mode libpcap would block in pcap_next_ex until a frame comes, with no
 * timeout; pcap_breakloop from another thread can lose the frame being read. So the handle is
 * non-blocking and the port polls its socket together with an eventfd that {@link #wakeUp}
 * signals, with a timeout: control actions and timers wake the thread without costing a frame.
 */
public final class PcapPort implements FramePort {
    public static final int SNAPLEN = 65535;
    private static final int READ_TIMEOUT_MILLIS = 50;

    private final PcapHandle handle;
    private final Pointer pcap;
    private final long[] headerSlot = new long[1];
    private final long[] dataSlot = new long[1];
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final Memory sendBuffer = new Memory(SNAPLEN);
    private final PortWait wait;
    private long timestampMicros;
    private int wireLength;
    private long sendErrors;

    private PcapPort(PcapHandle handle) {
        this.handle = handle;
        this.pcap = nativeHandle(handle);
        byte[] errbuf = new byte[256];
        if (LibPcap.pcap_setnonblock(pcap, 1, errbuf) != 0) {
            throw new DirectorException("cannot make the capture non-blocking: " + Native.toString(errbuf));
        }
        wait = new PortWait().watch(LibPcap.pcap_get_selectable_fd(pcap));
    }

    /** Extra room over the MTU: Ethernet header, one 802.1Q tag, and slack. */
    public static final int FRAME_OVERHEAD = 22;
    private static final int BUFFER_BYTES = 32 << 20;

    /** Opens {@code iface} for capture and injection with the largest snapshot length. */
    public static PcapPort open(String iface) throws PcapNativeException {
        return open(iface, SNAPLEN);
    }

    /**
     * Opens {@code iface} for capture and injection. In immediate mode libpcap gives every ring
     * slot the snapshot length, so a snaplen of MTU + {@link #FRAME_OVERHEAD} fits ~25x more frames
     * in the same buffer than 65535 would; a longer (GRO) frame arrives cut, and the caller must
     * drop it ({@link #wireLength()} > captured length).
     */
    public static PcapPort open(String iface, int snaplen) throws PcapNativeException {
        PcapHandle h = new PcapHandle.Builder(iface)
                .snaplen(Math.min(snaplen, SNAPLEN))
                .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS)
                .immediateMode(true)
                .bufferSize(BUFFER_BYTES)
                .build();
        try {
            // Our own injections must never come back to us (they would be forwarded again).
            h.setDirection(PcapHandle.PcapDirection.IN);
        } catch (PcapNativeException | NotOpenException e) {
            h.close();
            throw new PcapNativeException("cannot capture inbound-only on " + iface + ": " + e.getMessage());
        }
        return new PcapPort(h);
    }

    /** Compiles and installs a kernel BPF filter (tcpdump syntax). */
    public void setFilter(String expression) throws PcapNativeException, NotOpenException {
        handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
    }

    /**
     * Copies the next frame into {@code buffer}. Returns its captured length; 0 when none came
     * within {@value #READ_TIMEOUT_MILLIS} ms or {@link #wakeUp} was called (so the caller can do
     * other work); -1 on an error.
     */
    public int next(byte[] buffer) {
        int rc = LibPcap.pcap_next_ex(pcap, headerSlot, dataSlot);
        if (rc == 0) {
            wait.await(READ_TIMEOUT_MILLIS);
            rc = LibPcap.pcap_next_ex(pcap, headerSlot, dataSlot);
        }
        if (rc != 1) {
            return rc == 0 ? 0 : -1;
        }
        return copy(buffer);
    }

    private int copy(byte[] buffer) {
        Pointer.nativeValue(header, headerSlot[0]);
        Pointer.nativeValue(data, dataSlot[0]);
        timestampMicros = header.getLong(0) * 1_000_000L + header.getLong(8);
        int caplen = Math.min(header.getInt(16), buffer.length);
        wireLength = header.getInt(20);
        data.read(0, buffer, 0, caplen);
        return caplen;
    }

    /**
     * Makes {@link #next} wake up for {@code other}'s frames too (a second NIC served by the same
     * thread, which then reads it with {@link #nextReady}). Call before the capture starts.
     */
    public void pollAlso(PcapPort other) {
        wait.watch(LibPcap.pcap_get_selectable_fd(other.pcap));
    }

    /** As {@link #next} without waiting: 0 at once when no frame is ready. */
    @Override
    public int nextReady(byte[] buffer) {
        int rc = LibPcap.pcap_next_ex(pcap, headerSlot, dataSlot);
        if (rc != 1) {
            return rc == 0 ? 0 : -1;
        }
        return copy(buffer);
    }

    /** Wakes the capture thread from {@link #next} at once. Any thread. */
    public void wakeUp() {
        wait.wakeUp();
    }

    /** The capture timestamp of the last frame, in microseconds since the epoch. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** The last frame's length on the wire (may exceed the captured length). */
    public int wireLength() {
        return wireLength;
    }

    @Override
    public boolean send(byte[] frame, int length) {
        sendBuffer.write(0, frame, 0, length);
        if (LibPcap.pcap_sendpacket(pcap, sendBuffer, length) != 0) {
            sendErrors++;
            return false;
        }
        return true;
    }

    /** Nothing to flush: pcap_sendpacket sends each frame at once. */
    @Override
    public void flushSends() {
    }

    /** Frames libpcap refused to send. */
    public long sendErrors() {
        return sendErrors;
    }

    /** The last libpcap error text (for the one log line after a failure, not per packet). */
    public String lastError() {
        return LibPcap.pcap_geterr(pcap);
    }

    /** Frames the kernel dropped because we were too slow (pcap_stats ps_drop), or -1. */
    public long kernelDrops() {
        try {
            return handle.getStats().getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        handle.close();
        wait.close();
    }

    private static Pointer nativeHandle(PcapHandle h) {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(h);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("pcap4j " + "1.8.2 is required (PcapHandle.handle not found)", e);
        }
    }
}
