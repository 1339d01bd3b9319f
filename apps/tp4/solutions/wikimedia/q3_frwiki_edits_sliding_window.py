"""TP4, graded question 3: the edits of French Wikipedia (wiki "frwiki", type "edit") counted in
1-hour windows sliding every 5 minutes, on the changes' own timestamps, kept up to date in a
DataSet (memory table `frwiki_edits`, complete mode).

Needs the Wikimedia relay on TP4_HOST:TP4_WIKI_PORT (127.0.0.1:10003). Runs TP4_RUN_SECONDS.
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json, window
from pyspark.sql.types import BooleanType, LongType, StringType, StructType

spark = SparkSession.builder.master("local[4]").appName("TP4 Wikimedia").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
HOST = os.environ.get("TP4_HOST", "127.0.0.1")
WIKI_PORT = os.environ.get("TP4_WIKI_PORT", "10003")
RUN_SECONDS = float(os.environ.get("TP4_RUN_SECONDS", "30"))

# `type` is needed here too, and `timestamp` (unix seconds) becomes an event time.
schema_wiki = StructType()\
    .add("title", StringType(), True)\
    .add("user", StringType(), True)\
    .add("bot", BooleanType(), True)\
    .add("timestamp", LongType(), True)\
    .add("wiki", StringType(), True)\
    .add("type", StringType(), True)

changes = spark.readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", WIKI_PORT)\
    .load()\
    .select(from_json(col("value"), schema_wiki).alias("change"))\
    .select("change.*")

frwiki_edits = changes\
    .where((col("wiki") == "frwiki") & (col("type") == "edit"))\
    .withColumn("event_time", col("timestamp").cast("timestamp"))\
    .groupBy(window(col("event_time"), "1 hour", "5 minutes"))\
    .count()\
    .writeStream\
    .format("memory")\
    .queryName("frwiki_edits")\
    .outputMode("complete")\
    .trigger(processingTime="5 seconds")\
    .start()

for _ in range(int(RUN_SECONDS // 5)):
    sleep(5)
    spark.sql("SELECT window.start, window.end, count FROM frwiki_edits ORDER BY window.start")\
        .show(1000, False)

frwiki_edits.stop()
