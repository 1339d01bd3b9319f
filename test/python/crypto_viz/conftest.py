"""Puts apps/crypto_viz on the path so tests import `producers`, `dashboard` and `sql` helpers."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
APP = os.path.join(ROOT, "apps", "crypto_viz")
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
if APP not in sys.path:
    sys.path.insert(0, APP)

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def pg_dsn():
    """A PostgreSQL server for the session (see pg_server.py)."""
    from pg_server import PgServer
    server = PgServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def pg_db(pg_dsn):
    """A fresh database on that server; yields its libpq DSN."""
    import uuid

    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_dsn, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    dsn = pg_dsn.replace("dbname=postgres", f"dbname={name}")
    yield dsn
    with psycopg.connect(pg_dsn, autocommit=True) as c:
        c.execute(f"DROP DATABASE {name} WITH (FORCE)")
