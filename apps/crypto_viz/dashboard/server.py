"""A stand-alone server for the dashboard: the built page, the JSON API and the event stream, on
127.0.0.1 (python3 -m dashboard.server DATABASE [--port 4040]).

The pipeline serves the same page and API from Spate's own HTTP server; this one is for working
on the front-end against any database the jobs wrote, without running them.
"""

import argparse
import json
import mimetypes
import os
import queue
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .api import DashboardApi, Poller

HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.join(HERE, "web", "dist")
PREFIX = "/crypto"


class Broadcaster:
    """Polls the database once per interval and hands every event to each connected client."""

    def __init__(self, api, interval=1.0):
        self.poller = Poller(api)
        self.interval = interval
        self.clients = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="dashboard-poller", daemon=True)

    def start(self):
        self.thread.start()

    def subscribe(self):
        q = queue.Queue(maxsize=10000)
        with self.lock:
            self.clients.add(q)
        return q

    def unsubscribe(self, q):
        with self.lock:
            self.clients.discard(q)

    def _run(self):
        while not self.stop.is_set():
            try:
                events = self.poller.poll()
            except Exception as e:  # database not there yet, or restarting: try again
                events = [("status", {"latest": None, "error": str(e).splitlines()[0]})]
            with self.lock:
                clients = list(self.clients)
            for q in clients:
                for e in events:
                    try:
                        q.put_nowait(e)
                    except queue.Full:  # a client that stopped reading: drop it
                        self.unsubscribe(q)
                        break
            self.stop.wait(self.interval)


def make_handler(api, broadcaster, static_dir):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            path, params = url.path, dict(parse_qsl(url.query))
            if path in ("/", PREFIX):
                return self._redirect(PREFIX + "/")
            if path == PREFIX + "/api/stream":
                return self._stream()
            if path.startswith(PREFIX + "/api/"):
                try:
                    status, body = api.handle(path, params)
                except Exception as e:
                    status, body = 503, {"error": f"database unavailable: {e}".splitlines()[0]}
                return self._send(status, "application/json", json.dumps(body).encode())
            if path.startswith(PREFIX + "/"):
                return self._static(path[len(PREFIX) + 1:] or "index.html")
            return self._send(404, "text/plain", b"not found\n")

        def _static(self, rel):
            full = os.path.realpath(os.path.join(static_dir, rel))
            if not full.startswith(os.path.realpath(static_dir) + os.sep) or not os.path.isfile(full):
                return self._send(404, "text/plain", b"not found\n")
            with open(full, "rb") as f:
                body = f.read()
            kind = mimetypes.guess_type(full)[0] or "application/octet-stream"
            return self._send(200, kind, body)

        def _send(self, status, kind, body):
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(
                ("text/", "application/json", "application/javascript")) else ""))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _stream(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            q = broadcaster.subscribe()
            try:
                self.wfile.write(b"retry: 2000\n\n")
                self.wfile.flush()
                while not broadcaster.stop.is_set():
                    try:
                        name, data = q.get(timeout=15)
                        chunk = f"event: {name}\ndata: {json.dumps(data)}\n\n"
                    except queue.Empty:
                        chunk = ": keep-alive\n\n"
                    self.wfile.write(chunk.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                broadcaster.unsubscribe(q)
                self.close_connection = True

    return Handler


def serve(target, host="127.0.0.1", port=4040, static_dir=DIST, interval=1.0):
    """Starts the server on background threads; returns (server, broadcaster)."""
    api = DashboardApi(target)
    broadcaster = Broadcaster(api, interval)
    server = ThreadingHTTPServer((host, port), make_handler(api, broadcaster, static_dir))
    server.daemon_threads = True
    broadcaster.start()
    threading.Thread(target=server.serve_forever, name="dashboard-http", daemon=True).start()
    return server, broadcaster


def main(argv=None):
    from sql.db import parse_target
    p = argparse.ArgumentParser(prog="python3 -m dashboard.server",
                                description="Serves the CRYPTO VIZ dashboard from a database.")
    p.add_argument("database", help="jdbc:sqlite:PATH, a JDBC PostgreSQL URL or a libpq DSN")
    p.add_argument("--port", type=int, default=4040)
    p.add_argument("--static", default=DIST, help="the built front-end (web/dist)")
    args = p.parse_args(argv)
    if not os.path.exists(os.path.join(args.static, "index.html")):
        print(f"dashboard: {args.static}/index.html is missing: build the front-end first "
              "(scripts/build-dashboard.sh)", file=sys.stderr)
        return 2
    server, broadcaster = serve(parse_target(args.database), port=args.port,
                                static_dir=args.static)
    print(f"dashboard: http://127.0.0.1:{server.server_address[1]}{PREFIX}/", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        broadcaster.stop.set()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
