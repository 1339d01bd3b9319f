"""TP4, graded question 2: how many changes on each Wikimedia site since the subscription
started, printed on the console (complete mode, most active wiki first).

Needs the Wikimedia relay on TP4_HOST:TP4_WIKI_PORT (127.0.0.1:10003). Runs TP4_RUN_SECONDS.
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json
from pyspark.sql.types import BooleanType, LongType, StringType, StructType

spark = SparkSession.builder.master("local[4]").appName("TP4 Wikimedia").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
HOST = os.environ.get("TP4_HOST", "127.0.0.1")
WIKI_PORT = os.environ.get("TP4_WIKI_PORT", "10003")
RUN_SECONDS = float(os.environ.get("TP4_RUN_SECONDS", "30"))

schema_wiki = StructType()\
    .add("title", StringType(), True)\
    .add("user", StringType(), True)\
    .add("bot", BooleanType(), True)\
    .add("timestamp", LongType(), True)\
    .add("wiki", StringType(), True)

changes = spark.readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", WIKI_PORT)\
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
