"""Spark read schemas of the four topics (the original project's spark_jobs/schemas.py, with the
fields its producers really send: summary and the timestamps of articles, and the one alert shape
of producers/schemas.py)."""
from pyspark.sql.types import (ArrayType, DoubleType, MapType, StringType, StructField,
                               StructType)

TICKER_SCHEMA = StructType([
    StructField("pair", StringType(), False),
    StructField("last", DoubleType(), False),
    StructField("bid", DoubleType(), True),
    StructField("ask", DoubleType(), True),
    StructField("volume_24h", DoubleType(), True),
    StructField("timestamp", DoubleType(), False),
    StructField("pct_change", DoubleType(), True),
])

TRADE_SCHEMA = StructType([
    StructField("pair", StringType(), False),
    StructField("price", DoubleType(), False),
    StructField("volume", DoubleType(), False),
    StructField("timestamp", DoubleType(), False),
    StructField("side", StringType(), False),
])

ARTICLE_SCHEMA = StructType([
    StructField("id", StringType(), False),
    StructField("title", StringType(), False),
    StructField("url", StringType(), False),
    StructField("website", StringType(), False),
    StructField("summary", StringType(), True),
    StructField("content", MapType(StringType(), StringType()), True),
    StructField("published_at", DoubleType(), True),
    StructField("scraped_at", DoubleType(), True),
    StructField("cryptocurrencies_mentioned", ArrayType(StringType()), True),
    StructField("sentiment", StructType([
        StructField("score", DoubleType(), True),
        StructField("label", StringType(), True),
    ]), True),
])

ALERT_SCHEMA = StructType([
    StructField("pair", StringType(), False),
    StructField("type", StringType(), False),
    StructField("last", DoubleType(), False),
    StructField("change", DoubleType(), False),
    StructField("threshold", DoubleType(), False),
    StructField("timestamp", DoubleType(), False),
])
