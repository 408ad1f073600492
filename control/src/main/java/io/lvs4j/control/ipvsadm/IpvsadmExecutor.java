package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ControlException;
import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.Refusal;
import io.lvs4j.control.TableException;
import io.lvs4j.control.Tables;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.VirtualService;
import java.util.List;

/**
 * Runs one ipvsadm request: parses it where it arrives, turns it into a call of the
 * {@link ControlPlane} (a listing, or a change), and answers with what ipvsadm would print and
 * its exit code.
 */
public final class IpvsadmExecutor {
    /** Where the restore text comes from, in messages ("<stdin>:3: Service already exists"). */
    static final String STDIN = "<stdin>";

    private final ControlPlane control;

    public IpvsadmExecutor(ControlPlane control) {
        this.control = control;
    }

    /**
     * Executes a command line.
     *
     * @param args  ipvsadm's arguments (a leading "ipvsadm" is allowed)
     * @param stdin the text -R restores, or null when none was sent
     */
    public Reply execute(List<String> args, String stdin) {
        try {
            DaemonParser.DaemonCommand daemon = DaemonParser.parse(args);
            if (daemon != null) {
                return SyncCommands.run(daemon, control.sync());
            }
            IpvsadmCommand c = IpvsadmParser.parse(args);
            if (c.kind() == Kind.LIST && c.has(ListOption.DAEMON)) {
                return Reply.out(control.sync().list());
            }
            switch (c.kind()) {
                case HELP:
                    return Reply.out(Usage.HELP);
                case VERSION:
                    return Reply.out(Usage.VERSION);
                case LIST:
                    return Reply.out(control.read((t, rates) -> list(c, t, rates)));
                case SAVE:
                    return Reply.out(control.read((t, rates) -> SaveFormatter.save(t.services().services())));
                case RESTORE:
                    RulesFile.parse(STDIN, stdin == null ? "" : stdin).applyTo(control);
                    return Reply.out("");
                default:
                    apply(c, control);
                    return Reply.out("");
            }
        } catch (IpvsadmException e) {
            return Reply.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply("", "lvs4j: interrupted while waiting for the datapath\n", 1);
        } catch (ControlException e) {
            return new Reply("", "lvs4j: " + e.getMessage() + "\n", 1);
        } catch (Exception e) {
            return new Reply("", "lvs4j: the director could not run the command: " + e + "\n", 1);
        }
    }

    /**
     * Applies one table command through the control plane.
     *
     * @throws IpvsadmException with ipvsadm's message and exit code when refused (nothing has changed)
     */
    public static void apply(IpvsadmCommand command, ControlPlane control) throws InterruptedException {
        try {
            control.apply(command.change());
        } catch (TableException e) {
            throw refused(e);
        }
    }

    /** A refused change as ipvsadm reports it: libipvs's text, exit status 255. */
    static IpvsadmException refused(TableException e) {
        return new IpvsadmException(e.getMessage(), IpvsadmException.REFUSED);
    }

    private static String list(IpvsadmCommand c, Tables t, RateEstimator rates) {
        if (c.has(ListOption.CONNECTIONS)) {
            return ConnectionFormatter.list(t.connections(), c.listOptions());
        }
        if (c.service() != null) {
            VirtualService svc = t.service(c.service());
            if (svc == null) {
                throw new IpvsadmException(Refusal.NO_SUCH_SERVICE.message(), IpvsadmException.LIST_FAILED);
            }
            return ListFormatter.listOne(svc, c.listOptions(), rates);
        }
        if (c.has(ListOption.TIMEOUT)) {
            return ListFormatter.timeouts(t.timeouts());
        }
        return ListFormatter.listAll(t.services().services(), c.listOptions(), rates);
    }

    /** True when the client must send its standard input (ipvsadm -R). */
    public static boolean readsStdin(List<String> args) {
        try {
            return IpvsadmParser.parse(args).kind() == Kind.RESTORE;
        } catch (IpvsadmException e) {
            return false;
        }
    }
}
