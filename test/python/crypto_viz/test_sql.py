"""The database DDL: SQLite, PostgreSQL without TimescaleDB (BRIN + views, the branch used here)
and the TimescaleDB branch's SQL against stand-ins of TimescaleDB's functions."""
import sqlite3

import pytest

from sql import apply as schema
from sql.db import Target, parse_target

TABLES = ("ticker_data", "trade_data", "article_data", "alert_data", "sentiment_data",
          "prediction_data", "candle_data")


def test_parse_target():
    t = parse_target("jdbc:sqlite:/tmp/x.db")
    assert (t.kind, t.path, t.jdbc_url) == ("sqlite", "/tmp/x.db", "jdbc:sqlite:/tmp/x.db")
    t = parse_target("host=127.0.0.1 port=5544 user=postgres dbname=crypto password='a b\\'c'")
    assert t.conninfo == {"host": "127.0.0.1", "port": "5544", "user": "postgres",
                          "dbname": "crypto", "password": "a b'c"}
    assert t.jdbc_options() == {"url": "jdbc:postgresql://127.0.0.1:5544/crypto",
                                "user": "postgres", "password": "a b'c"}
    assert "a b'c" not in t.describe()
    t = parse_target("postgresql://u:p%40ss@db.local:6000/viz")
    assert t.conninfo == {"host": "db.local", "port": "6000", "dbname": "viz", "user": "u",
                          "password": "p@ss"}
    t = parse_target("jdbc:postgresql://h:5433/d?user=me&password=pw")
    assert t.jdbc_url == "jdbc:postgresql://h:5433/d" and t.conninfo["user"] == "me"
    for bad in ("jdbc:sqlite:", "mysql://x", "host='open"):
        with pytest.raises(ValueError):
            parse_target(bad)


# -- SQLite --------------------------------------------------------------------------------------

def test_sqlite_schema(tmp_path):
    target = Target("sqlite", path=str(tmp_path / "c.db"))
    assert schema.apply(target) == "sqlite"
    assert schema.apply(target) == "sqlite"  # idempotent
    c = sqlite3.connect(target.path)
    names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(TABLES) <= names
    cols = [r[1] for r in c.execute("PRAGMA table_info(prediction_data)")]
    assert cols == ["timestamp", "crypto_symbol", "pair", "predicted_price", "actual_price",
                    "model_name", "confidence_interval_low", "confidence_interval_high",
                    "price_volatility", "min_price", "max_price", "tick_count"]
    # Timestamps as the JDBC sink writes them; hour buckets and OHLC worked out by hand.
    c.executemany("INSERT INTO ticker_data VALUES (?, ?, ?, NULL, NULL, ?)", [
        ("2024-01-15 10:05:00.000000", "XBT/USD", 100.0, 10.0),
        ("2024-01-15 10:59:59.999999", "XBT/USD", 90.0, 20.0),
        ("2024-01-15 10:30:00.000000", "XBT/USD", 120.0, 30.0),
        ("2024-01-15 11:00:00.000000", "XBT/USD", 95.0, 40.0),
        ("2024-01-15 10:10:00.000000", "ETH/USD", 5.0, 1.0)])
    rows = c.execute("SELECT * FROM ticker_ohlc_hourly ORDER BY bucket, pair").fetchall()
    assert rows == [("2024-01-15 10:00:00", "ETH/USD", 5.0, 5.0, 5.0, 5.0, 1.0),
                    ("2024-01-15 10:00:00", "XBT/USD", 100.0, 120.0, 90.0, 90.0, 20.0),
                    ("2024-01-15 11:00:00", "XBT/USD", 95.0, 95.0, 95.0, 95.0, 40.0)]
    c.executemany("INSERT INTO sentiment_data VALUES (?, ?, ?, 'x', 'aggregated_articles', ?, 1)",
                  [("2024-01-15 10:03:00.000000", "bitcoin", 0.8, 0.8),
                   ("2024-01-15 10:06:00.000000", "bitcoin", 0.4, 0.4)])
    assert c.execute("SELECT * FROM sentiment_hourly").fetchall() == [
        ("2024-01-15 10:00:00", "bitcoin", pytest.approx(0.6), 2)]
    with pytest.raises(sqlite3.IntegrityError):  # one row per window
        c.execute("INSERT INTO sentiment_data VALUES ('2024-01-15 10:03:00.000000', 'bitcoin', "
                  "0.1, 'negative', 's', 0.1, 1)")
    with pytest.raises(sqlite3.IntegrityError):
        c.execute("INSERT INTO trade_data VALUES ('2024-01-15 10:03:00', 'XBT/USD', 1, 1, 'x')")


# -- PostgreSQL ----------------------------------------------------------------------------------

def pg(dsn):
    import psycopg
    return psycopg.connect(dsn, autocommit=True)


def load_sample(c):
    c.execute("""INSERT INTO ticker_data VALUES
        ('2024-01-15 10:05:00+00', 'XBT/USD', 100, NULL, NULL, 10),
        ('2024-01-15 10:59:59.999999+00', 'XBT/USD', 90, NULL, NULL, 20),
        ('2024-01-15 10:30:00+00', 'XBT/USD', 120, NULL, NULL, 30),
        ('2024-01-15 11:00:00+00', 'XBT/USD', 95, NULL, NULL, 40),
        ('2024-01-15 10:10:00+00', 'ETH/USD', 5, NULL, NULL, 1)""")
    c.execute("""INSERT INTO sentiment_data VALUES
        ('2024-01-15 10:03:00+00', 'bitcoin', 0.8, 'positive', 'aggregated_articles', 0.8, 1),
        ('2024-01-15 10:06:00+00', 'bitcoin', 0.4, 'neutral', 'aggregated_articles', 0.4, 1)""")


def hourly(c):
    # A session time zone with a half-hour offset: buckets must still be UTC hours.
    c.execute("SET TIME ZONE 'Asia/Kolkata'")
    ohlc = c.execute("""SELECT to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), pair,
                               open, high, low, close, avg_volume_24h
                        FROM ticker_ohlc_hourly ORDER BY 1, 2""").fetchall()
    sent = c.execute("""SELECT to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                               crypto_symbol, avg_sentiment, samples
                        FROM sentiment_hourly""").fetchall()
    return ohlc, sent


EXPECTED_HOURLY = (
    [("2024-01-15 10:00", "ETH/USD", 5.0, 5.0, 5.0, 5.0, 1.0),
     ("2024-01-15 10:00", "XBT/USD", 100.0, 120.0, 90.0, 90.0, 20.0),
     ("2024-01-15 11:00", "XBT/USD", 95.0, 95.0, 95.0, 95.0, 40.0)],
    [("2024-01-15 10:00", "bitcoin", pytest.approx(0.6), 2)])


def test_postgres_without_timescaledb_gets_brin_indexes_and_views(pg_db):
    target = parse_target(pg_db)
    assert schema.apply(target) == "fallback"
    assert schema.apply(target) == "fallback"  # idempotent
    with pg(pg_db) as c:
        brin = {r[0] for r in c.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING brin (\"timestamp\")'")}
        assert brin == set(TABLES)
        types = dict(c.execute("""SELECT column_name, udt_name FROM information_schema.columns
                                  WHERE table_name = 'article_data'""").fetchall())
        assert types["timestamp"] == "timestamptz" and types["cryptocurrencies_mentioned"] == "_text"
        load_sample(c)
        assert hourly(c) == EXPECTED_HOURLY
        import psycopg
        with pytest.raises(psycopg.errors.CheckViolation):
            c.execute("INSERT INTO alert_data VALUES (now(), 'XBT/USD', 1, 1, 0.5, 'UP')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            c.execute("""INSERT INTO candle_data VALUES
                ('2024-01-15 10:00+00', 'XBT/USD', 1, 1, 1, 1, 1, 1, 0, 1),
                ('2024-01-15 10:00+00', 'XBT/USD', 2, 2, 2, 2, 2, 2, 0, 1)""")


def test_brin_index_serves_time_range_scans(pg_db):
    schema.apply(parse_target(pg_db))
    with pg(pg_db) as c:
        # A day of tickers at one per second, in time order as the sinks append them.
        c.execute("""INSERT INTO ticker_data
                     SELECT timestamptz '2024-01-15 00:00+00' + i * interval '1 second',
                            'XBT/USD', 100 + i % 7, NULL, NULL, 1
                     FROM generate_series(0, 86399) AS i""")
        c.execute("ANALYZE ticker_data")
        plan = "\n".join(r[0] for r in c.execute(
            """EXPLAIN SELECT avg(last) FROM ticker_data
               WHERE "timestamp" BETWEEN '2024-01-15 12:00+00' AND '2024-01-15 12:05+00'"""))
        assert "ticker_data_ts_brin" in plan, plan


# Stand-ins with TimescaleDB 2.x's signatures: they check their arguments and record the calls;
# time_bucket/first/last compute what TimescaleDB's do for these uses.
TIMESCALE_STUBS = r"""
CREATE TABLE ts_calls (fn text, rel regclass, arg text);
CREATE FUNCTION create_hypertable(relation regclass, time_column_name name,
    partitioning_column name = NULL, number_partitions integer = NULL,
    associated_schema_name name = NULL, associated_table_prefix name = NULL,
    chunk_time_interval anyelement = NULL::bigint, create_default_indexes boolean = TRUE,
    if_not_exists boolean = FALSE, partitioning_func regproc = NULL,
    migrate_data boolean = FALSE, chunk_target_size text = NULL,
    chunk_sizing_func regproc = NULL, time_partitioning_func regproc = NULL)
RETURNS TABLE(hypertable_id integer, schema_name name, table_name name, created boolean)
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = relation
                 AND attname = time_column_name AND atttypid = 'timestamptz'::regtype) THEN
    RAISE EXCEPTION 'no timestamptz column % in %', time_column_name, relation;
  END IF;
  INSERT INTO ts_calls VALUES ('create_hypertable', relation, chunk_time_interval::text);
  RETURN QUERY SELECT 1, 'public'::name, relation::text::name, true;
END $$;
CREATE FUNCTION add_retention_policy(relation regclass, drop_after anyelement,
    if_not_exists boolean = false, schedule_interval interval = NULL,
    initial_start timestamptz = NULL, timezone text = NULL) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ts_calls VALUES ('add_retention_policy', relation, drop_after::text);
  RETURN 1;
END $$;
CREATE FUNCTION add_continuous_aggregate_policy(continuous_aggregate regclass,
    start_offset anyelement, end_offset anyelement, schedule_interval interval,
    if_not_exists boolean = false, initial_start timestamptz = NULL, timezone text = NULL)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT relkind FROM pg_class WHERE oid = continuous_aggregate) <> 'm' THEN
    RAISE EXCEPTION '% is not a continuous aggregate', continuous_aggregate;
  END IF;
  INSERT INTO ts_calls VALUES ('add_continuous_aggregate_policy', continuous_aggregate,
                               start_offset::text || ' ' || end_offset::text);
  RETURN 1;
END $$;
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
IMMUTABLE LANGUAGE sql AS $$
  SELECT to_timestamp(floor(extract(epoch FROM ts) / extract(epoch FROM bucket_width))
                      * extract(epoch FROM bucket_width))
$$;
CREATE TYPE ts_value_at AS (v double precision, t timestamptz);
CREATE FUNCTION ts_first_step(s ts_value_at, v double precision, t timestamptz)
RETURNS ts_value_at IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN s IS NULL OR t < s.t THEN ROW(v, t)::ts_value_at ELSE s END $$;
CREATE FUNCTION ts_last_step(s ts_value_at, v double precision, t timestamptz)
RETURNS ts_value_at IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN s IS NULL OR t >= s.t THEN ROW(v, t)::ts_value_at ELSE s END $$;
CREATE FUNCTION ts_value(s ts_value_at) RETURNS double precision IMMUTABLE LANGUAGE sql
AS $$ SELECT s.v $$;
CREATE AGGREGATE first(double precision, timestamptz)
  (SFUNC = ts_first_step, STYPE = ts_value_at, FINALFUNC = ts_value);
CREATE AGGREGATE last(double precision, timestamptz)
  (SFUNC = ts_last_step, STYPE = ts_value_at, FINALFUNC = ts_value);
"""


def test_timescale_branch_sql_against_stand_ins(pg_db):
    sql = schema.read("postgres/timescale.sql")
    # What plain PostgreSQL cannot take: the extension and the continuous-aggregate option.
    # Everything else runs as written.
    ext = "CREATE EXTENSION IF NOT EXISTS timescaledb;"
    opt = "WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
    assert sql.count(ext) == 1 and sql.count(opt) == 2
    sql = sql.replace(ext, "").replace(opt, "AS")
    with pg(pg_db) as c:
        c.execute(schema.read("postgres/tables.sql"))
        c.execute(TIMESCALE_STUBS)
        c.execute(sql)
        c.execute(sql)  # re-run: idempotent (if_not_exists, IF NOT EXISTS)
        calls = c.execute("SELECT fn, rel::text, arg FROM ts_calls ORDER BY 1, 2").fetchall()
        hyper = {rel: arg for fn, rel, arg in calls if fn == "create_hypertable"}
        assert hyper == {"alert_data": "1 day", "article_data": "1 day", "candle_data": "1 day",
                         "prediction_data": "01:00:00", "sentiment_data": "01:00:00",
                         "ticker_data": "01:00:00", "trade_data": "01:00:00"}
        assert {rel for fn, rel, arg in calls if fn == "add_retention_policy"
                and arg == "90 days"} == set(TABLES)
        assert {(rel, arg) for fn, rel, arg in calls if fn == "add_continuous_aggregate_policy"} == {
            ("sentiment_hourly", "04:00:00 01:00:00"), ("ticker_ohlc_hourly", "04:00:00 01:00:00")}
        load_sample(c)
        c.execute("REFRESH MATERIALIZED VIEW sentiment_hourly")
        c.execute("REFRESH MATERIALIZED VIEW ticker_ohlc_hourly")
        # The continuous aggregates and the fallback views agree, column for column.
        assert hourly(c) == EXPECTED_HOURLY


def test_apply_command_line(tmp_path, capsys):
    assert schema.main([f"jdbc:sqlite:{tmp_path}/x.db"]) == 0
    assert "schema applied to SQLite database" in capsys.readouterr().err
    assert schema.main(["nonsense"]) == 2


def test_concurrent_apply_on_postgres(pg_db):
    # Both jobs apply the schema as they start; at the same moment on PostgreSQL, CREATE TABLE IF
    # NOT EXISTS alone can fail with a duplicate pg_type key.
    import threading
    errors = []

    def run():
        try:
            schema.apply(parse_target(pg_db))
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)
    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
