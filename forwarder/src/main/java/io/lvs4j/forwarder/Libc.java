package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libc calls the forwarder needs, direct-mapped (no varargs boxing, no per-call Object[]).
 * Calls on a per-packet path (read, write, poll) declare no LastErrorException: a refusal must not
 * cost an exception; their callers look at the return value.
 */
final class Libc {
    static final short POLLIN = 0x0001;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static {
        Native.register(Libc.class, NativeLibrary.getInstance("c"));
    }

    private Libc() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    /** Declared with the one pointer argument TUNSETIFF takes. */
    static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native long write(int fd, Pointer buffer, long count);

    static native long read(int fd, Pointer buffer, long count);

    static native int close(int fd);

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    /** {@code fds} is an array of struct pollfd {int fd; short events; short revents;}. */
    static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

    static native int eventfd(int initialValue, int flags) throws LastErrorException;
}
