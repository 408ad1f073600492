package io.lvs4j.control.health;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.TableChange;
import io.lvs4j.control.TableException;
import io.lvs4j.control.keepalived.CheckerConfig;
import io.lvs4j.control.keepalived.ConfigException;
import io.lvs4j.control.keepalived.KeepalivedConfig;
import io.lvs4j.control.keepalived.KeepalivedParser;
import io.lvs4j.control.keepalived.RealServer;
import io.lvs4j.control.ipvsadm.Reply;
import io.lvs4j.control.keepalived.VirtualServer;
import io.lvs4j.control.socket.ControlServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lvs4j run --keepalived FILE}: keepalived.conf's virtual servers in the table, kept there
 * by health checks. Every table change goes through the {@link ControlPlane}: the whole table at
 * start (all or nothing), one call per health event (the real server out or at weight 0, back in,
 * a new misc_dynamic weight, the sorry server in or out), and on reload only the difference from
 * the new file, with the checks of unchanged real servers running on as they were. A real server
 * the checks take out keeps its established connections until they end, unless
 * {@code expireNodestConn} (IPVS's sysctl) asks for them to be dropped on their next packet.
 */
public final class KeepalivedDirector implements HealthListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeepalivedDirector.class);
    /** The control-socket requests of {@code lvs4j checks} and {@code lvs4j reload}. */
    public static final String CHECKS = ControlServer.OWN_REQUEST + "checks";
    public static final String RELOAD = ControlServer.OWN_REQUEST + "reload";

    private final Path file;
    private final boolean expireNodestConn;
    private final HealthMonitor monitor;
    private final Scripts scripts = new Scripts();
    private final Map<RealServerHealth, Boolean> lastUp = new IdentityHashMap<>();
    private Map<String, VirtualServerState> states = new LinkedHashMap<>();
    private ControlPlane control;

    KeepalivedDirector(Path file, KeepalivedConfig config, Clock clock, Function<CheckerConfig, Checker> checkers,
                       boolean expireNodestConn) {
        this.file = file;
        this.expireNodestConn = expireNodestConn;
        this.monitor = new HealthMonitor(this, clock, 4, checkers);
        for (VirtualServer vs : config.virtualServers()) {
            VirtualServerState s = new VirtualServerState(vs);
            for (RealServer rs : vs.realServers()) {
                RealServerHealth h = monitor.create(new RealServerKey(vs, rs));
                monitor.add(h);
                s.servers.put(rs.endpoint(), h);
                lastUp.put(h, h.isUp());
            }
            s.quorumUp = s.hasQuorum();
            states.put(s.id(), s);
        }
    }

    /**
     * Reads the file; nothing is checked or changed yet.
     *
     * @param expireNodestConn a server the checks take out has its connections dropped on their
     *                         next packet (as {@code ipvsadm -d}) instead of keeping them
     * @throws ConfigException naming file:line and the reason
     */
    public static KeepalivedDirector load(Path file, boolean expireNodestConn) {
        return new KeepalivedDirector(file, KeepalivedParser.parse(file), Clock.systemUTC(), Checkers::create,
                expireNodestConn);
    }

    /**
     * Puts every virtual server in the table as the checks start out (a real server with an alpha
     * checker starts down), all or nothing; later events go to {@code control} until {@link #start}.
     *
     * @throws TableException when the table refuses it (nothing has changed)
     */
    public synchronized void applyTo(ControlPlane plane) throws InterruptedException {
        this.control = plane;
        List<TableChange> changes = TableDiff.changes(plane.services(), Set.of(), desired(states), false);
        plane.apply(changes);
        changes.forEach(c -> LOG.info("keepalived {}: {}", file, ChangeText.of(c)));
    }

    /** Starts the checks; their events change the table through {@code live} (the datapath's control plane). */
    public synchronized void start(ControlPlane live) {
        this.control = live;
        monitor.start();
    }

    @Override
    public void onChange(RealServerKey key, boolean up, int weight, String reason) {
        synchronized (this) {
            VirtualServerState s = states.get(VirtualServerState.id(key.virtualServer()));
            RealServerHealth h = s == null ? null : s.servers.get(key.realServer().endpoint());
            if (h == null || control == null) {
                return; // removed by a reload while its last check ran
            }
            Boolean before = lastUp.put(h, up);
            if (before == null || before != up) {
                scripts.run(up ? key.realServer().notifyUp() : key.realServer().notifyDown(),
                        (up ? "notify_up" : "notify_down") + " for " + key);
            }
            quorum(s);
            sync(s, key + (up ? " up, weight " + weight : " down") + " (" + reason + ")");
        }
    }

    /** keepalived's rule: gained at quorum + hysteresis, lost below quorum - hysteresis. */
    private void quorum(VirtualServerState s) {
        boolean now = s.hasQuorum();
        if (now != s.quorumUp) {
            s.quorumUp = now;
            VirtualServer vs = s.vs;
            LOG.info("{} {}: quorum {} (live weight {}, quorum {}, hysteresis {})", vs.protocol(), vs.name(),
                    now ? "gained" : "lost", s.liveWeight(), vs.quorum(), vs.hysteresis());
            scripts.run(now ? vs.quorumUp() : vs.quorumDown(), (now ? "quorum_up" : "quorum_down") + " for "
                    + vs.protocol() + " " + vs.name());
        }
    }

    /** One control-plane call bringing the virtual server's services to what its health says. */
    private void sync(VirtualServerState s, String why) {
        try {
            List<TableChange> changes = TableDiff.changes(control.services(), Set.of(), s.desired(), !expireNodestConn);
            if (!changes.isEmpty()) {
                control.apply(changes);
            }
            LOG.info("{}: {}", why, changes.isEmpty() ? "table unchanged"
                    : String.join("; ", changes.stream().map(ChangeText::of).toList()));
        } catch (TableException e) {
            LOG.warn("{}: the table refused the change ({}); was it edited with ipvsadm?", why, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: table not updated: {}", why, e.toString());
        }
    }

    /**
     * Re-reads the file and applies only the difference, all or nothing. Real servers whose
     * checkers are unchanged keep their checks' state; the others start afresh.
     *
     * @return one line per change, or none
     * @throws ConfigException when the file is bad (nothing has changed)
     * @throws TableException  when the table refuses the difference (nothing has changed)
     */
    public synchronized List<String> reload() throws InterruptedException {
        if (control == null) {
            throw new IllegalStateException("reload before the table was loaded");
        }
        KeepalivedConfig config = KeepalivedParser.parse(file);
        Map<String, VirtualServerState> next = new LinkedHashMap<>();
        Map<RealServerHealth, RealServerKey> kept = new IdentityHashMap<>();
        List<RealServerHealth> added = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (VirtualServer vs : config.virtualServers()) {
            VirtualServerState old = states.get(VirtualServerState.id(vs));
            VirtualServerState s = new VirtualServerState(vs);
            for (RealServer rs : vs.realServers()) {
                RealServerHealth h = old == null ? null : old.servers.get(rs.endpoint());
                if (h != null && h.key().realServer().checkers().equals(rs.checkers())) {
                    kept.put(h, h.key());
                    h.update(new RealServerKey(vs, rs));
                } else {
                    if (h != null) {
                        notes.add("checks restarted " + new RealServerKey(vs, rs) + " (checkers changed)");
                    }
                    h = monitor.create(new RealServerKey(vs, rs));
                    added.add(h);
                }
                s.servers.put(rs.endpoint(), h);
            }
            s.quorumUp = old != null ? old.quorumUp : s.hasQuorum();
            next.put(s.id(), s);
        }
        // a server taken out of the file goes as with ipvsadm -d: the operator asked for it
        List<TableChange> changes = TableDiff.changes(control.services(), owned(states), desired(next), false);
        try {
            control.apply(changes);
        } catch (InterruptedException | RuntimeException e) {
            kept.forEach(RealServerHealth::update);
            throw e;
        }
        commit(next, kept, added);
        List<String> lines = new ArrayList<>(changes.stream().map(ChangeText::of).toList());
        lines.addAll(notes);
        LOG.info("keepalived {} reloaded: {}", file, lines.isEmpty() ? "no change" : String.join("; ", lines));
        return lines;
    }

    private void commit(Map<String, VirtualServerState> next, Map<RealServerHealth, RealServerKey> kept,
                        List<RealServerHealth> added) {
        for (VirtualServerState s : states.values()) {
            for (RealServerHealth h : s.servers.values()) {
                if (!kept.containsKey(h)) {
                    monitor.remove(h);
                    lastUp.remove(h);
                }
            }
        }
        states = next;
        for (RealServerHealth h : added) {
            lastUp.put(h, h.isUp());
            monitor.add(h);
        }
        states.values().forEach(this::quorum);
    }

    /** {@code lvs4j checks} and {@code lvs4j reload}, for the control socket. */
    public Map<String, ControlServer.Request> requests() {
        return Map.of(CHECKS, args -> new Reply(checks(), "", 0), RELOAD, args -> reloadReply());
    }

    /** A reload as {@code lvs4j reload} reports it: the changes, or why nothing changed (exit 2 for a bad file). */
    Reply reloadReply() {
        try {
            List<String> lines = reload();
            return new Reply(lines.isEmpty() ? "no change\n" : String.join("\n", lines) + "\n", "", 0);
        } catch (ConfigException e) {
            return new Reply("", "lvs4j reload: " + e.getMessage() + "\n", 2);
        } catch (TableException e) {
            return new Reply("", "lvs4j reload: the table refused the change: " + e.getMessage()
                    + "; nothing changed\n", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply("", "lvs4j reload: interrupted; nothing changed\n", 1);
        }
    }

    /** SIGHUP: a reload whose outcome goes to the log only (a bad file leaves everything running as it was). */
    public void reloadAndLog() {
        Reply r = reloadReply();
        if (r.exitCode() != 0) {
            LOG.error("{} (SIGHUP; the running table is unchanged)", r.stderr().strip());
        }
    }

    /** Every checker's state, as {@code lvs4j checks} prints it. */
    public String checks() {
        List<RealServerHealth> servers = new ArrayList<>();
        synchronized (this) {
            states.values().forEach(s -> servers.addAll(s.servers.values()));
        }
        return ChecksFormatter.format(servers, ZoneId.systemDefault());
    }

    /** The real servers' health objects, in config order (the status page; tests drive their checks). */
    public synchronized List<RealServerHealth> servers() {
        List<RealServerHealth> out = new ArrayList<>();
        states.values().forEach(s -> out.addAll(s.servers.values()));
        return out;
    }

    private static List<DesiredTable.Service> desired(Map<String, VirtualServerState> states) {
        List<DesiredTable.Service> out = new ArrayList<>();
        states.values().forEach(s -> out.addAll(s.desired()));
        return out;
    }

    private static Set<ServiceId> owned(Map<String, VirtualServerState> states) {
        Set<ServiceId> out = new HashSet<>();
        states.values().forEach(s -> s.desired().forEach(d -> out.add(d.id())));
        return out;
    }

    @Override
    public void close() {
        monitor.close();
        scripts.close();
    }
}
