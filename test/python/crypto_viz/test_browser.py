"""The dashboard front-end in headless Chromium (apps/crypto_viz/dashboard/web/test, run by Node's
test runner with playwright-core), served by the stand-alone dashboard server from a SQLite
database that a feeder thread keeps appending to while the browser test runs."""
import os
import shutil
import subprocess
import sys
import threading

import pytest

import tables
from dashboard import server as dash_server
from producers import expected
from sql import apply as schema
from sql.db import Target

APP = os.path.join(os.path.dirname(tables.__file__), "..", "..", "..", "apps", "crypto_viz")
WEB = os.path.join(APP, "dashboard", "web")
T0 = 1705276800 * 10**6
MINUTE = 60 * 10**6


def test_dashboard_in_chromium(tmp_path):
    for need in (os.path.join(WEB, "dist", "index.html"), os.path.join(WEB, "node_modules")):
        assert os.path.exists(need), f"{need} missing: run scripts/build-dashboard.sh"
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (scripts/install-deps.sh)"
    rec = tmp_path / "rec"
    subprocess.run([sys.executable, "-m", "producers", "--fast-forward", "3h", "--record",
                    str(rec), "--ticker-interval", "3", "--trade-rate", "6", "--article-rate",
                    "60", "--jump-rate", "2", "--quiet"], cwd=APP, check=True)
    rows = expected.all_tables(str(rec))
    target = Target("sqlite", path=str(tmp_path / "c.db"))
    schema.apply(target)
    cut = T0 + 120 * MINUTE
    tables.write(target, {t: [r for r in rs if r["timestamp"] < cut] for t, rs in rows.items()})

    stop = threading.Event()

    def feed():
        # One minute of event time every 0.3 s, until the browser test is over.
        minute = cut
        while not stop.wait(0.3) and minute < T0 + 180 * MINUTE:
            tables.write(target, {t: [r for r in rs if minute <= r["timestamp"] < minute + MINUTE]
                                  for t, rs in rows.items()})
            minute += MINUTE

    server, broadcaster = dash_server.serve(target, port=0, interval=0.2)
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        env = dict(os.environ, CRYPTO_VIZ_URL=f"http://127.0.0.1:{server.server_address[1]}"
                   "/crypto/", CHROMIUM=chromium)
        r = subprocess.run(["node", "--test", "test/"], cwd=WEB, env=env, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
        assert "# fail 0" in r.stdout
    finally:
        stop.set()
        feeder.join()
        broadcaster.stop.set()
        server.shutdown()
