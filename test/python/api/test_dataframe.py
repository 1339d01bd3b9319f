"""DataFrame and GroupedData: every operation, show()/printSchema output, actions, conversions."""

import datetime
import decimal
import os

import pytest

from spate.errors import (
    AnalysisException,
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)
from spate.sql import DataFrame, Row
from spate.sql import functions as F
from spate.sql.types import DoubleType, LongType, StringType, StructField, StructType


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(
        [("Alice", 34, "Paris"), ("Bob", 45, "Lyon"), ("Carol", 29, "Paris"), ("Dan", None, None)],
        "name STRING, age INT, city STRING",
    )


def rows(df):
    return [tuple(r) for r in df.collect()]


def test_show_matches_spark(people, capsys):
    people.show()
    assert capsys.readouterr().out == (
        "+-----+----+-----+\n"
        "| name| age| city|\n"
        "+-----+----+-----+\n"
        "|Alice|  34|Paris|\n"
        "|  Bob|  45| Lyon|\n"
        "|Carol|  29|Paris|\n"
        "|  Dan|NULL| NULL|\n"
        "+-----+----+-----+\n"
        "\n"
    )
    people.show(2)
    assert capsys.readouterr().out == (
        "+-----+---+-----+\n"
        "| name|age| city|\n"
        "+-----+---+-----+\n"
        "|Alice| 34|Paris|\n"
        "|  Bob| 45| Lyon|\n"
        "+-----+---+-----+\n"
        "only showing top 2 rows\n"
        "\n"
    )


def test_show_truncation_and_vertical(spark, capsys):
    df = spark.createDataFrame([("a" * 25, 1)], "text STRING, n INT")
    df.show()
    assert capsys.readouterr().out == (
        "+--------------------+---+\n"
        "|                text|  n|\n"
        "+--------------------+---+\n"
        "|aaaaaaaaaaaaaaaaa...|  1|\n"
        "+--------------------+---+\n"
        "\n"
    )
    df.show(truncate=False)
    assert capsys.readouterr().out == (
        "+-------------------------+---+\n"
        "|text                     |n  |\n"
        "+-------------------------+---+\n"
        "|aaaaaaaaaaaaaaaaaaaaaaaaa|1  |\n"
        "+-------------------------+---+\n"
        "\n"
    )
    df.show(truncate=5)
    assert capsys.readouterr().out == (
        "+-----+---+\n" "| text|  n|\n" "+-----+---+\n" "|aa...|  1|\n" "+-----+---+\n" "\n"
    )
    spark.createDataFrame([(1, "xy")], "a INT, bcd STRING").show(vertical=True)
    # Spark pads the record header to name width + data width + 5 (widths at least 3).
    assert capsys.readouterr().out == "-RECORD 0--\n a   | 1   \n bcd | xy  \n\n"
    with pytest.raises(PySparkTypeError) as error:
        df.show("x")
    assert str(error.value) == "[NOT_INT] Argument `n` should be an int, got str."
    with pytest.raises(PySparkTypeError):
        df.show(vertical="yes")


def test_schema_columns_dtypes_repr(people, capsys):
    assert people.columns == ["name", "age", "city"]
    assert people.dtypes == [("name", "string"), ("age", "int"), ("city", "string")]
    assert repr(people) == "DataFrame[name: string, age: int, city: string]"
    assert people.schema.names == ["name", "age", "city"]
    people.printSchema()
    assert capsys.readouterr().out == (
        "root\n"
        " |-- name: string (nullable = true)\n"
        " |-- age: integer (nullable = true)\n"
        " |-- city: string (nullable = true)\n"
        "\n"
    )
    people.explain()
    assert capsys.readouterr().out.strip() != ""
    assert people.isStreaming is False


def test_actions(people):
    assert people.count() == 4
    assert people.first() == Row(name="Alice", age=34, city="Paris")
    assert people.head() == people.first()
    assert people.head(2) == people.take(2) == people.collect()[:2]
    assert people.limit(0).first() is None
    assert people.limit(0).isEmpty() and not people.isEmpty()
    assert [r.name for r in people.toLocalIterator()] == ["Alice", "Bob", "Carol", "Dan"]
    assert people.tail(1) == [Row(name="Dan", age=None, city=None)]
    seen = []
    people.foreach(lambda r: seen.append(r.name))
    assert seen == ["Alice", "Bob", "Carol", "Dan"]


def test_column_access(people):
    assert isinstance(people.age, type(people["age"]))
    assert rows(people.select(people.name).limit(1)) == [("Alice",)]
    assert rows(people.select(people[0]).limit(1)) == [("Alice",)]
    assert rows(people[people.age > 40].select("name")) == [("Bob",)]
    assert rows(people[["name", "city"]].limit(1)) == [("Alice", "Paris")]
    with pytest.raises(PySparkAttributeError) as error:
        people.nope
    assert error.value.getErrorClass() == "ATTRIBUTE_NOT_SUPPORTED"
    with pytest.raises(AnalysisException) as error:
        people["nope"]
    assert error.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def test_projection_and_filtering(people):
    assert rows(people.where("age > 40").select("name", (people.age * 2).alias("double"))) == [
        ("Bob", 90)
    ]
    assert rows(people.selectExpr("upper(name) AS n", "age + 1").filter(F.col("n") == "DAN")) == [
        ("DAN", None)
    ]
    assert rows(people.filter(people.city.isNull()).select("name")) == [("Dan",)]
    assert rows(people.where("city = 'Paris'").select("name")) == [("Alice",), ("Carol",)]
    with pytest.raises(PySparkTypeError):
        people.filter(3)


def test_with_columns_renames_and_drops(people):
    df = people.withColumn("age", people.age + 1).withColumn("adult", F.col("age") >= 30)
    assert rows(df.limit(2)) == [("Alice", 35, "Paris", True), ("Bob", 46, "Lyon", True)]
    swapped = people.withColumns({"name": F.col("city"), "city": F.col("name"), "one": F.lit(1)})
    assert swapped.columns == ["name", "age", "city", "one"]
    assert rows(swapped.limit(1)) == [("Paris", 34, "Alice", 1)]
    assert people.withColumnRenamed("age", "years").columns == ["name", "years", "city"]
    assert people.withColumnsRenamed({"age": "a", "city": "c"}).columns == ["name", "a", "c"]
    assert people.drop("age", "city").columns == ["name"]
    assert people.drop(people.city).columns == ["name", "age"]
    assert people.drop("no_such_column").columns == people.columns
    assert people.toDF("n", "a", "c").columns == ["n", "a", "c"]
    with pytest.raises(PySparkTypeError):
        people.withColumn("x", 1)


def test_grouping(people):
    by_city = people.groupBy("city").agg(F.count("*").alias("n"), F.avg("age").alias("avg_age"))
    assert sorted(rows(by_city), key=str) == sorted(
        [("Paris", 2, 31.5), ("Lyon", 1, 45.0), (None, 1, None)], key=str
    )
    assert sorted(rows(people.groupBy("city").count()), key=str) == sorted(
        [("Paris", 2), ("Lyon", 1), (None, 1)], key=str
    )
    assert rows(people.groupBy().max("age")) == [(45,)]
    assert rows(people.groupBy().min("age")) == [(29,)]
    assert rows(people.groupBy().sum("age")) == [(108,)]
    assert rows(people.groupBy().avg()) == [(36.0,)]
    assert people.groupBy().mean().columns == ["avg(age)"]
    assert rows(people.agg({"age": "max", "name": "count"})) == [(45, 4)]
    assert rows(people.agg(F.max("age"))) == [(45,)]
    cube = people.cube("city").count()
    assert sorted(rows(cube), key=str) == sorted(
        [("Paris", 2), ("Lyon", 1), (None, 1), (None, 4)], key=str
    )
    rollup = people.rollup("city", "name").count()
    assert rollup.count() == 4 + 3 + 1  # (city, name) groups + city subtotals + grand total
    with pytest.raises(AssertionError):
        people.groupBy("city").agg("age")


def test_joins(spark, people):
    cities = spark.createDataFrame(
        [("Paris", "FR"), ("Berlin", "DE")], "city STRING, country STRING"
    )
    inner = people.join(cities, "city")
    assert inner.columns == ["city", "name", "age", "country"]
    assert sorted(rows(inner)) == [("Paris", "Alice", 34, "FR"), ("Paris", "Carol", 29, "FR")]
    left = people.join(cities, ["city"], "left")
    assert left.count() == 4
    on = people.join(cities, people.city == cities.city, "inner").select(
        people.name, cities.country
    )
    assert sorted(rows(on)) == [("Alice", "FR"), ("Carol", "FR")]
    assert sorted(rows(people.join(cities, "city", "left_anti").select("name"))) == [
        ("Bob",),
        ("Dan",),
    ]
    assert people.join(cities, "city", "leftsemi").count() == 2
    assert people.crossJoin(cities).count() == 8
    multi = people.join(cities, [people.city == cities.city, cities.country == "FR"])
    assert multi.count() == 2
    with pytest.raises(PySparkTypeError):
        people.join(3)


def test_set_operations(spark):
    a = spark.createDataFrame([(1,), (2,), (2,), (3,)], "v INT")
    b = spark.createDataFrame([(2,), (4,)], "v INT")
    assert sorted(rows(a.union(b))) == [(1,), (2,), (2,), (2,), (3,), (4,)]
    assert a.unionAll(b).count() == 6
    assert sorted(rows(a.intersect(b))) == [(2,)]
    assert sorted(rows(a.intersectAll(b))) == [(2,)]
    assert sorted(rows(a.subtract(b))) == [(1,), (3,)]
    assert sorted(rows(a.exceptAll(b))) == [(1,), (2,), (3,)]
    assert sorted(rows(a.distinct())) == [(1,), (2,), (3,)]
    by_name = spark.createDataFrame([("x", 1)], "s STRING, v INT").unionByName(
        spark.createDataFrame([(2, "y")], "v INT, s STRING")
    )
    assert rows(by_name) == [("x", 1), ("y", 2)]
    missing = spark.createDataFrame([(1,)], "v INT").unionByName(
        spark.createDataFrame([(2, "z")], "v INT, s STRING"), allowMissingColumns=True
    )
    assert rows(missing) == [(1, None), (2, "z")]


def test_deduplication_and_ordering(spark):
    df = spark.createDataFrame([("a", 1), ("a", 2), ("b", 1), ("a", 1)], "k STRING, v INT")
    assert df.dropDuplicates().count() == 3
    assert sorted(rows(df.dropDuplicates(["k"]).select("k"))) == [("a",), ("b",)]
    assert df.drop_duplicates(["k", "v"]).count() == 3
    assert rows(df.orderBy("k", F.col("v").desc()).limit(2)) == [("a", 2), ("a", 1)]
    assert rows(df.sort(["k", "v"], ascending=[False, True]).limit(2)) == [("b", 1), ("a", 1)]
    with pytest.raises(PySparkValueError):
        df.orderBy()
    with pytest.raises(PySparkTypeError):
        df.dropDuplicates("k")


def test_missing_values(spark):
    df = spark.createDataFrame(
        [(1, None, "x"), (None, None, None), (3, 2.5, None)], "a INT, b DOUBLE, c STRING"
    )
    assert df.na.drop().count() == 0
    assert df.na.drop("all").count() == 2
    assert df.na.drop(subset=["a"]).count() == 2
    assert df.dropna(thresh=2).count() == 2
    assert rows(df.na.fill(0)) == [(1, 0.0, "x"), (0, 0.0, None), (3, 2.5, None)]
    assert rows(df.na.fill("?")) == [(1, None, "x"), (None, None, "?"), (3, 2.5, "?")]
    assert rows(df.fillna({"a": 9, "c": "z"})) == [(1, None, "x"), (9, None, "z"), (3, 2.5, "z")]
    assert rows(df.na.fill(7, subset="a")) == [(1, None, "x"), (7, None, None), (3, 2.5, None)]
    with pytest.raises(PySparkValueError) as error:
        df.na.drop("some")
    assert (
        str(error.value)
        == "[VALUE_NOT_ANY_OR_ALL] Value for `how` must be 'any' or 'all', got 'some'."
    )
    with pytest.raises(PySparkTypeError):
        df.na.fill([1])


def test_views_and_sql(spark, people):
    people.createOrReplaceTempView("people_view")
    assert rows(spark.sql("SELECT name FROM people_view WHERE age > 40")) == [("Bob",)]
    people.createOrReplaceTempView("people_view")  # replacing is fine
    with pytest.raises(AnalysisException) as error:
        people.createTempView("people_view")
    assert error.value.getErrorClass() == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS"
    assert spark.catalog.tableExists("people_view")
    assert spark.catalog.dropTempView("people_view") is True
    assert not spark.catalog.tableExists("people_view")


def test_no_op_hints_and_transform(people):
    assert people.cache() is people and people.persist() is people and people.unpersist() is people
    assert people.repartition(4) is people and people.coalesce(1) is people
    assert people.transform(lambda df, n: df.limit(n), 1).count() == 1
    assert isinstance(people.alias("p"), DataFrame)


def test_describe(spark):
    df = spark.createDataFrame([(1.0, "a"), (3.0, "b")], "x DOUBLE, s STRING")
    summary = {r.summary: (r.x, r.s) for r in df.describe().collect()}
    assert summary["count"] == ("2", "2")
    assert summary["mean"] == ("2.0", None)
    assert summary["min"] == ("1.0", "a")
    assert summary["max"] == ("3.0", "b")
    assert float(summary["stddev"][0]) == pytest.approx(2**0.5)


def test_to_pandas(spark):
    pandas = pytest.importorskip("pandas")
    df = spark.sql(
        "SELECT 1 AS i, CAST(NULL AS INT) AS n, 'x' AS s, 2.5D AS d, true AS b, "
        "CAST('2024-01-02 03:04:05' AS TIMESTAMP) AS ts, DATE'2024-03-04' AS dt, "
        "CAST(1.5 AS DECIMAL(4,2)) AS dec"
    )
    pdf = df.toPandas()
    assert list(pdf.columns) == ["i", "n", "s", "d", "b", "ts", "dt", "dec"]
    assert [str(t) for t in pdf.dtypes] == [
        "int32",
        "float64",
        "object",
        "float64",
        "bool",
        "datetime64[ns]",
        "object",
        "object",
    ]
    assert pdf["ts"][0] == pandas.Timestamp("2024-01-02 03:04:05")
    assert pdf["dt"][0] == datetime.date(2024, 3, 4)
    assert pdf["dec"][0] == decimal.Decimal("1.50")
    empty = spark.range(0).toPandas()
    assert list(empty.columns) == ["id"] and len(empty) == 0 and str(empty.dtypes["id"]) == "int64"


def test_write_and_read_back(spark, tmp_path):
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id INT, v STRING")
    out = str(tmp_path / "json_out")
    df.write.mode("overwrite").json(out)
    back = spark.read.schema("id INT, v STRING").json(out)
    assert sorted(rows(back)) == [(1, "a"), (2, "b")]
    csv_out = str(tmp_path / "csv_out")
    df.write.format("csv").option("header", True).save(csv_out)
    back = spark.read.csv(csv_out, header=True, inferSchema=True)
    assert back.columns == ["id", "v"] and sorted(rows(back)) == [(1, "a"), (2, "b")]
    with pytest.raises(AnalysisException):
        df.write.csv(csv_out)  # error if exists (the default save mode)


def test_read_the_lab_csv(spark):
    # The lab's user file (données utilisateurs.csv): ';'-separated with a header.
    source = os.path.join(os.path.dirname(__file__), "data", "users.csv")
    users = (
        spark.read.format("csv")
        .option("header", "true")
        .option("sep", ";")
        .option("inferSchema", "true")
        .load(source)
    )
    assert users.columns == ["User", "FirstName", "LastName"]
    assert users.first() == Row(User="a", FirstName="Arthur", LastName="Pendragon")


def test_create_dataframe_forms(spark):
    assert rows(spark.createDataFrame([Row(a=1, b="x")])) == [(1, "x")]
    assert spark.createDataFrame([Row(a=1, b="x")]).schema == StructType(
        [StructField("a", LongType()), StructField("b", StringType())]
    )
    assert spark.createDataFrame([(1, 2.0)], ["x", "y"]).dtypes == [
        ("x", "bigint"),
        ("y", "double"),
    ]
    assert rows(spark.createDataFrame([{"b": 2, "a": 1}])) == [(1, 2)]
    assert rows(spark.createDataFrame([[1.0], [2.0]], "v DOUBLE")) == [(1.0,), (2.0,)]
    assert rows(spark.createDataFrame(["a", "b"], StringType())) == [("a",), ("b",)]
    assert rows(
        spark.createDataFrame([(None, 1.5)], StructType().add("a", "int").add("b", DoubleType()))
    ) == [(None, 1.5)]
    assert spark.createDataFrame([], "a INT").count() == 0
    with pytest.raises(PySparkValueError) as error:
        spark.createDataFrame([])
    assert error.value.getErrorClass() == "CANNOT_INFER_EMPTY_SCHEMA"
    with pytest.raises(PySparkValueError) as error:
        spark.createDataFrame([(None,)])
    assert (
        str(error.value)
        == "[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring."
    )
    pandas = pytest.importorskip("pandas")
    pdf = pandas.DataFrame(
        {"x": [1, 2], "y": ["a", None], "t": pandas.to_datetime(["2024-01-01", "2024-01-02"])}
    )
    from_pandas = spark.createDataFrame(pdf)
    assert from_pandas.dtypes == [("x", "bigint"), ("y", "string"), ("t", "timestamp")]
    assert rows(from_pandas) == [
        (1, "a", datetime.datetime(2024, 1, 1)),
        (2, None, datetime.datetime(2024, 1, 2)),
    ]
