"""TP4, graded question 1 as its first version asked it: the five fields of every change
(title, user, bot, timestamp, wiki) written to CSV files every 5 seconds (file sink, append).

Needs the Wikimedia relay on TP4_HOST:TP4_WIKI_PORT (127.0.0.1:10003). Writes to TP4_OUTPUT_DIR
(./wiki_changes_csv, its checkpoint beside it). Runs TP4_RUN_SECONDS (30) seconds, then reads the
files back.
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
OUTPUT_DIR = os.path.abspath(os.environ.get("TP4_OUTPUT_DIR", "wiki_changes_csv"))

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

wiki_changes_csv = changes.writeStream\
    .format("csv")\
    .option("path", OUTPUT_DIR)\
    .option("checkpointLocation", OUTPUT_DIR + "_checkpoint")\
    .option("header", "true")\
    .trigger(processingTime="5 seconds")\
    .start()

sleep(RUN_SECONDS)
wiki_changes_csv.stop()

# What the files hold (the sink's _spark_metadata log lists the committed ones).
written = spark.read.schema(schema_wiki).option("header", "true").csv(OUTPUT_DIR)
print("changes written: %d" % written.count())
written.groupBy("wiki").count().orderBy(col("count").desc(), col("wiki")).show(5)
