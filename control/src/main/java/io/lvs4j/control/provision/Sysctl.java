package io.lvs4j.control.provision;

/**
 * One kernel setting with the reason for it. The script, sysctl and ifcfg formats all render
 * the same {@code Sysctl} lists, so the values are written down once.
 *
 * @param key      dotted name, e.g. {@code net.ipv4.conf.all.arp_ignore}
 * @param value    the wanted value
 * @param why      one-line reason, written as a comment
 * @param optional the key may not exist at boot (tunl0 appears only once ipip is loaded), so a
 *                 sysctl.d drop-in prefixes it with '-' to let systemd-sysctl skip it quietly;
 *                 systemd applies per-interface keys again when the interface appears
 */
public record Sysctl(String key, String value, String why, boolean optional) {

    public static Sysctl of(String key, String value, String why) {
        return new Sysctl(key, value, why, false);
    }

    /** {@code key=value}, the form the generated scripts iterate over. */
    public String assignment() {
        return key + "=" + value;
    }
}
