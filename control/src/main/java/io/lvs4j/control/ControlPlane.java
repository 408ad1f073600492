package io.lvs4j.control;

import io.lvs4j.control.TableChange.SetTimeouts;
import io.lvs4j.control.health.ChangeText;
import io.lvs4j.control.sync.SyncDaemons;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to the director's tables. Every caller — ipvsadm on the control socket, the rules
 * file at start, and later health checks, keepalived.conf and connection sync — hands it
 * {@link TableChange}s; it checks them against the table, applies them all or none on the
 * datapath thread ({@link TableAccess}), and answers with a {@link TableException} naming the
 * refusal. Reads come back as copies ({@link #services()}) or run on the datapath thread
 * ({@link #read}). It owns the rate estimator, whose samples it also takes there.
 */
public final class ControlPlane {
    /** A read of the live tables, run on the datapath thread; keep it short. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Tables tables, RateEstimator rates);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final TableAccess access;
    private final LongSupplier clockMillis;
    private final RateEstimator rates;
    /** Who applies changes through this plane, for the log; null: the caller logs them itself. */
    private final String source;
    /** Shared by every plane over these tables ({@link #loggingAs}): one pair of daemons per director. */
    private final SyncDaemons sync;

    public ControlPlane(TableAccess access) {
        this(access, () -> System.nanoTime() / 1_000_000);
    }

    /** @param clockMillis a monotonic clock for the rate samples */
    public ControlPlane(TableAccess access, LongSupplier clockMillis) {
        this(access, clockMillis, new RateEstimator(), null, new SyncDaemons(access));
    }

    private ControlPlane(TableAccess access, LongSupplier clockMillis, RateEstimator rates, String source,
                         SyncDaemons sync) {
        this.access = access;
        this.clockMillis = clockMillis;
        this.rates = rates;
        this.source = source;
        this.sync = sync;
    }

    /**
     * The same tables and rates, with every change applied through the returned plane logged once
     * at INFO as coming from {@code source} ("ipvsadm", "rules file X", "sync").
     */
    public ControlPlane loggingAs(String source) {
        return new ControlPlane(access, clockMillis, rates, source, sync);
    }

    /**
     * Checks and applies one change.
     *
     * @throws TableException       when refused (nothing has changed)
     * @throws ControlException     when the datapath could not run it
     * @throws InterruptedException while waiting for the datapath
     */
    public void apply(TableChange change) throws InterruptedException {
        apply(List.of(change));
    }

    /**
     * Checks every change against the table as the ones before it would leave it, then applies
     * them all, at once between two packets.
     *
     * @throws TableException naming ({@link TableException#index()}) the first refused change; nothing has changed
     */
    public void apply(List<? extends TableChange> changes) throws InterruptedException {
        List<TableChange> copy = List.copyOf(changes);
        read((t, r) -> {
            TableEditor.apply(copy, t, r);
            return null;
        });
        if (source != null) {
            for (TableChange c : copy) {
                LOG.info("{}: {}", source, ChangeText.of(c));
            }
        }
    }

    /** Every service and server as they stand now, in list order. */
    public List<ServiceState> services() throws InterruptedException {
        return read((t, r) -> {
            List<ServiceState> out = new ArrayList<>(t.services().size());
            for (VirtualService svc : t.services().services()) {
                out.add(ServiceState.of(svc));
            }
            return out;
        });
    }

    /** The TCP, TCP FIN_WAIT and UDP timeouts as they stand now, in the shape --set takes them. */
    public SetTimeouts timeouts() throws InterruptedException {
        return read((t, r) -> {
            Timeouts timeouts = t.timeouts();
            return new SetTimeouts(timeouts.tcp(), timeouts.tcpFin(), timeouts.udp());
        });
    }

    /** Runs {@code reader} on the datapath thread (formatters that walk the live model). */
    public <T> T read(Reader<T> reader) throws InterruptedException {
        try {
            return access.onDatapath(t -> reader.read(t, rates));
        } catch (RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ControlException(e);
        }
    }

    /** Takes a rate sample if one is due (every 2 s); the control socket calls this periodically. */
    public void sampleRates() throws InterruptedException {
        long now = clockMillis.getAsLong();
        read((t, r) -> {
            r.sample(t.services().services(), now);
            return null;
        });
    }

    /** The connection-sync daemons on these tables (none run until ipvsadm --start-daemon). */
    public SyncDaemons sync() {
        return sync;
    }
}
