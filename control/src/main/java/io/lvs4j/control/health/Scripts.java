package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CommandLine;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify_up/notify_down and quorum_up/quorum_down programs, one after another in the order
 * their events happened, on a thread of their own so that neither the health checks nor the
 * datapath ever wait for them. The line is split into words (no shell unless it names one).
 */
final class Scripts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scripts.class);
    /** A program still running after this long is killed, so one stuck script cannot hold up the next. */
    private static final long TIMEOUT_SECONDS = 60;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lvs4j-notify");
        t.setDaemon(true);
        return t;
    });

    /** Queues {@code line} to run; {@code why} names the event in the log ("notify_down for TCP …"). */
    void run(String line, String why) {
        if (line == null) {
            return;
        }
        try {
            executor.execute(() -> execute(line, why));
        } catch (RejectedExecutionException e) {
            LOG.warn("{}: not run, health checks are stopping: {}", why, line);
        }
    }

    private static void execute(String line, String why) {
        List<String> words = CommandLine.split(line);
        if (words.isEmpty()) {
            return;
        }
        Process p;
        try {
            p = new ProcessBuilder(words).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            LOG.warn("{}: cannot run {}: {}", why, words.get(0), e.getMessage());
            return;
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.warn("{}: {} still running after {}s, killed", why, words.get(0), TIMEOUT_SECONDS);
            } else if (p.exitValue() != 0) {
                LOG.warn("{}: {} exited {}", why, words.get(0), p.exitValue());
            } else {
                LOG.info("{}: ran {}", why, line);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
