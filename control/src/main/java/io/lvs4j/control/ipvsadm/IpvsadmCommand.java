package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServerSettings;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.ServiceSettings;
import io.lvs4j.control.TableChange;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.SchedulerFlags;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One parsed ipvsadm command line, with ipvsadm's defaults already applied: scheduler wlc for
 * -A/-E, weight 1, method -g, persistence 360 s when -p has no value, netmask 255.255.255.255,
 * the real server's port taken from the service (always for -g/-i, as ipvsadm does).
 *
 * <p>Like ipvsadm, -E and -e carry every setting, given or defaulted: the kernel replaces the
 * whole service or server, so {@code -E -t VIP:80 -s rr} also drops persistence and
 * {@code -e … -w 3} also resets the thresholds.
 *
 * @param kind            which command
 * @param service         -t/-u, or null when not given (-C, -L of all, -Z of all, --set, …)
 * @param scheduler       -s (default "wlc" for -A/-E), null for other commands
 * @param schedulerFlags  -b as ipvsadm's flag bits: {@link #FLAG_1} (sh-fallback, mh-fallback),
 *                        {@link #FLAG_2} (sh-port, mh-port), {@link #FLAG_3}; 0 for none
 * @param persistence     -p timeout in seconds, 0 when not persistent
 * @param netmask         -M, numeric; 0xFFFFFFFF unless given
 * @param server          -r with its port resolved, or null
 * @param method          -g (default), -i, -m
 * @param weight          -w, 0..65535, default 1
 * @param upperThreshold  -x, default 0 (none)
 * @param lowerThreshold  -y, default 0 (none)
 * @param listOptions     -n --stats --rate --exact --timeout -c --thresholds --persistent-conn --nosort …
 * @param tcpTimeout      --set's first value (0 = unchanged)
 * @param tcpFinTimeout   --set's second value (0 = unchanged)
 * @param udpTimeout      --set's third value (0 = unchanged)
 */
public record IpvsadmCommand(
        Kind kind,
        ServiceId service,
        String scheduler,
        int schedulerFlags,
        int persistence,
        int netmask,
        ServerId server,
        ForwardingMethod method,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        Set<ListOption> listOptions,
        int tcpTimeout,
        int tcpFinTimeout,
        int udpTimeout) {

    /** ipvsadm's IP_VS_SVC_F_SCHED1..3 as bits of {@link #schedulerFlags}. */
    public static final int FLAG_1 = SchedulerFlags.FLAG_1;
    public static final int FLAG_2 = SchedulerFlags.FLAG_2;
    public static final int FLAG_3 = SchedulerFlags.FLAG_3;

    /** ipvsadm's default persistence timeout when -p has no value (its man page says 300; its code 360). */
    public static final int DEFAULT_PERSISTENCE = 360;
    public static final int NO_NETMASK = ServiceSettings.NO_NETMASK;
    public static final String DEFAULT_SCHEDULER = "wlc";

    public IpvsadmCommand {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        listOptions = listOptions == null || listOptions.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(listOptions));
    }

    /** True when the command changes the table or the timeouts (so it needs the datapath's consent). */
    public boolean changesTable() {
        return kind.changesTable;
    }

    public boolean has(ListOption option) {
        return listOptions.contains(option);
    }

    /** The control-plane change this command asks for; only for commands that {@link #changesTable()}, but -R. */
    public TableChange change() {
        return switch (kind) {
            case ADD_SERVICE -> new TableChange.AddService(service, serviceSettings());
            case EDIT_SERVICE -> new TableChange.EditService(service, serviceSettings());
            case DELETE_SERVICE -> new TableChange.DeleteService(service);
            case CLEAR -> new TableChange.Clear();
            case ADD_SERVER -> new TableChange.AddServer(service, server, serverSettings());
            case EDIT_SERVER -> new TableChange.EditServer(service, server, serverSettings());
            case DELETE_SERVER -> new TableChange.DeleteServer(service, server);
            case ZERO -> new TableChange.Zero(service);
            case SET_TIMEOUTS -> new TableChange.SetTimeouts(tcpTimeout, tcpFinTimeout, udpTimeout);
            default -> throw new IllegalStateException(kind.option() + " does not change the table");
        };
    }

    private ServiceSettings serviceSettings() {
        return new ServiceSettings(scheduler, schedulerFlags, persistence, netmask);
    }

    private ServerSettings serverSettings() {
        return new ServerSettings(method, weight, upperThreshold, lowerThreshold);
    }

    /** The -b flags as ipvsadm prints them for this scheduler ("sh-fallback,sh-port"), or "" for none. */
    public String schedulerFlagNames() {
        return SchedulerFlagNames.format(scheduler, schedulerFlags);
    }

    /** The ipvsadm commands, with the names ipvsadm's messages use. */
    public enum Kind {
        ADD_SERVICE("-A", "add-service", true),
        EDIT_SERVICE("-E", "edit-service", true),
        DELETE_SERVICE("-D", "delete-service", true),
        CLEAR("-C", "flush", true),
        LIST("-L", "list", false),
        ADD_SERVER("-a", "add-server", true),
        DELETE_SERVER("-d", "delete-server", true),
        EDIT_SERVER("-e", "edit-server", true),
        SET_TIMEOUTS("--set", "set", true),
        RESTORE("-R", "restore", true),
        SAVE("-S", "save", false),
        ZERO("-Z", "zero", true),
        HELP("-h", "help", false),
        VERSION("-v", "version", false);

        private final String option;
        private final String ipvsadmName;
        private final boolean changesTable;

        Kind(String option, String ipvsadmName, boolean changesTable) {
            this.option = option;
            this.ipvsadmName = ipvsadmName;
            this.changesTable = changesTable;
        }

        /** The short option that selects it ("-A", "--set"). */
        public String option() {
            return option;
        }

        /** The name in ipvsadm's messages ("You need to supply … for the 'add-service' command"). */
        public String ipvsadmName() {
            return ipvsadmName;
        }
    }

    /** The modifiers of -L (and -n of -S). */
    public enum ListOption {
        NUMERIC,
        CONNECTIONS,
        TIMEOUT,
        DAEMON,
        STATS,
        RATE,
        EXACT,
        THRESHOLDS,
        PERSISTENT_CONN,
        NOSORT,
        TUN_INFO
    }
}
