"""The dashboard served by the pipeline itself: the analytics job's web UI (Spate's HTTP server)
at /crypto, in headless Chromium (apps/crypto_viz/dashboard/web/test) while the producers keep
the pipeline busy: the page loads, every chart draws, and new data arrives."""
import os
import re
import shutil
import subprocess
import sys

from pipeline import APP, JOBS, Process, producers, spate_bin, wait_until
from test_pipeline import broker  # noqa: F401  (fixture)

WEB = os.path.join(APP, "dashboard", "web")
RATES = ["--ticker-interval", "3", "--trade-rate", "6", "--article-rate", "60", "--jump-rate", "3"]

def test_dashboard_on_the_pipeline(tmp_path, broker):  # noqa: F811
    assert os.path.exists(os.path.join(WEB, "dist", "index.html")), \
        "run scripts/build-dashboard.sh first"
    database = f"jdbc:sqlite:{tmp_path}/crypto_viz.db"
    common = ["--kafka", broker, "--database", database, "--state", str(tmp_path / "state")]
    analytics = Process("analytics", [spate_bin(), "run", "--conf", "spark.ui.port=0",
                                      os.path.join(JOBS, "sentiment_prediction_job.py"),
                                      *common, "--dashboard"], str(tmp_path))
    ingestion = Process("ingestion", [spate_bin(), "run", "--conf", "spark.ui.enabled=false",
                                      os.path.join(JOBS, "kafka_to_db.py"), *common],
                        str(tmp_path))
    live = None
    try:
        out = analytics.wait_for("dashboard at ", timeout=120)
        url = re.search(r"dashboard at (http://\S+)", out).group(1)
        ingestion.wait_for("ingestion: ", timeout=120)
        feed = ["--bootstrap", broker, "--state", str(tmp_path / "producers.json"), *RATES]
        producers(["--fast-forward", "2h", *feed], str(tmp_path))
        # History in the tables (candles are final 2 minutes after their minute)...
        import sqlite3

        def filled():
            try:
                c = sqlite3.connect(f"{tmp_path}/crypto_viz.db")
                return all(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] > 0
                           for t in ("candle_data", "prediction_data", "sentiment_data",
                                     "article_data"))
            except sqlite3.Error:
                return False
        wait_until(filled, 300, lambda: "the pipeline to fill the tables")
        # ...then an hour more at 120x (30 s) while the browser watches.
        live = subprocess.Popen([sys.executable, "-m", "producers", "--fast-forward", "1h",
                                 "--speed", "120", "--quiet", *feed], cwd=APP)
        env = dict(os.environ, CRYPTO_VIZ_URL=url, CHROMIUM=shutil.which("chromium") or "")
        r = subprocess.run(["node", "--test", "test/"], cwd=WEB, env=env, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
        assert "# fail 0" in r.stdout
    finally:
        if live is not None:
            live.terminate()
            live.wait()
        for job in (ingestion, analytics):
            job.stop()
