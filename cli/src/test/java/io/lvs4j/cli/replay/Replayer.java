package io.lvs4j.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs {@code lvs4j run --read IN --write OUT} in-process (the same command line as the jar) and
 * reads back what the director wrote. Real servers are named by their MAC in OUT.pcap.
 */
final class Replayer {
    /** The real servers of most tests: name, address, MAC. */
    record Server(String name, String ip, String mac) {
        String neigh() {
            return ip + "=" + mac;
        }
    }

    static final Server RS1 = new Server("rs1", "10.0.0.11", "02:00:00:00:00:11");
    static final Server RS2 = new Server("rs2", "10.0.0.12", "02:00:00:00:00:12");
    static final Server RS3 = new Server("rs3", "10.0.0.13", "02:00:00:00:00:13");
    /** mh's servers: the addresses of ipvs-semantics.md's known answers. */
    static final Server MH1 = new Server("mh1", "10.0.0.1", "02:00:00:00:01:01");
    static final Server MH2 = new Server("mh2", "10.0.0.2", "02:00:00:00:01:02");
    static final Server MH3 = new Server("mh3", "10.0.0.3", "02:00:00:00:01:03");
    static final List<Server> ALL = List.of(RS1, RS2, RS3, MH1, MH2, MH3);

    /** The default director MAC of a replay without --mac. */
    static final String DEFAULT_MAC = "02:00:00:00:00:01";

    private final Path dir;
    private int runs;

    Replayer(Path dir) {
        this.dir = dir;
    }

    /** --neigh arguments for these servers. */
    static List<String> neigh(Server... servers) {
        List<String> args = new ArrayList<>();
        for (Server s : servers) {
            args.add("--neigh");
            args.add(s.neigh());
        }
        return args;
    }

    /** "-A -t VIP:80 -s SCHED [flags]" then "-a … -w W" per (server, weight) pair, in that order. */
    static String rules(String serviceOptions, Object... serversAndWeights) {
        StringBuilder sb = new StringBuilder("-A -t " + Traffic.VIP + ":80 " + serviceOptions + "\n");
        for (int i = 0; i < serversAndWeights.length; i += 2) {
            Server s = (Server) serversAndWeights[i];
            sb.append("-a -t ").append(Traffic.VIP).append(":80 -r ").append(s.ip()).append(":80 -g -w ")
                    .append(serversAndWeights[i + 1]).append('\n');
        }
        return sb.toString();
    }

    /** Writes the capture and the rules, replays, and reads OUT.pcap back. */
    Result run(Traffic traffic, String rules, List<String> extra) throws IOException {
        int n = ++runs;
        Path in = traffic.write(dir.resolve("in" + n + ".pcap"));
        Path rulesFile = dir.resolve("rules" + n);
        Files.writeString(rulesFile, rules);
        Path out = dir.resolve("out" + n + ".pcap");
        List<String> args = new ArrayList<>(List.of("run", "--read", in.toString(), "--write", out.toString(),
                "-f", rulesFile.toString()));
        args.addAll(extra);
        Result r = cli(args.toArray(new String[0]));
        assertEquals(0, r.exit, "exit code; stderr: " + r.err);
        return r.withOutput(Pcap.read(out), in);
    }

    /** Runs the command line with these arguments; stdout and stderr as picocli's writers carry them. */
    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString(), null, null);
    }

    /** A frame the director sent, decoded. */
    record Sent(long seconds, int fraction, String kind, String to, String client, int port, int flags,
                byte[] frame) {
        boolean syn() {
            return kind.equals("tcp") && (flags & Traffic.SYN) != 0;
        }
    }

    record Result(int exit, String out, String err, Pcap.File written, Path input) {
        Result withOutput(Pcap.File file, Path in) {
            return new Result(exit, out, err, file, in);
        }

        List<Sent> sent() {
            List<Sent> list = new ArrayList<>();
            for (Pcap.Record r : written.records()) {
                byte[] f = r.frame();
                int type = Traffic.get16(f, 12);
                String to = name(Traffic.getMac(f, 0));
                boolean nonFirstFragment = (Traffic.get16(f, 20) & 0x1fff) != 0;
                if (type == 0x0800 && f[23] == 6 && !nonFirstFragment) {
                    int ihl = (f[14] & 0x0f) * 4;
                    int t = 14 + ihl;
                    list.add(new Sent(r.seconds(), r.fraction(), "tcp", to, Traffic.ipText(Traffic.get32(f, 26)),
                            Traffic.get16(f, t), f[t + 13] & 0xff, f));
                } else if (type == 0x0806) {
                    String kind = Traffic.get16(f, 20) == 1 ? "arp-request" : "arp-reply";
                    list.add(new Sent(r.seconds(), r.fraction(), kind, to, null, 0, 0, f));
                } else {
                    list.add(new Sent(r.seconds(), r.fraction(), "other", to, null, 0, 0, f));
                }
            }
            return list;
        }

        /** The forwarded TCP segments in order. */
        List<Sent> forwarded() {
            return sent().stream().filter(s -> s.kind().equals("tcp")).toList();
        }

        /** The server of each forwarded SYN, in order: the scheduler's choices. */
        List<String> synServers() {
            return forwarded().stream().filter(Sent::syn).map(Sent::to).toList();
        }

        /** Client "address:port" → the servers its segments went to, in order of first use. */
        Map<String, List<String>> serversByFlow() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (Sent s : forwarded()) {
                List<String> l = m.computeIfAbsent(s.client() + ":" + s.port(), k -> new ArrayList<>());
                if (!l.contains(s.to())) {
                    l.add(s.to());
                }
            }
            return m;
        }

        /** Per real server "addr:port" → {conns, packets, bytes}, from the summary on stdout. */
        Map<String, long[]> serverCounters() {
            Map<String, long[]> m = new HashMap<>();
            Matcher x = SERVER_LINE.matcher(out);
            while (x.find()) {
                m.put(x.group(1), new long[] {Long.parseLong(x.group(2)), Long.parseLong(x.group(3)),
                        Long.parseLong(x.group(4))});
            }
            return m;
        }

        long[] counters(Server s) {
            long[] c = serverCounters().get(s.ip() + ":80");
            return c == null ? null : Arrays.copyOf(c, 3);
        }

        /** The summary's "connections: N tracked" figure. */
        long tracked() {
            Matcher x = Pattern.compile("connections: (\\d+) tracked").matcher(out);
            if (!x.find()) {
                throw new AssertionError("no connections line in:\n" + out);
            }
            return Long.parseLong(x.group(1));
        }
    }

    private static final Pattern SERVER_LINE = Pattern.compile(
            "(?m)^\\s+-> (\\S+) \\S+ weight \\d+: conns (\\d+), packets (\\d+), bytes (\\d+)$");

    static String name(long mac) {
        for (Server s : ALL) {
            if (Traffic.mac(s.mac()) == mac) {
                return s.name();
            }
        }
        return Traffic.macText(mac);
    }
}
