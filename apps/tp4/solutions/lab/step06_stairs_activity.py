"""TP4 §2 — keep the stairs activities (LIKE, case-insensitive column names) in memory.

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
only_stairs_activity = iot_filtered\
    .withColumn("is_stair_activity", expr("gt like '%stairs%'"))\
    .where("is_stair_activity")\
    .select("gt", "model", "arrival_time", "creation_time")\
    .writeStream\
    .queryName("only_stairs_activity")\
    .format("memory")\
    .start()

for x in range(5):
    spark.sql("SELECT * FROM only_stairs_activity").show()
    sleep(1)

only_stairs_activity.stop()
