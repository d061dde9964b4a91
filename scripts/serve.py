#!/usr/bin/env python3
# usage: serve.py DIR -- serve DIR on 127.0.0.1:<free port>; prints the port once listening.
# The 'LinkChecker' response header lifts linkchecker's per-host throttle (0.1-0.6 s per request).
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "local"); super().end_headers()
    def log_message(self, *args): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
print(srv.server_address[1], flush=True); srv.serve_forever()
