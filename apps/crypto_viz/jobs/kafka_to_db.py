"""Job 1, ingestion (the original kafka_to_timescale.py): the four topics into ticker_data,
trade_data, article_data and alert_data, one streaming query each.

    spate run apps/crypto_viz/jobs/kafka_to_db.py [--kafka SERVERS] [--database URL] …
"""
import sys

import config
from common import create_spark_session, event_time, prepare_database, read_topic, \
    run_until_stopped, write_to_database
from pyspark.sql.functions import col, when
from schemas import ALERT_SCHEMA, ARTICLE_SCHEMA, TICKER_SCHEMA, TRADE_SCHEMA


def process_ticker_stream(spark, args):
    ticker_df = read_topic(spark, args, "rawticker", TICKER_SCHEMA).select(
        col("timestamp").cast("timestamp").alias("timestamp"),
        col("pair"), col("last"), col("bid"), col("ask"), col("volume_24h"))
    return write_to_database(ticker_df, args, "ticker_data", "ticker")


def process_trade_stream(spark, args):
    trade_df = read_topic(spark, args, "rawtrade", TRADE_SCHEMA).select(
        col("timestamp").cast("timestamp").alias("timestamp"),
        col("pair"), col("price"), col("volume"), col("side"))
    return write_to_database(trade_df, args, "trade_data", "trade")


def process_article_stream(spark, args):
    article_df = read_topic(spark, args, "rawarticle", ARTICLE_SCHEMA).select(
        event_time(args, "scraped_at").alias("timestamp"),
        col("id").alias("article_id"),
        col("title"),
        col("url"),
        col("website"),
        # The original read content['summary'], which the scraper never wrote (always null).
        col("summary"),
        col("cryptocurrencies_mentioned"),
        col("sentiment.score").alias("sentiment_score"),
        col("sentiment.label").alias("sentiment_label"),
        col("published_at").cast("timestamp").alias("published_at"))
    return write_to_database(article_df, args, "article_data", "article")


def process_alert_stream(spark, args):
    alert_df = read_topic(spark, args, "rawalert", ALERT_SCHEMA).select(
        col("timestamp").cast("timestamp").alias("timestamp"),
        col("pair"),
        col("last").alias("last_price"),
        col("change").alias("change_percent"),
        col("threshold"),
        when(col("change") >= 0, "PRICE_UP").otherwise("PRICE_DOWN").alias("alert_type"))
    return write_to_database(alert_df, args, "alert_data", "alert")


def main(argv):
    args = config.parse(argv, "CRYPTO VIZ ingestion: Kafka topics → database tables")
    prepare_database(args, log=lambda m: print(f"ingestion: {m}", flush=True))
    spark = create_spark_session("CRYPTO_VIZ_Streaming", args)
    queries = [process_ticker_stream(spark, args), process_trade_stream(spark, args),
               process_article_stream(spark, args), process_alert_stream(spark, args)]
    if args.settle:
        for q in queries:
            q.processAllAvailable()
    print(f"ingestion: {len(queries)} queries writing to {args.target.describe()}", flush=True)
    return run_until_stopped(queries, lambda m: print(f"ingestion: {m}", flush=True))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
