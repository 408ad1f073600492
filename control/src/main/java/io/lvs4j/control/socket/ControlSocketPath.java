package io.lvs4j.control.socket;

import java.nio.file.Path;
import java.util.Map;

/** Where the control socket is: shared by the director ({@code run --control}) and the client. */
public final class ControlSocketPath {
    public static final Path DEFAULT = Path.of("/run/lvs4j/lvs4j.sock");
    /** The environment variable that names another socket (several directors on one host). */
    public static final String ENVIRONMENT = "LVS4J_CONTROL";

    private ControlSocketPath() {
    }

    /** {@code run --control PATH} if given, else $LVS4J_CONTROL, else /run/lvs4j/lvs4j.sock. */
    public static Path resolve(String controlOption, Map<String, String> environment) {
        if (controlOption != null && !controlOption.isEmpty()) {
            return Path.of(controlOption);
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? Path.of(fromEnvironment) : DEFAULT;
    }
}
