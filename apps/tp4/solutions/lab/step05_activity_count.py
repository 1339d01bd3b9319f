"""TP4 §2 — count each activity: complete mode into memory (trigger 2 s) polled every second,
then the same in update mode on the console.

The lab's snippets unchanged, the server's address from TP4_HOST / TP4_IOT_PORT when set. The
lab's update-mode snippet stops the query right after starting it; the script waits 6 seconds in
between (two triggers) so that there is something to see.
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
activityCounts = iot_filtered.groupBy("gt").count()

activityCount_stream = activityCounts\
    .writeStream\
    .format("memory")\
    .outputMode("complete") \
    .queryName("activityCount_stream")\
    .trigger(processingTime='2 seconds')\
    .start()

# Toutes les secondes pendant 10 secondes
# Remarquez qu'une fois sur deux rien ne se passe.
for x in range(10):
    spark.sql("SELECT * FROM activityCount_stream").show()
    sleep(1)

activityCount_stream.stop()

print("=== update mode ===")
# Le même conde avec une écriture dans la console et une format d'output update.
activityCount_stream = activityCounts\
    .writeStream\
    .format("console")\
    .outputMode("update") \
    .trigger(processingTime='2 seconds')\
    .start()

sleep(6)  # added: see two triggers before stopping
activityCount_stream.stop()
