package io.lvs4j.forwarder;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.IpFragmenter;
import io.lvs4j.packet.IpipEncapsulation;

/**
 * LVS-TUN transmit, as the kernel's ip_vs_tunnel_xmit: the client's IP packet, untouched, inside
 * an outer IPv4 header from the director to the real server (RFC 2003). When the outer datagram
 * would not fit the NIC's MTU, a packet with DF gets an ICMP "fragmentation needed" back to the
 * client (next-hop MTU = MTU - 20, so its TCP lowers its segment size); one without DF is sent
 * in outer fragments that the real server reassembles. Reused buffers only.
 */
final class IpipTunnel {
    private final FrameSink out;
    private final long ourMac;
    private final int source;
    private final int mtu;
    private final DirectorCounters counters;
    private final IcmpTooBig icmp;
    private final byte[] frame = new byte[PcapPort.SNAPLEN + IpipEncapsulation.FRAME_OVERHEAD];
    private final byte[] fragment;
    private int identification;

    IpipTunnel(FrameSink out, long ourMac, int source, int mtu, DirectorCounters counters, IcmpTooBig icmp) {
        this.out = out;
        this.ourMac = ourMac;
        this.source = source;
        this.mtu = mtu;
        this.counters = counters;
        this.icmp = icmp;
        this.fragment = new byte[EthernetFrame.HEADER_LENGTH + mtu];
    }

    /**
     * Sends the IP packet at {@code rx[ipOff .. ipOff+ipLen)} to {@code server} through
     * {@code nextHopMac}. {@code senderMac} is where an ICMP error goes back to (the client or its router).
     */
    void transmit(byte[] rx, int ipOff, int ipLen, boolean dontFragment, long senderMac,
                  int server, long nextHopMac, long nowMillis) {
        if (ipLen + IpipEncapsulation.OVERHEAD > mtu) {
            if (dontFragment) {
                if (icmp.admit(nowMillis)) {
                    icmp.send(rx, ipOff, ipLen, senderMac, source, mtu - IpipEncapsulation.OVERHEAD, nextId());
                }
                return;
            }
            int n = IpipEncapsulation.encapsulate(rx, ipOff, ipLen, frame, 0, nextHopMac, ourMac, source, server,
                    nextId());
            sendFragments(n);
            return;
        }
        int head = IpipEncapsulation.writeHeaders(rx, ipOff, ipLen, frame, 0, nextHopMac, ourMac, source, server,
                nextId());
        if (out.sendSpliced(frame, head, rx, ipOff, ipLen)) {
            counters.forwardedTunnel++;
        } else {
            counters.sendErrors++;
        }
    }

    private void sendFragments(int frameLength) {
        int ipOff = EthernetFrame.HEADER_LENGTH;
        int count = IpFragmenter.fragmentCount(frame, ipOff, mtu);
        System.arraycopy(frame, 0, fragment, 0, EthernetFrame.HEADER_LENGTH);
        for (int i = 0; i < count; i++) {
            int len = IpFragmenter.writeFragment(frame, ipOff, mtu, i, fragment, ipOff);
            if (out.send(fragment, ipOff + len)) {
                counters.tunnelFragments++;
            } else {
                counters.sendErrors++;
            }
        }
        counters.forwardedTunnel++;
    }

    private int nextId() {
        identification = (identification + 1) & 0xffff;
        return identification;
    }
}
