"""TP4 §2, expert part (commented out in the lab) — join the stream of server 1 with the stream
of server 2 (port 10000, with bpm) on User, printing to the console every 10 seconds.

The lab's snippets unchanged, the servers' addresses from TP4_HOST / TP4_IOT_PORT /
TP4_IOT2_PORT when set. The lab stops the query right after starting it; the script lets it run
25 seconds first (two 10-second triggers). The join has no watermark: its state grows forever.
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
IOT2_PORT = os.environ.get("TP4_IOT2_PORT", "10000")

iot_filtered = iot_data\
    .na.drop("any")

# --- this step -----------------------------------------------------------------------------
# Définition d'un nouveau stream
tcp_stream2 = spark\
	.readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", IOT2_PORT)\
    .load()

# Schema
schema_iot_2 = StructType()\
    .add('Arrival_Time',LongType(),True)\
    .add('Creation_Time',LongType(),True)\
    .add('Device',StringType(),True)\
    .add('Index',LongType(),True)\
    .add('Model',StringType(),True)\
    .add('User',StringType(),True)\
    .add('bpm',ShortType(),True)\

# Mise au format plus filtrage
filtered_iot_2 = tcp_stream2.selectExpr('CAST(value AS STRING)')\
    .select(from_json('value', schema_iot_2).alias('json'))\
    .select('json.*')\
    .na.drop("any")

# Jointure des deux flux selon la variable User
join_iot = iot_filtered.join(filtered_iot_2, "User").writeStream\
    .format("console")\
    .trigger(processingTime='10 seconds')\
    .start()

sleep(25)  # added: let two triggers run
join_iot.stop()
