package io.lvs4j.scheduler;

/**
 * The connection table's drop and eviction counters and its pressure readouts, apart from the table
 * so that its code stays about slots and the metrics, the run summary and the tests read one small
 * object. Fields,
 * not methods, for the writer: the table's datapath thread increments them in place (no
 * allocation, no lock); other threads read them through that thread, as {@link Stats}.
 */
public final class TableCounters {
    long droppedNoDestination;
    long droppedNotSyn;
    long droppedTableFull;
    long droppedServerRemoved;
    long evictedInactive;
    long evictedEmbryonic;

    private final TablePressure pressure;

    TableCounters(TablePressure pressure) {
        this.pressure = pressure;
    }

    /** New flows dropped because the scheduler found no server. */
    public long droppedNoDestination() {
        return droppedNoDestination;
    }

    /** TCP segments of unknown flows that could not start one: not a SYN without RST (any RST with sloppy TCP). */
    public long droppedNotSyn() {
        return droppedNotSyn;
    }

    /** New flows dropped because the table was full of established (or other active) entries and templates. */
    public long droppedTableFull() {
        return droppedTableFull;
    }

    /** Packets of connections whose server was deleted, not retired (the connection is dropped with them). */
    public long droppedServerRemoved() {
        return droppedServerRemoved;
    }

    /** Inactive connections evicted (least recently used first) to make room for new flows. */
    public long evictedInactive() {
        return evictedInactive;
    }

    /** Embryonic (SYN_RECV) connections evicted, least recently used first, to make room for new flows. */
    public long evictedEmbryonic() {
        return evictedEmbryonic;
    }

    /** True from the high-water mark until the table drains below the low-water mark. */
    public boolean underPressure() {
        return pressure.on();
    }

    /** How many times the table reached its high-water mark (each time SYN_RECV was shortened). */
    public long pressureEpisodes() {
        return pressure.episodes();
    }
}
