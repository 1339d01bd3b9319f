"""TP4 §2, expert part (commented out in the lab) — count the words of the Kaamelott quotes
(server_kaamelott, port 10001) per character, printing the table every 5 seconds.

The lab's snippets unchanged, the server's address from TP4_HOST / TP4_KAAMELOTT_PORT when set,
and the `explode`/`split` imports the lab's setup lists. The lab never stops this query (it runs
until the shell exits); the script stops it after 40 seconds, when the 328 quotes (one every
0.1 s) have all been counted.
"""
import os
from time import sleep

from pyspark.sql import SparkSession
from pyspark.sql.functions import from_json, window, col, expr, explode, split
from pyspark.sql.types import StructType, StringType, LongType, DoubleType, ShortType

spark = SparkSession.builder.master("local[4]").appName("TP4").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)
HOST = os.environ.get("TP4_HOST", "127.0.0.1")
KAAMELOTT_PORT = os.environ.get("TP4_KAAMELOTT_PORT", "10001")
RUN_SECONDS = float(os.environ.get("TP4_KAAMELOTT_SECONDS", "40"))

#Connextion au stream
kaamelott_stream = spark.readStream.format("socket").option("host", HOST).option("port", KAAMELOTT_PORT).load()

#Schéma
schema_kaamelott = StructType()\
    .add('character',StringType(),True)\
    .add('quote',StringType(),True)\

#Application du schéma
kaamelott_df = kaamelott_stream.selectExpr('CAST(value AS STRING)')\
    .select(from_json('value', schema_kaamelott).alias('json'))\
    .select('json.*')

# Le comptage de mots
# explode/split -> créent plusieurs lignes à partir d'une ligne (ici on coupe les mots avec split et on fait une ligne par mot de la citation)
# groupBy/count : on compte
words = kaamelott_df.select(kaamelott_df.character,
    explode(
        split(kaamelott_df.quote, ' ')
       ).alias('word')
     )\
    .groupBy(kaamelott_df.character)\
    .count()\
    .writeStream\
    .format("console")\
    .outputMode("complete")\
    .trigger(processingTime='5 seconds')\
    .start()

sleep(RUN_SECONDS)  # added: the lab leaves it running
words.stop()
