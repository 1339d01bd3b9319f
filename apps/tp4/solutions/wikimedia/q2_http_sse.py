"""TP4, question 2 without the relay: the job reads the Wikimedia EventStreams feed itself with
Spate's http_sse source (Server-Sent Events over HTTPS, reconnection with Last-Event-ID) and
counts the changes per wiki on the console.

TP4_SSE_URL selects the feed: the real one by default, or the servers' local feed
(http://127.0.0.1:10004/v2/stream/recentchange) when offline. Runs TP4_RUN_SECONDS (30).
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json
from pyspark.sql.types import BooleanType, LongType, StringType, StructType

spark = SparkSession.builder.master("local[4]").appName("TP4 Wikimedia SSE").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
SSE_URL = os.environ.get("TP4_SSE_URL", "https://stream.wikimedia.org/v2/stream/recentchange")
RUN_SECONDS = float(os.environ.get("TP4_RUN_SECONDS", "30"))

schema_wiki = StructType()\
    .add("title", StringType(), True)\
    .add("user", StringType(), True)\
    .add("bot", BooleanType(), True)\
    .add("timestamp", LongType(), True)\
    .add("wiki", StringType(), True)

# One row per SSE event; `value` is its data: the change as JSON (with meta, revision, length).
changes = spark.readStream\
    .format("http_sse")\
    .option("url", SSE_URL)\
    .option("eventTypes", "message")\
    .option("userAgent", "Spate-TP4/0.1 (TP4 streaming lab on Spate)")\
    .load()\
    .select(from_json(col("value"), schema_wiki).alias("change"))\
    .select("change.*")

changes_per_wiki = changes\
    .groupBy("wiki")\
    .count()\
    .orderBy(col("count").desc(), col("wiki"))\
    .writeStream\
    .format("console")\
    .outputMode("complete")\
    .option("numRows", 1000)\
    .trigger(processingTime="5 seconds")\
    .start()

sleep(RUN_SECONDS)
changes_per_wiki.stop()
