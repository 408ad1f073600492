package io.lvs4j.forwarder;

import java.util.function.Consumer;

/**
 * A command's working thread from start to SIGINT or SIGTERM, the same for {@code run} and
 * {@code decap}: started and joined; on the signal (a shutdown hook) asked to stop, given a while
 * to finish, then handed to the command's clean-up.
 */
public final class SignalledThread {
    private SignalledThread() {
    }

    /**
     * Starts {@code worker} and returns when it ends.
     *
     * @param stop       asks the worker to finish (on the signal)
     * @param joinMillis how long to wait for it then
     * @param afterStop  the clean-up, told whether the worker has ended (resources it may still
     *                   read, such as a pcap handle, must stay open otherwise)
     */
    public static void runUntilSignalled(Thread worker, Runnable stop, long joinMillis, Consumer<Boolean> afterStop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            try {
                worker.join(joinMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            afterStop.accept(!worker.isAlive());
        }, "shutdown"));
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
