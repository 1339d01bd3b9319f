"""TP4, graded question 1: keep only title, user, bot, timestamp and wiki of every change, in a
DataSet refreshed every 5 seconds (a memory table, `wiki_changes`).

Needs the Wikimedia relay (apps/tp4/servers/run.sh start) on TP4_HOST:TP4_WIKI_PORT
(127.0.0.1:10003). Runs TP4_RUN_SECONDS (30) seconds.
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

# The relay sends one recent change per line, as JSON; keep the five fields of the question.
schema_wiki = StructType()\
    .add("title", StringType(), True)\
    .add("user", StringType(), True)\
    .add("bot", BooleanType(), True)\
    .add("timestamp", LongType(), True)\
    .add("wiki", StringType(), True)

wiki_stream = spark.readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", WIKI_PORT)\
    .load()

changes = wiki_stream\
    .select(from_json(col("value"), schema_wiki).alias("change"))\
    .select("change.*")

wiki_changes = changes.writeStream\
    .format("memory")\
    .queryName("wiki_changes")\
    .trigger(processingTime="5 seconds")\
    .start()

for _ in range(int(RUN_SECONDS // 5)):
    sleep(5)
    spark.sql("SELECT count(*) AS changes FROM wiki_changes").show()
    spark.sql("SELECT * FROM wiki_changes").show(10, False)

wiki_changes.stop()
