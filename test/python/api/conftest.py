"""Fixtures of the Python API suite. Run with PYTHONPATH=build/python (and SPATE_BUILD_DIR=build
for the command-line tests): /usr/bin/python3 -m pytest test/python/api"""

import os
import socket
import threading

import pytest

import spate
from spate.sql import SparkSession


def build_dir():
    """The build tree: SPATE_BUILD_DIR, else the one the spate package was imported from."""
    configured = os.environ.get("SPATE_BUILD_DIR")
    if configured:
        return os.path.abspath(configured)
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(spate.__file__))))


@pytest.fixture(scope="session")
def spark():
    session = SparkSession.builder.master("local[2]").appName("spate-python-tests").getOrCreate()
    session.conf.set("spark.sql.shuffle.partitions", 2)
    yield session
    for query in session.streams.active:
        query.stop()


@pytest.fixture
def table_name(request):
    """A catalog name unique to the test."""
    return "t_" + request.node.name.replace("[", "_").replace("]", "").replace("-", "_")[:40]


class LineServer:
    """A TCP server on 127.0.0.1 that sends the given lines to every client that connects (what
    the socket source reads), then keeps the connection open until stopped."""

    def __init__(self, lines):
        self._lines = list(lines)
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(4)
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            threading.Thread(target=self._send, args=(connection,), daemon=True).start()

    def _send(self, connection):
        with connection:
            connection.sendall("".join(line + "\n" for line in self._lines).encode("utf-8"))
            self._stop.wait()

    def close(self):
        self._stop.set()
        self._server.close()


@pytest.fixture
def line_server():
    servers = []

    def start(lines):
        server = LineServer(lines)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
