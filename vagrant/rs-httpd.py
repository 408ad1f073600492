#!/usr/bin/env python3
"""A real server's HTTP answer for the labs: its own name, so a client can see who served it.

GET  /  -> "rs1\n"
POST /  -> "rs1 sha256=<hex of the body> bytes=<length>\n" (the TUN lab's upload check)
HTTP/1.0 and one request per connection, so every request is a new TCP connection to schedule.
"""
import argparse
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handler_for(name):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def _answer(self, text):
            body = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._answer(name + "\n")

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            digest = hashlib.sha256()
            left = length
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                digest.update(chunk)
                left -= len(chunk)
            self._answer("%s sha256=%s bytes=%d\n" % (name, digest.hexdigest(), length - left))

        def log_message(self, fmt, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--name", required=True)
    p.add_argument("--port", type=int, default=80)
    a = p.parse_args()
    ThreadingHTTPServer.allow_reuse_address = True
    # Python's default listen backlog of 5 drops SYNs under ab -c 100.
    ThreadingHTTPServer.request_queue_size = 128
    ThreadingHTTPServer(("0.0.0.0", a.port), handler_for(a.name)).serve_forever()


if __name__ == "__main__":
    main()
