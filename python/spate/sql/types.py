"""Spark SQL data types and Row, as PySpark 3.5's pyspark.sql.types.

Types have PySpark's reprs (``StructType([StructField('value', StringType(), True)])``),
simpleString, json/fromJson, and the same Python value conversions (toInternal / fromInternal).
They travel to the engine as Spark's JSON form.
"""

import calendar
import datetime
import json
import re
import time

from spate.errors import (
    PySparkIndexError,
    PySparkKeyError,
    PySparkTypeError,
    PySparkValueError,
)
from spate.sql._row import Row, _create_row  # noqa: F401  (PySpark defines Row in types)

__all__ = [
    "DataType",
    "NullType",
    "CharType",
    "StringType",
    "VarcharType",
    "BinaryType",
    "BooleanType",
    "DateType",
    "TimestampType",
    "TimestampNTZType",
    "DecimalType",
    "DoubleType",
    "FloatType",
    "ByteType",
    "IntegerType",
    "LongType",
    "DayTimeIntervalType",
    "YearMonthIntervalType",
    "CalendarIntervalType",
    "Row",
    "ShortType",
    "ArrayType",
    "MapType",
    "StructField",
    "StructType",
]


class DataType:
    """Base class for data types."""

    def __repr__(self):
        return self.__class__.__name__ + "()"

    def __hash__(self):
        return hash(str(self))

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    @classmethod
    def typeName(cls):
        return cls.__name__[:-4].lower()

    def simpleString(self):
        return self.typeName()

    def jsonValue(self):
        return self.typeName()

    def json(self):
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self):
        """Whether Python values of this type differ from the engine's (internal) form."""
        return False

    def toInternal(self, obj):
        return obj

    def fromInternal(self, obj):
        return obj


class DataTypeSingleton(type):
    """Metaclass making parameterless types singletons (StringType() is StringType())."""

    _instances = {}

    def __call__(cls):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__()
        return cls._instances[cls]


class NullType(DataType, metaclass=DataTypeSingleton):
    """The type of None (Spark's void)."""

    @classmethod
    def typeName(cls):
        return "void"


class AtomicType(DataType):
    """Types that are not arrays, maps or structs."""


class NumericType(AtomicType):
    """Numeric data types."""


class IntegralType(NumericType, metaclass=DataTypeSingleton):
    """Integral data types."""


class FractionalType(NumericType):
    """Fractional data types."""


class StringType(AtomicType, metaclass=DataTypeSingleton):
    """String data type."""


class CharType(AtomicType):
    """Char data type (CHAR(n)); the engine stores it as a string."""

    def __init__(self, length):
        self.length = length

    def simpleString(self):
        return "char(%d)" % self.length

    def jsonValue(self):
        return "char(%d)" % self.length

    def __repr__(self):
        return "CharType(%d)" % self.length


class VarcharType(AtomicType):
    """Varchar data type (VARCHAR(n)); the engine stores it as a string."""

    def __init__(self, length):
        self.length = length

    def simpleString(self):
        return "varchar(%d)" % self.length

    def jsonValue(self):
        return "varchar(%d)" % self.length

    def __repr__(self):
        return "VarcharType(%d)" % self.length


class BinaryType(AtomicType, metaclass=DataTypeSingleton):
    """Binary (byte array) data type."""


class BooleanType(AtomicType, metaclass=DataTypeSingleton):
    """Boolean data type."""


class DateType(AtomicType, metaclass=DataTypeSingleton):
    """Date (datetime.date) data type; internally days since the epoch."""

    EPOCH_ORDINAL = datetime.datetime(1970, 1, 1).toordinal()

    def needConversion(self):
        return True

    def toInternal(self, d):
        if d is not None:
            return d.toordinal() - self.EPOCH_ORDINAL

    def fromInternal(self, v):
        if v is not None:
            return datetime.date.fromordinal(v + self.EPOCH_ORDINAL)


class TimestampType(AtomicType, metaclass=DataTypeSingleton):
    """Timestamp (datetime.datetime) data type; internally µs since the epoch. Naive datetimes
    are in the local time zone, as in PySpark."""

    def needConversion(self):
        return True

    def toInternal(self, dt):
        if dt is not None:
            seconds = (
                calendar.timegm(dt.utctimetuple()) if dt.tzinfo else time.mktime(dt.timetuple())
            )
            return int(seconds) * 1000000 + dt.microsecond

    def fromInternal(self, ts):
        if ts is not None:
            return datetime.datetime.fromtimestamp(ts // 1000000).replace(microsecond=ts % 1000000)


class TimestampNTZType(AtomicType, metaclass=DataTypeSingleton):
    """Timestamp without time zone. The engine has one timestamp type: values are read as UTC."""

    def needConversion(self):
        return True

    @classmethod
    def typeName(cls):
        return "timestamp_ntz"

    def toInternal(self, dt):
        if dt is not None:
            seconds = calendar.timegm(dt.timetuple())
            return int(seconds) * 1000000 + dt.microsecond

    def fromInternal(self, ts):
        if ts is not None:
            return datetime.datetime.utcfromtimestamp(ts // 1000000).replace(
                microsecond=ts % 1000000
            )


class DecimalType(FractionalType):
    """Decimal (decimal.Decimal) data type with a precision (≤ 38) and a scale."""

    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def jsonValue(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def __repr__(self):
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class DoubleType(FractionalType, metaclass=DataTypeSingleton):
    """Double data type (a Python float)."""


class FloatType(FractionalType, metaclass=DataTypeSingleton):
    """Float data type (single precision)."""


class ByteType(IntegralType):
    """Byte data type (tinyint)."""

    def simpleString(self):
        return "tinyint"


class IntegerType(IntegralType):
    """Int data type."""

    def simpleString(self):
        return "int"


class LongType(IntegralType):
    """Long data type (bigint)."""

    def simpleString(self):
        return "bigint"


class ShortType(IntegralType):
    """Short data type (smallint)."""

    def simpleString(self):
        return "smallint"


class AnsiIntervalType(AtomicType):
    """The ANSI interval types."""


class DayTimeIntervalType(AnsiIntervalType):
    """Day-time interval (datetime.timedelta). The engine holds it as a calendar interval."""

    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3
    _fields = {DAY: "day", HOUR: "hour", MINUTE: "minute", SECOND: "second"}
    _inverted_fields = dict(zip(_fields.values(), _fields.keys()))

    def __init__(self, startField=None, endField=None):
        if startField is None and endField is None:
            startField, endField = DayTimeIntervalType.DAY, DayTimeIntervalType.SECOND
        elif endField is None:
            endField = startField
        fields = DayTimeIntervalType._fields
        if startField not in fields or endField not in fields:
            raise RuntimeError("interval %s to %s is invalid" % (startField, endField))
        self.startField = startField
        self.endField = endField

    def _str_repr(self):
        fields = DayTimeIntervalType._fields
        start, end = fields[self.startField], fields[self.endField]
        if start == end:
            return "interval %s" % start
        return "interval %s to %s" % (start, end)

    simpleString = _str_repr
    jsonValue = _str_repr

    def __repr__(self):
        return "%s(%d, %d)" % (type(self).__name__, self.startField, self.endField)

    def needConversion(self):
        return True

    def toInternal(self, dt):
        if dt is not None:
            return (0, dt.days, dt.seconds * 1000000 + dt.microseconds)

    def fromInternal(self, micros):
        if micros is not None:
            return datetime.timedelta(microseconds=micros)


class YearMonthIntervalType(AnsiIntervalType):
    """Year-month interval. The engine holds it as a calendar interval."""

    YEAR, MONTH = 0, 1
    _fields = {YEAR: "year", MONTH: "month"}
    _inverted_fields = dict(zip(_fields.values(), _fields.keys()))

    def __init__(self, startField=None, endField=None):
        if startField is None and endField is None:
            startField, endField = YearMonthIntervalType.YEAR, YearMonthIntervalType.MONTH
        elif endField is None:
            endField = startField
        self.startField = startField
        self.endField = endField

    def _str_repr(self):
        fields = YearMonthIntervalType._fields
        start, end = fields[self.startField], fields[self.endField]
        if start == end:
            return "interval %s" % start
        return "interval %s to %s" % (start, end)

    simpleString = _str_repr
    jsonValue = _str_repr

    def __repr__(self):
        return "%s(%d, %d)" % (type(self).__name__, self.startField, self.endField)


class CalendarIntervalType(DataType, metaclass=DataTypeSingleton):
    """Spark's CalendarIntervalType (months, days, µs): the engine's interval type. Collected
    values are datetime.timedelta when they have no months, else their string form."""

    @classmethod
    def typeName(cls):
        return "calendarinterval"

    def simpleString(self):
        return "interval"


class ArrayType(DataType):
    """Array data type: elementType and whether elements may be null."""

    def __init__(self, elementType, containsNull=True):
        assert isinstance(elementType, DataType), "elementType %s should be an instance of %s" % (
            elementType,
            DataType,
        )
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self):
        return "array<%s>" % self.elementType.simpleString()

    def __repr__(self):
        return "ArrayType(%s, %s)" % (self.elementType, str(self.containsNull))

    def jsonValue(self):
        return {
            "type": self.typeName(),
            "elementType": self.elementType.jsonValue(),
            "containsNull": self.containsNull,
        }

    @classmethod
    def fromJson(cls, json):
        return ArrayType(_parse_datatype_json_value(json["elementType"]), json["containsNull"])

    def needConversion(self):
        return self.elementType.needConversion()

    def toInternal(self, obj):
        if not self.needConversion():
            return obj
        return obj and [self.elementType.toInternal(v) for v in obj]

    def fromInternal(self, obj):
        if not self.needConversion():
            return obj
        return obj and [self.elementType.fromInternal(v) for v in obj]


class MapType(DataType):
    """Map data type: keyType, valueType and whether values may be null."""

    def __init__(self, keyType, valueType, valueContainsNull=True):
        assert isinstance(keyType, DataType), "keyType %s should be an instance of %s" % (
            keyType,
            DataType,
        )
        assert isinstance(valueType, DataType), "valueType %s should be an instance of %s" % (
            valueType,
            DataType,
        )
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self):
        return "map<%s,%s>" % (self.keyType.simpleString(), self.valueType.simpleString())

    def __repr__(self):
        return "MapType(%s, %s, %s)" % (self.keyType, self.valueType, str(self.valueContainsNull))

    def jsonValue(self):
        return {
            "type": self.typeName(),
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }

    @classmethod
    def fromJson(cls, json):
        return MapType(
            _parse_datatype_json_value(json["keyType"]),
            _parse_datatype_json_value(json["valueType"]),
            json["valueContainsNull"],
        )

    def needConversion(self):
        return self.keyType.needConversion() or self.valueType.needConversion()

    def toInternal(self, obj):
        if not self.needConversion():
            return obj
        return obj and dict(
            (self.keyType.toInternal(k), self.valueType.toInternal(v)) for k, v in obj.items()
        )

    def fromInternal(self, obj):
        if not self.needConversion():
            return obj
        return obj and dict(
            (self.keyType.fromInternal(k), self.valueType.fromInternal(v)) for k, v in obj.items()
        )


class StructField(DataType):
    """A field of a StructType: name, dataType, nullable, metadata."""

    def __init__(self, name, dataType, nullable=True, metadata=None):
        assert isinstance(dataType, DataType), "dataType %s should be an instance of %s" % (
            dataType,
            DataType,
        )
        assert isinstance(name, str), "field name %s should be a string" % (name)
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self):
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def __repr__(self):
        return "StructField('%s', %s, %s)" % (self.name, self.dataType, str(self.nullable))

    def jsonValue(self):
        return {
            "name": self.name,
            "type": self.dataType.jsonValue(),
            "nullable": self.nullable,
            "metadata": self.metadata,
        }

    @classmethod
    def fromJson(cls, json):
        return StructField(
            json["name"],
            _parse_datatype_json_value(json["type"]),
            json.get("nullable", True),
            json.get("metadata"),
        )

    def needConversion(self):
        return self.dataType.needConversion()

    def toInternal(self, obj):
        return self.dataType.toInternal(obj)

    def fromInternal(self, obj):
        return self.dataType.fromInternal(obj)

    def typeName(self):
        raise PySparkTypeError(error_class="INVALID_TYPENAME_CALL", message_parameters={})


class StructType(DataType):
    """Struct type: a list of StructFields. Built from a list, or with add() chains:
    ``StructType().add("a", LongType(), True).add("b", "string")``."""

    def __init__(self, fields=None):
        if not fields:
            self.fields = []
            self.names = []
        else:
            self.fields = fields
            self.names = [f.name for f in fields]
            assert all(
                isinstance(f, StructField) for f in fields
            ), "fields should be a list of StructField"
        self._needConversion = [f.needConversion() for f in self.fields]
        self._needSerializeAnyField = any(self._needConversion)

    def add(self, field, data_type=None, nullable=True, metadata=None):
        """Appends a field (a StructField, or a name with a DataType or a DDL type string) and
        returns this StructType, so calls chain."""
        if isinstance(field, StructField):
            self.fields.append(field)
            self.names.append(field.name)
        else:
            if isinstance(field, str) and data_type is None:
                raise PySparkValueError(
                    error_class="ARGUMENT_REQUIRED",
                    message="Argument `data_type` is required when passing name of struct_field "
                    "to create.",
                )
            if isinstance(data_type, str):
                data_type_f = _parse_datatype_json_value(data_type)
            else:
                data_type_f = data_type
            self.fields.append(StructField(field, data_type_f, nullable, metadata))
            self.names.append(field)
        self._needConversion = [f.needConversion() for f in self.fields]
        self._needSerializeAnyField = any(self._needConversion)
        return self

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for field in self:
                if field.name == key:
                    return field
            raise PySparkKeyError(
                error_class="KEY_NOT_EXISTS",
                message="Key `%s` is not exists." % key,
                message_parameters={"key": str(key)},
            )
        elif isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError:
                raise PySparkIndexError("StructType index out of range") from None
        elif isinstance(key, slice):
            return StructType(self.fields[key])
        else:
            raise PySparkTypeError(
                error_class="NOT_INT_OR_SLICE_OR_STR",
                message="Argument `key` should be an int, slice or str, got %s."
                % type(key).__name__,
                message_parameters={"arg_name": "key", "arg_type": type(key).__name__},
            )

    def simpleString(self):
        return "struct<%s>" % (",".join(f.simpleString() for f in self))

    def __repr__(self):
        return "StructType([%s])" % ", ".join(str(field) for field in self)

    def jsonValue(self):
        return {"type": self.typeName(), "fields": [f.jsonValue() for f in self]}

    @classmethod
    def fromJson(cls, json):
        return StructType([StructField.fromJson(f) for f in json["fields"]])

    def fieldNames(self):
        return list(self.names)

    def needConversion(self):
        return True

    def toInternal(self, obj):
        if obj is None:
            return None
        if self._needSerializeAnyField:
            if isinstance(obj, dict):
                return tuple(
                    f.toInternal(obj.get(n)) if c else obj.get(n)
                    for n, f, c in zip(self.names, self.fields, self._needConversion)
                )
            elif isinstance(obj, (tuple, list)):
                return tuple(
                    f.toInternal(v) if c else v
                    for f, v, c in zip(self.fields, obj, self._needConversion)
                )
            elif hasattr(obj, "__dict__"):
                d = obj.__dict__
                return tuple(
                    f.toInternal(d.get(n)) if c else d.get(n)
                    for n, f, c in zip(self.names, self.fields, self._needConversion)
                )
            raise PySparkValueError(
                error_class="UNEXPECTED_TUPLE_WITH_STRUCT",
                message="Unexpected tuple %r with StructType." % (obj,),
                message_parameters={"tuple": str(obj)},
            )
        if isinstance(obj, dict):
            return tuple(obj.get(n) for n in self.names)
        elif isinstance(obj, (list, tuple)):
            return tuple(obj)
        elif hasattr(obj, "__dict__"):
            d = obj.__dict__
            return tuple(d.get(n) for n in self.names)
        raise PySparkValueError(
            error_class="UNEXPECTED_TUPLE_WITH_STRUCT",
            message="Unexpected tuple %r with StructType." % (obj,),
            message_parameters={"tuple": str(obj)},
        )

    def fromInternal(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Row):
            return obj
        if self._needSerializeAnyField:
            values = [
                f.fromInternal(v) if c else v
                for f, v, c in zip(self.fields, obj, self._needConversion)
            ]
        else:
            values = obj
        return _create_row(self.names, values)


# ---- JSON and DDL parsing ----------------------------------------------------------------------

_atomic_types = [
    StringType,
    BinaryType,
    BooleanType,
    DecimalType,
    FloatType,
    DoubleType,
    ByteType,
    ShortType,
    IntegerType,
    LongType,
    DateType,
    TimestampType,
    TimestampNTZType,
    NullType,
    CalendarIntervalType,
]
_all_atomic_types = dict((t.typeName(), t) for t in _atomic_types)
_all_complex_types = dict((v.typeName(), v) for v in [ArrayType, MapType, StructType])

_FIXED_DECIMAL = re.compile(r"decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)")
_CHAR = re.compile(r"char\(\s*(\d+)\s*\)")
_VARCHAR = re.compile(r"varchar\(\s*(\d+)\s*\)")
_INTERVAL_DAYTIME = re.compile(r"interval (day|hour|minute|second)( to (day|hour|minute|second))?")
_INTERVAL_YEARMONTH = re.compile(r"interval (year|month)( to (year|month))?")


def _parse_datatype_string(s):
    """A DDL string to a DataType: "a INT, b STRING" (a StructType), "array<int>", "int", or
    "a: int, b: string" (PySpark's _parse_datatype_string). Raises ParseException."""
    from spate import _native

    return _parse_datatype_json_string(_native.parse_datatype(s))


def _parse_datatype_json_string(json_string):
    return _parse_datatype_json_value(json.loads(json_string))


def _parse_datatype_json_value(json_value):
    if not isinstance(json_value, dict):
        if json_value in _all_atomic_types.keys():
            return _all_atomic_types[json_value]()
        elif json_value == "decimal":
            return DecimalType()
        elif json_value in ("null", "void"):
            return NullType()
        elif json_value == "interval":
            return CalendarIntervalType()
        elif json_value in ("integer", "int"):
            return IntegerType()
        elif _FIXED_DECIMAL.match(json_value):
            m = _FIXED_DECIMAL.match(json_value)
            return DecimalType(int(m.group(1)), int(m.group(2)))
        elif _INTERVAL_DAYTIME.match(json_value):
            m = _INTERVAL_DAYTIME.match(json_value)
            inverted = DayTimeIntervalType._inverted_fields
            first = inverted[m.group(1)]
            return DayTimeIntervalType(first, inverted[m.group(3)] if m.group(3) else first)
        elif _INTERVAL_YEARMONTH.match(json_value):
            m = _INTERVAL_YEARMONTH.match(json_value)
            inverted = YearMonthIntervalType._inverted_fields
            first = inverted[m.group(1)]
            return YearMonthIntervalType(first, inverted[m.group(3)] if m.group(3) else first)
        elif _CHAR.match(json_value):
            return CharType(int(_CHAR.match(json_value).group(1)))
        elif _VARCHAR.match(json_value):
            return VarcharType(int(_VARCHAR.match(json_value).group(1)))
        elif isinstance(json_value, str):
            # A DDL type name that is not a JSON type name ("bigint", "string", "struct<…>").
            return _parse_datatype_string(json_value)
        raise PySparkValueError(
            error_class="CANNOT_PARSE_DATATYPE",
            message_parameters={"error": "Could not parse datatype: %s" % json_value},
        )
    tpe = json_value["type"]
    if tpe in _all_complex_types:
        return _all_complex_types[tpe].fromJson(json_value)
    raise PySparkValueError(
        error_class="CANNOT_PARSE_DATATYPE",
        message_parameters={"error": "not supported type: %s" % tpe},
    )


def _engine_type_json(dataType):
    """The JSON of `dataType` as the engine reads it: the engine has one string type, one
    timestamp type and one (calendar) interval type."""

    def value(dt):
        if isinstance(dt, (CharType, VarcharType)):
            return "string"
        if isinstance(dt, TimestampNTZType):
            return "timestamp"
        if isinstance(dt, (DayTimeIntervalType, YearMonthIntervalType, CalendarIntervalType)):
            return "interval"
        if isinstance(dt, ArrayType):
            return {
                "type": "array",
                "elementType": value(dt.elementType),
                "containsNull": dt.containsNull,
            }
        if isinstance(dt, MapType):
            return {
                "type": "map",
                "keyType": value(dt.keyType),
                "valueType": value(dt.valueType),
                "valueContainsNull": dt.valueContainsNull,
            }
        if isinstance(dt, StructType):
            return {
                "type": "struct",
                "fields": [
                    {
                        "name": f.name,
                        "type": value(f.dataType),
                        "nullable": f.nullable,
                        "metadata": {},
                    }
                    for f in dt.fields
                ],
            }
        return dt.jsonValue()

    return json.dumps(value(dataType), separators=(",", ":"))


# PySpark keeps these helpers in pyspark.sql.types; Spate defines them in spate.sql._inference.
from spate.sql._inference import (  # noqa: E402,F401
    _acceptable_types,
    _has_nulltype,
    _infer_schema,
    _infer_type,
    _make_type_verifier,
    _merge_type,
)
