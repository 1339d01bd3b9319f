-- Without TimescaleDB (run after tables.sql when the extension is not available): BRIN indexes on
-- the time column and ordinary views under the names of timescale.sql's continuous aggregates,
-- with the same columns and UTC hour buckets, so readers work the same either way.
--
-- BRIN suits these append-only tables: rows arrive in time order, so a block range's min/max
-- summary prunes a time range scan to a few pages, at a tiny fraction of a b-tree's size.
-- Retention is not automatic here: DELETE FROM t WHERE "timestamp" < now() - INTERVAL '90 days'.

CREATE INDEX IF NOT EXISTS ticker_data_ts_brin ON ticker_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS trade_data_ts_brin ON trade_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS article_data_ts_brin ON article_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS alert_data_ts_brin ON alert_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS sentiment_data_ts_brin ON sentiment_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS prediction_data_ts_brin ON prediction_data USING BRIN ("timestamp");
CREATE INDEX IF NOT EXISTS candle_data_ts_brin ON candle_data USING BRIN ("timestamp");

CREATE OR REPLACE VIEW sentiment_hourly AS
SELECT date_trunc('hour', "timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
       crypto_symbol,
       avg(sentiment_score) AS avg_sentiment,
       count(*)             AS samples
FROM sentiment_data
GROUP BY 1, 2;

CREATE OR REPLACE VIEW ticker_ohlc_hourly AS
SELECT date_trunc('hour', "timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
       pair,
       (array_agg(last ORDER BY "timestamp"))[1]      AS open,
       max(last)                                      AS high,
       min(last)                                      AS low,
       (array_agg(last ORDER BY "timestamp" DESC))[1] AS close,
       avg(volume_24h)                                AS avg_volume_24h
FROM ticker_data
GROUP BY 1, 2;
