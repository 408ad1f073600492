package io.lvs4j.forwarder;

import static io.lvs4j.forwarder.DirectorTest.OUR_IP;
import static io.lvs4j.forwarder.DirectorTest.OUR_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code run --busy-poll}: once the port runs dry the capture thread checks it again without
 * sleeping, for up to the time given, then sleeps in the port's poll as without the option. The
 * port here counts its sleeps, so the tests see which way each frame was read.
 */
class CaptureLoopBusyPollTest {
    private static final long DEADLINE_MILLIS = 20_000;

    /** Frames come on a script: the first at once, the next after {@code checksBeforeNext} empty checks. */
    static final class ScriptedPort implements FramePort {
        final int checksBeforeNext;
        volatile int framesRead;
        volatile int sleeps;
        volatile int sleepsBeforeSecondFrame = -1;
        volatile int flushes;
        volatile int emptyChecksBeforeFirstSleep = -1;
        private int emptyChecks;
        private final Semaphore woken = new Semaphore(0);

        ScriptedPort(int checksBeforeNext) {
            this.checksBeforeNext = checksBeforeNext;
        }

        @Override
        public int nextReady(byte[] buffer) {
            if (framesRead == 0 || framesRead == 1 && emptyChecks++ == checksBeforeNext) {
                if (framesRead == 1) {
                    sleepsBeforeSecondFrame = sleeps;
                }
                framesRead++;
                return 60; // zeros: not a frame the director serves, counted and dropped
            }
            return 0;
        }

        /** As the real ports: what is ready, else flush, sleep until woken, and look again. */
        @Override
        public int next(byte[] buffer) {
            int n = nextReady(buffer);
            if (n != 0) {
                return n;
            }
            flushSends();
            if (sleeps == 0) {
                emptyChecksBeforeFirstSleep = emptyChecks;
            }
            sleeps++;
            woken.acquireUninterruptibly();
            return nextReady(buffer);
        }

        @Override
        public void flushSends() {
            flushes++;
        }

        @Override
        public void wakeUp() {
            woken.release();
        }

        @Override
        public boolean send(byte[] frame, int length) {
            return true;
        }

        @Override
        public long timestampMicros() {
            return 0;
        }

        @Override
        public int wireLength() {
            return 60;
        }

        @Override
        public void setFilter(String expression) {
        }

        @Override
        public String lastError() {
            return "";
        }

        @Override
        public long kernelDrops() {
            return 0;
        }

        @Override
        public long sendErrors() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private CaptureLoop loop;
    private Thread thread;

    private ScriptedPort start(int checksBeforeNext, long busyPollMicros) {
        ScriptedPort port = new ScriptedPort(checksBeforeNext);
        Director director = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), port, new ServiceTable(),
                new ConnectionTable(1024, new Timeouts()), true, false, OUR_IP);
        loop = new CaptureLoop(port, director);
        loop.busyPoll(busyPollMicros);
        loop.prepare();
        thread = loop.newThread("capture-test");
        thread.start();
        return port;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(DEADLINE_MILLIS);
            assertTrue(!thread.isAlive(), "the capture thread stopped when asked");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "within " + DEADLINE_MILLIS + " ms: " + what);
            Thread.sleep(1);
        }
    }

    @Test
    void aFrameThatComesWhileTheThreadSpinsIsReadWithoutSleeping() throws InterruptedException {
        ScriptedPort port = start(100, 1_000_000);
        await(() -> port.framesRead == 2, "the second frame read");
        assertEquals(0, port.sleepsBeforeSecondFrame, "sleeps before the frame that came during the spin");
        assertTrue(port.flushes >= 1, "the frames sent so far were flushed before spinning");
    }

    @Test
    void withoutBusyPollingTheThreadSleepsAsSoonAsThePortIsDry() throws InterruptedException {
        ScriptedPort port = start(100, 0);
        await(() -> port.sleeps == 1, "the thread asleep in the port");
        assertEquals(1, port.emptyChecksBeforeFirstSleep, "looks at the dry port before sleeping");
        assertEquals(1, port.framesRead, "frames read before the first sleep");
    }

    @Test
    void theSpinEndsAndTheThreadSleepsWhenNoFrameComes() throws InterruptedException {
        ScriptedPort port = start(Integer.MAX_VALUE, 1);
        await(() -> port.sleeps >= 1, "the thread asleep in the port after a 1 us spin");
        assertEquals(1, port.framesRead, "frames read");
    }

    @Test
    void actionsQueuedDuringTheSpinRunAndAnswer() throws Exception {
        ScriptedPort port = start(Integer.MAX_VALUE, 1_000_000);
        await(() -> port.framesRead == 1, "the first frame read");
        assertEquals(0, (int) loop.onDatapath(d -> d.services().services().size()), "services, asked of the capture thread");
    }
}
