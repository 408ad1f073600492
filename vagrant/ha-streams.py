#!/usr/bin/env python3
"""The HA lab's long-lived client connections: COUNT TCP connections to VIP:PORT, each sending the
line "CONN SEQ" every INTERVAL seconds and waiting for its echo ("CONN SEQ rsN") before the next,
until the file STOP exists. Every 0.2 s (and at the end) STATUS is rewritten with one line per
connection: "CONN ECHOED SERVER ERROR" (ERROR "-" while none: a reset, a wrong echo, or a close).
A stalled connection (its packets dropped) simply stops counting; TCP retransmits meanwhile."""
import argparse
import os
import socket
import threading
import time


def run(conn, a, state):
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", a.first_port + conn))
        s.settimeout(60)
        s.connect((a.vip, a.port))
        f = s.makefile("rwb")
        seq = 0
        while not os.path.exists(a.stop):
            seq += 1
            f.write(("%d %d\n" % (conn, seq)).encode())
            f.flush()
            while True:
                try:
                    line = f.readline()
                    break
                except socket.timeout:
                    if os.path.exists(a.stop):
                        return
            if not line:
                state[conn][2] = "closed"
                return
            words = line.decode().split()
            if len(words) != 3 or words[0] != str(conn) or words[1] != str(seq):
                state[conn][2] = "wrong-echo:" + line.decode().strip().replace(" ", "_")
                return
            state[conn][0] = seq
            state[conn][1] = words[2]
            time.sleep(a.interval)
    except OSError as e:
        state[conn][2] = type(e).__name__


def write(a, state):
    tmp = a.status + ".tmp"
    with open(tmp, "w") as out:
        for conn, (echoed, server, error) in enumerate(state):
            out.write("%d %d %s %s\n" % (conn, echoed, server, error))
    os.replace(tmp, a.status)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--vip", required=True)
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--first-port", type=int, default=30000)
    p.add_argument("--status", required=True)
    p.add_argument("--stop", required=True)
    a = p.parse_args()
    state = [[0, "-", "-"] for _ in range(a.count)]
    threads = [threading.Thread(target=run, args=(i, a, state), daemon=True) for i in range(a.count)]
    for t in threads:
        t.start()
        time.sleep(0.01)
    while not os.path.exists(a.stop):
        write(a, state)
        time.sleep(0.2)
    for t in threads:
        t.join(5)
    write(a, state)


if __name__ == "__main__":
    main()
