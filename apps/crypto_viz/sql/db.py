"""Where the CRYPTO VIZ tables live: one description from a JDBC URL or a libpq DSN, giving the
JDBC options the jobs' sinks need and a DB-API connection for everything in Python (schema set-up,
the dashboard's API, tests)."""

import os
import sqlite3
from urllib.parse import parse_qsl, unquote, urlsplit


class Target:
    """kind: "sqlite" or "postgres". For SQLite `path`; for PostgreSQL `conninfo` (libpq keyword
    dict: host, port, dbname, user, password, …)."""

    def __init__(self, kind, path=None, conninfo=None):
        self.kind = kind
        self.path = path
        self.conninfo = conninfo or {}

    @property
    def jdbc_url(self):
        if self.kind == "sqlite":
            return "jdbc:sqlite:" + self.path
        c = self.conninfo
        host = c.get("host") or "127.0.0.1"
        if host.startswith("/"):
            raise ValueError("a JDBC URL needs a TCP host, not the socket directory " + host)
        return f"jdbc:postgresql://{host}:{c.get('port') or 5432}/{c.get('dbname') or 'postgres'}"

    def jdbc_options(self):
        """Options of a Spark JDBC writer/reader for this database (without dbtable)."""
        opts = {"url": self.jdbc_url}
        if self.kind == "postgres":
            if self.conninfo.get("user"):
                opts["user"] = self.conninfo["user"]
            if self.conninfo.get("password"):
                opts["password"] = self.conninfo["password"]
        return opts

    def describe(self):
        """For messages: never shows a password."""
        if self.kind == "sqlite":
            return f"SQLite database {self.path}"
        return f"PostgreSQL {self.jdbc_url}"

    def connect(self):
        if self.kind == "sqlite":
            # One thread at a time, but not always the same (the dashboard pools connections).
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            return conn
        try:
            import psycopg
        except ImportError as e:
            raise SystemExit(f"PostgreSQL needs python3-psycopg (scripts/install-deps.sh): {e}")
        return psycopg.connect(**self.conninfo)


def parse_target(text):
    """jdbc:sqlite:PATH, jdbc:postgresql://host:port/db[?user=…&password=…], a libpq DSN
    ("host=… port=… dbname=… user=…") or URI (postgresql://user:pw@host:port/db)."""
    text = text.strip()
    if text.startswith("jdbc:sqlite:"):
        path = text[len("jdbc:sqlite:"):]
        if not path:
            raise ValueError("jdbc:sqlite: needs a database path")
        return Target("sqlite", path=path)
    if text.startswith("jdbc:postgresql:"):
        u = urlsplit(text[len("jdbc:"):])
        info = {"host": u.hostname or "127.0.0.1", "port": str(u.port or 5432),
                "dbname": unquote(u.path.lstrip("/")) or "postgres"}
        info.update({k: v for k, v in parse_qsl(u.query)})
        return Target("postgres", conninfo=info)
    if text.startswith(("postgresql://", "postgres://")):
        u = urlsplit(text)
        info = {"host": u.hostname or "127.0.0.1", "port": str(u.port or 5432),
                "dbname": unquote(u.path.lstrip("/")) or "postgres"}
        if u.username:
            info["user"] = unquote(u.username)
        if u.password:
            info["password"] = unquote(u.password)
        info.update({k: v for k, v in parse_qsl(u.query)})
        return Target("postgres", conninfo=info)
    if "=" in text:
        return Target("postgres", conninfo=_parse_keywords(text))
    raise ValueError(f"not a database URL or DSN: {text!r} (examples: jdbc:sqlite:/tmp/c.db, "
                     "jdbc:postgresql://127.0.0.1:5432/crypto, 'host=127.0.0.1 dbname=crypto')")


def _parse_keywords(dsn):
    """libpq's keyword=value form (values may be single-quoted with \\ escapes)."""
    info, i, n = {}, 0, len(dsn)
    while i < n:
        while i < n and dsn[i].isspace():
            i += 1
        if i >= n:
            break
        eq = dsn.find("=", i)
        if eq < 0:
            raise ValueError(f"bad DSN near {dsn[i:]!r}")
        key = dsn[i:eq].strip()
        i = eq + 1
        while i < n and dsn[i].isspace():
            i += 1
        value = []
        if i < n and dsn[i] == "'":
            i += 1
            while i < n and dsn[i] != "'":
                if dsn[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(dsn[i])
                i += 1
            if i >= n:
                raise ValueError("unterminated quote in DSN")
            i += 1
        else:
            while i < n and not dsn[i].isspace():
                value.append(dsn[i])
                i += 1
        info[key] = "".join(value)
    return info


def default_target(state_dir):
    """PG_DSN when set, otherwise the embedded SQLite database under state_dir."""
    dsn = os.environ.get("PG_DSN")
    if dsn:
        return parse_target(dsn)
    return Target("sqlite", path=os.path.join(state_dir, "crypto_viz.db"))
