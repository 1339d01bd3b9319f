"""What both jobs share: the session, reading a topic, event time, and the exactly-once JDBC
sink (the original wrote every micro-batch with foreachBatch + df.write.jdbc, which writes a
batch again after a failure; Spate's streaming jdbc sink records each committed batch id in the
same transaction as its rows)."""

import os
import signal
import time

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, current_timestamp, from_json

from config import WATERMARK, checkpoint  # noqa: F401  (re-exported for the jobs)


def create_spark_session(app_name, args):
    spark = (SparkSession.builder
             .appName(app_name)
             .master(args.master)
             .config("spark.sql.streaming.schemaInference", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    return spark


def read_topic(spark, args, topic, schema):
    """The topic's JSON values parsed with `schema`, one column per field."""
    if args.replay:
        # A recorded run: one JSON value per line, the same `value` as Kafka's (as a string).
        lines = spark.readStream.format("text").load(os.path.join(args.replay, topic + ".jsonl"))
        return lines.select(from_json(col("value"), schema).alias("data")).select("data.*")
    kafka_df = (spark.readStream
                .format("kafka")
                .option("kafka.bootstrap.servers", args.kafka)
                .option("subscribe", topic)
                .option("startingOffsets", args.starting_offsets)
                .option("failOnDataLoss", "false")
                .load())
    return (kafka_df
            .select(from_json(col("value").cast("string"), schema).alias("data"))
            .select("data.*"))


def event_time(args, seconds_column):
    """The row's time: the payload's epoch seconds as a timestamp (microsecond precision), or the
    seed's current_timestamp() with --time processing."""
    if args.time == "processing":
        return current_timestamp()
    return col(seconds_column).cast("timestamp")


def write_to_database(df, args, table, name, upsert_keys=None):
    """Starts the query that appends `df` to `table`, exactly once."""
    writer = (df.writeStream
              .format("jdbc")
              .queryName(name)
              .outputMode("append")
              .option("checkpointLocation", checkpoint(args, name))
              .option("dbtable", table)
              .trigger(processingTime=args.trigger))
    for key, value in args.target.jdbc_options().items():
        writer = writer.option(key, value)
    if upsert_keys:
        writer = writer.option("upsertKeys", ",".join(upsert_keys))
    return writer.start()


def prepare_database(args, log):
    if args.schema:
        from sql import apply
        apply.apply(args.target, log=log)


def run_until_stopped(queries, log):
    """Waits until Ctrl-C / SIGTERM (then stops every query: each finishes and commits its running
    batch) or until a query fails (then stops the others and returns 1)."""
    def terminate(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, terminate)
    try:
        while True:
            for q in queries:
                if not q.isActive:
                    error = q.exception()
                    log(f"query {q.name} ended" + (f": {error}" if error else ""))
                    _stop(queries)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        log("stopping")
        _stop(queries)
        log("stopped")
        return 0


def _stop(queries):
    for q in queries:
        try:
            q.stop()
        except Exception:  # already stopped or failed: nothing left to do
            pass
