package io.lvs4j.cli;

import io.lvs4j.control.ipvsadm.Reply;
import io.lvs4j.control.socket.ControlServer;
import io.lvs4j.forwarder.AnnounceLink;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.LiveDirector;
import io.lvs4j.scheduler.ConnectionTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code run}'s options for N active directors behind a router's ECMP (README "Scaling out"). */
final class ScaleOutOptions {
    /** How often the announcement's health is checked (a dead lvs4j is withdrawn at once regardless). */
    private static final long CHECK_MILLIS = 1_000;
    /** The control-socket request that shows or sets sloppy TCP at run time: `ipvsadm lvs4j:sloppy-tcp [on|off]`. */
    static final String SLOPPY_TCP = ControlServer.OWN_REQUEST + "sloppy-tcp";

    @Option(names = "--sloppy-tcp", description = "IPVS's sloppy_tcp: any TCP segment without RST of an unknown"
            + " flow starts a connection, not only a SYN, so a flow the router moves here from another director"
            + " goes on (use mh or sh with the same servers on every director).")
    boolean sloppyTcp;

    @Option(names = "--announce-link", paramLabel = "NAME", description = "Hold a TUN interface NAME up while this"
            + " director can forward (capture running, a real server up); the BGP speaker announces the VIP/32"
            + " via it. The kernel removes it when lvs4j ends, even by SIGKILL.")
    String announceLink;

    void applyTo(ConnectionTable connections) {
        connections.sloppyTcp(sloppyTcp);
    }

    /** {@code others} plus {@link #SLOPPY_TCP} on {@code connections}. */
    static Map<String, ControlServer.Request> withRequests(Map<String, ControlServer.Request> others,
                                                           ConnectionTable connections) {
        Map<String, ControlServer.Request> all = new HashMap<>(others);
        all.put(SLOPPY_TCP, args -> sloppyTcp(connections, args));
        return all;
    }

    static Reply sloppyTcp(ConnectionTable connections, List<String> args) {
        if (args.size() == 1 && (args.get(0).equals("on") || args.get(0).equals("off"))) {
            connections.sloppyTcp(args.get(0).equals("on"));
        } else if (!args.isEmpty()) {
            return new Reply("", "lvs4j: sloppy-tcp takes 'on', 'off' or nothing (show), not '"
                    + String.join(" ", args) + "'\n", 2);
        }
        return new Reply("sloppy-tcp " + (connections.sloppyTcp() ? "on" : "off") + "\n", "", 0);
    }

    /** Refuses a bad --announce-link, or one for an offline replay (no router to announce to), before anything starts. */
    void check(boolean replay) {
        if (announceLink == null) {
            return;
        }
        if (replay) {
            throw new DirectorException("--announce-link is for a live director; a replay announces nothing");
        }
        AnnounceLink.check(announceLink);
    }

    /** Starts the announcement for a live director; returns what withdraws it (nothing without --announce-link). */
    Runnable announce(LiveDirector nic) {
        if (announceLink == null) {
            return () -> { };
        }
        return AnnounceLink.start(announceLink, nic::forwarding, CHECK_MILLIS)::close;
    }
}
