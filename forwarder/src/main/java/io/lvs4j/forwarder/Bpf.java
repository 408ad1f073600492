package io.lvs4j.forwarder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bpf(2) system call, through libc's syscall() because glibc has no wrapper, so neither
 * libbpf nor clang is needed. Only control-path commands: they throw {@link DirectorException}
 * with the kernel's reason.
 *
 * <p>The union bpf_attr offsets below were checked with offsetof() against Debian 12's
 * &lt;linux/bpf.h&gt; (gcc, x86_64); the kernel ABI keeps them stable across versions.
 */
final class Bpf {
    static final int BPF_MAP_TYPE_HASH = 1;
    static final int BPF_MAP_TYPE_XSKMAP = 17;
    static final int BPF_PROG_TYPE_XDP = 6;
    /** Attach type of an XDP link (enum bpf_attach_type). */
    static final int BPF_XDP = 37;
    /** Generic (copy, in the stack) XDP: works on every device, e.g. veth without a peer program. */
    static final int XDP_FLAGS_SKB_MODE = 2;
    /** Native XDP in the driver; refused by devices whose driver has no XDP support. */
    static final int XDP_FLAGS_DRV_MODE = 4;

    static final int XDP_ABORTED = 0;
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int XDP_TX = 3;
    static final int XDP_REDIRECT = 4;

    private static final int BPF_MAP_CREATE = 0;
    private static final int BPF_MAP_UPDATE_ELEM = 2;
    private static final int BPF_MAP_DELETE_ELEM = 3;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_TEST_RUN = 10;
    private static final int BPF_LINK_CREATE = 28;

    /** sizeof(union bpf_attr) in the checked header; newer kernels accept it (they zero-extend). */
    private static final int ATTR_SIZE = 144;

    // BPF_MAP_CREATE
    private static final int MAP_TYPE = 0;
    private static final int KEY_SIZE = 4;
    private static final int VALUE_SIZE = 8;
    private static final int MAX_ENTRIES = 12;
    private static final int MAP_NAME = 28;
    // BPF_MAP_*_ELEM
    private static final int ELEM_MAP_FD = 0;
    private static final int ELEM_KEY = 8;
    private static final int ELEM_VALUE = 16;
    private static final int ELEM_FLAGS = 24;
    // BPF_PROG_LOAD
    private static final int PROG_TYPE = 0;
    private static final int INSN_CNT = 4;
    private static final int INSNS = 8;
    private static final int LICENSE = 16;
    private static final int LOG_LEVEL = 24;
    private static final int LOG_SIZE = 28;
    private static final int LOG_BUF = 32;
    private static final int PROG_NAME = 48;
    // BPF_LINK_CREATE
    private static final int LINK_PROG_FD = 0;
    private static final int LINK_TARGET_IFINDEX = 4;
    private static final int LINK_ATTACH_TYPE = 8;
    private static final int LINK_FLAGS = 12;
    // BPF_PROG_TEST_RUN
    private static final int TEST_PROG_FD = 0;
    private static final int TEST_RETVAL = 4;
    private static final int TEST_DATA_SIZE_IN = 8;
    private static final int TEST_DATA_IN = 16;
    private static final int TEST_REPEAT = 32;

    /** BPF_OBJ_NAME_LEN is 16 with the terminating NUL. */
    private static final int MAX_NAME = 15;
    private static final int LOG_BUFFER_SIZE = 256 * 1024;
    private static final int LOG_LINES_REPORTED = 8;
    private static final int ENOENT = 2;
    private static final long SYS_BPF = sysBpf(System.getProperty("os.arch"));

    static {
        Native.register(Bpf.class, NativeLibrary.getInstance("c"));
    }

    private Bpf() {
    }

    /** Arguments as long: syscall() is variadic and takes whole registers; the kernel narrows them. */
    private static native long syscall(long number, long cmd, Pointer attr, long size) throws LastErrorException;

    private static native String strerror(int errno);

    static long sysBpf(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 321;
            case "aarch64" -> 280;
            default -> throw new DirectorException("the XDP datapath supports x86_64 and aarch64 only, not " + arch);
        };
    }

    /** Returns the new map's file descriptor; the map lives until every fd and program using it is gone. */
    static int createMap(int mapType, int keySize, int valueSize, int maxEntries, String name) {
        try (Memory attr = attr()) {
            attr.setInt(MAP_TYPE, mapType);
            attr.setInt(KEY_SIZE, keySize);
            attr.setInt(VALUE_SIZE, valueSize);
            attr.setInt(MAX_ENTRIES, maxEntries);
            putName(attr, MAP_NAME, name);
            return (int) call(BPF_MAP_CREATE, "BPF_MAP_CREATE", attr);
        }
    }

    /** Inserts or replaces (BPF_ANY). */
    static void updateElement(int mapFd, Pointer key, Pointer value) {
        try (Memory attr = attr()) {
            attr.setInt(ELEM_MAP_FD, mapFd);
            attr.setPointer(ELEM_KEY, key);
            attr.setPointer(ELEM_VALUE, value);
            attr.setLong(ELEM_FLAGS, 0);
            call(BPF_MAP_UPDATE_ELEM, "BPF_MAP_UPDATE_ELEM", attr);
        }
    }

    /** Int key and value in host byte order, e.g. an XSKMAP's queue index and socket fd. */
    static void updateElement(int mapFd, int key, int value) {
        try (Memory k = new Memory(4); Memory v = new Memory(4)) {
            k.setInt(0, key);
            v.setInt(0, value);
            updateElement(mapFd, k, v);
        }
    }

    /** Removing a key that is not there is no error: the caller wanted it gone. */
    static void deleteElement(int mapFd, Pointer key) {
        try (Memory attr = attr()) {
            attr.setInt(ELEM_MAP_FD, mapFd);
            attr.setPointer(ELEM_KEY, key);
            syscall(SYS_BPF, BPF_MAP_DELETE_ELEM, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENOENT) {
                throw refused("BPF_MAP_DELETE_ELEM", e);
            }
        }
    }

    static void deleteElement(int mapFd, int key) {
        try (Memory k = new Memory(4)) {
            k.setInt(0, key);
            deleteElement(mapFd, k);
        }
    }

    /**
     * Loads an XDP program (8-byte instructions as {@link XdpProgram} encodes them) and returns its
     * fd. The first attempt goes without a verifier log, which costs nothing; only a refusal is
     * repeated with one, so the operator reads why.
     */
    static int loadXdp(long[] instructions, String name) {
        try (Memory insns = new Memory(8L * instructions.length);
                Memory license = new Memory(4);
                Memory attr = attr()) {
            insns.write(0, instructions, 0, instructions.length);
            // Neither helper the program calls is GPL-only (a load under another license passes too);
            // "GPL" keeps the GPL-only ones, e.g. bpf_trace_printk for debugging, within reach.
            license.setString(0, "GPL", "US-ASCII");
            attr.setInt(PROG_TYPE, BPF_PROG_TYPE_XDP);
            attr.setInt(INSN_CNT, instructions.length);
            attr.setPointer(INSNS, insns);
            attr.setPointer(LICENSE, license);
            putName(attr, PROG_NAME, name);
            try {
                return (int) syscall(SYS_BPF, BPF_PROG_LOAD, attr, ATTR_SIZE);
            } catch (LastErrorException first) {
                try (Memory log = new Memory(LOG_BUFFER_SIZE)) {
                    log.clear();
                    attr.setInt(LOG_LEVEL, 1);
                    attr.setInt(LOG_SIZE, LOG_BUFFER_SIZE);
                    attr.setPointer(LOG_BUF, log);
                    try {
                        return (int) syscall(SYS_BPF, BPF_PROG_LOAD, attr, ATTR_SIZE);
                    } catch (LastErrorException e) {
                        throw new DirectorException("bpf(BPF_PROG_LOAD) refused: " + text(e.getErrorCode())
                                + verifierTail(log.getString(0, "US-ASCII")));
                    }
                }
            }
        }
    }

    /**
     * Attaches an XDP program to a device through a BPF link and returns the link's fd. Closing it
     * detaches the program, and so does the process's death, even by SIGKILL: no program stays
     * behind steering frames to sockets that no longer exist, as a netlink attachment would.
     */
    static int attachXdp(int progFd, int ifindex, int xdpFlags) {
        try (Memory attr = attr()) {
            attr.setInt(LINK_PROG_FD, progFd);
            attr.setInt(LINK_TARGET_IFINDEX, ifindex);
            attr.setInt(LINK_ATTACH_TYPE, BPF_XDP);
            attr.setInt(LINK_FLAGS, xdpFlags);
            return (int) call(BPF_LINK_CREATE, "BPF_LINK_CREATE", attr);
        }
    }

    /** Runs the program once on {@code frame} in the kernel (no device involved) and returns its action. */
    static int testRun(int progFd, byte[] frame) {
        try (Memory data = new Memory(Math.max(1, frame.length)); Memory attr = attr()) {
            data.write(0, frame, 0, frame.length);
            attr.setInt(TEST_PROG_FD, progFd);
            attr.setInt(TEST_DATA_SIZE_IN, frame.length);
            attr.setPointer(TEST_DATA_IN, data);
            attr.setInt(TEST_REPEAT, 1);
            call(BPF_PROG_TEST_RUN, "BPF_PROG_TEST_RUN", attr);
            return attr.getInt(TEST_RETVAL);
        }
    }

    private static Memory attr() {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear(); // the kernel refuses set bytes past the fields a command uses
        return attr;
    }

    private static long call(int cmd, String cmdName, Memory attr) {
        try {
            return syscall(SYS_BPF, cmd, attr, ATTR_SIZE);
        } catch (LastErrorException e) {
            throw refused(cmdName, e);
        }
    }

    private static void putName(Memory attr, int offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length > MAX_NAME || !name.matches("[A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("invalid BPF object name '" + name
                    + "': at most " + MAX_NAME + " letters, digits, '_' or '.'");
        }
        attr.write(offset, b, 0, b.length);
    }

    private static DirectorException refused(String cmdName, LastErrorException e) {
        return new DirectorException("bpf(" + cmdName + ") refused: " + text(e.getErrorCode()));
    }

    private static String text(int errno) {
        return strerror(errno) + " (errno " + errno + ")";
    }

    /** The verifier's conclusion is at the end of its log; the instructions before it rarely matter. */
    static String verifierTail(String log) {
        String[] lines = log.strip().replaceAll("[ \t]+", " ").split("\n");
        if (lines.length == 1 && lines[0].isEmpty()) {
            return "";
        }
        int from = Math.max(0, lines.length - LOG_LINES_REPORTED);
        return "; verifier: " + String.join(" | ", Arrays.copyOfRange(lines, from, lines.length));
    }
}
