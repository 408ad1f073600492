#!/usr/bin/env python3
"""An HTTP/1.0 POST whose body is held back halfway until the caller says go, so a test can
change the director's table while the upload is provably in flight.

usage: held-upload.py HOST PORT FILE
Connects, sends the headers and the first half of FILE, prints "held port=P" on stderr, then
waits for a line (or EOF) on stdin. Sends the rest and prints on stdout the answer's body
followed by " port=P", or "no answer (<why>) port=P" when the flow was cut (no answer within
10 s of sending the rest).
"""
import socket
import sys


def main() -> None:
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "rb") as f:
        body = f.read()
    half = len(body) // 2
    s = socket.create_connection((host, port), timeout=10)
    local_port = s.getsockname()[1]
    try:
        s.sendall(("POST / HTTP/1.0\r\nHost: %s\r\nContent-Type: application/octet-stream\r\n"
                   "Content-Length: %d\r\n\r\n" % (host, len(body))).encode() + body[:half])
        sys.stderr.write("held port=%d\n" % local_port)
        sys.stderr.flush()
        sys.stdin.readline()
        s.sendall(body[half:])
        answer = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, text = answer.partition(b"\r\n\r\n")
        print("%s port=%d" % (text.decode().strip() if head.startswith(b"HTTP/1.") else "no answer (%r)" % answer,
                              local_port))
    except OSError as e:
        print("no answer (%s) port=%d" % (e, local_port))
    finally:
        s.close()


if __name__ == "__main__":
    main()
