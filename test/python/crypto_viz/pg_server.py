"""A throwaway PostgreSQL server on loopback for the tests (initdb + pg_ctl as the postgres user
when run as root, fsync off), removed afterwards. CRYPTO_VIZ_PG_DSN points the tests at an
existing server instead, as does SPATE_PG_DSN (set by scripts/pg-test-server.sh run)."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid

import pytest


def _bin_dir():
    for d in ["/usr/lib/postgresql/15/bin"] + sorted(glob.glob("/usr/lib/postgresql/*/bin")):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    raise RuntimeError("no PostgreSQL server binaries (install the postgresql package)")


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class PgServer:
    def __init__(self):
        self.dir = None
        self.dsn = os.environ.get("CRYPTO_VIZ_PG_DSN") or os.environ.get("SPATE_PG_DSN")
        self.started = False

    def start(self):
        if self.dsn:
            return self.dsn
        bin_dir = _bin_dir()
        self.dir = tempfile.mkdtemp(prefix="crypto-viz-pg.")
        as_pg = []
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            as_pg = ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.dir, "data")
        subprocess.run(as_pg + [f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                                "--no-sync", "-E", "UTF8", "--locale=C"],
                       cwd=self.dir, check=True, capture_output=True)
        for _ in range(5):
            port = _free_port()
            r = subprocess.run(as_pg + [f"{bin_dir}/pg_ctl", "-D", data, "-l",
                                        os.path.join(self.dir, "log"), "-w", "-t", "30", "-o",
                                        f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                                        "-c fsync=off -c synchronous_commit=off "
                                        "-c full_page_writes=off", "start"],
                               cwd=self.dir, capture_output=True)
            if r.returncode == 0:
                self.started = True
                self._stop_cmd = as_pg + [f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate",
                                          "-w", "stop"]
                self.dsn = f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
                return self.dsn
        raise RuntimeError("could not start PostgreSQL: " + open(os.path.join(self.dir, "log")).read())

    def stop(self):
        if self.started:
            subprocess.run(self._stop_cmd, cwd=self.dir, capture_output=True)
            self.started = False
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


@pytest.fixture(scope="session")
def pg_dsn():
    """A PostgreSQL server for the session."""
    server = PgServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def pg_db(pg_dsn):
    """A fresh database on that server; yields its libpq DSN."""
    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_dsn, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    yield pg_dsn.replace("dbname=postgres", f"dbname={name}")
    with psycopg.connect(pg_dsn, autocommit=True) as c:
        c.execute(f"DROP DATABASE {name} WITH (FORCE)")
