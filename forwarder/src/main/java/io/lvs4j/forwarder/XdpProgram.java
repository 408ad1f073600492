package io.lvs4j.forwarder;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The XDP program that steers frames for a VIP to the AF_XDP socket of the queue they arrived on
 * and leaves every other frame to the kernel (ARP, the host's own traffic, VLANs, IPv6), so the
 * director's host stays reachable while the datapath runs.
 *
 * <p>It reads two maps. {@code lvs4j_vips}, a hash: key the 4-byte IPv4 destination exactly as it
 * lies in the packet (network byte order), value one byte (1); only {@link #putVip} and
 * {@link #removeVip} write it, so the byte order is decided here. {@code lvs4j_xsks}, an XSKMAP:
 * key the RX queue index, value the AF_XDP socket's fd (as {@link Bpf#updateElement(int, int, int)}
 * takes them).
 *
 * <p>Assembled here in Java, because clang and libbpf are no build or run dependency.
 */
final class XdpProgram {
    static final String VIPS_MAP_NAME = "lvs4j_vips";
    static final String XSKS_MAP_NAME = "lvs4j_xsks";
    static final String PROGRAM_NAME = "lvs4j_vips";
    static final int VIP_KEY_SIZE = 4;
    static final int VIP_VALUE_SIZE = 1;

    /** Registers: r0 return value, r1-r5 arguments (clobbered by calls), r6-r9 kept, r10 frame pointer. */
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int R2 = 2;
    private static final int R3 = 3;
    private static final int R4 = 4;
    private static final int R5 = 5;
    private static final int R6 = 6;
    private static final int R10 = 10;

    private static final int FUNC_MAP_LOOKUP_ELEM = 1;
    private static final int FUNC_REDIRECT_MAP = 51;
    /** struct xdp_md; offsets, helper numbers and BPF_PSEUDO_MAP_FD checked against &lt;linux/bpf.h&gt; with gcc. */
    private static final int XDP_MD_DATA = 0;
    private static final int XDP_MD_DATA_END = 4;
    private static final int XDP_MD_RX_QUEUE_INDEX = 16;
    /** Ethernet header and IPv4 header up to and including the destination address. */
    private static final int MIN_FRAME = 34;
    private static final int ETHERTYPE_OFFSET = 12;
    private static final int IPV4_DADDR_OFFSET = 30;
    private static final int ETHERTYPE_IPV4 = 0x0800;

    private XdpProgram() {
    }

    /** A hash map the program looks VIPs up in. */
    static int createVipMap(int maxVips) {
        return Bpf.createMap(Bpf.BPF_MAP_TYPE_HASH, VIP_KEY_SIZE, VIP_VALUE_SIZE, maxVips, VIPS_MAP_NAME);
    }

    /** An XSKMAP with one slot per RX queue. */
    static int createXskMap(int queues) {
        return Bpf.createMap(Bpf.BPF_MAP_TYPE_XSKMAP, 4, 4, queues, XSKS_MAP_NAME);
    }

    /** {@code vip} as {@link io.lvs4j.packet.Ipv4Address} holds it (10.0.0.1 is 0x0A000001). */
    static void putVip(int vipsMapFd, int vip) {
        try (Memory key = vipKey(vip); Memory value = new Memory(VIP_VALUE_SIZE)) {
            value.setByte(0, (byte) 1);
            Bpf.updateElement(vipsMapFd, key, value);
        }
    }

    static void removeVip(int vipsMapFd, int vip) {
        try (Memory key = vipKey(vip)) {
            Bpf.deleteElement(vipsMapFd, key);
        }
    }

    /** The key's bytes in wire order, whatever the host's byte order. */
    private static Memory vipKey(int vip) {
        Memory key = new Memory(VIP_KEY_SIZE);
        for (int i = 0; i < VIP_KEY_SIZE; i++) {
            key.setByte(i, (byte) (vip >>> (24 - 8 * i)));
        }
        return key;
    }

    /**
     * The program's instructions for {@link Bpf#loadXdp}; {@code ourMac} as
     * {@link io.lvs4j.packet.MacAddress} holds it. Frames to ff:ff:ff:ff:ff:ff go through the VIP
     * check as well, so the datapath sees every frame to a VIP it would have seen on a ring port.
     */
    static long[] build(int vipsMapFd, int xsksMapFd, long ourMac) {
        Asm a = new Asm();
        a.movReg(R6, R1); // helper calls clobber r1-r5; r6-r9 survive them
        a.ldxW(R2, R1, XDP_MD_DATA);
        a.ldxW(R3, R1, XDP_MD_DATA_END);
        a.movReg(R4, R2);
        a.addImm(R4, MIN_FRAME);
        a.jgtReg(R4, R3, "pass"); // the verifier refuses packet reads not proven inside data_end

        // Packet loads are little-endian on the hosts we run on, so the constants are byte-swapped.
        a.ldxW(R4, R2, 0);
        a.ldxH(R5, R2, 4);
        a.jne32Imm(R4, Integer.reverseBytes((int) (ourMac >>> 16)), "broadcast");
        a.jeqImm(R5, swap16((int) ourMac), "ipv4");
        a.label("broadcast");
        a.jne32Imm(R4, -1, "pass");
        a.jneImm(R5, 0xffff, "pass");

        a.label("ipv4");
        a.ldxH(R4, R2, ETHERTYPE_OFFSET);
        a.jneImm(R4, swap16(ETHERTYPE_IPV4), "pass"); // a VLAN tag (0x8100) passes too
        a.ldxW(R4, R2, IPV4_DADDR_OFFSET);
        a.stxW(R10, -4, R4); // helpers take map keys by pointer, so the key goes on the stack
        a.ldMapFd(R1, vipsMapFd);
        a.movReg(R2, R10);
        a.addImm(R2, -4);
        a.call(FUNC_MAP_LOOKUP_ELEM);
        a.jeqImm(R0, 0, "pass");

        a.ldxW(R2, R6, XDP_MD_RX_QUEUE_INDEX);
        a.ldMapFd(R1, xsksMapFd);
        // The flags' low bits are the action when the queue has no socket: the kernel gets the frame, not a drop.
        a.movImm(R3, Bpf.XDP_PASS);
        a.call(FUNC_REDIRECT_MAP);
        a.exit();

        a.label("pass");
        a.movImm(R0, Bpf.XDP_PASS);
        a.exit();
        return a.instructions();
    }

    private static int swap16(int v) {
        return (v & 0xff) << 8 | (v >>> 8 & 0xff);
    }

    /**
     * A minimal eBPF assembler: one method per instruction form the program uses, jumps to named
     * labels resolved at the end. Encoding per the kernel's struct bpf_insn on a little-endian
     * host: opcode, dst (low nibble) and src (high nibble), 16-bit offset, 32-bit immediate.
     */
    static final class Asm {
        // instruction classes
        private static final int LD = 0x00;
        private static final int LDX = 0x01;
        private static final int STX = 0x03;
        private static final int JMP = 0x05;
        private static final int JMP32 = 0x06;
        private static final int ALU64 = 0x07;
        // sizes and modes
        private static final int W = 0x00;
        private static final int H = 0x08;
        private static final int DW = 0x18;
        private static final int IMM = 0x00;
        private static final int MEM = 0x60;
        // operand source
        private static final int K = 0x00;
        private static final int X = 0x08;
        // operations
        private static final int ADD = 0x00;
        private static final int MOV = 0xb0;
        private static final int JEQ = 0x10;
        private static final int JGT = 0x20;
        private static final int JNE = 0x50;
        private static final int CALL = 0x80;
        private static final int EXIT = 0x90;
        private static final int PSEUDO_MAP_FD = 1;

        private final List<Long> code = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();
        private final Map<Integer, String> jumps = new HashMap<>();

        static long encode(int opcode, int dst, int src, int offset, int imm) {
            return (opcode & 0xffL) | (dst & 0xfL) << 8 | (src & 0xfL) << 12 | (offset & 0xffffL) << 16
                    | (imm & 0xffff_ffffL) << 32;
        }

        void movReg(int dst, int src) {
            emit(ALU64 | MOV | X, dst, src, 0, 0);
        }

        void movImm(int dst, int imm) {
            emit(ALU64 | MOV | K, dst, 0, 0, imm);
        }

        void addImm(int dst, int imm) {
            emit(ALU64 | ADD | K, dst, 0, 0, imm);
        }

        void ldxW(int dst, int src, int offset) {
            emit(LDX | MEM | W, dst, src, offset, 0);
        }

        void ldxH(int dst, int src, int offset) {
            emit(LDX | MEM | H, dst, src, offset, 0);
        }

        void stxW(int dst, int offset, int src) {
            emit(STX | MEM | W, dst, src, offset, 0);
        }

        /** Two slots: the kernel replaces the fd with the map's address when it loads the program. */
        void ldMapFd(int dst, int mapFd) {
            emit(LD | IMM | DW, dst, PSEUDO_MAP_FD, 0, mapFd);
            emit(0, 0, 0, 0, 0);
        }

        void jgtReg(int dst, int src, String label) {
            jump(JMP | JGT | X, dst, src, 0, label);
        }

        void jeqImm(int dst, int imm, String label) {
            jump(JMP | JEQ | K, dst, 0, imm, label);
        }

        void jneImm(int dst, int imm, String label) {
            jump(JMP | JNE | K, dst, 0, imm, label);
        }

        /** Compares the low 32 bits only: a 64-bit compare would sign-extend the immediate. */
        void jne32Imm(int dst, int imm, String label) {
            jump(JMP32 | JNE | K, dst, 0, imm, label);
        }

        void call(int helper) {
            emit(JMP | CALL, 0, 0, 0, helper);
        }

        void exit() {
            emit(JMP | EXIT, 0, 0, 0, 0);
        }

        void label(String name) {
            if (labels.putIfAbsent(name, code.size()) != null) {
                throw new IllegalStateException("label " + name + " defined twice");
            }
        }

        long[] instructions() {
            long[] out = new long[code.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = code.get(i);
            }
            for (Map.Entry<Integer, String> j : jumps.entrySet()) {
                Integer target = labels.get(j.getValue());
                if (target == null) {
                    throw new IllegalStateException("jump to undefined label " + j.getValue());
                }
                int at = j.getKey();
                int offset = target - at - 1; // relative to the next instruction
                out[at] = out[at] & ~(0xffffL << 16) | (offset & 0xffffL) << 16;
            }
            return out;
        }

        private void jump(int opcode, int dst, int src, int imm, String label) {
            jumps.put(code.size(), label);
            emit(opcode, dst, src, 0, imm);
        }

        private void emit(int opcode, int dst, int src, int offset, int imm) {
            code.add(encode(opcode, dst, src, offset, imm));
        }
    }
}
