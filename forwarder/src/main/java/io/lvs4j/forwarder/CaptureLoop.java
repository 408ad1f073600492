package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture thread of one NIC: reads frames from its port and hands them to the Director. It is
 * the only thread that touches the director's tables; the control plane (rules, ipvsadm, health
 * checks) sends it functions to run between frames ({@link #onDatapath}), so edits apply in
 * order, exactly as the kernel applies them, with no lock on the packet path. A queued action
 * wakes the thread at once ({@link FramePort#wakeUp}); the port's poll timeout brings it back for
 * expiry and ARP retries when no frame comes.
 */
public final class CaptureLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);

    private final FramePort port;
    private final Director director;
    private final ConcurrentLinkedQueue<DatapathTask<?>> tasks = new ConcurrentLinkedQueue<>();
    private final byte[] frame = new byte[PcapPort.SNAPLEN];
    private volatile boolean running = true;
    private volatile Thread thread;
    private int[] filteredVips;
    /** Reads that failed (libpcap error); logged once, then counted for the metrics. */
    private long captureErrors;
    private String filter;
    private PcapPort privatePort;
    private String privateFilter;
    private long busyPollNanos;
    /** When the spin that began as the port ran dry ends ({@link System#nanoTime}), or 0: not spinning. */
    private long spinUntil;

    public CaptureLoop(FramePort port, Director director) {
        this.port = port;
        this.director = director;
    }

    /**
     * LVS-NAT with the real servers behind a second NIC: this thread reads it too, and hands its
     * frames to {@link Masquerading#receivePrivate}. Call before {@link #prepare}.
     */
    public void privatePort(PcapPort port) {
        this.privatePort = port;
        if (!(this.port instanceof PcapPort pcap)) {
            throw new DirectorException("a second NIC needs libpcap on the first one too (--io pcap)");
        }
        pcap.pollAlso(port);
    }

    /**
     * {@code run --busy-poll}: when the port runs dry, spin on it for up to {@code micros} before
     * sleeping in poll(). A frame that comes within that time is read without the wake-up that
     * would otherwise precede it (on a VM, tens of microseconds: the README's latency table), at
     * the price of the CPU spent spinning: up to a whole core while frames come closer together
     * than {@code micros}. 0 (the default) never spins. Call before starting the thread.
     */
    public void busyPoll(long micros) {
        busyPollNanos = micros * 1000;
        if (micros > 0) {
            log.info("busy polling: the capture thread spins up to {} us for the next frame before it sleeps", micros);
        }
    }

    /** Installs the first filter and tables; call before starting the thread. */
    public void prepare() {
        applyServiceChanges(System.currentTimeMillis());
    }

    /**
     * The capture thread, not started yet. From this call on, {@link #onDatapath} queues actions
     * for it instead of running them on the caller's thread, so no action can race its start.
     */
    public Thread newThread(String name) {
        Thread t = new Thread(this, name);
        thread = t;
        return t;
    }

    @Override
    public void run() {
        if (thread == null) {
            thread = Thread.currentThread();
        }
        long now = System.currentTimeMillis();
        boolean complained = false;
        while (running) {
            int n = busyPollNanos == 0 ? port.next(frame) : spinThenNext();
            if (n > 0) {
                now = Math.max(now, port.timestampMicros() / 1000);
                if (port.wireLength() > n) {
                    director.receiveTruncated(now); // never forward a cut frame
                } else {
                    try {
                        director.receive(frame, n, now);
                    } catch (RuntimeException e) {
                        director.receiveFailed(e);
                    }
                }
            } else {
                now = Math.max(now, System.currentTimeMillis());
                director.tick(now);
                if (n < 0) {
                    captureErrors++;
                    if (!complained) {
                        complained = true;
                        log.error("capture error on {}: {}", director.nic().name(), port.lastError());
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // no busy loop on a dead NIC
                }
            }
            if (privatePort != null) {
                now = drainPrivate(now);
            }
            if (!tasks.isEmpty()) {
                runTasks(now);
            }
        }
        runTasks(now);
    }

    /**
     * The next frame, spinning on the port for up to {@link #busyPoll} after it ran dry before
     * sleeping in {@link FramePort#next}. While it spins it returns 0, so the loop still runs
     * its queued actions, the private NIC's frames, expiry, and stops when asked.
     */
    private int spinThenNext() {
        int n = port.nextReady(frame);
        if (n != 0) {
            spinUntil = 0;
            return n;
        }
        port.flushSends(); // the frames so far go out before we wait for more
        long t = System.nanoTime();
        if (spinUntil == 0) {
            spinUntil = t + busyPollNanos | 1; // never 0: that means "not spinning"
        }
        if (t - spinUntil < 0) {
            Thread.onSpinWait();
            return 0;
        }
        spinUntil = 0;
        return port.next(frame);
    }

    /** The frames waiting on the private NIC, a bounded batch so neither NIC starves the other. */
    private long drainPrivate(long now) {
        for (int i = 0; i < 64; i++) {
            int n = privatePort.nextReady(frame);
            if (n <= 0) {
                break;
            }
            now = Math.max(now, privatePort.timestampMicros() / 1000);
            if (privatePort.wireLength() > n) {
                director.receiveTruncated(now);
            } else {
                try {
                    director.nat().receivePrivate(frame, n, now);
                } catch (RuntimeException e) {
                    director.receiveFailed(e);
                }
            }
        }
        return now;
    }

    /**
     * Runs {@code action} on the capture thread between two frames and returns its result. The
     * service table may be edited inside; the BPF filter, neighbours and gratuitous ARP follow.
     */
    public <T> T onDatapath(Function<Director, T> action) throws Exception {
        if (thread == null || Thread.currentThread() == thread) {
            T result = action.apply(director);
            applyServiceChanges(System.currentTimeMillis());
            return result;
        }
        DatapathTask<T> task = new DatapathTask<>(action);
        tasks.add(task);
        port.wakeUp();
        try {
            return task.reply.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new DirectorException("the capture thread did not answer within 10 s");
        }
    }

    /**
     * The director's counters with the capture errors and the kernel's drops (pcap_stats, read
     * here since a pcap handle is not for two threads), copied on the capture thread.
     */
    public java.util.Map<String, Long> counters() throws Exception {
        return onDatapath(d -> {
            java.util.Map<String, Long> m = d.counters().asMap();
            m.put("capture errors", captureErrors);
            m.put("kernel drops", port.kernelDrops());
            return m;
        });
    }

    /** Asks the loop to finish; it returns after the frame at hand. */
    public void stop() {
        running = false;
        port.wakeUp();
    }

    /**
     * Runs the queued actions, then brings the filter, the VIP map, the neighbours and the
     * announcements in line with the table, and only then answers the callers: an ipvsadm that has
     * returned finds the datapath steering, filtering and resolving by the table it left.
     */
    private void runTasks(long now) {
        List<DatapathTask<?>> ran = new ArrayList<>();
        DatapathTask<?> task;
        while ((task = tasks.poll()) != null) {
            task.run(director);
            ran.add(task);
        }
        if (!ran.isEmpty()) {
            try {
                applyServiceChanges(now);
            } finally {
                ran.forEach(DatapathTask::answer);
            }
        }
    }

    /** An action for the capture thread, run at once, answered once the datapath has followed it. */
    private static final class DatapathTask<T> {
        final Function<Director, T> action;
        final CompletableFuture<T> reply = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        DatapathTask(Function<Director, T> action) {
            this.action = action;
        }

        void run(Director director) {
            try {
                result = action.apply(director);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        void answer() {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(result);
            }
        }
    }

    private void applyServiceChanges(long now) {
        int[] vips = director.services().addresses().clone();
        Arrays.sort(vips);
        boolean vipsChanged = !Arrays.equals(vips, filteredVips);
        director.servicesChanged(now, vipsChanged); // first: it updates the NAT servers the filters name
        filteredVips = vips;
        if (vipsChanged) {
            port.setVips(vips);
        }
        filter = install(port, filter, bpf(director.nic().mac(), vips, director.nat().publicReplySources()));
        if (privatePort != null) {
            privateFilter = install(privatePort, privateFilter,
                    bpf(director.nat().privateNic().mac(), new int[0], director.nat().serverAddresses()));
        }
    }

    private static String install(FramePort on, String installed, String wanted) {
        if (wanted.equals(installed)) {
            return installed;
        }
        try {
            on.setFilter(wanted);
        } catch (Exception e) {
            throw new DirectorException("cannot install BPF filter '" + wanted + "': " + e.getMessage(), e);
        }
        log.debug("BPF filter: {}", wanted);
        return wanted;
    }

    /** Only our unicast and broadcast frames, and of those only ARP and IPv4 to a VIP, reach us. */
    static String bpf(long mac, int[] vips) {
        return bpf(mac, vips, new int[0]);
    }

    /** … and IPv4 from the NAT servers ({@code replySources}): their replies. */
    static String bpf(long mac, int[] vips, int[] replySources) {
        StringBuilder sb = new StringBuilder("(ether dst ").append(MacAddress.toString(mac))
                .append(" or ether broadcast) and (arp");
        if (vips.length + replySources.length > 0) {
            sb.append(" or (ip and (");
            for (int i = 0; i < vips.length; i++) {
                sb.append(i == 0 ? "" : " or ").append("dst host ").append(Ipv4Address.toString(vips[i]));
            }
            for (int i = 0; i < replySources.length; i++) {
                sb.append(vips.length + i == 0 ? "" : " or ").append("src host ")
                        .append(Ipv4Address.toString(replySources[i]));
            }
            sb.append("))");
        }
        return sb.append(')').toString();
    }
}
