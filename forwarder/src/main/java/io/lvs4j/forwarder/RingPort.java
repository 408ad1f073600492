package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The director's NIC as an AF_PACKET socket with two memory-mapped rings (TPACKET_V2, Linux).
 * Receive: frame at a time, as libpcap's mmap path: the kernel wakes poll() for each frame, so a
 * lone frame is handled at once (a TPACKET_V3 block waits until full or its retire timeout, about
 * 1 ms: too long for a load balancer at low load). Every frame ready is read in place without a
 * system call (one copy into the caller's buffer, which the director rewrites). Transmit: frames
 * are written into the TX ring and the kernel is told once per batch (one send() for up to
 * {@value #TX_BATCH} frames, and before every wait, so no frame waits for a batch to fill), with
 * PACKET_QDISC_BYPASS: straight to the driver, as libpcap's inject is not. That skips any tc
 * qdisc on the NIC (shaping, netem), so a director that relies on one should use {@code --io pcap}.
 *
 * <p>Ownership of a frame passes through its tp_status word: read with acquire, written with
 * release ordering (the kernel's smp_rmb/smp_wmb on the other side).
 */
public final class RingPort implements FramePort {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int RX_BLOCK = 1 << 18;
    private static final int RX_BLOCKS = 64;
    private static final int TX_FRAMES = 512;
    private static final int TX_FRAMES_PER_BLOCK = 32;
    private static final int TX_BATCH = 64;
    private static final int POLL_MILLIS = 50;
    // struct tpacket2_hdr offsets (checked against <linux/if_packet.h>), the same for RX and TX
    private static final int FRAME_STATUS = 0;
    private static final int FRAME_LEN = 4;
    private static final int FRAME_SNAPLEN = 8;
    private static final int FRAME_MAC = 12;
    private static final int FRAME_SEC = 16;
    private static final int FRAME_NSEC = 20;
    private static final int FRAME_PKTTYPE = 32 + 10; // sockaddr_ll.sll_pkttype after the header
    private static final int HEADROOM = 80; // TPACKET_ALIGN(TPACKET2_HDRLEN + 16): where the network header lands
    private static final int TX_DATA = 32; // TPACKET2_HDRLEN - sizeof(struct sockaddr_ll)
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_VLAN_VALID = 0x10;
    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;
    private static final int PACKET_OUTGOING = 4;

    private final int fd;
    private final PortWait wait;
    private final int snaplen;
    private final Pointer map;
    private final long mapLength;
    private final ByteBuffer ring;
    private final int rxFrame;
    private final int rxFrames;
    private final int txBase;
    private final int txFrame;
    private final Memory stats = new Memory(8);
    private final int[] statsLength = new int[1];
    private int rxNext;
    private int txNext;
    private int txPending;
    private long timestampMicros;
    private int wireLength;
    private long sendErrors;
    private long drops;

    private RingPort(int fd, int snaplen, int rxFrame, int txFrame, Pointer map, long mapLength) {
        this.fd = fd;
        this.snaplen = snaplen;
        this.rxFrame = rxFrame;
        this.rxFrames = RX_BLOCK / rxFrame * RX_BLOCKS;
        this.txFrame = txFrame;
        this.map = map;
        this.mapLength = mapLength;
        this.ring = map.getByteBuffer(0, mapLength).order(ByteOrder.nativeOrder());
        this.txBase = RX_BLOCK * RX_BLOCKS;
        wait = new PortWait().watch(fd);
    }

    /**
     * Opens {@code iface} with rings for frames up to {@code snaplen} bytes; a longer (GRO) frame
     * is reported cut, as libpcap would, and the caller drops it.
     *
     * @throws DirectorException when the NIC is missing or the kernel refuses the socket or rings
     */
    public static RingPort open(String iface, int snaplen) {
        int ifindex = PacketSocketCalls.if_nametoindex(iface);
        if (ifindex == 0) {
            throw new DirectorException("no such interface: " + iface);
        }
        int rxFrame = frameSize(snaplen + HEADROOM);
        int txFrame = frameSize(snaplen + TX_DATA);
        int fd = -1;
        Pointer map = null;
        long length = (long) RX_BLOCK * RX_BLOCKS + (long) txFrame * TX_FRAMES;
        try {
            fd = Libc.socket(PacketSocketCalls.AF_PACKET, PacketSocketCalls.SOCK_RAW, 0); // no frames before bind
            setInt(fd, PacketSocketCalls.PACKET_VERSION, PacketSocketCalls.TPACKET_V2);
            setInt(fd, PacketSocketCalls.PACKET_LOSS, 1); // a frame the kernel rejects is skipped, not retried forever
            setInt(fd, PacketSocketCalls.PACKET_QDISC_BYPASS, 1);
            setInt(fd, PacketSocketCalls.PACKET_IGNORE_OUTGOING, 1); // our own sends never come back
            setRing(fd, PacketSocketCalls.PACKET_RX_RING, RX_BLOCK, RX_BLOCKS, rxFrame);
            setRing(fd, PacketSocketCalls.PACKET_TX_RING, txFrame * TX_FRAMES_PER_BLOCK,
                    TX_FRAMES / TX_FRAMES_PER_BLOCK, txFrame);
            map = PacketSocketCalls.mmap(null, length, PacketSocketCalls.PROT_READ_WRITE, PacketSocketCalls.MAP_SHARED, fd, 0);
            BpfCompiler.attachDropAll(fd); // until the director's filter: nothing it did not ask for
            Memory address = new Memory(20); // struct sockaddr_ll
            address.clear();
            address.setShort(0, (short) PacketSocketCalls.AF_PACKET);
            address.setShort(2, (short) PacketSocketCalls.ETH_P_ALL_NETWORK_ORDER);
            address.setInt(4, ifindex);
            PacketSocketCalls.bind(fd, address, 20);
            return new RingPort(fd, snaplen, rxFrame, txFrame, map, length);
        } catch (LastErrorException e) {
            if (map != null) {
                PacketSocketCalls.munmap(map, length);
            }
            if (fd >= 0) {
                Libc.close(fd);
            }
            throw new DirectorException("cannot open a TPACKET_V2 ring on " + iface + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int next(byte[] buffer) {
        int n = nextReady(buffer);
        if (n != 0) {
            return n;
        }
        flush(); // the replies so far go out before we sleep
        wait.await(POLL_MILLIS);
        return nextReady(buffer);
    }

    /**
     * The next frame already in the ring, copied into {@code buffer}, without waiting or a system
     * call: 0 when the ring holds none.
     */
    @Override
    public int nextReady(byte[] buffer) {
        while (true) {
            int f = rxNext * rxFrame; // RX_BLOCK is a multiple of rxFrame: the frames lie end to end
            int status = (int) INT.getAcquire(ring, f + FRAME_STATUS);
            if (status == TP_STATUS_KERNEL) {
                return 0;
            }
            rxNext = (rxNext + 1) % rxFrames;
            int captured = 0;
            if (ring.get(f + FRAME_PKTTYPE) != PACKET_OUTGOING && (status & TP_STATUS_VLAN_VALID) == 0) {
                captured = Math.min(Math.min(ring.getInt(f + FRAME_SNAPLEN), snaplen), buffer.length);
                ring.get(f + (ring.getShort(f + FRAME_MAC) & 0xffff), buffer, 0, captured);
                wireLength = ring.getInt(f + FRAME_LEN);
                timestampMicros = (ring.getInt(f + FRAME_SEC) & 0xffffffffL) * 1_000_000L
                        + ring.getInt(f + FRAME_NSEC) / 1000;
            } // else not ours: our own sends, or a VLAN libpcap would show tagged
            INT.setRelease(ring, f + FRAME_STATUS, TP_STATUS_KERNEL); // copied out: the kernel may refill it
            if (captured > 0) {
                return captured;
            }
        }
    }

    /** The socket, for a caller's poll(). */
    int fd() {
        return fd;
    }

    /** Has the kernel transmit what the TX ring holds; see {@link #flush}. */
    @Override
    public void flushSends() {
        flush();
    }

    @Override
    public boolean send(byte[] frame, int length) {
        int slot = txBase + txNext * txFrame;
        if ((int) INT.getAcquire(ring, slot + FRAME_STATUS) != TP_STATUS_AVAILABLE) {
            flush();
            if ((int) INT.getAcquire(ring, slot + FRAME_STATUS) != TP_STATUS_AVAILABLE) {
                sendErrors++; // the kernel has not sent the frames a ring ago yet
                return false;
            }
        }
        if (length > txFrame - TX_DATA) {
            sendErrors++;
            return false;
        }
        ring.put(slot + TX_DATA, frame, 0, length);
        ring.putInt(slot + FRAME_LEN, length);
        INT.setRelease(ring, slot + FRAME_STATUS, TP_STATUS_SEND_REQUEST);
        txNext = (txNext + 1) % TX_FRAMES;
        if (++txPending >= TX_BATCH) {
            flush();
        }
        return true;
    }

    /** Has the kernel transmit every frame queued in the TX ring (without waiting for them to leave). */
    private void flush() {
        if (txPending > 0) {
            txPending = 0;
            PacketSocketCalls.send(fd, null, 0, PacketSocketCalls.MSG_DONTWAIT);
        }
    }

    @Override
    public void wakeUp() {
        wait.wakeUp();
    }

    @Override
    public long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public int wireLength() {
        return wireLength;
    }

    @Override
    public void setFilter(String expression) {
        BpfCompiler.attach(fd, expression, snaplen);
    }

    @Override
    public String lastError() {
        return "AF_PACKET ring on fd " + fd;
    }

    @Override
    public long kernelDrops() {
        statsLength[0] = 8; // struct tpacket_stats { tp_packets, tp_drops }; read resets it
        if (PacketSocketCalls.getsockopt(fd, PacketSocketCalls.SOL_PACKET, PacketSocketCalls.PACKET_STATISTICS,
                stats, statsLength) != 0) {
            return -1;
        }
        drops += stats.getInt(4) & 0xffffffffL;
        return drops;
    }

    @Override
    public long sendErrors() {
        return sendErrors;
    }

    @Override
    public void close() {
        flush();
        PacketSocketCalls.munmap(map, mapLength);
        Libc.close(fd);
        wait.close();
    }

    private static void setInt(int fd, int option, int value) {
        Memory v = new Memory(4);
        v.setInt(0, value);
        Libc.setsockopt(fd, PacketSocketCalls.SOL_PACKET, option, v, 4);
    }

    /** A power of two of at least 2048 bytes holding {@code bytes}. */
    private static int frameSize(int bytes) {
        return Integer.highestOneBit(Math.max(2048, bytes) - 1) << 1;
    }

    /** struct tpacket_req. */
    private static void setRing(int fd, int which, int blockSize, int blocks, int frameSize) {
        Memory req = new Memory(16);
        req.setInt(0, blockSize);
        req.setInt(4, blocks);
        req.setInt(8, frameSize);
        req.setInt(12, blockSize / frameSize * blocks);
        Libc.setsockopt(fd, PacketSocketCalls.SOL_PACKET, which, req, 16);
    }
}
