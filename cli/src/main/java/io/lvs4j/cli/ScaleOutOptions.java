package io.lvs4j.cli;

import io.lvs4j.forwarder.AnnounceLink;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.LiveDirector;
import io.lvs4j.scheduler.ConnectionTable;
import picocli.CommandLine.Option;

/** {@code run}'s options for N active directors behind a router's ECMP (README "Scaling out"). */
final class ScaleOutOptions {
    /** How often the announcement's health is checked (a dead lvs4j is withdrawn at once regardless). */
    private static final long CHECK_MILLIS = 1_000;

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
