package io.lvs4j.cli;

import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.control.socket.ControlSocketPath;
import io.lvs4j.control.socket.IpvsadmClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lvs4j checks} and {@code lvs4j reload}: requests to a director run with --keepalived, over its control socket. */
final class HealthCommands {
    private HealthCommands() {
    }

    /** What both send the director, and where. */
    abstract static class Request implements Callable<Integer> {
        @Option(names = "--control", paramLabel = "PATH",
                description = "The director's control socket (default: $LVS4J_CONTROL, else /run/lvs4j/lvs4j.sock).")
        String control;

        int send(String who, String request) {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (control != null) {
                env.put(ControlSocketPath.ENVIRONMENT, control);
            }
            return IpvsadmClient.request(who, List.of(request), null, System.out, System.err, env);
        }
    }

    @Command(name = "checks", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the running director's health checks: state, consecutive failures, time of the last"
                    + " change and the last result with its reason.")
    static final class Checks extends Request {
        @Override
        public Integer call() {
            return send("lvs4j checks", KeepalivedDirector.CHECKS);
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Re-read the director's keepalived.conf and apply only what changed (as SIGHUP does);"
                    + " prints one line per change. A bad file changes nothing (exit 2).")
    static final class Reload extends Request {
        @Override
        public Integer call() {
            return send("lvs4j reload", KeepalivedDirector.RELOAD);
        }
    }
}
