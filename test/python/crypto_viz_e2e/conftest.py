"""End-to-end tests of the CRYPTO VIZ pipeline on Spate: a Kafka-protocol broker (`spate
kafka-broker`), the producers in fast-forward, the jobs (`spate run`), PostgreSQL 15 or SQLite,
every table compared with producers.expected. SPATE_BIN names the spate executable (default
build/bin/spate)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
for path in (os.path.join(ROOT, "test", "python", "crypto_viz"),
             os.path.join(ROOT, "apps", "crypto_viz")):
    if path not in sys.path:
        sys.path.insert(0, path)

from pg_server import pg_db, pg_dsn  # noqa: E402,F401  (fixtures)
