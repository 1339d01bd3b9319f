"""TP4 §2 — count the records with errors (complete mode, console), then filter them out with
na.drop("any") and count again: only `false` remains.

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
# --- this step -----------------------------------------------------------------------------
# On compte les input en erreur (tous les champs  sont null sauf arrival et creation time).
errorCount = iot_data\
    .withColumn("error", expr("CASE WHEN Device IS NULL AND Index  IS NULL AND Model IS NULL AND User IS NULL AND gt IS NULL THEN TRUE ELSE FALSE END"))\
    .groupBy("error")\
    .count()\
    .writeStream\
    .format("console")\
    .outputMode("complete")\
    .start()

sleep(10)
errorCount.stop()

iot_filtered = iot_data\
    .na.drop("any")

print("=== after na.drop(\"any\") ===")
errorCount = iot_filtered \
    .withColumn("error", expr("CASE WHEN Device IS NULL AND Index  IS NULL AND Model IS NULL AND User IS NULL AND gt IS NULL THEN TRUE ELSE FALSE END"))\
    .groupBy("error")\
    .count()\
    .writeStream\
    .format("console")\
    .outputMode("complete")\
    .start()

sleep(10)
errorCount.stop()
