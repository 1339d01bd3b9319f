"""Schemas of Python values as PySpark infers them (createDataFrame without a schema), and the
verification of values against a schema (createDataFrame's verifySchema), with PySpark's errors."""

import datetime
import decimal
from array import array
from functools import reduce

from spate.errors import PySparkTypeError, PySparkValueError
from spate.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    ByteType,
    CharType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    MapType,
    NullType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    VarcharType,
)

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
        return MapType(
            _merge_type(a.keyType, b.keyType), _merge_type(a.valueType, b.valueType), True
        )
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
