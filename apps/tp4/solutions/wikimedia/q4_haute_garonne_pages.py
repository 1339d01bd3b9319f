"""TP4, graded question 4: changes to the French Wikipedia pages of the communes of
Haute-Garonne since the subscription started: the stream joined with hte-garonne.csv on
articleName (the page title), counted per page, with the total.

Needs the Wikimedia relay on TP4_HOST:TP4_WIKI_PORT (127.0.0.1:10003); hte-garonne.csv is read
from TP4_DATA_DIR (apps/tp4/data). Runs TP4_RUN_SECONDS.
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
DATA_DIR = os.environ.get("TP4_DATA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"))

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

# commune,communeLabel,articleName: articleName is the title of the commune's frwiki page.
communes = spark.read\
    .option("header", "true")\
    .csv(os.path.join(DATA_DIR, "hte-garonne.csv"))

# Only French Wikipedia: other wikis have pages with the same names ("Toulouse" on enwiki).
haute_garonne_changes = changes\
    .where(col("wiki") == "frwiki")\
    .withColumnRenamed("title", "articleName")\
    .join(communes, "articleName")\
    .groupBy("articleName", "communeLabel")\
    .count()\
    .writeStream\
    .format("memory")\
    .queryName("haute_garonne_changes")\
    .outputMode("complete")\
    .trigger(processingTime="5 seconds")\
    .start()

for _ in range(int(RUN_SECONDS // 5)):
    sleep(5)
    spark.sql("SELECT sum(count) AS changes, count(*) AS pages FROM haute_garonne_changes").show()
    spark.sql("SELECT * FROM haute_garonne_changes ORDER BY count DESC, articleName")\
        .show(10, False)

haute_garonne_changes.stop()
