"""TP4 §2 — join the stream with static data (the users CSV): rows with the user's name, then
the number of records per user (two ways that give the same result).

The lab's snippets unchanged, the server's address from TP4_HOST / TP4_IOT_PORT and the CSV's
folder from TP4_DATA_DIR when set ("chemin/de/mon/fichier/" in the lab). The lab starts both
`stat_user` queries one after the other; Spark refuses a second active query with the same
name, so the script polls and stops the first before starting the second.
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
DATA_DIR = os.environ.get("TP4_DATA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"))

# --- this step -----------------------------------------------------------------------------
#Code pour charger un fichier csv
userData = spark.read.format("csv")\
    .option("header", "true")\
    .option("sep", ";")\
    .option("inferSchema", "true")\
    .load(os.path.join(DATA_DIR, "données utilisateurs.csv"))

# On fait la jointure sur la colonne data, on ne souhaite pas avoir les colonnes "Arrival_Time", "Creation_Time", "Index", "x", "y", "z"
streamWithUserData = iot_filtered\
    .drop("Arrival_Time", "Creation_Time", "Index", "x", "y", "z")\
    .join(userData, ["User"])\
    .writeStream\
    .queryName("streamWithUserData")\
    .format("memory")\
    .start()


for x in range(10):
    spark.sql("SELECT * FROM streamWithUserData").show(50,False)
    sleep(1)

streamWithUserData.stop()

print("=== join then aggregate ===")
deviceMobileStatsUser = iot_filtered\
    .join(userData, ["User"])\
    .groupBy("User", "FirstName","LastName")\
    .count()\
    .writeStream\
    .queryName("stat_user")\
    .format("memory")\
    .outputMode("complete")\
    .start()

for x in range(5):
    spark.sql("SELECT * FROM stat_user").show(50,False)
    sleep(1)

deviceMobileStatsUser.stop()

print("=== aggregate then join ===")
# Le code suivant donne le même résultat (mais le plan d'exécution est différent)
deviceMobileStatsUser = iot_filtered\
    .groupBy("User")\
    .count()\
    .join(userData, ["User"])\
    .writeStream\
    .queryName("stat_user")\
    .format("memory")\
    .outputMode("complete")\
    .start()


for x in range(5):
    spark.sql("SELECT * FROM stat_user").show(50,False)
    sleep(1)

deviceMobileStatsUser.stop()
