"""TP4 §2 — event time: count the records per 5-second window, then per 10-second window
sliding every 5 seconds (complete mode, memory sink `event_per_window`).

The lab's snippets unchanged, the server's address from TP4_HOST / TP4_IOT_PORT when set.
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import from_json, window, col, expr
from pyspark.sql.types import StructType, StringType, LongType, DoubleType, ShortType

spark = SparkSession.builder.master("local[4]").appName("TP4").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
HOST = os.environ.get("TP4_HOST", "127.0.0.1")
IOT_PORT = os.environ.get("TP4_IOT_PORT", "9999")

# --- from the previous steps ---------------------------------------------------------------
tcp_stream = spark\
    .readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", IOT_PORT)\
    .load()

schema_iot = StructType()\
    .add('Arrival_Time',  LongType(),   True)\
    .add('Creation_Time', LongType(),   True)\
    .add('Device',        StringType(), True)\
    .add('Index',         LongType(),   True)\
    .add('Model',         StringType(), True)\
    .add('User',          StringType(), True)\
    .add('gt',            StringType(), True)\
    .add('x',             DoubleType(), True)\
    .add('y',             DoubleType(), True)\
    .add('z',             DoubleType(), True)

iot_data = tcp_stream.selectExpr('CAST(value AS STRING)')\
    .select(from_json('value', schema_iot).alias('json'))\
    .select('json.*')

iot_filtered = iot_data\
    .na.drop("any")
# --- this step -----------------------------------------------------------------------------
iot_filtered_withEventTime = iot_filtered.selectExpr(
    "*",
    "cast(cast(Creation_Time as double)/1000000000 as timestamp) as event_time"
)

event_time = iot_filtered_withEventTime\
    .groupBy(window(col("event_time"), "5 seconds"))\
    .count()\
    .writeStream\
    .queryName("event_per_window")\
    .format("memory")\
    .outputMode("complete")\
    .start()

for x in range(20):
    spark.sql("SELECT * FROM event_per_window").show(50,False)
    sleep(1)

event_time.stop()

print("=== sliding windows ===")
event_sliding_windows = iot_filtered_withEventTime\
    .groupBy(window(col("event_time"), "10 seconds", "5 seconds"))\
    .count()\
    .writeStream\
    .queryName("event_per_window")\
    .format("memory")\
    .outputMode("complete")\
    .start()

for x in range(20):
    spark.sql("SELECT * FROM event_per_window").show(50,False)
    sleep(1)

event_sliding_windows.stop()
