-- CRYPTO VIZ tables on SQLite, the embedded default (jdbc:sqlite:PATH). Idempotent.
-- Same tables and columns as postgres/tables.sql. Spate's JDBC sink stores timestamps as UTC text
-- "YYYY-MM-DD HH:MM:SS.ffffff" (fixed width: text order is time order, and SQLite's date
-- functions read it) and arrays as JSON text, which json_each() reads.

CREATE TABLE IF NOT EXISTS ticker_data (
    "timestamp"  TIMESTAMP NOT NULL,
    pair         TEXT      NOT NULL,
    last         DOUBLE    NOT NULL,
    bid          DOUBLE,
    ask          DOUBLE,
    volume_24h   DOUBLE
);

CREATE TABLE IF NOT EXISTS trade_data (
    "timestamp"  TIMESTAMP NOT NULL,
    pair         TEXT      NOT NULL,
    price        DOUBLE    NOT NULL,
    volume       DOUBLE    NOT NULL,
    side         TEXT      NOT NULL CHECK (side IN ('b', 's'))
);

CREATE TABLE IF NOT EXISTS article_data (
    "timestamp"                TIMESTAMP NOT NULL,  -- scraped_at
    article_id                 TEXT      NOT NULL,
    title                      TEXT      NOT NULL,
    url                        TEXT      NOT NULL,
    website                    TEXT,
    summary                    TEXT,
    cryptocurrencies_mentioned TEXT,                -- JSON array of strings
    sentiment_score            DOUBLE,
    sentiment_label            TEXT,
    published_at               TIMESTAMP
);

CREATE TABLE IF NOT EXISTS alert_data (
    "timestamp"     TIMESTAMP NOT NULL,
    pair            TEXT      NOT NULL,
    last_price      DOUBLE    NOT NULL,
    change_percent  DOUBLE    NOT NULL,
    threshold       DOUBLE    NOT NULL,
    alert_type      TEXT      NOT NULL CHECK (alert_type IN ('PRICE_UP', 'PRICE_DOWN'))
);

CREATE TABLE IF NOT EXISTS sentiment_data (
    "timestamp"      TIMESTAMP NOT NULL,  -- window end
    crypto_symbol    TEXT      NOT NULL,
    sentiment_score  DOUBLE    NOT NULL,
    sentiment_label  TEXT      NOT NULL,
    source           TEXT      NOT NULL,
    confidence       DOUBLE,
    article_count    BIGINT
);

CREATE TABLE IF NOT EXISTS prediction_data (
    "timestamp"               TIMESTAMP NOT NULL,  -- window end
    crypto_symbol             TEXT      NOT NULL,
    pair                      TEXT      NOT NULL,
    predicted_price           DOUBLE    NOT NULL,
    actual_price              DOUBLE,
    model_name                TEXT      NOT NULL,
    confidence_interval_low   DOUBLE,
    confidence_interval_high  DOUBLE,
    price_volatility          DOUBLE,
    min_price                 DOUBLE,
    max_price                 DOUBLE,
    tick_count                BIGINT
);

CREATE TABLE IF NOT EXISTS candle_data (
    "timestamp"  TIMESTAMP NOT NULL,  -- window start
    pair         TEXT      NOT NULL,
    open         DOUBLE    NOT NULL,
    high         DOUBLE    NOT NULL,
    low          DOUBLE    NOT NULL,
    close        DOUBLE    NOT NULL,
    volume       DOUBLE    NOT NULL,
    buy_volume   DOUBLE    NOT NULL,
    sell_volume  DOUBLE    NOT NULL,
    trade_count  BIGINT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ticker_data_pair_ts ON ticker_data (pair, "timestamp");
CREATE INDEX IF NOT EXISTS trade_data_pair_ts ON trade_data (pair, "timestamp");
CREATE INDEX IF NOT EXISTS article_data_ts ON article_data ("timestamp");
CREATE INDEX IF NOT EXISTS alert_data_ts ON alert_data ("timestamp");
CREATE INDEX IF NOT EXISTS sentiment_data_ts ON sentiment_data ("timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS sentiment_data_key ON sentiment_data (crypto_symbol, "timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS prediction_data_key ON prediction_data (pair, "timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS candle_data_key ON candle_data (pair, "timestamp");

-- The hourly rollups of postgres/*.sql, same names and columns (bucket as timestamp text).
CREATE VIEW IF NOT EXISTS sentiment_hourly AS
SELECT strftime('%Y-%m-%d %H:00:00', "timestamp") AS bucket,
       crypto_symbol,
       avg(sentiment_score) AS avg_sentiment,
       count(*)             AS samples
FROM sentiment_data
GROUP BY 1, 2;

CREATE VIEW IF NOT EXISTS ticker_ohlc_hourly AS
SELECT bucket, pair, open, max(last) AS high, min(last) AS low, close,
       avg(volume_24h) AS avg_volume_24h
FROM (SELECT strftime('%Y-%m-%d %H:00:00', "timestamp") AS bucket, pair, last, volume_24h,
             first_value(last) OVER w AS open,
             last_value(last) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                 AS close
      FROM ticker_data
      WINDOW w AS (PARTITION BY pair, strftime('%Y-%m-%d %H', "timestamp") ORDER BY "timestamp"))
GROUP BY bucket, pair;
