package io.lvs4j.forwarder;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * How a port's capture thread sleeps when no frame is ready: one poll() on the port's sockets
 * and an eventfd that any thread writes to wake it at once ({@link #wakeUp}), so a queued
 * control-plane action never waits for a frame or the poll timeout. No allocation per wait.
 */
final class PortWait implements AutoCloseable {
    private static final int MAX_FDS = 4;

    private final int wakeFd;
    private final Memory pollFds = new Memory(8L * MAX_FDS); // struct pollfd {int fd; short events; short revents;}
    private final Memory wakeRead = new Memory(8);
    private final Memory wakeValue = new Memory(8);
    private NativeLong count = new NativeLong(1);

    /** Watches the eventfd; add the port's sockets with {@link #watch}. */
    PortWait() {
        wakeFd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        pollFds.setInt(0, wakeFd);
        pollFds.setShort(4, Libc.POLLIN);
        wakeValue.setLong(0, 1);
    }

    /** Wakes {@link #await} when {@code fd} is readable too. Before the capture starts. */
    PortWait watch(int fd) {
        int n = count.intValue();
        if (n == MAX_FDS) {
            throw new IllegalStateException("a port waits on at most " + (MAX_FDS - 1) + " sockets");
        }
        pollFds.setInt(8L * n, fd);
        pollFds.setShort(8L * n + 4, Libc.POLLIN);
        count = new NativeLong(n + 1);
        return this;
    }

    /** Sleeps until a watched socket is readable, {@link #wakeUp} is called, or {@code millis} pass. */
    void await(int millis) {
        Libc.poll(pollFds, count, millis);
        if ((pollFds.getShort(6) & Libc.POLLIN) != 0) {
            Libc.read(wakeFd, wakeRead, 8); // clears the eventfd
        }
    }

    /** Any thread. */
    void wakeUp() {
        Libc.write(wakeFd, wakeValue, 8);
    }

    @Override
    public void close() {
        Libc.close(wakeFd);
    }
}
