"""Settings of both jobs, from the command line (each has a default from the environment):

  --kafka SERVERS        Kafka bootstrap servers (CRYPTO_VIZ_KAFKA, default "embedded": the
                         in-process broker; give the `spate kafka-broker` address across processes)
  --database URL         jdbc:sqlite:PATH, a JDBC PostgreSQL URL or a libpq DSN (CRYPTO_VIZ_DB,
                         else PG_DSN, else jdbc:sqlite:<state>/crypto_viz.db)
  --state DIR            checkpoints and the default SQLite database (CRYPTO_VIZ_STATE,
                         default /tmp/crypto_viz)
  --time event|processing  event time from the payload (default) or the seed's processing time
  --trigger INTERVAL     micro-batch interval (default "0 seconds": as fast as possible)
  --starting-offsets earliest|latest  for a query's first run (default earliest)
  --master local[N]
  --replay DIR           read the producers' record (DIR/<topic>.jsonl, python3 -m producers
                         --record DIR) as text streams instead of Kafka
"""

import argparse
import os
import sys

APP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if APP not in sys.path:
    sys.path.insert(0, APP)

from sql.db import Target, parse_target  # noqa: E402

WATERMARK = "2 minutes"


def parse(argv, description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--kafka", default=os.environ.get("CRYPTO_VIZ_KAFKA", "embedded"))
    p.add_argument("--database", default=os.environ.get("CRYPTO_VIZ_DB")
                   or os.environ.get("PG_DSN"))
    p.add_argument("--state", default=os.environ.get("CRYPTO_VIZ_STATE", "/tmp/crypto_viz"))
    p.add_argument("--time", choices=("event", "processing"),
                   default=os.environ.get("CRYPTO_VIZ_TIME", "event"))
    p.add_argument("--trigger", default=os.environ.get("CRYPTO_VIZ_TRIGGER", "0 seconds"))
    p.add_argument("--starting-offsets", default="earliest", choices=("earliest", "latest"))
    p.add_argument("--replay", metavar="DIR")
    p.add_argument("--master", default=os.environ.get("CRYPTO_VIZ_MASTER", "local[2]"))
    p.add_argument("--no-schema", dest="schema", action="store_false",
                   help="do not create the tables (sql/apply.py) before starting")
    p.add_argument("--settle", action="store_true",
                   help="process what the sources hold before saying the job is ready (the demo "
                   "starts the producers then: a new broker's offsets, lower than the "
                   "checkpoint's, are seen as reset before new messages arrive)")
    p.add_argument("--dashboard", action="store_true",
                   help="serve the dashboard at /crypto on the session's web UI")
    args = p.parse_args(argv)
    os.makedirs(args.state, exist_ok=True)
    args.target = (parse_target(args.database) if args.database
                   else Target("sqlite", path=os.path.join(args.state, "crypto_viz.db")))
    return args


def checkpoint(args, name):
    return os.path.join(args.state, "checkpoints", name)
