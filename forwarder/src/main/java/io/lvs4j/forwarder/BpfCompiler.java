package io.lvs4j.forwarder;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * tcpdump filter text to a classic BPF program attached to a socket, with libpcap's compiler on
 * a "dead" handle: the same filter language and optimiser as {@link PcapPort}'s, on a socket
 * libpcap does not own. Not on the packet path.
 */
final class BpfCompiler {
    private static final int DLT_EN10MB = 1;
    private static final int NETMASK_UNKNOWN = 0xffffffff;

    static {
        Native.register(BpfCompiler.class, NativeLibrary.getInstance("pcap"));
    }

    private BpfCompiler() {
    }

    private static native Pointer pcap_open_dead(int linkType, int snaplen);

    private static native int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);

    private static native void pcap_freecode(Pointer program);

    private static native String pcap_geterr(Pointer pcap);

    private static native void pcap_close(Pointer pcap);

    /** Compiles {@code expression} and attaches it to socket {@code fd}, replacing its filter atomically. */
    static void attach(int fd, String expression, int snaplen) {
        Pointer dead = pcap_open_dead(DLT_EN10MB, snaplen);
        Memory program = new Memory(16); // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
        try {
            if (pcap_compile(dead, program, expression, 1, NETMASK_UNKNOWN) != 0) {
                throw new DirectorException("cannot compile filter '" + expression + "': " + pcap_geterr(dead));
            }
            try {
                attach(fd, program.getInt(0), program.getPointer(8));
            } finally {
                pcap_freecode(program);
            }
        } finally {
            pcap_close(dead);
        }
    }

    /** Attaches a filter that accepts nothing: the socket's state until the first real filter. */
    static void attachDropAll(int fd) {
        Memory insn = new Memory(8); // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }: ret #0
        insn.clear();
        insn.setShort(0, (short) 0x06);
        attach(fd, 1, insn);
    }

    private static void attach(int fd, int instructions, Pointer code) {
        Memory fprog = new Memory(16); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        fprog.clear();
        fprog.setShort(0, (short) instructions);
        fprog.setPointer(8, code);
        Libc.setsockopt(fd, PacketSocketCalls.SOL_SOCKET, PacketSocketCalls.SO_ATTACH_FILTER, fprog, 16);
    }
}
