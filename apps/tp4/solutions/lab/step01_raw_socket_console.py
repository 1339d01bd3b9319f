"""TP4 §2 — open the TCP stream of server 1 and print it raw, then look at its schema.

The lab's snippets unchanged (apps/tp4/servers/run.sh start first), except that the host and
port come from TP4_HOST / TP4_IOT_PORT when set (the tests move the servers to free ports).
Run: spate run apps/tp4/solutions/lab/step01_raw_socket_console.py
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import from_json, window, col, expr
from pyspark.sql.types import StructType, StringType, LongType, DoubleType, ShortType

# `pyspark --master local[4]` defines `spark`; a script builds the same session.
spark = SparkSession.builder.master("local[4]").appName("TP4").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
HOST = os.environ.get("TP4_HOST", "127.0.0.1")
IOT_PORT = os.environ.get("TP4_IOT_PORT", "9999")

tcp_stream = spark\
    .readStream\
    .format("socket")\
    .option("host", HOST)\
    .option("port", IOT_PORT)\
    .load()

raw_data_console = tcp_stream\
    .writeStream\
    .format('console')\
    .option('truncate', 'false')\
    .trigger(processingTime='3 seconds')\
    .start()

sleep(10)               # attendre 10 seconde pour voir la console évoluer
raw_data_console.stop() # fermer le stream.

# In the shell, `tcp_stream.schema` shows the value; a script prints it.
print(tcp_stream.schema)
