package io.lvs4j.forwarder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An nftables table of lvs4j's own whose prerouting chain, at raw priority, drops chosen packets
 * before the director's local stack and its forwarding see them. pcap has already captured them
 * by then (the packet socket taps the device before netfilter), so the Java director still
 * forwards them while the kernel can neither answer them (a RST for a VIP that is a local address)
 * nor forward them a second time (NAT replies with ip_forward on).
 *
 * <p>Every change is one {@code nft -f} transaction that creates, deletes and recreates the table:
 * a stale table left by a crashed run is replaced, never stacked, and a rule set is never seen
 * half-written. Rules are nft rule statements such as {@code ip daddr 10.0.0.100 tcp dport 80 drop}.
 */
public final class NftGuard implements AutoCloseable {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    /** nft may be slow on a busy machine; it never needs long. */
    private static final long NFT_TIMEOUT_SECONDS = 30;

    private final List<String> nft;
    private final String table;
    private boolean installed;

    private NftGuard(List<String> nft, String table) {
        this.nft = List.copyOf(nft);
        this.table = table;
    }

    /** Installs {@code rules} in table {@code ip <table>}, replacing a stale one of that name. */
    public static NftGuard install(String table, List<String> rules) {
        return install(List.of("nft"), table, rules);
    }

    /**
     * As {@link #install(String, List)}, running {@code nft} as the given command, e.g.
     * {@code ip netns exec NS nft} in a test.
     */
    static NftGuard install(List<String> nft, String table, List<String> rules) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("bad nftables table name '" + table
                    + "': allowed are a letter then up to 31 letters, digits, '_' or '-'");
        }
        NftGuard guard = new NftGuard(nft, table);
        guard.replace(rules);
        return guard;
    }

    /** Replaces the rule set at once (virtual services added or removed at run time). */
    public synchronized void replace(List<String> rules) {
        StringBuilder script = new StringBuilder()
                .append("table ip ").append(table).append('\n')
                .append("delete table ip ").append(table).append('\n')
                .append("table ip ").append(table).append(" {\n")
                .append("  chain prerouting {\n")
                .append("    type filter hook prerouting priority raw; policy accept;\n");
        for (String rule : rules) {
            if (rule.indexOf('\n') >= 0 || rule.indexOf(';') >= 0 || rule.indexOf('}') >= 0) {
                throw new IllegalArgumentException("bad nftables rule '" + rule + "': one statement, no ';', '}' or newline");
            }
            script.append("    ").append(rule).append('\n');
        }
        script.append("  }\n}\n");
        run(List.of("-f", "-"), script.toString());
        installed = true;
    }

    /** The table's name (family ip). */
    public String table() {
        return table;
    }

    /** Removes the table; a guard already gone is fine. */
    @Override
    public synchronized void close() {
        if (installed) {
            installed = false;
            // "table" then "delete": deleting a table that another hand removed is not an error.
            run(List.of("-f", "-"), "table ip " + table + "\ndelete table ip " + table + "\n");
        }
    }

    private void run(List<String> args, String stdin) {
        List<String> command = new ArrayList<>(nft);
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DirectorException("nft did not finish within " + NFT_TIMEOUT_SECONDS + " s (table ip " + table + ")");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new DirectorException("cannot change the nftables guard (table ip " + table + "): "
                        + (out.isEmpty() ? "nft exit " + p.exitValue() : out.lines().findFirst().orElse(out)));
            }
        } catch (IOException e) {
            throw new DirectorException("cannot run nft for the guard (table ip " + table
                    + "); install the nftables package: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectorException("interrupted while changing the nftables guard (table ip " + table + ")");
        }
    }
}
