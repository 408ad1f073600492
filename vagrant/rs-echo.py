#!/usr/bin/env python3
"""A real server's line echo for the ECMP lab: each line comes back prefixed with the server's name,
so a client can see that a long-lived connection stays on one real server.

  client: "17\n"  ->  server: "rs2 17\n"
"""
import argparse
import socketserver


def handler_for(name):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                self.wfile.write(name.encode() + b" " + line)
                self.wfile.flush()

    return Handler


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 256


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--name", required=True)
    p.add_argument("--port", type=int, default=7)
    a = p.parse_args()
    with Server(("0.0.0.0", a.port), handler_for(a.name)) as s:
        s.serve_forever()


if __name__ == "__main__":
    main()
