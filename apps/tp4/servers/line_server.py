"""A TCP server that sends lines to each client from its own thread.

The lab's servers accept one client at a time (listen(1), no threads); these accept several at
once, each with its own stream of lines (from the start of the sequence when the output is
seeded), so that several queries of a lab session, or several tests, can read the same server.
"""
import select
import socket
import threading
import time


class LineServer:
    def __init__(self, name, host, port, make_lines, interval, limit=None, echo=None, log=None):
        """make_lines() -> an iterator of str lines (each ending in "\\n") for one client;
        interval: seconds between lines (0: as fast as the client reads); limit: lines per
        client, then silence; echo(name, line): called for every line sent; log(message)."""
        self.name = name
        self.make_lines = make_lines
        self.interval = interval
        self.limit = limit
        self.echo = echo
        self.log = log or (lambda message: None)
        self.stopping = threading.Event()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port))
        self.listener.listen(16)
        self.host, self.port = self.listener.getsockname()
        self.clients = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept_loop, name=name, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping.set()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            clients = list(self.clients)
        for conn in clients:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                conn, address = self.listener.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.clients.add(conn)
            threading.Thread(
                target=self._serve,
                args=(conn, address),
                daemon=True,
                name="%s client %s:%d" % (self.name, address[0], address[1]),
            ).start()

    def _serve(self, conn, address):
        peer = "%s:%d" % address
        self.log("%s: client %s connected" % (self.name, peer))
        sent = 0
        try:
            lines = self.make_lines()
            next_time = time.monotonic()
            for line in lines:
                if self.stopping.is_set() or (self.limit is not None and sent >= self.limit):
                    break
                conn.sendall(line.encode("utf-8"))
                sent += 1
                if self.echo:
                    self.echo(self.name, line)
                if self.interval > 0:
                    next_time += self.interval
                    delay = next_time - time.monotonic()
                    if delay > 0:
                        self.stopping.wait(delay)
            self._wait_until_closed(conn)
            self.log("%s: client %s disconnected after %d lines" % (self.name, peer, sent))
        except OSError as e:
            self.log("%s: client %s gone after %d lines (%s)" % (self.name, peer, sent, e))
        except Exception as e:  # a broken upstream (relay): tell the operator, drop the client
            self.log(
                "%s: client %s dropped after %d lines: %s: %s"
                % (self.name, peer, sent, type(e).__name__, e)
            )
        finally:
            with self.lock:
                self.clients.discard(conn)
            conn.close()

    def _wait_until_closed(self, conn):
        """Nothing more to send: keep the connection open (as the lab's servers do at the end of
        their data) until the client closes it or the server stops."""
        while not self.stopping.is_set():
            readable, _, _ = select.select([conn], [], [], 0.5)
            if readable and not conn.recv(4096):
                return
