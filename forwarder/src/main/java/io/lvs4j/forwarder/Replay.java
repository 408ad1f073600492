package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lvs4j run --read IN.pcap --write OUT.pcap}: "what would the director do with this
 * traffic?" The same {@link Director} as {@code run -i}, over a capture file instead of a NIC
 * (see {@link ReplayLoop}); no root, no libpcap. OUT.pcap gets every frame the director would
 * send: gratuitous ARP for the VIPs and ARP requests for the real servers at start (at the first
 * frame's time), ARP answers, forwarded frames, ICMP.
 *
 * <p>The director's own addresses: {@code --mac} (default {@link #DEFAULT_MAC}, a locally
 * administered address; without --mac frames to ANY destination MAC are taken as addressed to
 * the director, so a capture taken anywhere on the client's path can be replayed),
 * {@code --ip} (default 0.0.0.0: ARP requests for real servers go out as RFC 5227 probes, which
 * hosts answer too) and the NIC's {@code --mtu} (default 1500). Real servers' MACs come from
 * {@code --neigh IP=MAC} or from ARP in the capture; a server whose MAC is unknown takes no new
 * connections, as on a NIC.
 *
 * <p>Output goes to a temporary file beside OUT.pcap that replaces OUT.pcap only when the whole
 * capture was read: a bad input leaves no half-written output, and one line on stderr.
 */
public final class Replay {
    /** The director's MAC in replay unless --mac says otherwise (locally administered, unicast). */
    public static final String DEFAULT_MAC = "02:00:00:00:00:01";
    /**
     * A replay has no NIC to ask: Ethernet's MTU, for TUN's "fragmentation needed" decisions and
     * the live snap length (frames longer than MTU + 22 are dropped, as on a NIC).
     */
    public static final int MTU = 1500;
    /** --mtu bounds: IPv4's minimum, and the largest whose live snap length (MTU + 22) pcap allows. */
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 65535 - PcapPort.FRAME_OVERHEAD;

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final Path read;
    private final Path write;
    private final List<String> neighbours;
    private final String mac;
    private final String ip;
    private String mtu;

    /** What a replay did: its director (tables and counters) and how much capture time it spanned. */
    public record Result(Director director, long spanMillis) {
    }

    public Replay(Path read, Path write, List<String> neighbours, String mac, String ip) {
        this.read = read;
        this.write = write;
        this.neighbours = neighbours == null ? List.of() : neighbours;
        this.mac = mac;
        this.ip = ip;
    }

    /** --mtu BYTES: the offline NIC's MTU (null: {@link #MTU}). */
    public Replay mtu(String bytes) {
        this.mtu = bytes;
        return this;
    }

    /** The offline NIC's MTU: --mtu, else {@link #MTU}; a bad one is a DirectorException naming it. */
    int nicMtu() {
        if (mtu == null) {
            return MTU;
        }
        String allowed = "the MTU in bytes, " + MIN_MTU + " to " + MAX_MTU;
        try {
            int value = Integer.parseInt(mtu.trim());
            if (value >= MIN_MTU && value <= MAX_MTU) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new DirectorException("--mtu '" + mtu + "': expected " + allowed);
    }

    /** A parsed --neigh IP=MAC. */
    record Neighbour(int ip, long mac) {
    }

    /** Parses one --neigh value; a bad one is a DirectorException naming it. */
    static Neighbour parseNeighbour(String value) {
        int eq = value.indexOf('=');
        String example = "expected IP=MAC, e.g. 10.0.0.11=52:54:00:00:00:11";
        if (eq < 0) {
            throw new DirectorException("--neigh '" + value + "': " + example);
        }
        try {
            return new Neighbour(Ipv4Address.parse(value.substring(0, eq)),
                    MacAddress.parse(value.substring(eq + 1)));
        } catch (IllegalArgumentException e) {
            throw new DirectorException("--neigh '" + value + "': " + e.getMessage() + "; " + example);
        }
    }

    /** The director's MAC: --mac, else {@link #DEFAULT_MAC}. */
    long directorMac() {
        if (mac == null) {
            return MacAddress.parse(DEFAULT_MAC);
        }
        try {
            return MacAddress.parse(mac);
        } catch (IllegalArgumentException e) {
            throw new DirectorException("--mac: " + e.getMessage());
        }
    }

    /** The director's address: --ip, else 0.0.0.0. */
    int directorIp() {
        if (ip == null) {
            return 0;
        }
        try {
            return Ipv4Address.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new DirectorException("--ip: " + e.getMessage());
        }
    }

    /**
     * Replays the capture through a director over {@code services}. Bad input is a
     * DirectorException (one line), with nothing written.
     *
     * @param tunnelSource the outer source of IPIP packets, or -1 for the director's --ip
     */
    public Result run(ServiceTable services, ConnectionTable connections, int tunnelSource) {
        if (write == null) {
            throw new DirectorException("--read needs --write OUT.pcap (the file for the frames the director sends)");
        }
        List<Neighbour> seeds = new ArrayList<>();
        for (String n : neighbours) {
            seeds.add(parseNeighbour(n));
        }
        long ourMac = directorMac();
        int ourIp = directorIp();
        int nicMtu = nicMtu();
        int outerSource = tunnelSource == -1 ? ourIp : tunnelSource;
        TunnelSource.require(services, outerSource, "give the director's --ip (or --tun-source IP)");
        if (sameFile(read, write)) {
            throw new DirectorException("--write " + write + " is the --read file; choose another file");
        }
        for (Neighbour n : seeds) {
            if (!isNextHop(services, n.ip())) {
                log.warn("--neigh {}: not a real server of the rules; ignored", Ipv4Address.toString(n.ip()));
            }
        }

        try (CaptureFileReader in = CaptureFileReader.open(read)) {
            return replay(in, services, connections, seeds, ourMac, ourIp, nicMtu, outerSource);
        }
    }

    private Result replay(CaptureFileReader in, ServiceTable services, ConnectionTable connections,
                          List<Neighbour> seeds, long ourMac, int ourIp, int nicMtu, int outerSource) {
        Path partial = temporaryBeside(write);
        boolean done = false;
        try {
            Nic nic = new Nic(read.toString(), ourMac, ourIp, 0, nicMtu, 0);
            Director director;
            ReplayLoop loop;
            try (CaptureFileWriter file = CaptureFileWriter.create(partial, in.nanosecond())) {
                director = new Director(nic, file, services, connections, true, mac == null, outerSource);
                loop = new ReplayLoop(in, file);
                long start = loop.start();
                director.servicesChanged(start, true);
                for (Neighbour n : seeds) {
                    director.seedNeighbour(n.ip(), n.mac());
                }
                loop.run(director);
                log.info("replayed {} frame(s) of {} ({} s of capture time) as {} {}{}; wrote {} frame(s) to {}",
                        loop.frames(), read, String.format(java.util.Locale.ROOT, "%.3f", loop.spanMillis() / 1000.0),
                        MacAddress.toString(ourMac), Ipv4Address.toString(ourIp),
                        mac == null ? " (any destination MAC taken as ours)" : "", file.frames(), write);
            }
            if (in.cutShort() > 0) {
                log.warn("{} frame(s) of {} were cut short by the capture's snap length ({} bytes); the director"
                        + " drops frames it cannot see whole (counted as longer than the MTU): capture with"
                        + " `tcpdump -s 0`", in.cutShort(), read, in.snapLength());
            }
            moveIntoPlace(partial, write);
            done = true;
            return new Result(director, loop.spanMillis());
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    log.warn("cannot remove {}: {}", partial, e.getMessage());
                }
            }
        }
    }

    private static boolean isNextHop(ServiceTable services, int address) {
        for (VirtualService svc : services.services()) {
            for (RealServer rs : svc.servers()) {
                if (rs.address() == address) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A new file in OUT's directory, readable like a file tcpdump writes (0644). */
    private static Path temporaryBeside(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".partial");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new DirectorException("cannot write " + out + ": " + why);
        }
    }

    private static void moveIntoPlace(Path partial, Path out) {
        try {
            try {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DirectorException("cannot write " + out + ": " + e.getMessage());
        }
    }
}
