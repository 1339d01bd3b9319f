"""Spark SQL data types and Row, as PySpark 3.5's pyspark.sql.types.

Types have PySpark's reprs (``StructType([StructField('value', StringType(), True)])``),
simpleString, json/fromJson, and the same Python value conversions (toInternal / fromInternal).
They travel to the engine as Spark's JSON form.
"""

import calendar
import datetime
import decimal
import json
import re
import time
from array import array
from functools import reduce

from spate.errors import (
    PySparkAttributeError,
    PySparkIndexError,
    PySparkKeyError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
)

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
            return {"type": "array", "elementType": value(dt.elementType), "containsNull": dt.containsNull}
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
                    {"name": f.name, "type": value(f.dataType), "nullable": f.nullable, "metadata": {}}
                    for f in dt.fields
                ],
            }
        return dt.jsonValue()

    return json.dumps(value(dataType), separators=(",", ":"))


# ---- Inference from Python values --------------------------------------------------------------

_type_mappings = {
    type(None): NullType,
    bool: BooleanType,
    int: LongType,
    float: DoubleType,
    str: StringType,
    bytearray: BinaryType,
    bytes: BinaryType,
    decimal.Decimal: DecimalType,
    datetime.date: DateType,
    datetime.datetime: TimestampType,
    datetime.timedelta: DayTimeIntervalType,
}


def _infer_type(obj):
    """The DataType of a Python value, as PySpark infers it."""
    if obj is None:
        return NullType()
    data_type = _type_mappings.get(type(obj))
    if data_type is DecimalType:
        # the precision and scale of `obj` may be different from row to row.
        return DecimalType(38, 18)
    if data_type is not None:
        return data_type()
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key is not None and value is not None:
                return MapType(_infer_type(key), _infer_type(value), True)
        return MapType(NullType(), NullType(), True)
    elif isinstance(obj, list):
        return ArrayType(reduce(_merge_type, (_infer_type(v) for v in obj), NullType()), True)
    elif isinstance(obj, array):
        if obj.typecode in ("b", "B", "h", "H", "i", "I", "l", "q"):
            return ArrayType(LongType(), False)
        if obj.typecode in ("f", "d"):
            return ArrayType(DoubleType(), False)
        if obj.typecode == "u":
            return ArrayType(StringType(), False)
        raise PySparkTypeError(
            error_class="UNSUPPORTED_DATA_TYPE",
            message_parameters={"data_type": "array(%s)" % obj.typecode},
        )
    else:
        try:
            return _infer_schema(obj)
        except TypeError:
            raise PySparkTypeError(
                error_class="UNSUPPORTED_DATA_TYPE",
                message_parameters={"data_type": type(obj).__name__},
            )


def _infer_schema(row, names=None):
    """The StructType of a row: a dict (fields sorted by key), a Row, a namedtuple, a tuple or
    list (fields _1, _2, … unless `names`), or an object (its __dict__, sorted)."""
    if isinstance(row, dict):
        items = sorted(row.items())
    elif isinstance(row, (tuple, list)):
        if hasattr(row, "__fields__"):  # Row
            items = zip(row.__fields__, tuple(row))
        elif hasattr(row, "_fields"):  # namedtuple
            items = zip(row._fields, tuple(row))
        else:
            if names is None:
                names = ["_%d" % i for i in range(1, len(row) + 1)]
            elif len(names) < len(row):
                names.extend("_%d" % i for i in range(len(names) + 1, len(row) + 1))
            items = zip(names, row)
    elif hasattr(row, "__dict__"):  # object
        items = sorted(row.__dict__.items())
    else:
        raise PySparkTypeError(
            error_class="CANNOT_INFER_SCHEMA_FOR_TYPE",
            message_parameters={"data_type": type(row).__name__},
        )
    fields = []
    for k, v in items:
        try:
            fields.append(StructField(k, _infer_type(v), True))
        except TypeError:
            raise PySparkTypeError(
                error_class="CANNOT_INFER_TYPE_FOR_FIELD",
                message_parameters={"field_name": k},
            )
    return StructType(fields)


def _has_nulltype(dt):
    if isinstance(dt, StructType):
        return any(_has_nulltype(f.dataType) for f in dt.fields)
    elif isinstance(dt, ArrayType):
        return _has_nulltype(dt.elementType)
    elif isinstance(dt, MapType):
        return _has_nulltype(dt.keyType) or _has_nulltype(dt.valueType)
    return isinstance(dt, NullType)


def _merge_type(a, b, name=None):
    """The common type of two inferred types (NullType merges with anything)."""
    if isinstance(a, NullType):
        return b
    elif isinstance(b, NullType):
        return a
    elif type(a) is not type(b):
        raise PySparkTypeError(
            error_class="CANNOT_MERGE_TYPE",
            message_parameters={"data_type1": type(a).__name__, "data_type2": type(b).__name__},
        )
    if isinstance(a, StructType):
        nfs = dict((f.name, f.dataType) for f in b.fields)
        fields = [
            StructField(f.name, _merge_type(f.dataType, nfs.get(f.name, NullType()), name=f.name))
            for f in a.fields
        ]
        names = set(f.name for f in fields)
        for n in nfs:
            if n not in names:
                fields.append(StructField(n, nfs[n]))
        return StructType(fields)
    elif isinstance(a, ArrayType):
        return ArrayType(_merge_type(a.elementType, b.elementType), True)
    elif isinstance(a, MapType):
        return MapType(_merge_type(a.keyType, b.keyType), _merge_type(a.valueType, b.valueType), True)
    return a


# ---- Verification of values against a schema (createDataFrame's verifySchema) -----------------

_acceptable_types = {
    BooleanType: (bool,),
    ByteType: (int,),
    ShortType: (int,),
    IntegerType: (int,),
    LongType: (int,),
    FloatType: (float,),
    DoubleType: (float,),
    DecimalType: (decimal.Decimal,),
    StringType: (str,),
    CharType: (str,),
    VarcharType: (str,),
    BinaryType: (bytearray, bytes),
    DateType: (datetime.date, datetime.datetime),
    TimestampType: (datetime.datetime,),
    TimestampNTZType: (datetime.datetime,),
    DayTimeIntervalType: (datetime.timedelta,),
    ArrayType: (list, tuple, array),
    MapType: (dict,),
    StructType: (tuple, list, dict),
}

_integral_bounds = {
    ByteType: (-128, 127),
    ShortType: (-32768, 32767),
    IntegerType: (-2147483648, 2147483647),
    LongType: (-9223372036854775808, 9223372036854775807),
}


def _make_type_verifier(dataType, nullable=True, name=None):
    """A function checking a Python value against `dataType` as PySpark does (TypeError for a
    wrong Python type, ValueError for None in a non-nullable field or an out-of-range integer)."""

    def field_name(n):
        return "field %s" % n if name is None else "field %s in %s" % (n, name)

    def unacceptable(obj):
        if name is not None:
            return PySparkTypeError(
                error_class="FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
                message_parameters={
                    "field_name": str(name),
                    "data_type": str(dataType),
                    "obj": repr(obj),
                    "obj_type": str(type(obj)),
                },
            )
        return PySparkTypeError(
            error_class="FIELD_DATA_TYPE_UNACCEPTABLE",
            message_parameters={
                "data_type": str(dataType),
                "obj": repr(obj),
                "obj_type": str(type(obj)),
            },
        )

    def check_type(obj):
        accepted = _acceptable_types.get(type(dataType))
        if accepted is not None and type(obj) not in accepted:
            raise unacceptable(obj)

    if isinstance(dataType, (StringType, CharType, VarcharType)):
        verify_value = lambda obj: None  # noqa: E731  (any value is cast to a string)
    elif type(dataType) in _integral_bounds:
        lower, upper = _integral_bounds[type(dataType)]

        def verify_value(obj):
            check_type(obj)
            if obj < lower or obj > upper:
                raise PySparkValueError(
                    error_class="VALUE_OUT_OF_BOUNDS",
                    message_parameters={
                        "arg_name": "obj",
                        "lower_bound": str(lower),
                        "upper_bound": str(upper),
                        "actual": str(obj),
                    },
                )

    elif isinstance(dataType, ArrayType):
        element = _make_type_verifier(
            dataType.elementType, dataType.containsNull, name="element in array %s" % name
        )

        def verify_value(obj):
            check_type(obj)
            for item in obj:
                element(item)

    elif isinstance(dataType, MapType):
        key = _make_type_verifier(dataType.keyType, False, name="key of map %s" % name)
        value = _make_type_verifier(
            dataType.valueType, dataType.valueContainsNull, name="value of map %s" % name
        )

        def verify_value(obj):
            check_type(obj)
            for k, v in obj.items():
                key(k)
                value(v)

    elif isinstance(dataType, StructType):
        verifiers = [
            (f.name, _make_type_verifier(f.dataType, f.nullable, name=field_name(f.name)))
            for f in dataType.fields
        ]

        def verify_value(obj):
            if isinstance(obj, dict):
                for n, verifier in verifiers:
                    verifier(obj.get(n))
            elif isinstance(obj, (tuple, list)):
                if len(obj) != len(verifiers):
                    if name is not None:
                        raise PySparkValueError(
                            error_class="FIELD_STRUCT_LENGTH_MISMATCH_WITH_NAME",
                            message_parameters={
                                "field_name": str(name),
                                "object_length": str(len(obj)),
                                "field_length": str(len(verifiers)),
                            },
                        )
                    raise PySparkValueError(
                        error_class="FIELD_STRUCT_LENGTH_MISMATCH",
                        message_parameters={
                            "object_length": str(len(obj)),
                            "field_length": str(len(verifiers)),
                        },
                    )
                for v, (_, verifier) in zip(obj, verifiers):
                    verifier(v)
            elif hasattr(obj, "__dict__"):
                for n, verifier in verifiers:
                    verifier(obj.__dict__.get(n))
            else:
                raise unacceptable(obj)

    else:
        verify_value = check_type

    def verify(obj):
        if obj is None:
            if nullable:
                return
            if name is not None:
                raise PySparkValueError(
                    error_class="FIELD_NOT_NULLABLE_WITH_NAME",
                    message_parameters={"field_name": str(name)},
                )
            raise PySparkValueError(error_class="FIELD_NOT_NULLABLE", message_parameters={})
        verify_value(obj)

    return verify


# ---- Row ---------------------------------------------------------------------------------------


def _create_row(fields, values):
    row = Row(*values)
    row.__fields__ = fields
    return row


class Row(tuple):
    """A row of a DataFrame: a tuple whose fields can also be read by name (``row.key``,
    ``row["key"]``). ``Row(a=1, b="x")`` makes a row; ``Row("a", "b")`` makes a row class whose
    call ``Person("x", 1)`` makes rows with those field names."""

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise PySparkValueError(
                error_class="CANNOT_SET_TOGETHER",
                message_parameters={"arg_list": "args and kwargs"},
            )
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive=False):
        """The row as a dict of field name to value (nested Rows too when `recursive`)."""
        if not hasattr(self, "__fields__"):
            raise PySparkTypeError(
                error_class="CANNOT_CONVERT_TYPE",
                message_parameters={"from_type": "Row", "to_type": "dict"},
            )
        if recursive:

            def conv(obj):
                if isinstance(obj, Row):
                    return obj.asDict(True)
                elif isinstance(obj, list):
                    return [conv(o) for o in obj]
                elif isinstance(obj, dict):
                    return dict((k, conv(v)) for k, v in obj.items())
                return obj

            return dict(zip(self.__fields__, (conv(o) for o in self)))
        return dict(zip(self.__fields__, self))

    def __contains__(self, item):
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args):
        """A row class called with values makes a row with its field names."""
        if len(args) > len(self):
            raise PySparkValueError(
                error_class="TOO_MANY_VALUES",
                message_parameters={
                    "expected": str(len(self)),
                    "item": "fields",
                    "actual": str(len(args)),
                },
            )
        return _create_row(self, args)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            # it will be slow when it has many fields, but this will not be used in normal cases
            idx = self.__fields__.index(item)
            return super().__getitem__(idx)
        except IndexError:
            raise KeyError(item) from None
        except ValueError:
            raise PySparkValueError(str(item)) from None

    def __getattr__(self, item):
        if item.startswith("__"):
            raise PySparkAttributeError(
                error_class="CANNOT_ACCESS_TO_DUNDER", message_parameters={}
            )
        try:
            idx = self.__fields__.index(item)
            return self[idx]
        except (IndexError, ValueError):
            raise PySparkAttributeError(str(item)) from None

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise PySparkRuntimeError(
                error_class="READ_ONLY", message_parameters={"object": "Row"}
            )
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self):
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, tuple(self)))
        return "<Row(%s)>" % ", ".join(repr(field) for field in self)

