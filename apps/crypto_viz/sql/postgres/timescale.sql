-- TimescaleDB layer (run after tables.sql when the server has the timescaledb extension):
-- hypertables with the chunk intervals of the original docs, 90-day retention, and the
-- continuous aggregates the original API read. Idempotent. fallback.sql is the same without
-- TimescaleDB.

CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('ticker_data', 'timestamp', chunk_time_interval => INTERVAL '1 hour',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('trade_data', 'timestamp', chunk_time_interval => INTERVAL '1 hour',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('article_data', 'timestamp', chunk_time_interval => INTERVAL '1 day',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('alert_data', 'timestamp', chunk_time_interval => INTERVAL '1 day',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('sentiment_data', 'timestamp', chunk_time_interval => INTERVAL '1 hour',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('prediction_data', 'timestamp', chunk_time_interval => INTERVAL '1 hour',
                         if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('candle_data', 'timestamp', chunk_time_interval => INTERVAL '1 day',
                         if_not_exists => TRUE, migrate_data => TRUE);

SELECT add_retention_policy(t, INTERVAL '90 days', if_not_exists => TRUE)
FROM unnest(ARRAY['ticker_data', 'trade_data', 'article_data', 'alert_data', 'sentiment_data',
                  'prediction_data', 'candle_data']::regclass[]) AS t;

-- Hourly sentiment per crypto. Real-time aggregates (materialized_only = false): buckets the policy
-- has not materialized yet are computed from the hypertable on read, as the fallback views are.
CREATE MATERIALIZED VIEW IF NOT EXISTS sentiment_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', "timestamp") AS bucket,
       crypto_symbol,
       avg(sentiment_score) AS avg_sentiment,
       count(*)             AS samples
FROM sentiment_data
GROUP BY bucket, crypto_symbol
WITH NO DATA;

-- Hourly OHLC of the ticker's last price per pair.
CREATE MATERIALIZED VIEW IF NOT EXISTS ticker_ohlc_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', "timestamp") AS bucket,
       pair,
       first(last, "timestamp") AS open,
       max(last)                AS high,
       min(last)                AS low,
       last(last, "timestamp")  AS close,
       avg(volume_24h)          AS avg_volume_24h
FROM ticker_data
GROUP BY bucket, pair
WITH NO DATA;

SELECT add_continuous_aggregate_policy(v, start_offset => INTERVAL '4 hours',
                                       end_offset => INTERVAL '1 hour',
                                       schedule_interval => INTERVAL '1 hour',
                                       if_not_exists => TRUE)
FROM unnest(ARRAY['sentiment_hourly', 'ticker_ohlc_hourly']::regclass[]) AS v;
