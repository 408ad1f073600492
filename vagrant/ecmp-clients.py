#!/usr/bin/env python3
"""Long-lived TCP connections for the ECMP lab: each sends a numbered line every --interval seconds
and reads the real server's echoes ("rs2 17"). Every --report seconds the state of every connection
goes to --status (replaced atomically), one line each:

  PORT RS SENT ECHOED RETRANS ERROR

PORT is the client's own port (the flow's name in `ipvsadm -Lnc`), RS the real server that echoed
(several joined by "," if the flow ever moved to another server), SENT/ECHOED the last line number
sent/echoed, RETRANS the kernel's count of retransmitted segments (TCP_INFO tcpi_total_retrans: a
flow that never lost a packet has 0), ERROR "-" or why the connection ended (reset, closed).
"""
import argparse
import os
import selectors
import socket
import struct
import time

TCP_INFO_LEN = 104
TOTAL_RETRANS_OFFSET = 100


class Flow:
    def __init__(self, port, sock):
        self.port, self.sock = port, sock
        self.servers, self.sent, self.echoed = [], 0, 0
        self.error, self.buffer = None, b""

    def retrans(self):
        if self.error:
            return -1
        info = self.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, TCP_INFO_LEN)
        return struct.unpack_from("I", info, TOTAL_RETRANS_OFFSET)[0]

    def fail(self, why, sel):
        if not self.error:
            self.error = why
            sel.unregister(self.sock)
            self.sock.close()


def connect(vip, port, local_port, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", local_port))
    s.settimeout(timeout)
    s.connect((vip, port))
    s.setblocking(False)
    return s


def write_status(path, flows):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for fl in flows:
            f.write("%d %s %d %d %d %s\n" % (fl.port, ",".join(fl.servers) or "-", fl.sent, fl.echoed,
                                             fl.retrans(), fl.error or "-"))
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vip", required=True)
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--first-port", type=int, default=20000)
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--report", type=float, default=0.2)
    p.add_argument("--status", required=True)
    a = p.parse_args()
    sel = selectors.DefaultSelector()
    flows = []
    for i in range(a.count):
        fl = Flow(a.first_port + i, connect(a.vip, a.port, a.first_port + i, 20))
        sel.register(fl.sock, selectors.EVENT_READ, fl)
        flows.append(fl)
    next_send = next_report = time.monotonic()
    while True:
        now = time.monotonic()
        if now >= next_send:
            next_send += a.interval
            for fl in flows:
                if not fl.error:
                    try:
                        fl.sock.send(b"%d\n" % (fl.sent + 1))  # a few bytes: the socket buffer never fills
                        fl.sent += 1
                    except OSError as e:
                        fl.fail("reset" if isinstance(e, ConnectionResetError) else e.strerror, sel)
        if now >= next_report:
            next_report += a.report
            write_status(a.status, flows)
        for key, _ in sel.select(timeout=max(0.0, min(next_send, next_report) - time.monotonic())):
            fl = key.data
            try:
                data = fl.sock.recv(65536)
            except OSError as e:
                fl.fail("reset" if isinstance(e, ConnectionResetError) else e.strerror, sel)
                continue
            if not data:
                fl.fail("closed", sel)
                continue
            fl.buffer += data
            while b"\n" in fl.buffer:
                line, fl.buffer = fl.buffer.split(b"\n", 1)
                name, seq = line.decode().split(" ", 1)
                if name not in fl.servers:
                    fl.servers.append(name)
                fl.echoed = max(fl.echoed, int(seq))


if __name__ == "__main__":
    main()
