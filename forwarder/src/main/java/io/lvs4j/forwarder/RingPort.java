package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The director's NIC as an AF_PACKET socket with two memory-mapped rings (TPACKET_V3, Linux).
 * Receive: the kernel fills blocks of frames and hands over a whole block at a time; one poll()
 * can bring hundreds of frames, each read in place (one copy into the caller's buffer, which the
 * director rewrites). Transmit: frames are written into the TX ring and the kernel is told once
 * per batch (one send() for up to {@value #TX_BATCH} frames, and before every wait), with
 * PACKET_QDISC_BYPASS: straight to the driver, as libpcap's inject is not. That skips any tc
 * qdisc on the NIC (shaping, netem), so a director that relies on one should use {@code --io pcap}.
 *
 * <p>Ownership of a block or frame passes through its status word: read with acquire, written
 * with release ordering (the kernel's smp_rmb/smp_wmb on the other side). A V3 block is retired
 * to us when full or after {@value #RETIRE_MILLIS} ms (rounded up to a kernel tick), so at a low
 * rate a frame can wait that long; the pcap port (TPACKET_V2, frame at a time) does not.
 */
public final class RingPort implements FramePort {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int RX_BLOCK = 1 << 18;
    private static final int RX_BLOCKS = 64;
    private static final int RX_FRAME = 2048; // nominal: V3 packs frames by their real size
    private static final int RETIRE_MILLIS = 1;
    private static final int TX_FRAMES = 512;
    private static final int TX_FRAMES_PER_BLOCK = 32;
    private static final int TX_BATCH = 64;
    private static final int POLL_MILLIS = 50;
    // struct tpacket_block_desc / tpacket3_hdr offsets (checked against <linux/if_packet.h>)
    private static final int BLOCK_STATUS = 8;
    private static final int BLOCK_FRAMES = 12;
    private static final int BLOCK_FIRST = 16;
    private static final int FRAME_NEXT = 0;
    private static final int FRAME_SEC = 4;
    private static final int FRAME_NSEC = 8;
    private static final int FRAME_SNAPLEN = 12;
    private static final int FRAME_LEN = 16;
    private static final int FRAME_STATUS = 20;
    private static final int FRAME_MAC = 24;
    private static final int FRAME_PKTTYPE = 48 + 10; // sockaddr_ll.sll_pkttype after the header
    private static final int TX_DATA = 48; // TPACKET_ALIGN(sizeof(struct tpacket3_hdr))
    private static final int TP_STATUS_USER = 1;
    private static final int TP_STATUS_VLAN_VALID = 0x10;
    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;
    private static final int PACKET_OUTGOING = 4;

    private final int fd;
    private final int wakeFd;
    private final int snaplen;
    private final Pointer map;
    private final long mapLength;
    private final ByteBuffer ring;
    private final int txBase;
    private final int txFrame;
    private final Memory pollFds = new Memory(16);
    private final Memory wakeRead = new Memory(8);
    private final Memory wakeValue = new Memory(8);
    private final Memory stats = new Memory(12);
    private final int[] statsLength = new int[1];
    private final NativeLong two = new NativeLong(2);
    private int block;
    private boolean holdingBlock;
    private int framesLeft;
    private int frame;
    private int txNext;
    private int txPending;
    private long timestampMicros;
    private int wireLength;
    private long sendErrors;
    private long drops;

    private RingPort(int fd, int snaplen, int txFrame, Pointer map, long mapLength) {
        this.fd = fd;
        this.snaplen = snaplen;
        this.txFrame = txFrame;
        this.map = map;
        this.mapLength = mapLength;
        this.ring = map.getByteBuffer(0, mapLength).order(ByteOrder.nativeOrder());
        this.txBase = RX_BLOCK * RX_BLOCKS;
        wakeFd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        pollFds.setInt(0, fd);
        pollFds.setShort(4, Libc.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, Libc.POLLIN);
        wakeValue.setLong(0, 1);
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
        int txFrame = Integer.highestOneBit(Math.max(2048, snaplen + TX_DATA) - 1) << 1;
        int fd = -1;
        Pointer map = null;
        long length = (long) RX_BLOCK * RX_BLOCKS + (long) txFrame * TX_FRAMES;
        try {
            fd = Libc.socket(PacketSocketCalls.AF_PACKET, PacketSocketCalls.SOCK_RAW, 0); // no frames before bind
            setInt(fd, PacketSocketCalls.PACKET_VERSION, PacketSocketCalls.TPACKET_V3);
            setInt(fd, PacketSocketCalls.PACKET_LOSS, 1); // a frame the kernel rejects is skipped, not retried forever
            setInt(fd, PacketSocketCalls.PACKET_QDISC_BYPASS, 1);
            setInt(fd, PacketSocketCalls.PACKET_IGNORE_OUTGOING, 1); // our own sends never come back
            setRing(fd, PacketSocketCalls.PACKET_RX_RING, RX_BLOCK, RX_BLOCKS, RX_FRAME, RETIRE_MILLIS);
            setRing(fd, PacketSocketCalls.PACKET_TX_RING, txFrame * TX_FRAMES_PER_BLOCK,
                    TX_FRAMES / TX_FRAMES_PER_BLOCK, txFrame, 0);
            map = PacketSocketCalls.mmap(null, length, PacketSocketCalls.PROT_READ_WRITE, PacketSocketCalls.MAP_SHARED, fd, 0);
            BpfCompiler.attachDropAll(fd); // until the director's filter: nothing it did not ask for
            Memory address = new Memory(20); // struct sockaddr_ll
            address.clear();
            address.setShort(0, (short) PacketSocketCalls.AF_PACKET);
            address.setShort(2, (short) PacketSocketCalls.ETH_P_ALL_NETWORK_ORDER);
            address.setInt(4, ifindex);
            PacketSocketCalls.bind(fd, address, 20);
            return new RingPort(fd, snaplen, txFrame, map, length);
        } catch (LastErrorException e) {
            if (map != null) {
                PacketSocketCalls.munmap(map, length);
            }
            if (fd >= 0) {
                Libc.close(fd);
            }
            throw new DirectorException("cannot open a TPACKET_V3 ring on " + iface + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int next(byte[] buffer) {
        boolean waited = false;
        while (true) {
            while (framesLeft > 0) {
                int f = frame;
                frame = f + ring.getInt(f + FRAME_NEXT);
                framesLeft--;
                if (ring.get(f + FRAME_PKTTYPE) == PACKET_OUTGOING
                        || (ring.getInt(f + FRAME_STATUS) & TP_STATUS_VLAN_VALID) != 0) {
                    continue; // not ours: our own sends, or a VLAN libpcap would show tagged
                }
                int captured = Math.min(Math.min(ring.getInt(f + FRAME_SNAPLEN), snaplen), buffer.length);
                ring.get(f + (ring.getShort(f + FRAME_MAC) & 0xffff), buffer, 0, captured);
                wireLength = ring.getInt(f + FRAME_LEN);
                timestampMicros = (ring.getInt(f + FRAME_SEC) & 0xffffffffL) * 1_000_000L
                        + ring.getInt(f + FRAME_NSEC) / 1000;
                return captured;
            }
            if (holdingBlock) {
                flush(); // the batch's replies go out before the block is given back
                INT.setRelease(ring, block * RX_BLOCK + BLOCK_STATUS, 0);
                holdingBlock = false;
                block = (block + 1) % RX_BLOCKS;
            }
            int base = block * RX_BLOCK;
            if (((int) INT.getAcquire(ring, base + BLOCK_STATUS) & TP_STATUS_USER) != 0) {
                holdingBlock = true;
                framesLeft = ring.getInt(base + BLOCK_FRAMES);
                frame = base + ring.getInt(base + BLOCK_FIRST);
                continue;
            }
            if (waited) {
                return 0;
            }
            flush();
            Libc.poll(pollFds, two, POLL_MILLIS);
            if ((pollFds.getShort(14) & Libc.POLLIN) != 0) {
                Libc.read(wakeFd, wakeRead, 8); // clears the eventfd
            }
            waited = true;
        }
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
        Libc.write(wakeFd, wakeValue, 8);
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
        statsLength[0] = 12; // struct tpacket_stats_v3 { tp_packets, tp_drops, tp_freeze_q_cnt }; read resets it
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
        Libc.close(wakeFd);
    }

    private static void setInt(int fd, int option, int value) {
        Memory v = new Memory(4);
        v.setInt(0, value);
        Libc.setsockopt(fd, PacketSocketCalls.SOL_PACKET, option, v, 4);
    }

    /** struct tpacket_req3. */
    private static void setRing(int fd, int which, int blockSize, int blocks, int frameSize, int retireMillis) {
        Memory req = new Memory(28);
        req.clear();
        req.setInt(0, blockSize);
        req.setInt(4, blocks);
        req.setInt(8, frameSize);
        req.setInt(12, blockSize / frameSize * blocks);
        req.setInt(16, retireMillis);
        Libc.setsockopt(fd, PacketSocketCalls.SOL_PACKET, which, req, 28);
    }
}
