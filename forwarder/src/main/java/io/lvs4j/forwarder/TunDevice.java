package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Linux TUN device (layer 3, no packet-information prefix) opened through libc with JNA: what
 * we write to it the kernel receives as if it had arrived on that interface. Used by
 * {@code lvs4j decap} where the kernel has no ipip module. The device is not made persistent, so
 * the kernel deletes it, addresses included, when the descriptor is closed — also when the JVM
 * dies without running its shutdown hooks. Writes come from one thread and allocate nothing.
 */
public final class TunDevice implements PacketSink, AutoCloseable {
    public static final String CLONE_DEVICE = "/dev/net/tun";
    /** IFNAMSIZ - 1: the kernel's limit for interface names. */
    public static final int MAX_NAME_LENGTH = 15;
    /** The largest IPv4 datagram; also the reused write buffer's size. */
    private static final int MAX_PACKET = 65535;

    private static final int O_RDWR = 0x2;
    private static final int O_CLOEXEC = 0x80000;
    /** _IOW('T', 202, int) from linux/if_tun.h. */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    /** struct ifreq: ifr_name[16], then a union whose first member here is short ifr_flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS_OFFSET = 16;
    private static final long SIOCGIFFLAGS = 0x8913L;
    private static final long SIOCSIFFLAGS = 0x8914L;
    private static final short IFF_UP = 0x1;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;

    private final String name;
    private final int fd;
    private final Memory buffer = new Memory(MAX_PACKET);
    private long writeErrors;
    private int lastErrno;
    private boolean closed;

    private TunDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /**
     * Creates the TUN device {@code name}. Refuses, worded for the operator, when /dev/net/tun is
     * missing, when an interface of that name already exists (TUNSETIFF would attach to a
     * persistent one, which we must not delete later), or when the kernel refuses.
     */
    public static TunDevice create(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new DirectorException("TUN device name '" + name + "' is not a valid interface name"
                    + " (1-15 letters, digits, '_', '.', '-')");
        }
        if (!Files.exists(Path.of(CLONE_DEVICE))) {
            throw new DirectorException(CLONE_DEVICE + " is missing: load the tun module (modprobe tun), or in a"
                    + " container pass the device in (docker run --device /dev/net/tun --cap-add NET_ADMIN)");
        }
        if (Files.exists(Path.of("/sys/class/net", name))) {
            throw new DirectorException("an interface named " + name + " exists already; remove it (ip link del "
                    + name + ") or choose another name with --tun");
        }
        int fd;
        try {
            fd = Libc.open(CLONE_DEVICE, O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new DirectorException("cannot open " + CLONE_DEVICE + ": " + strerror(e.getErrorCode()));
        }
        try (Memory ifreq = new Memory(IFREQ_SIZE)) {
            ifreq.clear();
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            ifreq.write(0, n, 0, n.length);
            ifreq.setShort(IFREQ_FLAGS_OFFSET, (short) (IFF_TUN | IFF_NO_PI));
            Libc.ioctl(fd, new NativeLong(TUNSETIFF), ifreq);
        } catch (LastErrorException e) {
            Libc.close(fd);
            throw new DirectorException("cannot create TUN device " + name + ": " + strerror(e.getErrorCode())
                    + (e.getErrorCode() == 1 ? " (needs CAP_NET_ADMIN)" : ""));
        }
        return new TunDevice(name, fd);
    }

    public String name() {
        return name;
    }

    /** Sets the device administratively up (ip link set NAME up), through SIOCSIFFLAGS on a datagram socket. */
    public void up() {
        int sock;
        try {
            sock = Libc.socket(AF_INET, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new DirectorException("cannot set " + name + " up: socket: " + strerror(e.getErrorCode()));
        }
        try (Memory ifreq = new Memory(IFREQ_SIZE)) {
            ifreq.clear();
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            ifreq.write(0, n, 0, n.length);
            Libc.ioctl(sock, new NativeLong(SIOCGIFFLAGS), ifreq);
            ifreq.setShort(IFREQ_FLAGS_OFFSET, (short) (ifreq.getShort(IFREQ_FLAGS_OFFSET) | IFF_UP));
            Libc.ioctl(sock, new NativeLong(SIOCSIFFLAGS), ifreq);
        } catch (LastErrorException e) {
            throw new DirectorException("cannot set " + name + " up: " + strerror(e.getErrorCode()));
        } finally {
            Libc.close(sock);
        }
    }

    /** Writes one IPv4 packet; false (counted) when the kernel refused it, e.g. the device went down. */
    @Override
    public boolean write(byte[] packet, int offset, int length) {
        if (closed || length <= 0 || length > MAX_PACKET) {
            writeErrors++;
            return false;
        }
        buffer.write(0, packet, offset, length);
        long n = Libc.write(fd, buffer, length);
        if (n != length) {
            writeErrors++;
            lastErrno = Native.getLastError();
            return false;
        }
        return true;
    }

    /** Packets the kernel refused. */
    public long writeErrors() {
        return writeErrors;
    }

    /** errno of the last refused write, for one line in the summary. */
    public String lastError() {
        return lastErrno == 0 ? "none" : strerror(lastErrno);
    }

    /** Closes the descriptor; the kernel then deletes the device. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    private static String strerror(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file or device (ENOENT)";
            case 13 -> "permission denied (EACCES)";
            case 16 -> "device or resource busy (EBUSY)";
            case 19 -> "no such device: the kernel has no TUN support (ENODEV)";
            case 22 -> "invalid argument (EINVAL)";
            default -> "errno " + errno;
        };
    }
}
