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

from pg_server import pg_db, pg_dsn  # noqa: E402,F401  (fixtures)
