package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The XDP program as the kernel runs it: loaded through the verifier and run on frames with
 * BPF_PROG_TEST_RUN, attached to a veth in a namespace of the test's own. Needs root (skipped
 * without it, except under CI=true).
 */
class XdpProgramTest {
    private static final long OUR_MAC = MacAddress.parse("02:00:00:00:05:01");
    private static final long OTHER_MAC = MacAddress.parse("02:00:00:00:05:02");
    private static final int VIP = Ipv4Address.parse("10.5.0.100");
    private static final int OTHER_IP = Ipv4Address.parse("10.5.0.7");
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int AF_XDP = 44;
    private static final int SOL_XDP = 283;
    private static final int XDP_RX_RING = 2;
    private static final int XDP_UMEM_REG = 4;
    private static final int XDP_UMEM_FILL_RING = 5;
    private static final int XDP_UMEM_COMPLETION_RING = 6;
    private static final int XDP_COPY = 2;
    private static final int UMEM_SIZE = 16 * 1024;

    private int vips = -1;
    private int xsks = -1;
    private int program = -1;
    private String ns;

    static final class Netns {
        static {
            Native.register(Netns.class, "c");
        }

        static native int setns(int fd, int type);
    }

    @BeforeEach
    void load() throws Exception {
        boolean root = "0".equals(run("id", "-u").strip());
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("prerequisite missing: root (CI=true: the XDP program test must run)");
        }
        Assumptions.assumeTrue(root, "needs root for bpf(2)");
        vips = XdpProgram.createVipMap(16);
        xsks = XdpProgram.createXskMap(4);
        program = Bpf.loadXdp(XdpProgram.build(vips, xsks, OUR_MAC), XdpProgram.PROGRAM_NAME);
    }

    @AfterEach
    void close() throws Exception {
        for (int fd : new int[] {program, xsks, vips}) {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
        if (ns != null) {
            run("ip", "netns", "del", ns);
        }
    }

    @Test
    void framesThatAreNotForAVipPassWhileVipFramesAreRedirected() throws Exception {
        XdpProgram.putVip(vips, VIP);
        withSocketOnQueue0(() -> {
            assertEquals(Bpf.XDP_REDIRECT, Bpf.testRun(program, ipv4(OUR_MAC, VIP)), "to the VIP");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC, OTHER_IP)), "IPv4 to another address");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OTHER_MAC, VIP)), "to another host's MAC");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC ^ 1, VIP)), "MAC differing in the last bit");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC ^ 1L << 40, VIP)), "MAC differing in the first byte");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, arp()), "ARP");
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, vlan(ipv4(OUR_MAC, VIP))), "VLAN-tagged");
            byte[] truncated = new byte[20];
            System.arraycopy(ipv4(OUR_MAC, VIP), 0, truncated, 0, 20);
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, truncated), "20 bytes");
            byte[] shortest = new byte[34];
            System.arraycopy(ipv4(OUR_MAC, VIP), 0, shortest, 0, 34);
            assertEquals(Bpf.XDP_REDIRECT, Bpf.testRun(program, shortest), "34 bytes, up to the destination");
        });
    }

    @Test
    void aVipFrameWithoutASocketOnItsQueueReachesTheKernel() {
        XdpProgram.putVip(vips, VIP);
        assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC, VIP)));
    }

    @Test
    void vipsAndSocketsCanBeAddedAndRemoved() throws Exception {
        withSocketOnQueue0(() -> {
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC, VIP)), "no VIP yet");
            XdpProgram.putVip(vips, VIP);
            XdpProgram.putVip(vips, VIP); // replacing is no error
            assertEquals(Bpf.XDP_REDIRECT, Bpf.testRun(program, ipv4(OUR_MAC, VIP)), "to our MAC");
            assertEquals(Bpf.XDP_REDIRECT, Bpf.testRun(program, ipv4(MacAddress.BROADCAST, VIP)), "broadcast");
            XdpProgram.removeVip(vips, VIP);
            XdpProgram.removeVip(vips, VIP); // removing a missing VIP is no error
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC, VIP)), "VIP removed");
            XdpProgram.putVip(vips, VIP);
            Bpf.deleteElement(xsks, 0);
            assertEquals(Bpf.XDP_PASS, Bpf.testRun(program, ipv4(OUR_MAC, VIP)), "socket removed");
        });
    }

    /**
     * Runs {@code body} with an AF_XDP socket in the XSKMAP's slot 0, where BPF_PROG_TEST_RUN's
     * frames arrive; the socket is bound to a veth in a namespace of the test's own.
     */
    private void withSocketOnQueue0(Runnable body) throws Exception {
        ns = namespace();
        run("ip", "-n", ns, "link", "add", "name", "xdp0", "type", "veth", "peer", "name", "xdp1");
        run("ip", "-n", ns, "link", "set", "dev", "xdp0", "up");
        run("ip", "-n", ns, "link", "set", "dev", "xdp1", "up");
        Memory umem = new Memory(UMEM_SIZE + 4096).align(4096);
        int xsk = inNamespace(ns, () -> boundSocket("xdp0", umem));
        try {
            Bpf.updateElement(xsks, 0, xsk);
            body.run();
        } finally {
            Libc.close(xsk);
        }
    }

    @Test
    void theLinkAttachesTheProgramToADeviceUntilItIsClosed() throws Exception {
        ns = namespace();
        run("ip", "-n", ns, "link", "add", "name", "xdp0", "type", "veth", "peer", "name", "xdp1");
        int link = inNamespace(ns, () -> Bpf.attachXdp(program, PacketSocketCalls.if_nametoindex("xdp0"),
                Bpf.XDP_FLAGS_DRV_MODE));
        String attached;
        try {
            attached = run("ip", "-n", ns, "link", "show", "dev", "xdp0");
        } finally {
            Libc.close(link);
        }
        assertTrue(attached.contains(" xdp ") && attached.contains("prog/xdp id"), attached);
        String detached = run("ip", "-n", ns, "link", "show", "dev", "xdp0");
        assertFalse(detached.contains("prog/xdp"), detached);
        int generic = inNamespace(ns, () -> Bpf.attachXdp(program, PacketSocketCalls.if_nametoindex("xdp1"),
                Bpf.XDP_FLAGS_SKB_MODE));
        try {
            String skb = run("ip", "-n", ns, "link", "show", "dev", "xdp1");
            assertTrue(skb.contains("xdpgeneric") && skb.contains("prog/xdp id"), skb);
        } finally {
            Libc.close(generic);
        }
    }

    @Test
    void refusalsNameTheCommandAndTheKernelsReason() {
        long[] noReturnValue = {XdpProgram.Asm.encode(0x95, 0, 0, 0, 0)}; // exit with r0 never set
        DirectorException load = assertThrows(DirectorException.class, () -> Bpf.loadXdp(noReturnValue, "lvs4j_bad"));
        assertTrue(load.getMessage().startsWith("bpf(BPF_PROG_LOAD) refused: "), load.getMessage());
        assertTrue(load.getMessage().contains("R0 !read_ok"), load.getMessage());
        assertFalse(load.getMessage().contains("\n"), load.getMessage());

        DirectorException attach = assertThrows(DirectorException.class,
                () -> Bpf.attachXdp(program, 0x7fff_fff0, Bpf.XDP_FLAGS_SKB_MODE));
        assertTrue(attach.getMessage().startsWith("bpf(BPF_LINK_CREATE) refused: "), attach.getMessage());

        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Bpf.createMap(Bpf.BPF_MAP_TYPE_HASH, 4, 1, 1, "lvs4j_sixteen_ch"));
        assertTrue(name.getMessage().contains("lvs4j_sixteen_ch"), name.getMessage());
    }

    @Test
    void onlyX86AndArmAreKnown() {
        assertEquals(321, Bpf.sysBpf("amd64"));
        assertEquals(280, Bpf.sysBpf("aarch64"));
        DirectorException e = assertThrows(DirectorException.class, () -> Bpf.sysBpf("riscv64"));
        assertTrue(e.getMessage().contains("riscv64"), e.getMessage());
    }

    /** An AF_XDP socket in copy mode on queue 0 of {@code device}, enough for an XSKMAP to take it. */
    private static int boundSocket(String device, Memory umem) {
        int fd = Libc.socket(AF_XDP, PacketSocketCalls.SOCK_RAW, 0);
        try (Memory reg = new Memory(32); Memory size = new Memory(4); Memory address = new Memory(16)) {
            reg.clear();
            reg.setPointer(0, umem);
            reg.setLong(8, UMEM_SIZE);
            reg.setInt(16, 2048); // chunk size
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_REG, reg, 32);
            size.setInt(0, 4);
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, size, 4);
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, size, 4);
            Libc.setsockopt(fd, SOL_XDP, XDP_RX_RING, size, 4);
            address.clear();
            address.setShort(0, (short) AF_XDP);
            address.setShort(2, (short) XDP_COPY);
            address.setInt(4, PacketSocketCalls.if_nametoindex(device));
            PacketSocketCalls.bind(fd, address, 16);
            return fd;
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static String namespace() throws Exception {
        String name = "l4jx" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        run("ip", "netns", "add", name);
        return name;
    }

    /** Devices are named, and sockets made, in the namespace of the calling thread: a thread joins ns for it. */
    private static <T> T inNamespace(String ns, Callable<T> action) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread t = new Thread(() -> {
            int fd = Libc.open("/run/netns/" + ns, 0);
            try {
                if (Netns.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter namespace " + ns);
                }
                result[0] = action.call();
            } catch (Exception e) {
                failure[0] = e;
            } finally {
                Libc.close(fd);
            }
        }, "netns-" + ns);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    private static byte[] ipv4(long dstMac, int dstIp) {
        byte[] f = new byte[60];
        MacAddress.write(f, 0, dstMac);
        MacAddress.write(f, 6, OTHER_MAC);
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        f[23] = 17;
        Ipv4Address.write(f, 26, OTHER_IP);
        Ipv4Address.write(f, 30, dstIp);
        return f;
    }

    /** An ARP request for the VIP: the bytes at 30..33 are no IPv4 destination here. */
    private static byte[] arp() {
        byte[] f = ipv4(MacAddress.BROADCAST, VIP);
        f[12] = 0x08;
        f[13] = 0x06;
        return f;
    }

    private static byte[] vlan(byte[] untagged) {
        byte[] f = new byte[untagged.length + 4];
        System.arraycopy(untagged, 0, f, 0, 12);
        f[12] = (byte) 0x81;
        f[13] = 0x00;
        f[15] = 5;
        System.arraycopy(untagged, 12, f, 16, untagged.length - 12);
        return f;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
