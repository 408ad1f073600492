package io.lvs4j.cli.ipvsadm;

import io.lvs4j.cli.ipvsadm.IpvsadmCommand.Kind;
import io.lvs4j.cli.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.VirtualService;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs one ipvsadm request against the director: parses it where it arrives, then does the
 * listing or the change on the datapath thread through {@link TableAccess}, and answers with what
 * ipvsadm would print and its exit code. Owns the rate estimator, whose samples it also takes on
 * the datapath thread ({@link #sampleRates}).
 */
public final class IpvsadmExecutor {
    /** Where the restore text comes from, in messages ("<stdin>:3: Service already exists"). */
    static final String STDIN = "<stdin>";

    private final TableAccess access;
    private final LongSupplier clockMillis;
    private final RateEstimator rates = new RateEstimator();

    public IpvsadmExecutor(TableAccess access) {
        this(access, () -> System.nanoTime() / 1_000_000);
    }

    /** @param clockMillis a monotonic clock for the rate samples */
    public IpvsadmExecutor(TableAccess access, LongSupplier clockMillis) {
        this.access = access;
        this.clockMillis = clockMillis;
    }

    /**
     * Executes a command line.
     *
     * @param args  ipvsadm's arguments (a leading "ipvsadm" is allowed)
     * @param stdin the text -R restores, or null when none was sent
     */
    public Reply execute(List<String> args, String stdin) {
        try {
            IpvsadmCommand c = IpvsadmParser.parse(args);
            switch (c.kind()) {
                case HELP:
                    return Reply.out(Usage.HELP);
                case VERSION:
                    return Reply.out(Usage.VERSION);
                case LIST:
                    return Reply.out(access.onDatapath(t -> list(c, t)));
                case SAVE:
                    return Reply.out(access.onDatapath(t -> SaveFormatter.save(t.services().services())));
                case RESTORE: {
                    RulesFile rules = RulesFile.parse(STDIN, stdin == null ? "" : stdin);
                    access.onDatapath(t -> {
                        TableEditor.apply(rules, t.services(), t.timeouts(), rates);
                        return null;
                    });
                    return Reply.out("");
                }
                default:
                    access.onDatapath(t -> {
                        TableEditor.apply(c, t.services(), t.timeouts(), rates);
                        return null;
                    });
                    return Reply.out("");
            }
        } catch (IpvsadmException e) {
            return Reply.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply("", "lvs4j: interrupted while waiting for the datapath\n", 1);
        } catch (Exception e) {
            return new Reply("", "lvs4j: the director could not run the command: " + e + "\n", 1);
        }
    }

    /** Takes a rate sample if one is due (every 2 s); the control server calls this periodically. */
    public void sampleRates() throws Exception {
        long now = clockMillis.getAsLong();
        access.onDatapath(t -> {
            rates.sample(t.services().services(), now);
            return null;
        });
    }

    private String list(IpvsadmCommand c, Tables t) {
        if (c.has(ListOption.CONNECTIONS)) {
            return ConnectionFormatter.list(t.connections(), c.listOptions());
        }
        if (c.service() != null) {
            VirtualService svc = TableEditor.find(t.services(), c.service());
            if (svc == null) {
                throw new IpvsadmException(KernelErrors.NO_SUCH_SERVICE, IpvsadmException.LIST_FAILED);
            }
            return ListFormatter.listOne(svc, c.listOptions(), rates);
        }
        if (c.has(ListOption.TIMEOUT)) {
            return ListFormatter.timeouts(t.timeouts());
        }
        if (c.has(ListOption.DAEMON)) {
            return ""; // no sync daemons run, and ipvsadm then prints nothing
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
