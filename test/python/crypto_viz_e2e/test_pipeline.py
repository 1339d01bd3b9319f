"""CRYPTO VIZ end to end: hours of simulated market and news through Kafka, both jobs on Spate,
every table of a real database compared with what the producers' own record says it must hold.

- PostgreSQL 15 with the Python jobs over 4 simulated hours, the ingestion job killed (SIGKILL)
  and the analytics job stopped half-way and both restarted from their checkpoints: exactly once
  means every table still equals the expectation, without a duplicate.
- SQLite with the SQL job file over 1 simulated hour.
"""
import os
import re
import signal

import pytest

import compare
from pipeline import JOBS, Process, producers, spate_bin, wait_until
from producers import expected
from sql import apply as schema
from sql.db import Target, parse_target

TABLES = ("ticker_data", "trade_data", "article_data", "alert_data", "sentiment_data",
          "prediction_data", "candle_data")
# Volumes that keep each Kafka partition of the embedded broker under its ~5 MB retention.
RATES = ["--ticker-interval", "5", "--trade-rate", "3", "--article-rate", "40", "--jump-rate", "2"]


@pytest.fixture
def broker(tmp_path):
    p = Process("broker", [spate_bin(), "kafka-broker"], str(tmp_path))
    try:
        out = p.wait_for("127.0.0.1:", timeout=30)
        yield re.search(r"(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)", out).group(1)
    finally:
        p.stop(signal.SIGTERM)


def start_jobs(tmp_path, bootstrap, database, names=("ingestion", "analytics")):
    files = {"ingestion": "kafka_to_db.py", "analytics": "sentiment_prediction_job.py"}
    jobs = {}
    for name in names:
        jobs[name] = Process(name, [spate_bin(), "run", os.path.join(JOBS, files[name]),
                                    "--kafka", bootstrap, "--database", database,
                                    "--state", str(tmp_path / "state"), "--no-schema"],
                             str(tmp_path))
    for name, job in jobs.items():
        job.wait_for(f"{name}: ", timeout=120)
    return jobs


def counts(target):
    conn = target.connect()
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def wait_for_tables(target, want, jobs, timeout=600):
    last = {}

    def done():
        for name, job in jobs.items():
            assert job.alive(), f"{name} exited:\n{job.output()[-4000:]}"
        last.update(counts(target))
        return all(last[t] >= want[t] for t in TABLES)
    wait_until(done, timeout, lambda: f"tables to fill: have {last}, want {want}")


def check_tables(target, want_rows):
    problems = []
    for t in TABLES:
        problems += compare.differences(t, compare.read_table(target, t), want_rows[t])
    assert problems == [], "\n".join(problems)


def test_python_jobs_on_postgresql_with_restarts(tmp_path, broker, pg_db):
    target = parse_target(pg_db)
    schema.apply(target)
    rec, state = str(tmp_path / "rec"), str(tmp_path / "producers.json")
    feed = ["--bootstrap", broker, "--record", rec, "--state", state, *RATES]
    jobs = start_jobs(tmp_path, broker, pg_db)
    try:
        producers(["--fast-forward", "2h", *feed], str(tmp_path))
        half = {t: len(r) for t, r in expected.all_tables(rec).items()}
        wait_for_tables(target, half, jobs)
        # A crash of the ingestion job and a graceful stop of the analytics job, then both back.
        jobs["ingestion"].stop(signal.SIGKILL)
        assert jobs["analytics"].stop(signal.SIGINT) is not None
        jobs = start_jobs(tmp_path, broker, pg_db)
        producers(["--fast-forward", "2h", *feed], str(tmp_path))
        want = expected.all_tables(rec)
        wait_for_tables(target, {t: len(r) for t, r in want.items()}, jobs)
        check_tables(target, want)
        # Four hours of event time, every kind of row present.
        assert all(want[t] for t in TABLES)
        assert max(r["timestamp"] for r in want["ticker_data"]) - min(
            r["timestamp"] for r in want["ticker_data"]) > 3.9 * 3600e6
    finally:
        for job in jobs.values():
            job.stop()


def test_sql_job_on_sqlite(tmp_path, broker):
    target = Target("sqlite", path=str(tmp_path / "crypto_viz.db"))
    schema.apply(target)
    job = Process("sql-job", [spate_bin(), "run", os.path.join(JOBS, "crypto_viz.sql"),
                              "--conf", f"crypto.kafka={broker}",
                              "--conf", f"crypto.db={target.jdbc_url}",
                              "--conf", f"crypto.checkpoints={tmp_path}/checkpoints"],
                  str(tmp_path))
    try:
        rec = str(tmp_path / "rec")
        producers(["--fast-forward", "1h", "--bootstrap", broker, "--record", rec, *RATES],
                  str(tmp_path))
        want = expected.all_tables(rec)
        wait_for_tables(target, {t: len(r) for t, r in want.items()}, {"sql-job": job})
        check_tables(target, want)
    finally:
        job.stop()
