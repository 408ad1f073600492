package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The director's NIC through AF_XDP (Linux): an XDP program ({@link XdpProgram}) in the driver
 * sends the IPv4 frames for a VIP to this port's XDP socket and passes every other frame to the
 * kernel, so the director host's own traffic keeps working. The frames the director must still see
 * among those (ARP for a VIP, the replies of LVS-NAT servers) come through a side {@link RingPort}
 * with the director's filter.
 *
 * <p>The socket's memory (UMEM) is {@value #RX_CHUNKS} + {@value #TX_CHUNKS} chunks of 2 KiB (4 KiB
 * for frames over 1792 bytes): the first stay on the fill ring for the kernel to receive into,
 * the others carry what we send. The receive side holds as many frames as the ring port's
 * (8192), so a burst, or a thread kept off its core for a few milliseconds, is absorbed and then
 * read in one go rather than dropped (a 2048-frame ring, measured, woke the thread every few
 * frames once it had caught up, and paid a poll and a send for each wake). A received frame is
 * copied into the caller's buffer for the director to decide on, and its chunk goes back to the
 * fill ring, {@value #RX_BATCH} at a time, once the director is done with it. A forwarded frame
 * ({@link #sendSpliced}: DR, TUN) leaves from the chunk it arrived in: only the rewritten MACs, or
 * the tunnel's headers in the headroom before it, are written there, and a free TX chunk takes
 * its place on the fill ring. Any other frame sent is copied into a free TX chunk. Either way the
 * completion ring returns the chunk to the free list once the kernel has sent it, so the TX
 * chunks free or in flight stay {@value #TX_CHUNKS}. The kernel is told of TX frames once per
 * {@value #TX_BATCH} and before every wait. All four rings are {@link XskRing}s; no system call per frame on receive.
 *
 * <p>One socket serves the NIC's queue 0, so a NIC with several receive queues is refused (the
 * frames of the other queues would reach the kernel, not us): {@code ethtool -L IF combined 1},
 * or {@code --io ring}. The program is attached by a BPF link: it leaves the NIC when this port
 * closes or the process dies, even by SIGKILL.
 */
public final class XdpPort implements FramePort {
    private static final int AF_XDP = 44;
    private static final int SOL_XDP = 283;
    private static final int XDP_MMAP_OFFSETS = 1;
    private static final int XDP_RX_RING = 2;
    private static final int XDP_TX_RING = 3;
    private static final int XDP_UMEM_REG = 4;
    private static final int XDP_UMEM_FILL_RING = 5;
    private static final int XDP_UMEM_COMPLETION_RING = 6;
    private static final int XDP_STATISTICS = 7;
    private static final int XDP_OPTIONS = 8;
    private static final int XDP_OPTIONS_ZEROCOPY = 1;
    private static final short XDP_ZEROCOPY = 1 << 2;
    private static final long PGOFF_RX = 0;
    private static final long PGOFF_TX = 0x80000000L;
    private static final long PGOFF_FILL = 0x100000000L;
    private static final long PGOFF_COMPLETION = 0x180000000L;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MAP_SHARED_POPULATE = 0x8001;
    private static final int HEADROOM = 256; // XDP_PACKET_HEADROOM: the kernel's, before each received frame
    private static final int RX_CHUNKS = 8192; // the RX and fill rings' size too
    private static final int TX_CHUNKS = 2048; // the TX and completion rings' size too
    private static final int FRAMES = RX_CHUNKS + TX_CHUNKS;
    private static final int TX_BATCH = 32; // the kernel's copy-mode transmit takes 32 a call
    private static final int RX_BATCH = 32;
    private static final int SIDE_EVERY = 64; // the side port is read at least every this many frames
    private static final int POLL_MILLIS = 50;
    private static final int VIP_SLOTS = 4096;

    private final Opening held;
    private final int xsk;
    private final PortWait wait;
    private final int snaplen;
    private final RingPort side;
    private final int vipsMap;
    private final ByteBuffer frames;
    private final XskRing fill;
    private final XskRing completion;
    private final XskRing rx;
    private final XskRing tx;
    private final int chunk;
    private final long[] txFree = new long[TX_CHUNKS];
    private int txFreeCount;
    private int txPending;
    private int sinceSide;
    /** RX frames copied out but not yet released, their chunks put on the fill ring but not submitted. */
    private int rxTaken;
    /** The buffer the last RX frame was copied into while its chunk is still ours to send, else null. */
    private byte[] heldCopy;
    /** That frame's UMEM address (its chunk, plus the headroom the kernel left before it). */
    private long heldAddress;
    private final Memory stats = new Memory(48);
    private final int[] statsLength = new int[1];
    private int[] vips = new int[0];
    private boolean fromSide;
    private long timestampMicros;
    private int wireLength;
    private long sendErrors;

    private XdpPort(Opening o) {
        held = o;
        xsk = o.xsk;
        wait = o.wait;
        snaplen = o.snaplen;
        side = o.side;
        vipsMap = o.vipsMap;
        chunk = o.chunk;
        frames = o.umem.getByteBuffer(0, (long) FRAMES * chunk).order(ByteOrder.nativeOrder());
        rx = o.rings[0];
        tx = o.rings[1];
        fill = o.rings[2];
        completion = o.rings[3];
        for (int i = RX_CHUNKS; i < FRAMES; i++) {
            txFree[txFreeCount++] = (long) i * chunk;
        }
    }

    /**
     * Opens {@code iface} (whose MAC is {@code mac}) for frames up to {@code snaplen} bytes: the
     * side ring, the socket and its rings, the program in native mode (else generic). With
     * {@code zeroCopyOnly}, a driver that cannot give the socket its frames without a copy (veth,
     * generic XDP) is refused: in copy mode the kernel builds an skb for every frame sent, and the
     * ring, which needs no CAP_BPF and no program on the NIC, measured as fast (see the README's
     * Performance section).
     *
     * @throws DirectorException when the NIC has several receive queues or the kernel refuses a step
     */
    public static XdpPort open(String iface, long mac, int snaplen, boolean zeroCopyOnly) {
        int ifindex = PacketSocketCalls.if_nametoindex(iface);
        if (ifindex == 0) {
            throw new DirectorException("no such interface: " + iface);
        }
        int queues = receiveQueues(iface);
        if (queues > 1) {
            throw new DirectorException(iface + " has " + queues + " receive queues; one XDP socket serves one"
                    + " (ethtool -L " + iface + " combined 1, or --io ring)");
        }
        if (snaplen > 4096 - HEADROOM) { // a chunk is at most a page
            throw new DirectorException("frames of " + snaplen + " bytes (MTU " + (snaplen - PcapPort.FRAME_OVERHEAD)
                    + ") do not fit an XDP chunk of 4096 bytes; use --io ring");
        }
        Opening o = new Opening();
        o.snaplen = snaplen;
        o.chunk = snaplen > 2048 - HEADROOM ? 4096 : 2048;
        try {
            o.side = RingPort.open(iface, snaplen);
            o.wait = new PortWait();
            o.vipsMap = XdpProgram.createVipMap(VIP_SLOTS);
            o.xsksMap = XdpProgram.createXskMap(1);
            o.program = Bpf.loadXdp(XdpProgram.build(o.vipsMap, o.xsksMap, mac), XdpProgram.PROGRAM_NAME);
            o.xsk = Libc.socket(AF_XDP, PacketSocketCalls.SOCK_RAW, 0);
            o.umem = PacketSocketCalls.mmap(null, (long) FRAMES * o.chunk, PacketSocketCalls.PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0);
            Memory reg = new Memory(32); // struct xdp_umem_reg: addr, len, chunk_size, headroom, flags, tx_metadata_len
            reg.clear();
            reg.setPointer(0, o.umem);
            reg.setLong(8, (long) FRAMES * o.chunk);
            reg.setInt(16, o.chunk);
            Libc.setsockopt(o.xsk, SOL_XDP, XDP_UMEM_REG, reg, 32);
            setRingSize(o.xsk, XDP_RX_RING, RX_CHUNKS);
            setRingSize(o.xsk, XDP_TX_RING, TX_CHUNKS);
            setRingSize(o.xsk, XDP_UMEM_FILL_RING, RX_CHUNKS);
            setRingSize(o.xsk, XDP_UMEM_COMPLETION_RING, TX_CHUNKS);
            Memory offsets = new Memory(128); // struct xdp_mmap_offsets: rx, tx, fr, cr; each producer, consumer, desc, flags
            int[] length = {128};
            if (PacketSocketCalls.getsockopt(o.xsk, SOL_XDP, XDP_MMAP_OFFSETS, offsets, length) != 0) {
                throw new DirectorException("getsockopt(XDP_MMAP_OFFSETS) refused on " + iface);
            }
            long[] pgoff = {PGOFF_RX, PGOFF_TX, PGOFF_FILL, PGOFF_COMPLETION};
            int[] entrySize = {16, 16, 8, 8};
            int[] size = {RX_CHUNKS, TX_CHUNKS, RX_CHUNKS, TX_CHUNKS};
            for (int r = 0; r < 4; r++) {
                long[] off = offsets.getLongArray(r * 32L, 4);
                o.ringLengths[r] = off[2] + (long) size[r] * entrySize[r];
                o.ringMaps[r] = PacketSocketCalls.mmap(null, o.ringLengths[r], PacketSocketCalls.PROT_READ_WRITE,
                        MAP_SHARED_POPULATE, o.xsk, pgoff[r]);
                ByteBuffer memory = o.ringMaps[r].getByteBuffer(0, o.ringLengths[r]).order(ByteOrder.nativeOrder());
                o.rings[r] = new XskRing(memory, off, size[r], entrySize[r], r == 1 || r == 2);
            }
            XskRing fill = o.rings[2];
            for (int i = 0; i < RX_CHUNKS; i++) {
                fill.put(i, (long) i * o.chunk, 0);
            }
            fill.submit(RX_CHUNKS);
            Memory address = new Memory(16); // struct sockaddr_xdp: family, flags, ifindex, queue 0, shared umem fd
            address.clear();
            address.setShort(0, (short) AF_XDP);
            address.setShort(2, zeroCopyOnly ? XDP_ZEROCOPY : 0); // else zero-copy if the driver has it, or copy
            address.setInt(4, ifindex);
            PacketSocketCalls.bind(o.xsk, address, 16);
            Memory options = new Memory(4); // struct xdp_options: flags
            int[] optionsLength = {4};
            boolean zeroCopy = PacketSocketCalls.getsockopt(o.xsk, SOL_XDP, XDP_OPTIONS, options, optionsLength) == 0
                    && (options.getInt(0) & XDP_OPTIONS_ZEROCOPY) != 0;
            Bpf.updateElement(o.xsksMap, 0, o.xsk);
            o.wait.watch(o.xsk).watch(o.side.fd());
            o.attach(ifindex);
            o.zeroCopy = zeroCopy;
            return new XdpPort(o);
        } catch (LastErrorException | DirectorException e) {
            o.close();
            String why = e instanceof LastErrorException le
                    ? le.getMessage().replaceFirst("^\\[\\d+\\] ", "") + " (errno " + le.getErrorCode() + ")"
                    : e.getMessage();
            throw new DirectorException("cannot open an XDP socket on " + iface + ": " + why, e);
        }
    }

    /** "native" (driver) or "generic": how the program runs, for the start-up log line. */
    public String mode() {
        return held.mode;
    }

    /** Whether the driver fills and sends our UMEM chunks itself (else the kernel copies each frame). */
    public boolean zeroCopy() {
        return held.zeroCopy;
    }

    @Override
    public int next(byte[] buffer) {
        int n = nextReady(buffer);
        if (n != 0) {
            return n;
        }
        flushSends(); // the frames so far go out before we sleep
        wait.await(POLL_MILLIS);
        return nextReady(buffer);
    }

    /** The next frame the socket (or the side ring) holds, without a system call: 0 when none. */
    @Override
    public int nextReady(byte[] buffer) {
        heldCopy = null; // the director is done with the frame before
        if (rxTaken == RX_BATCH) {
            releaseReceived();
        }
        if (++sinceSide >= SIDE_EVERY || rx.available(rxTaken) == rxTaken) {
            sinceSide = 0; // ARP for a VIP must get through a flood of VIP frames
            int n = side.nextReady(buffer);
            if (n > 0) {
                fromSide = true;
                return n;
            }
        }
        if (rx.available(rxTaken) == rxTaken) {
            releaseReceived();
            return 0;
        }
        if (rxTaken == 0) { // the socket gives no capture time: one clock read per batch, not per frame
            timestampMicros = System.currentTimeMillis() * 1000;
        }
        long address = rx.address(rxTaken);
        int length = rx.length(rxTaken);
        int captured = Math.min(Math.min(length, snaplen), buffer.length);
        frames.get((int) address, buffer, 0, captured);
        // No room check: the fill ring has a slot for each of the chunks we receive into. Not
        // submitted before the next call: sendSpliced may still put another chunk in this slot.
        fill.put(rxTaken++, address & -chunk, 0);
        heldCopy = buffer;
        heldAddress = address;
        fromSide = false;
        wireLength = length;
        return captured;
    }

    /**
     * Hands the frames read so far back to the kernel: their RX slots, and their chunks to the fill
     * ring. Once per batch, not per frame: each index the kernel reads costs it a cache miss.
     */
    private void releaseReceived() {
        if (rxTaken > 0) {
            rx.release(rxTaken);
            fill.submit(rxTaken);
            rxTaken = 0;
        }
    }

    @Override
    public boolean send(byte[] frame, int length) {
        if (length > chunk) {
            sendErrors++;
            return false;
        }
        if (!txRoom()) {
            return false;
        }
        long address = txFree[--txFreeCount];
        frames.put((int) address, frame, 0, length);
        transmit(address, length);
        return true;
    }

    /**
     * The received frame leaves from its own chunk when {@code received} is the copy of the frame
     * just read from the socket and the spliced frame fits that chunk; else it is assembled and
     * copied as {@link #send} does (a side-port frame, a frame grown past the headroom).
     */
    @Override
    public boolean sendSpliced(byte[] head, int headLength, byte[] received, int from, int length) {
        long start = heldAddress + from - headLength;
        long chunkStart = heldAddress & -chunk;
        if (received != heldCopy || start < chunkStart || start + headLength + length > chunkStart + chunk) {
            return FramePort.super.sendSpliced(head, headLength, received, from, length);
        }
        if (!txRoom()) {
            return false;
        }
        fill.put(rxTaken - 1, txFree[--txFreeCount], 0); // the fill ring gets a free chunk instead
        heldCopy = null;
        frames.put((int) start, head, 0, headLength);
        transmit(start, headLength + length);
        return true;
    }

    /** Whether a TX slot and a free chunk are there (after reclaiming what the kernel has sent); counts a refusal. */
    private boolean txRoom() {
        if (txFreeCount == 0 || tx.free() == 0) {
            flushSends();
            reclaimSent();
            if (txFreeCount == 0 || tx.free() == 0) {
                sendErrors++; // the kernel has not sent a ring's worth of frames yet
                return false;
            }
        }
        return true;
    }

    private void transmit(long address, int length) {
        tx.put(0, address, length);
        tx.submit(1);
        if (++txPending >= TX_BATCH) {
            flushSends();
        }
    }

    /**
     * Has the kernel send what the TX ring holds. In copy mode one call sends at most 32 frames, so
     * it is called again while the ring drains (bounded: a stuck NIC must not hold the thread).
     */
    @Override
    public void flushSends() {
        side.flushSends();
        if (txPending == 0) {
            return;
        }
        txPending = 0;
        for (int i = 0; i < TX_CHUNKS / TX_BATCH + 2 && tx.outstanding() > 0; i++) {
            int before = tx.outstanding();
            PacketSocketCalls.send(xsk, null, 0, PacketSocketCalls.MSG_DONTWAIT);
            if (tx.outstanding() == before) {
                break;
            }
        }
        reclaimSent();
    }

    /** The TX chunks the kernel has sent, back on our free list. */
    private void reclaimSent() {
        int n = completion.available(0);
        for (int i = 0; i < n; i++) {
            txFree[txFreeCount++] = completion.address(i) & -chunk; // a spliced frame's address lies inside its chunk
        }
        if (n > 0) {
            completion.release(n);
        }
    }

    @Override
    public void setVips(int[] wanted) {
        for (int vip : vips) {
            if (Arrays.binarySearch(wanted, vip) < 0) {
                XdpProgram.removeVip(vipsMap, vip);
            }
        }
        for (int vip : wanted) {
            if (Arrays.binarySearch(vips, vip) < 0) {
                XdpProgram.putVip(vipsMap, vip);
            }
        }
        vips = wanted.clone();
    }

    @Override
    public void wakeUp() {
        wait.wakeUp();
    }

    @Override
    public long timestampMicros() {
        return fromSide ? side.timestampMicros() : timestampMicros;
    }

    @Override
    public int wireLength() {
        return fromSide ? side.wireLength() : wireLength;
    }

    @Override
    public void setFilter(String expression) {
        side.setFilter(expression); // the socket gets only what the program sends it
    }

    @Override
    public String lastError() {
        return "XDP socket on fd " + xsk;
    }

    /** Frames the socket dropped (ring full, no fill chunk) plus the side ring's drops. */
    @Override
    public long kernelDrops() {
        statsLength[0] = 48; // struct xdp_statistics: rx_dropped, rx_invalid_descs, tx_invalid_descs, rx_ring_full, ...
        if (PacketSocketCalls.getsockopt(xsk, SOL_XDP, XDP_STATISTICS, stats, statsLength) != 0) {
            return -1;
        }
        long sideDrops = side.kernelDrops();
        return stats.getLong(0) + stats.getLong(24) + Math.max(sideDrops, 0);
    }

    @Override
    public long sendErrors() {
        return sendErrors + side.sendErrors();
    }

    @Override
    public void close() {
        flushSends();
        held.close();
    }

    private static void setRingSize(int fd, int ring, int entries) {
        Memory size = new Memory(4);
        size.setInt(0, entries);
        Libc.setsockopt(fd, SOL_XDP, ring, size, 4);
    }

    /** The NIC's receive queues, from sysfs (1 when sysfs does not say). */
    private static int receiveQueues(String iface) {
        try (var list = Files.list(Path.of("/sys/class/net", iface, "queues"))) {
            return (int) Math.max(1, list.filter(p -> p.getFileName().toString().startsWith("rx-")).count());
        } catch (Exception e) {
            return 1;
        }
    }

    /** What an open holds so far, so a failure half-way releases exactly that. */
    private static final class Opening {
        int snaplen;
        int chunk;
        RingPort side;
        PortWait wait;
        int vipsMap = -1;
        int xsksMap = -1;
        int program = -1;
        int xsk = -1;
        int link = -1;
        String mode;
        boolean zeroCopy;
        Pointer umem;
        final Pointer[] ringMaps = new Pointer[4];
        final long[] ringLengths = new long[4];
        final XskRing[] rings = new XskRing[4];

        /** Native mode if the driver has it (veth does), else generic: slower but any NIC. */
        void attach(int ifindex) {
            try {
                link = Bpf.attachXdp(program, ifindex, Bpf.XDP_FLAGS_DRV_MODE);
                mode = "native";
            } catch (DirectorException e) {
                link = Bpf.attachXdp(program, ifindex, Bpf.XDP_FLAGS_SKB_MODE);
                mode = "generic";
            }
        }

        /** The link first: the NIC's frames go back to the kernel before the socket goes. */
        void close() {
            closeFd(link);
            for (int r = 0; r < 4; r++) {
                if (ringMaps[r] != null) {
                    PacketSocketCalls.munmap(ringMaps[r], ringLengths[r]);
                }
            }
            closeFd(xsk);
            if (umem != null) {
                PacketSocketCalls.munmap(umem, (long) FRAMES * chunk);
            }
            closeFd(program);
            closeFd(xsksMap);
            closeFd(vipsMap);
            if (wait != null) {
                wait.close();
            }
            if (side != null) {
                side.close();
            }
        }

        private static void closeFd(int fd) {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }
}
