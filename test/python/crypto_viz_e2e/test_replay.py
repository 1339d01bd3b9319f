"""Both jobs without a broker: the Python jobs with --replay (the producers' record read as text
streams) on PostgreSQL 15, and the SQL job file with its Kafka tables swapped for text tables on
SQLite. Every table is compared with the producers' expectation."""
import os
import re

import compare
from pipeline import JOBS, Process, producers, spate_bin, wait_until
from producers import expected
from sql import apply as schema
from sql.db import Target, parse_target

TABLES = ("ticker_data", "trade_data", "article_data", "alert_data", "sentiment_data",
          "prediction_data", "candle_data")
RATES = ["--ticker-interval", "5", "--trade-rate", "3", "--article-rate", "40", "--jump-rate", "3"]


def record(tmp_path, duration):
    rec = str(tmp_path / "rec")
    producers(["--fast-forward", duration, "--record", rec, *RATES], str(tmp_path))
    return rec, expected.all_tables(rec)


def wait_and_compare(target, want, jobs):
    def counts():
        conn = target.connect()
        try:
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        finally:
            conn.close()
    have = {}

    def done():
        for job in jobs:
            assert job.alive(), f"{job.name} exited:\n{job.output()[-4000:]}"
        have.update(counts())
        return all(have[t] >= len(want[t]) for t in TABLES)
    wait_until(done, 300, lambda: f"tables to fill: {have} of "
               f"{ {t: len(r) for t, r in want.items()} }")
    problems = []
    for t in TABLES:
        assert want[t], f"the run produced no {t} rows: make it longer"
        problems += compare.differences(t, compare.read_table(target, t), want[t])
    assert problems == [], "\n".join(problems)


def test_python_jobs_replayed_into_postgresql(tmp_path, pg_db):
    rec, want = record(tmp_path, "2h")
    schema.apply(parse_target(pg_db))  # the jobs apply it too; the test reads the tables at once
    jobs = [Process(name, [spate_bin(), "run", os.path.join(JOBS, script), "--replay", rec,
                           "--database", pg_db, "--state", str(tmp_path / "state")],
                    str(tmp_path))
            for name, script in (("ingestion", "kafka_to_db.py"),
                                 ("analytics", "sentiment_prediction_job.py"))]
    try:
        wait_and_compare(parse_target(pg_db), want, jobs)
    finally:
        codes = {job.name: job.stop() for job in jobs}
    # Ctrl-C (SIGINT) stops them cleanly.
    assert codes == {"ingestion": 0, "analytics": 0}, [j.output()[-2000:] for j in jobs]


def test_sql_job_on_text_tables_into_sqlite(tmp_path):
    rec, want = record(tmp_path, "1h")
    with open(os.path.join(JOBS, "crypto_viz.sql")) as f:
        sql, n = re.subn(r"CREATE TABLE (raw\w+) USING kafka OPTIONS \(.*?\);",
                         lambda m: f"CREATE TABLE {m.group(1)} (value STRING) USING text "
                                   f"OPTIONS (path '{rec}/{m.group(1)}.jsonl');", f.read(),
                         flags=re.S)
    assert n == 4
    job_file = tmp_path / "job.sql"
    job_file.write_text(sql)
    target = Target("sqlite", path=str(tmp_path / "crypto_viz.db"))
    schema.apply(target)
    job = Process("sql-job", [spate_bin(), "run", str(job_file),
                              "--conf", f"crypto.db={target.jdbc_url}",
                              "--conf", f"crypto.checkpoints={tmp_path}/checkpoints"],
                  str(tmp_path))
    try:
        wait_and_compare(target, want, [job])
    finally:
        job.stop()
