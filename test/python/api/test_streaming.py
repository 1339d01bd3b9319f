"""Structured Streaming from Python: queries running in the background while the interpreter polls
memory tables, triggers, progress, foreachBatch/foreach with Python functions, listeners, the query
manager, and shutdown with running queries."""

import json
import subprocess
import sys
import textwrap
import threading
import time
import uuid

import pytest

from spate.errors import (
    AnalysisException,
    IllegalArgumentException,
    PySparkNotImplementedError,
    PySparkTypeError,
    PySparkValueError,
    StreamingQueryException,
)
from spate.sql import functions as F
from spate.sql.streaming import StreamingQueryListener
from spate.sql.types import StructType, LongType, StringType

# Deadline for polling loops: generous, never asserted on (tests wait for a state, not a time).
DEADLINE_S = 60


def wait_until(condition, what):
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture
def source(spark, table_name):
    """A `USING memory` table: rows inserted with SQL arrive as new offsets of a stream on it."""
    spark.sql("CREATE OR REPLACE TABLE %s (k STRING, v INT) USING memory" % table_name)
    yield table_name
    spark.catalog.dropTempView(table_name)


def test_memory_sink_polled_while_the_query_runs(spark, source):
    stream = spark.readStream.table(source)
    assert stream.isStreaming
    counts = stream.groupBy("k").agg(F.sum("v").alias("total"))
    query = (
        counts.writeStream.format("memory").queryName("poll_totals").outputMode("complete").start()
    )
    try:
        assert query.isActive and query.name == "poll_totals"
        uuid.UUID(query.id), uuid.UUID(query.runId)
        spark.sql("INSERT INTO %s VALUES ('a', 1), ('b', 2), ('a', 3)" % source)

        def totals():
            return {r.k: r.total for r in spark.sql("SELECT * FROM poll_totals").collect()}

        wait_until(lambda: totals() == {"a": 4, "b": 2}, "the first totals")
        spark.sql("INSERT INTO %s VALUES ('b', 10)" % source)
        wait_until(lambda: totals() == {"a": 4, "b": 12}, "the updated totals")
        # The sink sees a batch before its progress is reported: wait until the query is idle.
        query.processAllAvailable()
        progress = query.lastProgress
        assert isinstance(progress, dict)
        assert progress["name"] == "poll_totals" and progress["id"] == query.id
        assert set(progress) >= {
            "id",
            "runId",
            "batchId",
            "durationMs",
            "sources",
            "sink",
            "numInputRows",
        }
        assert all(isinstance(p, dict) for p in query.recentProgress)
        assert sum(p["numInputRows"] for p in query.recentProgress) == 4
        assert set(query.status) == {"message", "isDataAvailable", "isTriggerActive"}
        assert query.awaitTermination(0.05) is False
    finally:
        query.stop()
    assert not query.isActive
    assert query.exception() is None
    assert query.status["message"] == "Stopped"


def test_the_interpreter_runs_while_the_engine_waits(spark, source):
    """awaitTermination and processAllAvailable release the GIL: a Python thread keeps running."""
    query = (
        spark.readStream.table(source).writeStream.format("memory").queryName("gil_check").start()
    )
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        before = len(ticks)
        assert query.awaitTermination(0.3) is False
        assert len(ticks) > before  # the ticker ran during the engine's wait
        spark.sql("INSERT INTO %s VALUES ('x', 1)" % source)
        query.processAllAvailable()
        assert spark.sql("SELECT count(*) AS n FROM gil_check").first().n == 1
    finally:
        stop.set()
        thread.join()
        query.stop()


def test_socket_source_to_console_and_memory(spark, line_server, capfd):
    records = [
        {"Device": "nexus4_1", "Index": 1, "User": "a", "gt": "stairsup"},
        {"Device": None, "Index": None, "User": None, "gt": None},
        {"Device": "nexus4_2", "Index": 2, "User": "b", "gt": "sit"},
    ]
    server = line_server([json.dumps(r) for r in records])
    tcp = (
        spark.readStream.format("socket")
        .option("host", "127.0.0.1")
        .option("port", server.port)
        .load()
    )
    assert repr(tcp.schema) == "StructType([StructField('value', StringType(), True)])"
    schema = (
        StructType()
        .add("Device", StringType(), True)
        .add("Index", LongType(), True)
        .add("User", StringType(), True)
        .add("gt", StringType(), True)
    )
    parsed = (
        tcp.selectExpr("CAST(value AS STRING)")
        .select(F.from_json("value", schema).alias("json"))
        .select("json.*")
    )
    memory = parsed.na.drop("any").writeStream.format("memory").queryName("iot_clean").start()
    try:
        wait_until(lambda: spark.sql("SELECT * FROM iot_clean").count() == 2, "the parsed rows")
        rows = sorted(tuple(r) for r in spark.sql("SELECT * FROM iot_clean").collect())
        assert rows == [("nexus4_1", 1, "a", "stairsup"), ("nexus4_2", 2, "b", "sit")]
    finally:
        memory.stop()

    capfd.readouterr()
    errors = (
        parsed.withColumn(
            "error", F.expr("CASE WHEN Device IS NULL AND Index IS NULL THEN TRUE ELSE FALSE END")
        )
        .groupBy("error")
        .count()
    )
    console = errors.writeStream.format("console").outputMode("complete").start()
    printed = []

    def all_lines_counted():
        printed.append(capfd.readouterr().out)
        return "|false|    2|" in "".join(printed)

    try:
        wait_until(all_lines_counted, "the console sink's output")
    finally:
        console.stop()
    out = "".join(printed)
    assert out.startswith(
        "-------------------------------------------\nBatch: 0\n-------------------------------------------\n"
    )
    assert "|error|count|" in out and "| true|    1|" in out


def test_triggers(spark, source):
    spark.sql("INSERT INTO %s VALUES ('a', 1), ('b', 2)" % source)
    stream = spark.readStream.table(source)
    once = stream.writeStream.format("memory").queryName("trigger_once").trigger(once=True).start()
    assert once.awaitTermination() is None
    assert not once.isActive
    assert spark.sql("SELECT * FROM trigger_once").count() == 2
    now = (
        stream.writeStream.format("memory")
        .queryName("trigger_now")
        .trigger(availableNow=True)
        .start()
    )
    now.awaitTermination()
    assert spark.sql("SELECT * FROM trigger_now").count() == 2
    timed = (
        stream.writeStream.format("memory")
        .queryName("trigger_timed")
        .trigger(processingTime="50 milliseconds")
        .start()
    )
    try:
        wait_until(
            lambda: spark.sql("SELECT * FROM trigger_timed").count() == 2, "the timed trigger"
        )
    finally:
        timed.stop()
    writer = stream.writeStream
    with pytest.raises(PySparkValueError) as error:
        writer.trigger()
    assert str(error.value) == "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed."
    with pytest.raises(PySparkValueError):
        writer.trigger(once=True, availableNow=True)
    with pytest.raises(PySparkValueError) as error:
        writer.trigger(processingTime="")
    assert (
        str(error.value)
        == "[VALUE_NOT_NON_EMPTY_STR] Value for `processingTime` must be a non-empty string, got ''."
    )
    with pytest.raises(PySparkNotImplementedError):
        writer.trigger(continuous="1 second")
    with pytest.raises(PySparkValueError):
        writer.queryName("")
    with pytest.raises(PySparkValueError) as error:
        once.awaitTermination(-1)
    assert (
        str(error.value) == "[VALUE_NOT_POSITIVE] Value for `timeout` must be positive, got 'int'."
    )


def test_foreach_batch_calls_python(spark, source):
    batches = []

    def record(batch_df, batch_id):
        assert batch_df.isStreaming is False
        batches.append((batch_id, sorted(tuple(r) for r in batch_df.collect())))

    query = spark.readStream.table(source).writeStream.foreachBatch(record).start()
    try:
        spark.sql("INSERT INTO %s VALUES ('a', 1)" % source)
        query.processAllAvailable()
        spark.sql("INSERT INTO %s VALUES ('b', 2), ('c', 3)" % source)
        query.processAllAvailable()
    finally:
        query.stop()
    with_rows = [b for b in batches if b[1]]
    assert with_rows == [(with_rows[0][0], [("a", 1)]), (with_rows[1][0], [("b", 2), ("c", 3)])]
    assert with_rows[0][0] < with_rows[1][0]
    with pytest.raises(PySparkTypeError):
        spark.readStream.table(source).writeStream.foreachBatch("not callable")


def test_foreach_batch_exception_fails_the_query(spark, source):
    def explode(batch_df, batch_id):
        if batch_df.count() > 0:
            raise ValueError("boom in batch %d" % batch_id)

    query = spark.readStream.table(source).writeStream.foreachBatch(explode).start()
    spark.sql("INSERT INTO %s VALUES ('a', 1)" % source)
    with pytest.raises(StreamingQueryException) as error:
        query.awaitTermination()
    message = str(error.value)
    assert message.startswith(
        "[STREAM_FAILED] Query [id = %s, runId = %s] terminated with exception: An exception was raised by "
        "the Python Proxy. Return Message: Traceback (most recent call last):"
        % (query.id, query.runId)
    )
    assert "ValueError: boom in batch" in message
    assert error.value.getErrorClass() == "STREAM_FAILED"
    assert not query.isActive
    assert str(query.exception()) == message


def test_foreach_with_function_and_writer(spark, source):
    seen = []
    query = (
        spark.readStream.table(source).writeStream.foreach(lambda row: seen.append(row.k)).start()
    )
    spark.sql("INSERT INTO %s VALUES ('a', 1), ('b', 2)" % source)
    query.processAllAvailable()
    query.stop()
    assert sorted(seen) == ["a", "b"]

    class Writer:
        def __init__(self):
            self.calls = []

        def open(self, partition_id, epoch_id):
            self.calls.append("open")
            return True

        def process(self, row):
            self.calls.append(row.v)

        def close(self, error):
            self.calls.append("close:%s" % error)

    writer = Writer()
    query = spark.readStream.table(source).writeStream.foreach(writer).start()
    query.processAllAvailable()
    query.stop()
    assert (
        writer.calls[0] == "open"
        and sorted(writer.calls[1:3]) == [1, 2]
        and writer.calls[3] == "close:None"
    )


class RecordingListener(StreamingQueryListener):
    def __init__(self):
        self.events = []

    def onQueryStarted(self, event):
        self.events.append(("started", event.id, event.runId, event.name, event.timestamp))

    def onQueryProgress(self, event):
        self.events.append(("progress", event.progress))

    def onQueryIdle(self, event):
        self.events.append(("idle", event.id))

    def onQueryTerminated(self, event):
        self.events.append(("terminated", event.id, event.exception, event.errorClassOnException))


def test_listeners(spark, source):
    listener = RecordingListener()
    spark.streams.addListener(listener)
    try:
        query = (
            spark.readStream.table(source)
            .writeStream.format("memory")
            .queryName("listened")
            .start()
        )
        # onQueryStarted is posted before start() returns.
        assert listener.events[0][0] == "started"
        _, started_id, run_id, name, timestamp = listener.events[0]
        assert (
            started_id == uuid.UUID(query.id)
            and run_id == uuid.UUID(query.runId)
            and name == "listened"
        )
        assert timestamp.endswith("Z")
        spark.sql("INSERT INTO %s VALUES ('a', 1), ('b', 2)" % source)
        query.processAllAvailable()
        query.stop()
        progress = [e[1] for e in listener.events if e[0] == "progress"]
        assert sum(p.numInputRows for p in progress) == 2
        assert progress[0].id == uuid.UUID(query.id) and progress[0].name == "listened"
        assert json.loads(progress[0].json())["batchId"] == progress[0].batchId
        assert str(progress[0]) == progress[0].prettyJson()
        assert listener.events[-1] == ("terminated", uuid.UUID(query.id), None, None)
    finally:
        spark.streams.removeListener(listener)
    count = len(listener.events)
    other = (
        spark.readStream.table(source).writeStream.format("memory").queryName("unlistened").start()
    )
    other.stop()
    assert len(listener.events) == count


def test_idle_events(spark, source):
    listener = RecordingListener()
    spark.streams.addListener(listener)
    try:
        query = (
            spark.readStream.table(source)
            .writeStream.format("memory")
            .queryName("idle_query")
            .trigger(processingTime="20 milliseconds")
            .start()
        )
        wait_until(lambda: any(e[0] == "idle" for e in listener.events), "an idle trigger")
        query.stop()
    finally:
        spark.streams.removeListener(listener)
    idle = [e for e in listener.events if e[0] == "idle"][0]
    assert idle[1] == uuid.UUID(query.id)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failing_listener_does_not_stop_the_query(spark, source):
    class Broken(StreamingQueryListener):
        def onQueryStarted(self, event):
            raise RuntimeError("listener bug")

        def onQueryProgress(self, event):
            raise RuntimeError("listener bug")

        def onQueryTerminated(self, event):
            pass

    broken = Broken()
    spark.streams.addListener(broken)
    try:
        query = (
            spark.readStream.table(source)
            .writeStream.format("memory")
            .queryName("still_runs")
            .start()
        )
        spark.sql("INSERT INTO %s VALUES ('a', 1)" % source)
        query.processAllAvailable()
        assert query.isActive
        assert spark.sql("SELECT * FROM still_runs").count() == 1
        query.stop()
    finally:
        spark.streams.removeListener(broken)


def test_query_manager(spark, source):
    stream = spark.readStream.table(source)
    spark.streams.resetTerminated()
    first = stream.writeStream.format("memory").queryName("managed_one").start()
    second = stream.writeStream.format("memory").queryName("managed_two").start()
    try:
        assert {"managed_one", "managed_two"} <= {q.name for q in spark.streams.active}
        assert spark.streams.get(first.id).name == "managed_one"
        assert spark.streams.get(str(uuid.uuid4())) is None
        assert spark.streams.awaitAnyTermination(0.05) is False
        first.stop()
        assert spark.streams.awaitAnyTermination(5) is True
        spark.streams.resetTerminated()
        assert spark.streams.awaitAnyTermination(0.05) is False
        with pytest.raises(IllegalArgumentException) as error:
            stream.writeStream.format("memory").queryName("managed_two").start()
        assert str(error.value) == (
            "Cannot start query with name managed_two as a query with that name is already active in this "
            "SparkSession"
        )
    finally:
        second.stop()
    with pytest.raises(PySparkValueError):
        spark.streams.awaitAnyTermination(-1)


def test_to_table(spark, source):
    spark.sql("CREATE OR REPLACE TABLE stream_target (k STRING, v INT) USING memory")
    query = spark.readStream.table(source).writeStream.toTable("stream_target")
    try:
        assert query.name == "stream_target"
        spark.sql("INSERT INTO %s VALUES ('z', 26)" % source)
        query.processAllAvailable()
        assert [tuple(r) for r in spark.table("stream_target").collect()] == [("z", 26)]
    finally:
        query.stop()
    with pytest.raises(AnalysisException) as error:
        spark.readStream.table(source).writeStream.toTable("no_such_target")
    assert error.value.getErrorClass() == "TABLE_OR_VIEW_NOT_FOUND"


def test_event_time_window_with_watermark(spark, table_name):
    spark.sql("CREATE OR REPLACE TABLE %s (ts TIMESTAMP, word STRING) USING memory" % table_name)
    events = spark.readStream.table(table_name).withWatermark("ts", "10 seconds")
    counts = events.groupBy(F.window("ts", "10 seconds"), "word").count()
    query = counts.writeStream.format("memory").queryName("windowed").outputMode("append").start()
    try:
        spark.sql(
            "INSERT INTO %s VALUES (TIMESTAMP'2024-01-01 00:00:01', 'a'), (TIMESTAMP'2024-01-01 00:00:05', 'a'),"
            " (TIMESTAMP'2024-01-01 00:00:12', 'b')" % table_name
        )
        query.processAllAvailable()
        assert spark.sql("SELECT * FROM windowed").count() == 0  # nothing is final yet
        spark.sql("INSERT INTO %s VALUES (TIMESTAMP'2024-01-01 00:00:31', 'c')" % table_name)
        query.processAllAvailable()
        rows = sorted(
            (r.window.start.second, r.window.end.second, r.word, r["count"])
            for r in spark.sql("SELECT * FROM windowed").collect()
        )
        # watermark = 31 - 10 = 21 s: the windows [0, 10) and [10, 20) are final.
        assert rows == [(0, 10, "a", 2), (10, 20, "b", 1)]
    finally:
        query.stop()
        spark.catalog.dropTempView(table_name)


def test_batch_actions_on_a_stream_fail(spark, source):
    stream = spark.readStream.table(source)
    with pytest.raises(AnalysisException) as error:
        stream.count()
    assert "writeStream.start()" in str(error.value)


def test_exit_with_running_queries_is_clean(tmp_path):
    """The interpreter exits while queries run (one inside a Python foreachBatch): the queries are
    stopped at exit, without a crash or a hang."""
    script = tmp_path / "exit_while_running.py"
    script.write_text(
        textwrap.dedent(
            """
            import time
            from spate.sql import SparkSession
            spark = SparkSession.builder.master("local[2]").getOrCreate()
            spark.sql("CREATE TABLE src (v INT) USING memory")
            started = []
            def slow(df, batch_id):
                started.append(batch_id)
                time.sleep(0.2)
            stream = spark.readStream.table("src")
            stream.writeStream.foreachBatch(slow).start()
            stream.writeStream.format("memory").queryName("out").start()
            spark.readStream.format("rate").option("rowsPerSecond", 100).load() \\
                .writeStream.format("memory").queryName("rates").start()
            spark.sql("INSERT INTO src VALUES (1)")
            while not started:
                time.sleep(0.01)
            print("exiting with", len(spark.streams.active), "active queries", flush=True)
            """
        )
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=DEADLINE_S
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "exiting with 3 active queries"


def test_file_source_and_sink(spark, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "part-1.json").write_text('{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n')
    stream = (
        spark.readStream.schema("id INT, name STRING")
        .option("maxFilesPerTrigger", 1)
        .json(str(incoming))
    )
    out, checkpoint = str(tmp_path / "out"), str(tmp_path / "checkpoint")
    query = (
        stream.where("id > 1")
        .writeStream.format("json")
        .option("checkpointLocation", checkpoint)
        .start(out)
    )
    try:
        query.processAllAvailable()
        (incoming / "part-2.json").write_text('{"id": 3, "name": "c"}\n')
        query.processAllAvailable()
    finally:
        query.stop()
    written = spark.read.schema("id INT, name STRING").json(out)
    assert sorted(tuple(r) for r in written.collect()) == [(2, "b"), (3, "c")]
    text = spark.readStream.text(str(incoming))
    assert text.schema.names == ["value"]


def test_streaming_deduplication(spark, table_name):
    spark.sql("CREATE OR REPLACE TABLE %s (ts TIMESTAMP, id INT) USING memory" % table_name)
    stream = spark.readStream.table(table_name)
    plain = stream.dropDuplicates(["id"]).writeStream.format("memory").queryName("dedup").start()
    within = (
        stream.withWatermark("ts", "1 minute")
        .dropDuplicatesWithinWatermark(["id"])
        .writeStream.format("memory")
        .queryName("dedup_wm")
        .start()
    )
    try:
        spark.sql(
            "INSERT INTO %s VALUES (TIMESTAMP'2024-01-01 00:00:00', 1), (TIMESTAMP'2024-01-01 00:00:01', 1),"
            " (TIMESTAMP'2024-01-01 00:00:02', 2)" % table_name
        )
        plain.processAllAvailable()
        within.processAllAvailable()
        spark.sql("INSERT INTO %s VALUES (TIMESTAMP'2024-01-01 00:00:03', 2)" % table_name)
        plain.processAllAvailable()
        within.processAllAvailable()
        assert sorted(r.id for r in spark.sql("SELECT id FROM dedup").collect()) == [1, 2]
        assert sorted(r.id for r in spark.sql("SELECT id FROM dedup_wm").collect()) == [1, 2]
    finally:
        plain.stop()
        within.stop()
        spark.catalog.dropTempView(table_name)


def test_query_explain(spark, source, capsys):
    query = (
        spark.readStream.table(source)
        .where("v > 0")
        .writeStream.format("memory")
        .queryName("explained")
        .start()
    )
    try:
        query.explain()
        assert capsys.readouterr().out.strip() != ""
    finally:
        query.stop()
