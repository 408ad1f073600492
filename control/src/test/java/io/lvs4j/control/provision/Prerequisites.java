package io.lvs4j.control.provision;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/**
 * Checks what a test needs from the machine. Under CI=true a missing prerequisite fails the test
 * (CI installs everything, so a skip there would hide a broken setup); elsewhere it skips.
 */
final class Prerequisites {

    private Prerequisites() {
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "prerequisite missing: " + what;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: lab and tool tests must run)");
        }
        assumeTrue(false, message);
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
