-- CRYPTO VIZ as one SQL job: the ingestion job's four queries and the analytics job's three, as
-- the Python jobs (kafka_to_db.py, sentiment_prediction_job.py) define them.
--
--   spate run apps/crypto_viz/jobs/crypto_viz.sql \
--     --conf crypto.kafka=127.0.0.1:9092 \
--     --conf crypto.db=jdbc:sqlite:/tmp/crypto_viz/crypto_viz.db \
--     --conf crypto.checkpoints=/tmp/crypto_viz/checkpoints-sql \
--     [--conf crypto.time=processing]
--
-- crypto.kafka may be `embedded` (the in-process broker); crypto.db a jdbc:sqlite: URL, a
-- jdbc:postgresql:// URL with user/password parameters, or a libpq DSN. The tables must exist
-- (python3 -m sql.apply, run from apps/crypto_viz). Event time comes from the payload unless
-- crypto.time=processing (the original jobs' current_timestamp()).

-- Sources: the four topics, from the beginning on a query's first run.
CREATE TABLE rawticker USING kafka OPTIONS (kafka.bootstrap.servers '${crypto.kafka}',
  subscribe 'rawticker', startingOffsets 'earliest', failOnDataLoss 'false');
CREATE TABLE rawtrade USING kafka OPTIONS (kafka.bootstrap.servers '${crypto.kafka}',
  subscribe 'rawtrade', startingOffsets 'earliest', failOnDataLoss 'false');
CREATE TABLE rawarticle USING kafka OPTIONS (kafka.bootstrap.servers '${crypto.kafka}',
  subscribe 'rawarticle', startingOffsets 'earliest', failOnDataLoss 'false');
CREATE TABLE rawalert USING kafka OPTIONS (kafka.bootstrap.servers '${crypto.kafka}',
  subscribe 'rawalert', startingOffsets 'earliest', failOnDataLoss 'false');

-- The messages as rows (producers' schemas; apps/crypto_viz/README.md).
CREATE TEMPORARY VIEW tickers AS
SELECT d.pair, d.last, d.bid, d.ask, d.volume_24h,
       CAST(d.timestamp AS TIMESTAMP) AS ts,
       CASE WHEN '${crypto.time}' = 'processing' THEN current_timestamp()
            ELSE CAST(d.timestamp AS TIMESTAMP) END AS analytics_ts,
       CASE WHEN split(d.pair, '/')[0] = 'XBT' THEN 'BTC' ELSE split(d.pair, '/')[0] END
         AS crypto_symbol
FROM (SELECT from_json(CAST(value AS STRING),
        'pair STRING, last DOUBLE, bid DOUBLE, ask DOUBLE, volume_24h DOUBLE,
         timestamp DOUBLE, pct_change DOUBLE') AS d
      FROM STREAM(rawticker));

CREATE TEMPORARY VIEW trades AS
SELECT d.pair, d.price, d.volume, d.side,
       CAST(d.timestamp AS TIMESTAMP) AS ts,
       CASE WHEN '${crypto.time}' = 'processing' THEN current_timestamp()
            ELSE CAST(d.timestamp AS TIMESTAMP) END AS analytics_ts
FROM (SELECT from_json(CAST(value AS STRING),
        'pair STRING, price DOUBLE, volume DOUBLE, timestamp DOUBLE, side STRING') AS d
      FROM STREAM(rawtrade));

CREATE TEMPORARY VIEW articles AS
SELECT d.id, d.title, d.url, d.website, d.summary, d.cryptocurrencies_mentioned,
       d.sentiment.score AS sentiment_score, d.sentiment.label AS sentiment_label,
       CAST(d.published_at AS TIMESTAMP) AS published_at,
       CASE WHEN '${crypto.time}' = 'processing' THEN current_timestamp()
            ELSE CAST(d.scraped_at AS TIMESTAMP) END AS ts
FROM (SELECT from_json(CAST(value AS STRING),
        'id STRING, title STRING, url STRING, website STRING, summary STRING,
         content MAP<STRING, STRING>, published_at DOUBLE, scraped_at DOUBLE,
         cryptocurrencies_mentioned ARRAY<STRING>,
         sentiment STRUCT<score: DOUBLE, label: STRING>') AS d
      FROM STREAM(rawarticle));

-- One row per crypto an article mentions: an article about ["bitcoin", "btc"] counts for both.
CREATE TEMPORARY VIEW article_mentions AS
SELECT ts, explode(cryptocurrencies_mentioned) AS crypto_symbol, sentiment_score
FROM STREAM(articles);

CREATE TEMPORARY VIEW alerts AS
SELECT d.pair, d.last, d.change, d.threshold, CAST(d.timestamp AS TIMESTAMP) AS ts
FROM (SELECT from_json(CAST(value AS STRING),
        'pair STRING, type STRING, last DOUBLE, change DOUBLE, threshold DOUBLE,
         timestamp DOUBLE') AS d
      FROM STREAM(rawalert));

-- Sinks: the tables, exactly once (each query's committed batches are recorded in the database).
CREATE TABLE ticker_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'ticker_data',
  outputMode 'append', queryName 'ticker', checkpointLocation '${crypto.checkpoints}/ticker');
CREATE TABLE trade_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'trade_data',
  outputMode 'append', queryName 'trade', checkpointLocation '${crypto.checkpoints}/trade');
CREATE TABLE article_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'article_data',
  outputMode 'append', queryName 'article', checkpointLocation '${crypto.checkpoints}/article');
CREATE TABLE alert_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'alert_data',
  outputMode 'append', queryName 'alert', checkpointLocation '${crypto.checkpoints}/alert');
CREATE TABLE sentiment_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'sentiment_data',
  outputMode 'append', queryName 'sentiment',
  checkpointLocation '${crypto.checkpoints}/sentiment');
CREATE TABLE prediction_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'prediction_data',
  outputMode 'append', queryName 'prediction',
  checkpointLocation '${crypto.checkpoints}/prediction');
CREATE TABLE candle_sink USING jdbc OPTIONS (url '${crypto.db}', dbtable 'candle_data',
  outputMode 'append', queryName 'candle', checkpointLocation '${crypto.checkpoints}/candle');

-- Ingestion.
INSERT INTO ticker_sink
SELECT ts AS `timestamp`, pair, last, bid, ask, volume_24h FROM STREAM(tickers);

INSERT INTO trade_sink
SELECT ts AS `timestamp`, pair, price, volume, side FROM STREAM(trades);

INSERT INTO article_sink
SELECT ts AS `timestamp`, id AS article_id, title, url, website, summary,
       cryptocurrencies_mentioned, sentiment_score, sentiment_label, published_at
FROM STREAM(articles);

INSERT INTO alert_sink
SELECT ts AS `timestamp`, pair, last AS last_price, change AS change_percent, threshold,
       CASE WHEN change >= 0 THEN 'PRICE_UP' ELSE 'PRICE_DOWN' END AS alert_type
FROM STREAM(alerts);

-- Analytics: sentiment per crypto keyword, 3-minute tumbling windows.
INSERT INTO sentiment_sink
SELECT window.end AS `timestamp`, crypto_symbol, avg_score AS sentiment_score,
       CASE WHEN avg_score > 0.6 THEN 'positive' WHEN avg_score < 0.4 THEN 'negative'
            ELSE 'neutral' END AS sentiment_label,
       'aggregated_articles' AS source, avg_score AS confidence, article_count
FROM (SELECT window, crypto_symbol, avg(sentiment_score) AS avg_score, count(*) AS article_count
      FROM STREAM(article_mentions) WATERMARK ts DELAY OF INTERVAL 2 MINUTES
      GROUP BY window(ts, '3 minutes'), crypto_symbol);

-- Price statistics per crypto and pair: 3-minute windows sliding every 30 seconds.
INSERT INTO prediction_sink
SELECT window.end AS `timestamp`, crypto_symbol, pair, avg_price AS predicted_price,
       close_price AS actual_price, 'moving_average' AS model_name,
       avg_price - volatility AS confidence_interval_low,
       avg_price + volatility AS confidence_interval_high,
       volatility AS price_volatility, min_price, max_price, tick_count
FROM (SELECT window, crypto_symbol, pair, avg(last) AS avg_price, stddev(last) AS volatility,
             min(last) AS min_price, max(last) AS max_price,
             max_by(last, analytics_ts) AS close_price, count(*) AS tick_count
      FROM STREAM(tickers) WATERMARK analytics_ts DELAY OF INTERVAL 2 MINUTES
      GROUP BY window(analytics_ts, '3 minutes', '30 seconds'), crypto_symbol, pair);

-- 1-minute OHLC candles per pair with buy and sell volumes.
INSERT INTO candle_sink
SELECT window.start AS `timestamp`, pair, open, high, low, close, volume, buy_volume,
       sell_volume, trade_count
FROM (SELECT window, pair, min_by(price, analytics_ts) AS open, max(price) AS high,
             min(price) AS low, max_by(price, analytics_ts) AS close, sum(volume) AS volume,
             sum(CASE WHEN side = 'b' THEN volume ELSE CAST(0 AS DOUBLE) END) AS buy_volume,
             sum(CASE WHEN side = 's' THEN volume ELSE CAST(0 AS DOUBLE) END) AS sell_volume,
             count(*) AS trade_count
      FROM STREAM(trades) WATERMARK analytics_ts DELAY OF INTERVAL 2 MINUTES
      GROUP BY window(analytics_ts, '1 minute'), pair);
