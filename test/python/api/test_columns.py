"""Column operators and methods, and spate.sql.functions (values computed by hand)."""

import datetime
import decimal

import pytest

from spate.errors import PySparkNotImplementedError, PySparkTypeError, PySparkValueError
from spate.sql import Column, Row
from spate.sql import functions as F
from spate.sql.types import ArrayType, IntegerType, LongType, StringType, StructType


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(
        [("Alice", 34, 1.5, "a,b"), ("bob", None, -2.0, None), ("Carol", 7, None, "c")],
        "name STRING, age INT, score DOUBLE, tags STRING",
    )


def values(df):
    return [tuple(r) for r in df.collect()]


def test_arithmetic_and_reflected_operators(people):
    df = people.select(
        (people.age + 1).alias("plus"),
        (1 + people.age).alias("rplus"),
        (10 - people.age).alias("rminus"),
        (people.age * 2).alias("times"),
        (2 * people.age).alias("rtimes"),
        (people.age / 2).alias("div"),
        (14 / people.age).alias("rdiv"),
        (people.age % 5).alias("mod"),
        (100 % people.age).alias("rmod"),
        (-people.age).alias("neg"),
        (people.age**2).alias("pow"),
        (2**people.age).alias("rpow"),
    )
    assert values(df) == [
        (35, 35, -24, 68, 68, 17.0, 14 / 34, 4, 32, -34, 1156.0, 2.0**34),
        (None,) * 12,
        (8, 8, 3, 14, 14, 3.5, 2.0, 2, 2, -7, 49.0, 128.0),
    ]


def test_comparisons_and_logic(people):
    df = people.select(
        (people.age > 10).alias("gt"),
        (people.age >= 7).alias("ge"),
        (people.age < 10).alias("lt"),
        (people.age <= 7).alias("le"),
        (people.age == 7).alias("eq"),
        (people.age != 7).alias("ne"),
        ((people.age > 1) & (people.score > 0)).alias("and_"),
        ((people.age > 10) | (people.score < 0)).alias("or_"),
        (~(people.age > 10)).alias("not_"),
        people.age.eqNullSafe(None).alias("nullsafe"),
    )
    assert values(df) == [
        (True, True, False, False, False, True, True, True, False, False),
        (None, None, None, None, None, None, False, True, None, True),
        (False, True, True, True, True, False, None, None, True, False),
    ]


def test_string_literals_are_not_column_names(people):
    assert values(people.filter(people.name == "bob").select("name")) == [("bob",)]
    assert values(people.select(F.lit("name").alias("l")).limit(1)) == [("name",)]


def test_column_naming_follows_spark(people):
    df = people.select(people.age + 1, F.upper("name"), F.col("age").cast("string"), F.lit(5))
    assert df.columns == ["(age + 1)", "upper(name)", "age", "5"]
    assert people.select(F.count("*"), F.sum("age")).columns == ["count(1)", "sum(age)"]
    assert repr(people.age + 1) == "Column<'(age + 1)'>"


def test_null_tests_and_patterns(people):
    df = people.select(
        people.age.isNull().alias("n"),
        people.age.isNotNull().alias("nn"),
        people.name.like("%o%").alias("like"),
        people.name.ilike("a%").alias("ilike"),
        people.name.rlike("^[A-Z]").alias("rlike"),
        people.name.contains("ro").alias("contains"),
        people.name.startswith("Al").alias("starts"),
        people.name.endswith("b").alias("ends"),
        people.name.substr(2, 3).alias("sub"),
        people.name[1:2].alias("slice"),
    )
    assert values(df) == [
        (False, True, False, True, True, False, True, False, "lic", "Al"),
        (True, False, True, False, False, False, False, True, "ob", "bo"),
        (False, True, True, False, True, True, False, False, "aro", "Ca"),
    ]


def test_between_isin_when(people):
    df = people.select(
        people.age.between(7, 34).alias("between"),
        people.name.isin("bob", "Carol").alias("isin"),
        people.name.isin(["Alice"]).alias("isin_list"),
        F.when(people.age > 10, "old")
        .when(people.age > 5, "young")
        .otherwise("unknown")
        .alias("case"),
        F.when(people.age > 10, 1).alias("no_else"),
    )
    assert values(df) == [
        (True, False, True, "old", 1),
        (None, True, False, "unknown", None),
        (True, True, False, "young", None),
    ]
    with pytest.raises(PySparkValueError) as error:
        F.when(people.age > 1, 1).otherwise(2).otherwise(3)
    assert error.value.getErrorClass() == "INVALID_WHEN_USAGE"
    with pytest.raises(PySparkTypeError) as error:
        F.when("age > 1", 1)
    assert str(error.value) == "[NOT_COLUMN] Argument `condition` should be a Column, got str."


def test_cast_with_types_and_names(people):
    df = people.select(
        people.score.cast(IntegerType()).alias("i"),
        people.age.cast("string").alias("s"),
        people.age.astype(LongType()).alias("l"),
    )
    assert values(df) == [(1, "34", 34), (-2, None, None), (None, "7", 7)]
    assert df.schema["s"].dataType == StringType()
    assert df.schema["l"].dataType == LongType()
    with pytest.raises(PySparkTypeError):
        people.age.cast(3)


def test_nested_access(spark):
    df = spark.createDataFrame(
        [([1, 2, 3], {"k": "v"}, Row(x=1, y="z"))],
        StructType()
        .add("arr", ArrayType(IntegerType()))
        .add("m", "map<string,string>")
        .add("s", "struct<x:int,y:string>"),
    )
    row = df.select(
        df.arr[0],
        df.arr.getItem(2),
        df.m["k"],
        df.m.getItem("nope"),
        df.s.x,
        df.s["y"],
        df.s.getField("x"),
    ).collect()[0]
    assert tuple(row) == (1, 3, "v", None, 1, "z", 1)
    assert values(df.select("s.*")) == [(1, "z")]


def test_sort_orders(spark):
    df = spark.createDataFrame([(1,), (None,), (3,)], "v INT")
    assert values(df.orderBy(df.v.asc())) == [(None,), (1,), (3,)]
    assert values(df.orderBy(df.v.desc())) == [(3,), (1,), (None,)]
    assert values(df.orderBy(df.v.asc_nulls_last())) == [(1,), (3,), (None,)]
    assert values(df.orderBy(df.v.desc_nulls_first())) == [(None,), (3,), (1,)]
    assert values(df.orderBy("v", ascending=False)) == [(3,), (1,), (None,)]


def test_columns_refuse_python_truth_and_iteration(people):
    with pytest.raises(PySparkValueError) as error:
        bool(people.age > 1)
    assert str(error.value) == (
        "[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool: please use '&' for 'and', "
        "'|' for 'or', '~' for 'not' when building DataFrame boolean expressions."
    )
    with pytest.raises(PySparkTypeError) as error:
        iter(people.age)
    assert str(error.value) == "[NOT_ITERABLE] Column is not iterable."
    with pytest.raises(PySparkValueError):
        1 in people.age
    with pytest.raises(TypeError):
        hash(people.age)


def test_literal_types():
    cases = [
        (1, "int"),
        (2**40, "bigint"),
        (1.5, "double"),
        ("x", "string"),
        (True, "boolean"),
        (None, "void"),
        (decimal.Decimal("12.345"), "decimal(5,3)"),
        (datetime.date(2024, 1, 2), "date"),
        (datetime.datetime(2024, 1, 2, 3, 4, 5), "timestamp"),
        (bytearray(b"ab"), "binary"),
    ]
    from spate.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    df = spark.range(1).select(*[F.lit(v).alias("c%d" % i) for i, (v, _) in enumerate(cases)])
    assert [t for _, t in df.dtypes] == [t for _, t in cases]
    assert tuple(df.collect()[0]) == tuple(v for v, _ in cases)
    assert spark.range(1).select(F.lit([1, 2]).alias("a")).collect()[0].a == [1, 2]


def test_functions_used_by_the_seed_applications(spark):
    df = spark.createDataFrame(
        [('{"character": "Karadoc", "quote": "Le gras c est la vie"}',), ("not json",)],
        "value STRING",
    )
    schema = StructType().add("character", StringType(), True).add("quote", StringType(), True)
    parsed = df.select(F.from_json("value", schema).alias("json")).select("json.*")
    assert values(parsed) == [("Karadoc", "Le gras c est la vie"), (None, None)]
    words = parsed.select(parsed.character, F.explode(F.split(parsed.quote, " ")).alias("word"))
    assert values(words.groupBy("character").count()) == [("Karadoc", 6)]
    assert values(parsed.select(F.to_json(F.struct("character")).alias("j")).limit(1)) == [
        ('{"character":"Karadoc"}',)
    ]
    ddl = df.select(F.from_json(F.col("value"), "character STRING").alias("j")).select(
        "j.character"
    )
    assert values(ddl) == [("Karadoc",), (None,)]
    pair = spark.createDataFrame([("XBT/USD",)], "pair STRING")
    assert values(pair.select(F.split(F.col("pair"), "/")[0].alias("base"))) == [("XBT",)]


def test_aggregate_functions(spark):
    df = spark.createDataFrame(
        [("a", 1), ("a", 3), ("b", 5), ("b", None), ("b", 5)], "k STRING, v INT"
    )
    out = df.groupBy("k").agg(
        F.count("v").alias("count"),
        F.count("*").alias("rows"),
        F.sum("v").alias("sum"),
        F.avg("v").alias("avg"),
        F.mean("v").alias("mean"),
        F.min("v").alias("min"),
        F.max("v").alias("max"),
        F.countDistinct("v").alias("distinct"),
        F.approx_count_distinct("v").alias("approx"),
        F.collect_list("v").alias("list"),
        F.first("v").alias("first"),
        F.stddev("v").alias("sd"),
    )
    rows = {r.k: r for r in out.collect()}
    assert tuple(rows["a"])[1:] == (2, 2, 4, 2.0, 2.0, 1, 3, 2, 2, [1, 3], 1, 2**0.5)
    assert tuple(rows["b"])[1:11] == (2, 3, 10, 5.0, 5.0, 5, 5, 1, 1, [5, 5])
    assert rows["b"].sd == 0.0


def test_time_functions(spark):
    df = spark.createDataFrame([(1700000000,)], "ts LONG")
    row = df.select(
        F.from_unixtime("ts", "yyyy").alias("year_text"),
        F.timestamp_seconds("ts").alias("t"),
        F.window(F.timestamp_seconds("ts"), "1 hour").alias("w"),
    ).collect()
    # 1700000000 s = 2023-11-14 22:13:20 UTC; the 1-hour window is [22:00, 23:00) UTC.
    first = row[0]
    assert first.year_text == "2023"
    assert first.t == datetime.datetime.fromtimestamp(1700000000)
    assert first.w.start == datetime.datetime.fromtimestamp(1700000000 - 800)
    assert first.w.end == datetime.datetime.fromtimestamp(1700000000 - 800 + 3600)
    sliding = df.select(F.window(F.timestamp_seconds("ts"), "10 minutes", "5 minutes").alias("sw"))
    assert (
        sliding.count() == 2
    )  # a 10-minute window sliding every 5 minutes covers each instant twice
    before = datetime.datetime.now() - datetime.timedelta(seconds=5)
    now = spark.range(1).select(F.current_timestamp().alias("now")).collect()[0].now
    assert before <= now <= datetime.datetime.now() + datetime.timedelta(seconds=5)


def test_generic_registry_path(spark):
    df = spark.createDataFrame([("abc",)], "s STRING")
    assert values(df.select(F.call_function("reverse", "s"))) == [("cba",)]
    assert values(df.select(F.reverse("s"), F.length("s"), F.expr("concat(s, '!')"))) == [
        ("cba", 3, "abc!")
    ]
    # A registry function this module does not define is still reachable by name.
    assert F.soundex is not None
    assert values(df.select(F.levenshtein("s", F.lit("abd")))) == [(1,)]
    with pytest.raises(AttributeError):
        F.no_such_function_anywhere


def test_window_functions_are_reported_unsupported(people):
    from spate.sql import Window

    spec = Window.partitionBy("name").orderBy("age")
    with pytest.raises(PySparkNotImplementedError) as error:
        F.row_number().over(spec)
    assert error.value.getErrorClass() == "NOT_IMPLEMENTED"
    with pytest.raises(PySparkNotImplementedError):
        people.age.over(spec)


def test_column_type_errors():
    with pytest.raises(PySparkTypeError) as error:
        F.col(1)
    assert str(error.value) == "[NOT_STR] Argument `col` should be a str, got int."
    with pytest.raises(PySparkTypeError) as error:
        F.upper(3)
    assert (
        str(error.value) == "[NOT_COLUMN_OR_STR] Argument `col` should be a Column or str, got int."
    )
    assert isinstance(F.col("a"), Column)


def test_session_window(spark):
    df = spark.createDataFrame(
        [("u", 0), ("u", 4), ("u", 20), ("v", 1)], "user STRING, t LONG"
    ).select("user", F.timestamp_seconds("t").alias("ts"))
    sessions = df.groupBy(F.session_window("ts", "10 seconds"), "user").count()
    got = sorted(
        (
            r.user,
            int(r.session_window.start.timestamp()),
            int(r.session_window.end.timestamp()),
            r["count"],
        )
        for r in sessions.collect()
    )
    # u: events at 0 and 4 s merge into [0, 14); 20 s starts [20, 30); v: [1, 11).
    assert got == [("u", 0, 14, 2), ("u", 20, 30, 1), ("v", 1, 11, 1)]
    with pytest.raises(PySparkTypeError):
        F.session_window("ts", 10)
    assert repr(F.column("x")) == "Column<'x'>"
