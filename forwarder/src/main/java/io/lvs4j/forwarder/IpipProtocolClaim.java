package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Tells the local kernel that someone handles IP protocol 4, so it stops answering every tunnelled
 * packet with ICMP "protocol unreachable" to the director. Without the ipip module the kernel has
 * no handler for protocol 4; it stays silent only when a raw socket for that protocol exists. Ours
 * is that socket, with a drop-everything socket filter so the kernel queues nothing for it: the
 * packets themselves are taken by pcap and decapsulated in userspace.
 */
public final class IpipProtocolClaim implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_IPIP = 4;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_FILTER = 26;
    /** BPF_RET | BPF_K with k = 0: accept 0 bytes, i.e. drop. */
    private static final short BPF_RET_K = 0x06;
    /** struct sock_fprog on LP64: unsigned short len, 6 bytes of padding, struct sock_filter *filter. */
    private static final int SOCK_FPROG_SIZE = 16;

    private final int fd;
    private boolean closed;

    private IpipProtocolClaim(int fd) {
        this.fd = fd;
    }

    public static IpipProtocolClaim open() {
        int fd;
        try {
            fd = Libc.socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_IPIP);
        } catch (LastErrorException e) {
            throw new DirectorException("cannot open a raw socket for IP protocol 4 (errno " + e.getErrorCode() + ")");
        }
        try (Memory filter = new Memory(8); Memory program = new Memory(SOCK_FPROG_SIZE)) {
            filter.clear();
            filter.setShort(0, BPF_RET_K); // jt, jf and k stay 0
            program.clear();
            program.setShort(0, (short) 1);
            program.setPointer(8, filter);
            Libc.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, program, SOCK_FPROG_SIZE);
        } catch (LastErrorException e) {
            Libc.close(fd);
            throw new DirectorException("cannot filter the raw IP protocol 4 socket (errno " + e.getErrorCode() + ")");
        }
        return new IpipProtocolClaim(fd);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
