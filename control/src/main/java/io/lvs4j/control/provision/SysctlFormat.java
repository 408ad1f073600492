package io.lvs4j.control.provision;

import java.util.List;

/** Renders {@link Sysctl} lists as a sysctl.d drop-in or as lines for /etc/sysctl.conf. */
final class SysctlFormat {

    static final String DROP_IN_DIR = "/etc/sysctl.d/";

    private SysctlFormat() {
    }

    static GeneratedFile dropIn(String name, String title, List<Sysctl> sysctls) {
        String text = "# " + title + "\n"
                + "# Install as " + DROP_IN_DIR + name + ", then apply with: sysctl --system\n"
                + lines(sysctls, true);
        return new GeneratedFile(name, text, false, DROP_IN_DIR + name);
    }

    /** Lines to append to /etc/sysctl.conf, the classic labs' way. */
    static GeneratedFile confLines(String name, String title, List<Sysctl> sysctls) {
        String text = "# " + title + "\n"
                + "# Append to /etc/sysctl.conf, then apply with: sysctl -p\n"
                + lines(sysctls, false);
        return new GeneratedFile(name, text, false, "/etc/sysctl.conf (append)");
    }

    /**
     * {@code key = value} lines, each group under its reason. The '-' prefix for optional keys is
     * only used in drop-ins: systemd-sysctl knows it, the older procps {@code sysctl -p} does not.
     */
    static String lines(List<Sysctl> sysctls, boolean dropIn) {
        StringBuilder s = new StringBuilder();
        String lastWhy = null;
        for (Sysctl sysctl : sysctls) {
            if (!sysctl.why().equals(lastWhy)) {
                s.append("\n# ").append(sysctl.why()).append('\n');
                lastWhy = sysctl.why();
            }
            s.append(dropIn && sysctl.optional() ? "-" : "").append(sysctl.key()).append(" = ")
                    .append(sysctl.value()).append('\n');
        }
        return s.toString();
    }
}
