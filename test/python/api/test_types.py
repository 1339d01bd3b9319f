"""spate.sql.types: PySpark's reprs, simpleString, JSON, add() chains, DDL parsing, inference,
verification, and Row."""

import datetime
import decimal
import pickle

import pytest

from spate.errors import PySparkTypeError, PySparkValueError
from spate.sql import Row
from spate.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    ByteType,
    CalendarIntervalType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    IntegerType,
    LongType,
    MapType,
    NullType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampType,
    _infer_schema,
    _make_type_verifier,
    _merge_type,
    _parse_datatype_json_string,
    _parse_datatype_string,
)


def test_reprs_are_pysparks():
    assert repr(StringType()) == "StringType()"
    assert repr(DecimalType(10, 2)) == "DecimalType(10,2)"
    assert repr(ArrayType(StringType())) == "ArrayType(StringType(), True)"
    assert (
        repr(MapType(StringType(), LongType(), False)) == "MapType(StringType(), LongType(), False)"
    )
    assert (
        repr(StructField("value", StringType(), True)) == "StructField('value', StringType(), True)"
    )
    schema = StructType([StructField("value", StringType(), True)])
    assert repr(schema) == "StructType([StructField('value', StringType(), True)])"
    assert str(schema) == repr(schema)


def test_simple_strings():
    assert ByteType().simpleString() == "tinyint"
    assert ShortType().simpleString() == "smallint"
    assert IntegerType().simpleString() == "int"
    assert LongType().simpleString() == "bigint"
    assert DecimalType().simpleString() == "decimal(10,0)"
    assert NullType().simpleString() == "void"
    assert ArrayType(IntegerType()).simpleString() == "array<int>"
    assert MapType(StringType(), DoubleType()).simpleString() == "map<string,double>"
    nested = StructType().add("a", IntegerType()).add("b", ArrayType(StringType()))
    assert nested.simpleString() == "struct<a:int,b:array<string>>"
    assert DayTimeIntervalType().simpleString() == "interval day to second"


def test_type_names_and_singletons():
    assert IntegerType().typeName() == "integer"
    assert LongType.typeName() == "long"
    assert StringType() is StringType()
    assert DecimalType(5, 1) == DecimalType(5, 1)
    assert DecimalType(5, 1) != DecimalType(5, 2)
    with pytest.raises(PySparkTypeError) as error:
        StructField("a", IntegerType()).typeName()
    assert error.value.getErrorClass() == "INVALID_TYPENAME_CALL"


def test_struct_add_chain_as_in_the_lab():
    schema = (
        StructType()
        .add("Arrival_Time", LongType(), True)
        .add("Device", StringType(), True)
        .add("bpm", ShortType(), True)
        .add("x", "double")
        .add(StructField("y", DoubleType(), False))
    )
    assert schema.names == ["Arrival_Time", "Device", "bpm", "x", "y"]
    assert schema.fieldNames() == schema.names
    assert schema["x"].dataType == DoubleType()
    assert schema[4].nullable is False
    assert len(schema) == 5
    assert [f.name for f in schema[1:3]] == ["Device", "bpm"]
    with pytest.raises(KeyError):
        schema["nope"]


def test_json_round_trip():
    schema = StructType(
        [
            StructField("id", StringType(), False),
            StructField("content", MapType(StringType(), StringType()), True),
            StructField("tags", ArrayType(StringType()), True),
            StructField("sentiment", StructType([StructField("score", DoubleType())]), True),
            StructField("price", DecimalType(12, 4)),
        ]
    )
    text = schema.json()
    # Spark's JSON form, keys sorted, compact.
    assert text.startswith(
        '{"fields":[{"metadata":{},"name":"id","nullable":false,"type":"string"}'
    )
    assert '"type":"decimal(12,4)"' in text
    assert _parse_datatype_json_string(text) == schema


def test_ddl_strings_parse_to_types():
    assert _parse_datatype_string("a INT, b STRING") == StructType(
        [StructField("a", IntegerType()), StructField("b", StringType())]
    )
    assert _parse_datatype_string("int") == IntegerType()
    assert _parse_datatype_string("array<bigint>") == ArrayType(LongType())
    assert _parse_datatype_string("a: int, b: double") == StructType(
        [StructField("a", IntegerType()), StructField("b", DoubleType())]
    )
    assert _parse_datatype_string("m MAP<STRING, DECIMAL(5,2)>") == StructType(
        [StructField("m", MapType(StringType(), DecimalType(5, 2)))]
    )


def test_inference_as_pyspark():
    assert _infer_schema((1, "a", 1.5, True)) == StructType(
        [
            StructField("_1", LongType()),
            StructField("_2", StringType()),
            StructField("_3", DoubleType()),
            StructField("_4", BooleanType()),
        ]
    )
    # dicts: fields sorted by key; Rows keep their field order.
    assert _infer_schema({"b": 1, "a": "x"}).names == ["a", "b"]
    assert _infer_schema(Row(b=1, a="x")).names == ["b", "a"]
    inferred = _infer_schema(
        (
            decimal.Decimal("1.5"),
            datetime.date(2024, 1, 1),
            datetime.datetime(2024, 1, 1),
            [1],
            {"k": 1.0},
            b"x",
        )
    )
    assert [f.dataType for f in inferred] == [
        DecimalType(38, 18),
        DateType(),
        TimestampType(),
        ArrayType(LongType()),
        MapType(StringType(), DoubleType()),
        BinaryType(),
    ]
    assert _merge_type(NullType(), LongType()) == LongType()
    with pytest.raises(PySparkTypeError) as error:
        _merge_type(LongType(), StringType())
    assert str(error.value) == "[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `StringType`."


def test_verifier_messages():
    schema = StructType().add("a", IntegerType()).add("b", StringType(), False)
    verify = _make_type_verifier(schema)
    verify((1, "x"))
    with pytest.raises(PySparkValueError) as error:
        verify((1, None))
    assert (
        str(error.value)
        == "[FIELD_NOT_NULLABLE_WITH_NAME] field b: This field is not nullable, but got None."
    )
    with pytest.raises(PySparkTypeError) as error:
        verify(("1", "x"))
    assert str(error.value) == (
        "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field a: IntegerType() can not accept object '1' "
        "in type <class 'str'>."
    )
    with pytest.raises(PySparkValueError) as error:
        _make_type_verifier(ByteType())(128)
    assert str(error.value) == (
        "[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -128 and 127 (inclusive), got 128"
    )
    with pytest.raises(PySparkValueError) as error:
        verify((1,))
    assert error.value.getErrorClass() == "FIELD_STRUCT_LENGTH_MISMATCH"


def test_internal_conversions():
    assert DateType().toInternal(datetime.date(1970, 1, 11)) == 10
    assert DateType().fromInternal(-1) == datetime.date(1969, 12, 31)
    utc = datetime.timezone.utc
    assert (
        TimestampType().toInternal(datetime.datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=utc)) == 1000005
    )
    naive = datetime.datetime(2024, 5, 6, 7, 8, 9, 123)
    assert TimestampType().fromInternal(TimestampType().toInternal(naive)) == naive
    assert CalendarIntervalType().simpleString() == "interval"


def test_row_behaves_as_pysparks():
    row = Row(a=1, b="x")
    assert repr(row) == "Row(a=1, b='x')"
    assert row.a == 1 and row["b"] == "x" and row[0] == 1
    assert "a" in row and "z" not in row
    assert row.asDict() == {"a": 1, "b": "x"}
    assert row == (1, "x")
    assert isinstance(row, tuple)
    nested = Row(r=Row(x=1), l=[Row(y=2)], m={"k": Row(z=3)})
    assert nested.asDict(True) == {"r": {"x": 1}, "l": [{"y": 2}], "m": {"k": {"z": 3}}}
    Person = Row("name", "age")
    alice = Person("Alice", 11)
    assert repr(alice) == "Row(name='Alice', age=11)"
    assert repr(Row(1, "a")) == "<Row(1, 'a')>"
    assert pickle.loads(pickle.dumps(row)) == row and pickle.loads(pickle.dumps(row)).b == "x"
    with pytest.raises(AttributeError):
        row.nope
    with pytest.raises(ValueError):
        row["nope"]
    with pytest.raises(RuntimeError):
        row.a = 2
    with pytest.raises(PySparkValueError) as error:
        Row(1, a=2)
    assert error.value.getErrorClass() == "CANNOT_SET_TOGETHER"
    with pytest.raises(PySparkTypeError):
        Row(1, 2).asDict()
