package io.lvs4j.cli;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP for a running director: keepalived's reload, or a logged no-op. The JVM leaves a signal
 * alone that its parent set to be ignored ({@code nohup}, some init scripts), so the handler would
 * silently never run; as keepalived does, we take the signal back to its default first.
 */
final class HangupSignal {
    private static final int SIGHUP = 1;

    static {
        Native.register(HangupSignal.class, NativeLibrary.getInstance("c"));
    }

    private HangupSignal() {
    }

    private static native Pointer signal(int signal, Pointer handler);

    /** Runs {@code action} on every SIGHUP, on a JVM signal thread. */
    static void handle(Runnable action) {
        Signal hup = new Signal("HUP");
        SignalHandler handler = s -> action.run();
        if (Signal.handle(hup, handler) == SignalHandler.SIG_IGN) {
            signal(SIGHUP, null); // SIG_DFL: the JVM installs its handler only over the default
            Signal.handle(hup, handler);
        }
    }
}
