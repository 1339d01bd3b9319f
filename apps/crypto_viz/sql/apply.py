"""Creates the CRYPTO VIZ tables: python3 -m sql.apply DATABASE (a JDBC URL or libpq DSN).

PostgreSQL: tables.sql, then timescale.sql when the server offers the timescaledb extension,
otherwise fallback.sql (BRIN indexes and plain views). SQLite: sqlite/schema.sql. Idempotent.
"""

import os
import sys

from .db import parse_target

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_LOCK = 0x63727970746F  # pg_advisory_lock key ("crypto")


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def timescale_available(conn):
    return conn.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'").fetchone() is not None


def apply(target, timescale=None, log=None):
    """Applies the schema; returns "sqlite", "timescale" or "fallback". timescale=None detects."""
    conn = target.connect()
    try:
        if target.kind == "sqlite":
            conn.executescript(read("sqlite/schema.sql"))
            conn.commit()
            variant = "sqlite"
        else:
            conn.autocommit = True  # TimescaleDB's continuous aggregates refuse transactions
            # Both jobs apply the schema when they start: CREATE … IF NOT EXISTS is not safe
            # against a concurrent CREATE of the same name, so one applies it at a time.
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
            if timescale is None:
                timescale = timescale_available(conn)
            variant = "timescale" if timescale else "fallback"
            conn.execute(read("postgres/tables.sql"))
            conn.execute(read(f"postgres/{variant}.sql"))
    finally:
        conn.close()
    if log:
        log(f"schema applied to {target.describe()} ({variant})")
    return variant


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        target = parse_target(argv[0])
    except ValueError as e:
        print(f"sql.apply: {e}", file=sys.stderr)
        return 2
    apply(target, log=lambda m: print(f"sql.apply: {m}", file=sys.stderr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
