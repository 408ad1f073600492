#!/usr/bin/env python3
"""A real server's line echo for the HA lab: every line comes back as "LINE NAME", so the client
sees that nothing was lost and which real server carries the connection. One thread per connection."""
import argparse
import socketserver


def handler_for(name):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                self.wfile.write(line.rstrip(b"\n") + b" " + name.encode() + b"\n")
                self.wfile.flush()
    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--port", type=int, default=7)
    a = p.parse_args()
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(("0.0.0.0", a.port), handler_for(a.name)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
