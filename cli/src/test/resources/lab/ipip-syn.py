#!/usr/bin/env python3
"""Sends one IPIP-encapsulated TCP SYN (RFC 2003) as a raw Ethernet frame, the way an LVS-TUN
director would: the sender's kernel has no ipip module either, so the frame is built by hand.

usage: ipip-syn.py IFACE DST_MAC OUTER_SRC OUTER_DST INNER_DST DPORT SPORT [--bad-outer-checksum]
The inner source is OUTER_SRC (the sender plays client and director at once).
"""
import socket
import struct
import sys


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src: bytes, dst: bytes, proto: int, payload: bytes, ident: int, flags: int) -> bytes:
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags, 64, proto, 0, src, dst)
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + payload


def main() -> None:
    iface, dst_mac, outer_src, outer_dst, inner_dst, dport, sport = sys.argv[1:8]
    bad = "--bad-outer-checksum" in sys.argv[8:]
    src = socket.inet_aton(outer_src)
    vip = socket.inet_aton(inner_dst)
    # TCP SYN with an MSS option, checksum over the pseudo-header.
    tcp = struct.pack("!HHIIBBHHH", int(sport), int(dport), 0x1000, 0, 6 << 4, 0x02, 64240, 0, 0) \
        + struct.pack("!BBH", 2, 4, 1460)
    pseudo = src + vip + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    inner = ipv4(src, vip, socket.IPPROTO_TCP, tcp, 0x4242, 0x4000)
    outer = bytearray(ipv4(src, socket.inet_aton(outer_dst), 4, inner, 0x0101, 0x4000))
    if bad:
        outer[11] ^= 0x01
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    with open("/sys/class/net/%s/address" % iface) as f:
        src_mac = bytes.fromhex(f.read().strip().replace(":", ""))
    frame = bytes.fromhex(dst_mac.replace(":", "")) + src_mac + b"\x08\x00" + bytes(outer)
    s.send(frame)


if __name__ == "__main__":
    main()
