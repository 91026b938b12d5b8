"""One web server of one zone, as the drill runs it: answers `/` with its name and `/health`
with 200. While the file `impaired-ZONE` exists in the state directory its zone is in a gray
failure: `/health` still answers 200 (so the load balancer's checks pass), but real requests
fail with 503, as the partial failures a zonal shift exists for.

Usage: backend.py NAME ZONE PORT STATE_DIR"""
import http.server
import os
import sys

name, zone, port, state = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        impaired = os.path.exists(os.path.join(state, "impaired-" + zone))
        status = 200 if self.path == "/health" or not impaired else 503
        body = ("%s (zone %s)\n" % (name, zone)).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
