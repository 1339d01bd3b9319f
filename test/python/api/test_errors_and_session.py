"""Exceptions named as PySpark's (classes, error classes, messages), SparkSession, conf,
sparkContext and catalog."""

import pytest

import spate.errors as errors
import spate.sql.utils as utils
from spate import _native
from spate.errors.exceptions import captured
from spate.sql import SparkSession
from spate.sql import functions as F


def test_hierarchy_mirrors_pyspark():
    assert issubclass(captured.AnalysisException, errors.AnalysisException)
    assert issubclass(captured.ParseException, errors.ParseException)
    assert issubclass(errors.ParseException, errors.AnalysisException)
    assert issubclass(captured.StreamingQueryException, errors.StreamingQueryException)
    assert issubclass(errors.PySparkTypeError, TypeError)
    assert issubclass(errors.PySparkValueError, ValueError)
    assert issubclass(errors.PySparkException, Exception)
    # PySpark 3.5 also exposes them from pyspark.sql.utils
    assert utils.AnalysisException is captured.AnalysisException
    assert utils.StreamingQueryException is captured.StreamingQueryException
    assert utils.ParseException is captured.ParseException
    assert utils.IllegalArgumentException is captured.IllegalArgumentException


def test_analysis_exception_carries_sparks_text(spark):
    spark.range(1).createOrReplaceTempView("one_row")
    with pytest.raises(errors.AnalysisException) as error:
        spark.sql("SELECT nope FROM one_row").collect()
    assert error.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert str(error.value) == (
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nope` cannot be "
        "resolved. Did you mean one of the following? [`one_row`.`id`]."
    )
    with pytest.raises(utils.AnalysisException) as error:
        spark.table("no_such_table")
    assert error.value.getErrorClass() == "TABLE_OR_VIEW_NOT_FOUND"
    assert str(error.value).startswith(
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `no_such_table` cannot be found."
    )


def test_parse_exception(spark):
    with pytest.raises(errors.ParseException) as error:
        spark.sql("SELEC 1")
    assert error.value.getErrorClass() == "PARSE_SYNTAX_ERROR"
    assert str(error.value).startswith("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'.")
    with pytest.raises(errors.ParseException):
        F.expr("1 +")


def test_illegal_argument(spark):
    stream = spark.readStream.format("rate").load()
    with pytest.raises(errors.IllegalArgumentException) as error:
        stream.writeStream.outputMode("sometimes")
    assert str(error.value) == (
        "Unknown output mode sometimes. Accepted output modes are 'append', 'complete', 'update'"
    )


def test_engine_exception_mapping():
    cases = [
        ("analysis", captured.AnalysisException, "TEST_ERROR"),
        ("parse", captured.ParseException, None),
        ("illegal", captured.IllegalArgumentException, None),
        ("divide", captured.ArithmeticException, "DIVIDE_BY_ZERO"),
        ("stream", captured.StreamingQueryException, "STREAM_FAILED"),
        ("other", captured.SparkRuntimeException, None),
    ]
    for kind, cls, error_class in cases:
        with pytest.raises(cls) as error:
            _native._raise_engine_error(kind, "the message")
        assert type(error.value) is cls
        assert error.value.getErrorClass() == error_class
        if kind == "stream":
            assert str(error.value) == (
                "[STREAM_FAILED] Query [id = qid, runId = rid] terminated with exception: the message"
            )
        else:
            assert str(error.value) == "the message"


def test_pyspark_side_errors_have_error_classes():
    error = errors.PySparkValueError(
        error_class="CANNOT_BE_EMPTY", message_parameters={"item": "column"}
    )
    assert str(error) == "[CANNOT_BE_EMPTY] At least one column must be specified."
    assert error.getErrorClass() == "CANNOT_BE_EMPTY"
    assert error.getMessageParameters() == {"item": "column"}
    assert error.getSqlState() is None


def test_builder_returns_the_active_session(spark):
    same = SparkSession.builder.appName("other").config("spark.sql.x.test", "1").getOrCreate()
    assert same is spark
    assert spark.conf.get("spark.sql.x.test") == "1"
    assert SparkSession.getActiveSession() is spark
    assert SparkSession.active() is spark
    assert spark.version == "3.5.0"


def test_runtime_config(spark):
    spark.conf.set("spark.sql.shuffle.partitions", 5)
    assert spark.conf.get("spark.sql.shuffle.partitions") == "5"
    spark.conf.set("spark.sql.test.flag", True)
    assert spark.conf.get("spark.sql.test.flag") == "true"
    spark.conf.unset("spark.sql.test.flag")
    assert spark.conf.get("spark.sql.test.flag", "fallback") == "fallback"
    assert spark.conf.get("spark.sql.test.flag", None) is None
    with pytest.raises(errors.SparkNoSuchElementException) as error:
        spark.conf.get("spark.sql.test.flag")
    assert str(error.value) == (
        '[SQL_CONF_NOT_FOUND] The SQL config "spark.sql.test.flag" cannot be found. Please verify that '
        "the config exists."
    )
    with pytest.raises(errors.PySparkTypeError):
        spark.conf.get(5)
    spark.conf.set("spark.sql.shuffle.partitions", 2)


def test_spark_context(spark):
    sc = spark.sparkContext
    assert sc.master == "local[2]"
    assert sc.defaultParallelism == 2
    assert sc.version == "3.5.0"
    sc.setLogLevel("WARN")
    assert _native.log_level() == "WARN"
    sc.setLogLevel("error")
    assert _native.log_level() == "ERROR"
    with pytest.raises(errors.IllegalArgumentException):
        sc.setLogLevel("LOUD")
    sc.setLogLevel("WARN")
    assert dict(sc.getConf().getAll())["spark.master"] == "local[2]"


def test_sql_and_range(spark):
    assert [r.id for r in spark.range(3).collect()] == [0, 1, 2]
    assert [r.id for r in spark.range(2, 10, 3).collect()] == [2, 5, 8]
    assert spark.sql("SELECT {x} + 1 AS y", x=41).first().y == 42
    assert spark.range(1).sparkSession is spark


def test_catalog(spark):
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW catalog_view AS SELECT 1 AS a, 'x' AS b")
    names = [t.name for t in spark.catalog.listTables()]
    assert "catalog_view" in names
    assert [(c.name, c.dataType) for c in spark.catalog.listColumns("catalog_view")] == [
        ("a", "int"),
        ("b", "string"),
    ]
    assert spark.catalog.currentDatabase() == "default"
    assert spark.catalog.functionExists("upper") and not spark.catalog.functionExists("no_such_fn")
    assert spark.catalog.dropTempView("catalog_view")
    assert not spark.catalog.tableExists("catalog_view")


def test_stop_and_new_session():
    # A separate session: stopping it must not affect the shared fixture (which getOrCreate
    # returns until it is stopped).
    other = SparkSession.builder.getOrCreate().newSession()
    assert other.range(2).count() == 2
    other.stop()
    other.stop()  # idempotent


def test_builder_config_forms(spark):
    from spate import SparkConf

    conf = SparkConf().set("spark.sql.test.fromconf", "a")
    session = (
        SparkSession.builder.config(conf=conf)
        .config(map={"spark.sql.test.frommap": 2})
        .config("spark.sql.test.bool", False)
        .getOrCreate()
    )
    assert session is spark
    assert spark.conf.get("spark.sql.test.fromconf") == "a"
    assert spark.conf.get("spark.sql.test.frommap") == "2"
    assert spark.conf.get("spark.sql.test.bool") == "false"


def test_readers(spark, tmp_path):
    (tmp_path / "a.txt").write_text("first\nsecond\n")
    (tmp_path / "b.txt").write_text("third\n")
    lines = spark.read.text([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert lines.columns == ["value"]
    assert sorted(r.value for r in lines.collect()) == ["first", "second", "third"]
    (tmp_path / "d.json").write_text('{"a": 1, "b": [1, 2]}\n{"a": 2}\n')
    inferred = spark.read.json(str(tmp_path / "d.json"))
    assert inferred.dtypes == [("a", "bigint"), ("b", "array<bigint>")]
    assert [tuple(r) for r in inferred.collect()] == [(1, [1, 2]), (2, None)]
    with pytest.raises(errors.PySparkTypeError):
        spark.read.schema(5)
