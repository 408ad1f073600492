package io.lvs4j.scheduler;

/**
 * The connection table's fill level with hysteresis: under pressure from the high-water mark
 * ({@link ConnectionTable#PRESSURE_PERCENT} %) until it drains below the low-water mark
 * ({@link ConnectionTable#RELIEF_PERCENT} %), so it does not flap with each entry.
 */
final class TablePressure {
    private final int highWater;
    private final int lowWater;
    private int size;
    private boolean on;
    private long episodes;

    TablePressure(int capacity) {
        highWater = (int) ((long) capacity * ConnectionTable.PRESSURE_PERCENT / 100);
        lowWater = (int) ((long) capacity * ConnectionTable.RELIEF_PERCENT / 100);
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
