-- CRYPTO VIZ tables on PostgreSQL (15+), with or without TimescaleDB.
-- Idempotent: safe to run before every start. timescale.sql or fallback.sql follows (apply.py
-- picks one), then nothing else: the jobs' JDBC sinks append to these tables.
--
-- Every table has "timestamp" TIMESTAMPTZ NOT NULL, the event time (for aggregates: the window's
-- end, for candles: its start). Raw tables are append-only, without keys, as in the original
-- project; the aggregate tables have a unique key per window, which the streaming sinks'
-- exactly-once bookkeeping keeps free of duplicates (and which makes a duplicate fail loudly).

CREATE TABLE IF NOT EXISTS ticker_data (
    "timestamp"  TIMESTAMPTZ      NOT NULL,
    pair         VARCHAR(20)      NOT NULL,
    last         DOUBLE PRECISION NOT NULL,
    bid          DOUBLE PRECISION,
    ask          DOUBLE PRECISION,
    volume_24h   DOUBLE PRECISION
);

CREATE TABLE IF NOT EXISTS trade_data (
    "timestamp"  TIMESTAMPTZ      NOT NULL,
    pair         VARCHAR(20)      NOT NULL,
    price        DOUBLE PRECISION NOT NULL,
    volume       DOUBLE PRECISION NOT NULL,
    side         VARCHAR(1)       NOT NULL CHECK (side IN ('b', 's'))
);

CREATE TABLE IF NOT EXISTS article_data (
    "timestamp"                TIMESTAMPTZ  NOT NULL,  -- scraped_at
    article_id                 VARCHAR(500) NOT NULL,
    title                      TEXT         NOT NULL,
    url                        TEXT         NOT NULL,
    website                    VARCHAR(100),
    summary                    TEXT,
    cryptocurrencies_mentioned TEXT[],
    sentiment_score            DOUBLE PRECISION,
    sentiment_label            VARCHAR(20),
    published_at               TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS alert_data (
    "timestamp"     TIMESTAMPTZ      NOT NULL,
    pair            VARCHAR(20)      NOT NULL,
    last_price      DOUBLE PRECISION NOT NULL,
    change_percent  DOUBLE PRECISION NOT NULL,
    threshold       DOUBLE PRECISION NOT NULL,
    alert_type      VARCHAR(20)      NOT NULL CHECK (alert_type IN ('PRICE_UP', 'PRICE_DOWN'))
);

-- Sentiment per crypto keyword, 3-minute tumbling windows ("timestamp" = window end).
CREATE TABLE IF NOT EXISTS sentiment_data (
    "timestamp"      TIMESTAMPTZ      NOT NULL,
    crypto_symbol    VARCHAR(50)      NOT NULL,
    sentiment_score  DOUBLE PRECISION NOT NULL,
    sentiment_label  VARCHAR(20)      NOT NULL,
    source           VARCHAR(100)     NOT NULL,
    confidence       DOUBLE PRECISION,
    article_count    BIGINT
);

-- Price statistics per crypto and pair, 3-minute windows sliding every 30 s ("timestamp" =
-- window end): the moving average and its +-1 standard deviation band.
CREATE TABLE IF NOT EXISTS prediction_data (
    "timestamp"               TIMESTAMPTZ      NOT NULL,
    crypto_symbol             VARCHAR(50)      NOT NULL,
    pair                      VARCHAR(20)      NOT NULL,
    predicted_price           DOUBLE PRECISION NOT NULL,
    actual_price              DOUBLE PRECISION,
    model_name                VARCHAR(50)      NOT NULL,
    confidence_interval_low   DOUBLE PRECISION,
    confidence_interval_high  DOUBLE PRECISION,
    price_volatility          DOUBLE PRECISION,
    min_price                 DOUBLE PRECISION,
    max_price                 DOUBLE PRECISION,
    tick_count                BIGINT
);

-- 1-minute OHLC candles per pair from the trades ("timestamp" = window start).
CREATE TABLE IF NOT EXISTS candle_data (
    "timestamp"  TIMESTAMPTZ      NOT NULL,
    pair         VARCHAR(20)      NOT NULL,
    open         DOUBLE PRECISION NOT NULL,
    high         DOUBLE PRECISION NOT NULL,
    low          DOUBLE PRECISION NOT NULL,
    close        DOUBLE PRECISION NOT NULL,
    volume       DOUBLE PRECISION NOT NULL,
    buy_volume   DOUBLE PRECISION NOT NULL,
    sell_volume  DOUBLE PRECISION NOT NULL,
    trade_count  BIGINT           NOT NULL
);

-- The dashboard's and the original API's lookups: one pair / crypto / label, newest first.
CREATE INDEX IF NOT EXISTS ticker_data_pair_ts ON ticker_data (pair, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS trade_data_pair_ts ON trade_data (pair, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS trade_data_side_ts ON trade_data (side, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS article_data_cryptos ON article_data USING GIN (cryptocurrencies_mentioned);
CREATE INDEX IF NOT EXISTS article_data_label_ts ON article_data (sentiment_label, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS article_data_website_ts ON article_data (website, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS alert_data_pair_ts ON alert_data (pair, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS alert_data_type_ts ON alert_data (alert_type, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS sentiment_data_label_ts ON sentiment_data (sentiment_label, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS prediction_data_symbol_ts ON prediction_data (crypto_symbol, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS prediction_data_model_ts ON prediction_data (model_name, "timestamp" DESC);
-- One row per window (these include "timestamp", as TimescaleDB requires of unique indexes).
CREATE UNIQUE INDEX IF NOT EXISTS sentiment_data_key ON sentiment_data (crypto_symbol, "timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS prediction_data_key ON prediction_data (pair, "timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS candle_data_key ON candle_data (pair, "timestamp");
