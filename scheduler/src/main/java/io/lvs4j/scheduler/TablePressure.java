package io.lvs4j.scheduler;

/**
 * The connection table's fill level with hysteresis: under pressure from the high-water mark
 * ({@link #PRESSURE_PERCENT} %) until it drains below the low-water mark ({@link #RELIEF_PERCENT} %),
 * so it does not flap with each entry. The thresholds live here, beside the only code that uses them.
 */
final class TablePressure {
    /** Pressure starts at this fill level … */
    static final int PRESSURE_PERCENT = 90;
    /** … and ends below this one, so it does not flap with each entry. */
    static final int RELIEF_PERCENT = 75;
    /**
     * SYN_RECV's timeout under pressure (secure_tcp's idea: shorter embryonic lifetimes when
     * under attack). A real client's ACK or retransmitted SYN comes well within it.
     */
    static final long PRESSURE_SYN_RECV_MILLIS = 10_000;

    private final int highWater;
    private final int lowWater;
    private int size;
    private boolean on;
    private long episodes;

    TablePressure(int capacity) {
        highWater = (int) ((long) capacity * PRESSURE_PERCENT / 100);
        lowWater = (int) ((long) capacity * RELIEF_PERCENT / 100);
    }

    /** One entry more. */
    void added() {
        size++;
        if (size >= highWater && !on) {
            on = true;
            episodes++;
        }
    }

    /** One entry fewer. */
    void removed() {
        size--;
        if (size < lowWater) {
            on = false;
        }
    }

    int size() {
        return size;
    }

    boolean on() {
        return on;
    }

    /** How many times the high-water mark was reached. */
    long episodes() {
        return episodes;
    }
}
