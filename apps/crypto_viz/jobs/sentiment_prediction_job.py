"""Job 2, analytics (the original sentiment_prediction_job.py): sentiment per crypto in 3-minute
tumbling windows, price statistics per crypto and pair in 3-minute windows sliding every 30 s,
and 1-minute OHLC candles per pair; each with a 2-minute watermark, appended once final.

    spate run apps/crypto_viz/jobs/sentiment_prediction_job.py [--dashboard] [options]

--dashboard also serves the dashboard at /crypto on this session's web UI.
"""
import sys

import config
from common import WATERMARK, create_spark_session, event_time, prepare_database, \
    read_topic, run_until_stopped, write_to_database
from pyspark.sql.functions import (avg, col, count, explode, expr, lit, max as spark_max,
                                   max_by, min as spark_min, min_by, split, stddev,
                                   sum as spark_sum, when, window)
from schemas import ARTICLE_SCHEMA, TICKER_SCHEMA, TRADE_SCHEMA


def process_sentiment_from_articles(spark, args):
    article_df = read_topic(spark, args, "rawarticle", ARTICLE_SCHEMA) \
        .withColumn("timestamp", event_time(args, "scraped_at"))
    # One row per crypto mentioned: an article about ["bitcoin", "btc"] counts for both.
    exploded_df = article_df.select(
        col("timestamp"),
        explode(col("cryptocurrencies_mentioned")).alias("crypto_symbol"),
        col("sentiment.score").alias("sentiment_score"))
    windowed_df = exploded_df \
        .withWatermark("timestamp", WATERMARK) \
        .groupBy(window(col("timestamp"), "3 minutes"), col("crypto_symbol")) \
        .agg(avg("sentiment_score").alias("avg_sentiment_score"),
             count("*").alias("article_count"))
    result_df = windowed_df.select(
        col("window.end").alias("timestamp"),
        col("crypto_symbol"),
        col("avg_sentiment_score").alias("sentiment_score"),
        expr("CASE WHEN avg_sentiment_score > 0.6 THEN 'positive' "
             "WHEN avg_sentiment_score < 0.4 THEN 'negative' "
             "ELSE 'neutral' END").alias("sentiment_label"),
        lit("aggregated_articles").alias("source"),
        # The original's "confidence" is the same average again; kept for its readers.
        col("avg_sentiment_score").alias("confidence"),
        col("article_count"))
    return write_to_database(result_df, args, "sentiment_data", "sentiment")


def process_price_predictions(spark, args):
    ticker_df = read_topic(spark, args, "rawticker", TICKER_SCHEMA) \
        .withColumn("timestamp", event_time(args, "timestamp"))
    base = split(col("pair"), "/").getItem(0)
    with_symbol = ticker_df.withColumn("crypto_symbol",
                                       when(base == "XBT", "BTC").otherwise(base))
    windowed_df = with_symbol \
        .withWatermark("timestamp", WATERMARK) \
        .groupBy(window(col("timestamp"), "3 minutes", "30 seconds"),
                 col("crypto_symbol"), col("pair")) \
        .agg(avg("last").alias("avg_price"),
             stddev("last").alias("price_volatility"),
             spark_min("last").alias("min_price"),
             spark_max("last").alias("max_price"),
             max_by("last", "timestamp").alias("close_price"),
             count("*").alias("tick_count"))
    prediction_df = windowed_df.select(
        col("window.end").alias("timestamp"),
        col("crypto_symbol"),
        col("pair"),
        col("avg_price").alias("predicted_price"),
        # The original stored the average here too ("to be updated"); the window's last price
        # is what the band is compared with.
        col("close_price").alias("actual_price"),
        lit("moving_average").alias("model_name"),
        (col("avg_price") - col("price_volatility")).alias("confidence_interval_low"),
        (col("avg_price") + col("price_volatility")).alias("confidence_interval_high"),
        col("price_volatility"),
        col("min_price"),
        col("max_price"),
        col("tick_count"))
    return write_to_database(prediction_df, args, "prediction_data", "prediction")


def process_candles(spark, args):
    trade_df = read_topic(spark, args, "rawtrade", TRADE_SCHEMA) \
        .withColumn("timestamp", event_time(args, "timestamp"))
    candles_df = trade_df \
        .withWatermark("timestamp", WATERMARK) \
        .groupBy(window(col("timestamp"), "1 minute"), col("pair")) \
        .agg(min_by("price", "timestamp").alias("open"),
             spark_max("price").alias("high"),
             spark_min("price").alias("low"),
             max_by("price", "timestamp").alias("close"),
             spark_sum("volume").alias("volume"),
             spark_sum(when(col("side") == "b", col("volume")).otherwise(lit(0.0)))
             .alias("buy_volume"),
             spark_sum(when(col("side") == "s", col("volume")).otherwise(lit(0.0)))
             .alias("sell_volume"),
             count("*").alias("trade_count"))
    result_df = candles_df.select(
        col("window.start").alias("timestamp"), col("pair"), col("open"), col("high"),
        col("low"), col("close"), col("volume"), col("buy_volume"), col("sell_volume"),
        col("trade_count"))
    return write_to_database(result_df, args, "candle_data", "candle")


def main(argv):
    args = config.parse(argv, "CRYPTO VIZ analytics: sentiment, price statistics, candles")
    prepare_database(args, log=lambda m: print(f"analytics: {m}", flush=True))
    spark = create_spark_session("CRYPTO_VIZ_Streaming_Analytics", args)
    queries = [process_sentiment_from_articles(spark, args),
               process_price_predictions(spark, args),
               process_candles(spark, args)]
    if args.settle:
        for q in queries:
            q.processAllAvailable()
    print(f"analytics: {len(queries)} queries writing to {args.target.describe()} "
          f"({args.time} time)", flush=True)
    log = lambda m: print(f"analytics: {m}", flush=True)  # noqa: E731
    if args.dashboard:
        import dashboard_ui
        url = dashboard_ui.serve(spark, args, log)
        if url:
            log(f"dashboard at {url}")
    return run_until_stopped(queries, log)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
