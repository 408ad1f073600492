package io.lvs4j.forwarder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a classic pcap file (the libpcap/tcpdump savefile format): a 24-byte file header, then per
 * frame a 16-byte record header (seconds, microseconds or nanoseconds, captured length, length on
 * the wire) and the frame's bytes. Microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d) magic, in
 * either byte order; Ethernet (LINKTYPE_ETHERNET = DLT_EN10MB = 1) only, which is what the director
 * sees on its NIC.
 *
 * <p>Pure Java on purpose rather than libpcap's pcap_open_offline (through pcap4j or our JNA
 * binding): the format is two fixed headers, so reading it needs neither root nor a native library
 * (offline replay runs on any machine with Java); a bad file gets one precise line naming the file,
 * the record and the byte offset instead of libpcap's generic text; nothing is allocated per record
 * (pcap4j's offline reads allocate a packet each); and it is tested on hand-made bytes. pcapng
 * files are recognised and refused with the conversion command.
 *
 * <p>Per record, {@link #next} copies the frame into the caller's buffer from one reused read
 * buffer: no allocation after {@link #open}. Not thread-safe.
 */
public final class CaptureFileReader implements AutoCloseable {
    public static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    static final int MAGIC_PCAPNG = 0x0a0d0d0a;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int FILE_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    /** libpcap's MAXIMUM_SNAPLEN: a record claiming more than this is corrupt, not a frame. */
    public static final int MAX_RECORD_LENGTH = 262_144;
    private static final int BUFFER_SIZE = 1 << 20;

    private final String name;
    private final FileChannel channel;
    private final boolean swapped;
    private final boolean nanosecond;
    private final int snapLength;
    private final int linkType;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteBuffer view = ByteBuffer.wrap(buffer);
    private int position;
    private int limit;
    private boolean endOfFile;
    /** File offset of buffer[0]. */
    private long bufferOffset;
    private long records;
    private long seconds;
    private int fraction;
    private int wireLength;
    private long cutShort;

    private CaptureFileReader(String name, FileChannel channel, boolean swapped, boolean nanosecond,
                              int snapLength, int linkType) {
        this.name = name;
        this.channel = channel;
        this.swapped = swapped;
        this.nanosecond = nanosecond;
        this.snapLength = snapLength;
        this.linkType = linkType;
    }

    /**
     * Opens {@code file} and checks its file header.
     *
     * @throws DirectorException one line naming the file: missing, unreadable, not classic pcap,
     *                           or not Ethernet
     */
    public static CaptureFileReader open(Path file) {
        String name = file.toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DirectorException("cannot read capture file " + name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DirectorException("cannot read capture file " + name + ": permission denied");
        } catch (IOException | RuntimeException e) {
            throw new DirectorException("cannot read capture file " + name + ": " + e.getMessage());
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // read until full or end of file
            }
            byte[] h = header.array();
            int got = header.position();
            if (got >= 4 && be32(h, 0) == MAGIC_PCAPNG) {
                throw new DirectorException(name + ": a pcapng file; lvs4j reads classic pcap: convert it with"
                        + " `editcap -F pcap " + name + " OUT.pcap` or capture with `tcpdump -w` (no --pcapng)");
            }
            if (got < FILE_HEADER_LENGTH) {
                throw new DirectorException(name + ": not a pcap file (" + got
                        + " bytes, shorter than the 24-byte pcap file header)");
            }
            int magic = be32(h, 0);
            boolean swapped;
            boolean nanos;
            if (magic == MAGIC_MICROSECONDS || magic == MAGIC_NANOSECONDS) {
                swapped = false;
                nanos = magic == MAGIC_NANOSECONDS;
            } else if (Integer.reverseBytes(magic) == MAGIC_MICROSECONDS
                    || Integer.reverseBytes(magic) == MAGIC_NANOSECONDS) {
                swapped = true;
                nanos = Integer.reverseBytes(magic) == MAGIC_NANOSECONDS;
            } else {
                throw new DirectorException(name + ": not a pcap file (magic number 0x"
                        + String.format("%08x", magic) + ")");
            }
            int major = u16(h, 4, swapped);
            if (major != 2) {
                throw new DirectorException(name + ": pcap format version " + major + "." + u16(h, 6, swapped)
                        + " is not supported (2.x is)");
            }
            int snap = i32(h, 16, swapped);
            // The upper bits of the link-type word carry FCS information (pcap spec, LinkType field).
            int link = i32(h, 20, swapped) & 0xffff;
            if (link != LINKTYPE_ETHERNET) {
                throw new DirectorException(name + ": link type " + link + linkTypeName(link)
                        + " is not Ethernet (DLT_EN10MB, 1); capture on the director's NIC (tcpdump -i eth0),"
                        + " not on 'any'");
            }
            CaptureFileReader r = new CaptureFileReader(name, ch, swapped, nanos, snap, link);
            r.bufferOffset = FILE_HEADER_LENGTH;
            return r;
        } catch (DirectorException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DirectorException("cannot read capture file " + name + ": " + e.getMessage());
        }
    }

    /**
     * Copies the next frame into {@code frame} (which should hold {@link #MAX_RECORD_LENGTH} bytes;
     * a longer frame is cut to the buffer) and returns its captured length, or -1 at the end of
     * the file. The record's timestamp and wire length are then available.
     *
     * @throws DirectorException one line naming the file and the record when the file is
     *                           truncated or corrupt
     */
    public int next(byte[] frame) {
        if (!fill(RECORD_HEADER_LENGTH)) {
            int left = limit - position;
            if (left == 0) {
                return -1;
            }
            throw new DirectorException(name + ": truncated: record " + (records + 1) + " at byte "
                    + (bufferOffset + position) + " has " + left + " of its 16 header bytes");
        }
        int p = position;
        long sec = i32(buffer, p, swapped) & 0xffffffffL;
        int frac = i32(buffer, p + 4, swapped);
        int caplen = i32(buffer, p + 8, swapped);
        int len = i32(buffer, p + 12, swapped);
        if (caplen < 0 || caplen > MAX_RECORD_LENGTH) {
            throw new DirectorException(name + ": corrupt: record " + (records + 1) + " at byte "
                    + (bufferOffset + p) + " claims " + Integer.toUnsignedString(caplen)
                    + " captured bytes (at most " + MAX_RECORD_LENGTH + ")");
        }
        boolean whole = fill(RECORD_HEADER_LENGTH + caplen);
        p = position; // fill may have moved the record to the start of the buffer
        if (!whole) {
            throw new DirectorException(name + ": truncated: record " + (records + 1) + " at byte "
                    + (bufferOffset + p) + " needs " + caplen + " bytes of frame data, only "
                    + (limit - p - RECORD_HEADER_LENGTH) + " left");
        }
        int n = Math.min(caplen, frame.length);
        System.arraycopy(buffer, p + RECORD_HEADER_LENGTH, frame, 0, n);
        position = p + RECORD_HEADER_LENGTH + caplen;
        records++;
        seconds = sec;
        fraction = frac;
        wireLength = len;
        if (Integer.compareUnsigned(len, caplen) > 0) {
            cutShort++;
        }
        return n;
    }

    /** Makes {@code need} bytes available from {@link #position}; false when the file ends first. */
    private boolean fill(int need) {
        if (limit - position >= need) {
            return true;
        }
        if (position > 0) {
            int left = limit - position;
            System.arraycopy(buffer, position, buffer, 0, left);
            bufferOffset += position;
            position = 0;
            limit = left;
        }
        try {
            while (limit < need && !endOfFile) {
                view.limit(buffer.length).position(limit);
                int r = channel.read(view);
                if (r < 0) {
                    endOfFile = true;
                } else {
                    limit += r;
                }
            }
        } catch (IOException e) {
            throw new DirectorException("cannot read capture file " + name + ": " + e.getMessage());
        }
        return limit - position >= need;
    }

    /** The last record's timestamp, whole seconds since the epoch (unsigned 32-bit in the file). */
    public long seconds() {
        return seconds;
    }

    /** The last record's sub-second part: microseconds, or nanoseconds when {@link #nanosecond()}. */
    public int fraction() {
        return fraction;
    }

    /** The last record's timestamp in milliseconds since the epoch (the director's clock). */
    public long millis() {
        return seconds * 1000 + (nanosecond ? fraction / 1_000_000 : fraction / 1_000);
    }

    /** The last record's length on the wire (more than the captured length when the snap length cut it). */
    public int wireLength() {
        return wireLength;
    }

    /** True for the nanosecond-resolution format. */
    public boolean nanosecond() {
        return nanosecond;
    }

    /** True when the file was written in the other byte order than big-endian as read here. */
    boolean swapped() {
        return swapped;
    }

    public int snapLength() {
        return snapLength;
    }

    public int linkType() {
        return linkType;
    }

    /** Records read so far. */
    public long records() {
        return records;
    }

    /** Records whose captured length was less than their length on the wire (a small snap length). */
    public long cutShort() {
        return cutShort;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    static String linkTypeName(int link) {
        return switch (link) {
            case 0 -> " (NULL, BSD loopback)";
            case 101 -> " (RAW, bare IP)";
            case 105 -> " (IEEE802_11, Wi-Fi)";
            case 113 -> " (LINUX_SLL, as `tcpdump -i any` writes)";
            case 127 -> " (IEEE802_11_RADIOTAP)";
            case 276 -> " (LINUX_SLL2, as `tcpdump -i any` writes)";
            default -> "";
        };
    }

    private static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static int i32(byte[] b, int off, boolean swapped) {
        int v = be32(b, off);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    private static int u16(byte[] b, int off, boolean swapped) {
        int v = (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
        return swapped ? Integer.reverseBytes(v) >>> 16 : v;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to say about a file we only read
        }
    }
}
