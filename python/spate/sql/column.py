"""Column: an expression over the columns of a DataFrame, as PySpark 3.5's pyspark.sql.Column.

Python values on the other side of an operator become literals (strings included), as in PySpark:
``col("a") == "x"`` compares with the string 'x'; ``col("a") + 1`` adds the INT 1.
"""

import datetime
import decimal
import warnings

from spate import _native
from spate.errors import (
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)
from spate.sql.types import (
    BinaryType,
    BooleanType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    IntegerType,
    LongType,
    NullType,
    StringType,
    TimestampType,
    _engine_type_json,
)

__all__ = ["Column"]


def _literal_type(value):
    """The Spark type a Python value becomes as a literal (PySpark/Py4J's mapping: an int is an
    INT when it fits 32 bits, else a BIGINT)."""
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BooleanType()
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return IntegerType()
        if -(2**63) <= value < 2**63:
            return LongType()
        return DecimalType(38, 0)
    if isinstance(value, float):
        return DoubleType()
    if isinstance(value, str):
        return StringType()
    if isinstance(value, (bytes, bytearray)):
        return BinaryType()
    if isinstance(value, decimal.Decimal):
        sign, digits, exponent = value.as_tuple()
        scale = max(0, -exponent)
        precision = max(len(digits) + max(0, exponent), scale, 1)
        return DecimalType(min(precision, 38), scale)
    if isinstance(value, datetime.datetime):
        return TimestampType()
    if isinstance(value, datetime.date):
        return DateType()
    if isinstance(value, datetime.timedelta):
        return DayTimeIntervalType()
    raise PySparkValueError(
        error_class="UNSUPPORTED_LITERAL",
        message="Unsupported Literal '%s'." % (value,),
        message_parameters={"literal": str(value)},
    )


def _create_column_from_literal(value):
    """A literal column of a Python value (lists become array literals)."""
    if isinstance(value, Column):
        return value
    if isinstance(value, (list, tuple)) and not isinstance(value, (bytes, bytearray)):
        return Column(_native.call("array", [_create_column_from_literal(v)._jc for v in value]))
    data_type = _literal_type(value)
    internal = data_type.toInternal(value) if data_type.needConversion() else value
    return Column(_native.lit(internal, _engine_type_json(data_type)))


def _create_column_from_name(name):
    return Column(_native.col(name))


def _to_java_column(col):
    """A Column or a column name to the native column."""
    if isinstance(col, Column):
        return col._jc
    if isinstance(col, str):
        return _native.col(col)
    raise PySparkTypeError(
        error_class="NOT_COLUMN_OR_STR",
        message_parameters={"arg_name": "col", "arg_type": type(col).__name__},
    )


def _to_column_or_literal(value):
    """A Column as is, anything else as a literal (the JVM side's lit(Object))."""
    if isinstance(value, Column):
        return value._jc
    return _create_column_from_literal(value)._jc


def _to_seq(cols, converter=_to_java_column):
    return [converter(c) for c in cols]


def _bin_op(op):
    def _(self, other):
        return Column(self._jc.binary(op, _to_column_or_literal(other)))

    _.__name__ = op
    return _


def _reverse_op(op):
    def _(self, other):
        return Column(_create_column_from_literal(other)._jc.binary(op, self._jc))

    return _


class Column:
    """A column expression. Built with functions.col / lit / expr, df["name"], df.name, or by
    combining columns with operators."""

    def __init__(self, jc):
        self._jc = jc

    # arithmetic
    def __neg__(self):
        return Column(self._jc.negate())

    __add__ = _bin_op("+")
    __sub__ = _bin_op("-")
    __mul__ = _bin_op("*")
    __truediv__ = _bin_op("/")
    __div__ = __truediv__
    __mod__ = _bin_op("%")
    __radd__ = _bin_op("+")
    __rsub__ = _reverse_op("-")
    __rmul__ = _bin_op("*")
    __rtruediv__ = _reverse_op("/")
    __rdiv__ = __rtruediv__
    __rmod__ = _reverse_op("%")

    def __pow__(self, other):
        return Column(_native.call("power", [self._jc, _to_column_or_literal(other)]))

    def __rpow__(self, other):
        return Column(_native.call("power", [_to_column_or_literal(other), self._jc]))

    # comparisons
    __eq__ = _bin_op("==")
    __ne__ = _bin_op("!=")
    __lt__ = _bin_op("<")
    __le__ = _bin_op("<=")
    __ge__ = _bin_op(">=")
    __gt__ = _bin_op(">")

    def eqNullSafe(self, other):
        """Equality that is true for two NULLs (SQL's <=>)."""
        return Column(self._jc.binary("<=>", _to_column_or_literal(other)))

    # logic
    __and__ = _bin_op("and")
    __or__ = _bin_op("or")
    __rand__ = _bin_op("and")
    __ror__ = _bin_op("or")

    def __invert__(self):
        return Column(self._jc.not_())

    # bitwise
    def bitwiseOR(self, other):
        return Column(self._jc.binary("|", _to_column_or_literal(other)))

    def bitwiseAND(self, other):
        return Column(self._jc.binary("&", _to_column_or_literal(other)))

    def bitwiseXOR(self, other):
        return Column(self._jc.binary("^", _to_column_or_literal(other)))

    def __contains__(self, item):
        raise PySparkValueError(error_class="CANNOT_APPLY_IN_FOR_COLUMN", message_parameters={})

    # nested values
    def getItem(self, key):
        """The element at an array index (0-based) or the value of a map key."""
        if isinstance(key, Column):
            warnings.warn(
                "A column as 'key' in getItem is deprecated as of Spark 3.0, and will not "
                "be supported in the future release. Use `column[key]` or `column.key` syntax "
                "instead.",
                FutureWarning,
            )
        return self[key]

    def getField(self, name):
        """The field of a struct."""
        if isinstance(name, Column):
            warnings.warn(
                "A column as 'name' in getField is deprecated as of Spark 3.0, and will not "
                "be supported in the future release. Use `column[name]` or `column.name` syntax "
                "instead.",
                FutureWarning,
            )
            return self[name]
        return Column(self._jc.get_field(name))

    def __getattr__(self, item):
        if item == "_jc":  # not set yet (copy/unpickling): no column to extract from
            raise AttributeError(item)
        if item.startswith("__"):
            raise PySparkAttributeError(
                error_class="CANNOT_ACCESS_TO_DUNDER", message_parameters={}
            )
        return self[item]

    def __getitem__(self, k):
        if isinstance(k, slice):
            if k.step is not None:
                raise PySparkValueError(
                    error_class="SLICE_WITH_STEP", message="Slice with step is not supported."
                )
            return self.substr(k.start, k.stop)
        return Column(self._jc.get_item(_to_column_or_literal(k)))

    def __iter__(self):
        raise PySparkTypeError(
            error_class="NOT_ITERABLE", message_parameters={"objectName": "Column"}
        )

    # strings
    def contains(self, other):
        return Column(self._jc.contains(_to_column_or_literal(other)))

    def startswith(self, other):
        return Column(self._jc.startswith(_to_column_or_literal(other)))

    def endswith(self, other):
        return Column(self._jc.endswith(_to_column_or_literal(other)))

    def like(self, other):
        """SQL LIKE with the pattern `other` (% and _ wildcards)."""
        return Column(self._jc.like(other))

    def ilike(self, other):
        """Case-insensitive LIKE."""
        return Column(self._jc.ilike(other))

    def rlike(self, other):
        """Matches the Java regular expression `other` anywhere in the value."""
        return Column(self._jc.rlike(other))

    def substr(self, startPos, length):
        """The substring from 1-based `startPos` of `length` characters (ints, or both Columns)."""
        if type(startPos) != type(length):
            raise PySparkTypeError(
                error_class="NOT_SAME_TYPE",
                message="Argument `startPos` and `length` should be the same type, got %s and %s."
                % (type(startPos).__name__, type(length).__name__),
                message_parameters={
                    "arg_name1": "startPos",
                    "arg_name2": "length",
                    "arg_type1": type(startPos).__name__,
                    "arg_type2": type(length).__name__,
                },
            )
        if isinstance(startPos, int):
            return Column(
                self._jc.substr(
                    _create_column_from_literal(startPos)._jc,
                    _create_column_from_literal(length)._jc,
                )
            )
        if isinstance(startPos, Column):
            return Column(self._jc.substr(startPos._jc, length._jc))
        raise PySparkTypeError(
            error_class="NOT_COLUMN_OR_INT",
            message="Argument `startPos` should be a Column or int, got %s."
            % type(startPos).__name__,
            message_parameters={"arg_name": "startPos", "arg_type": type(startPos).__name__},
        )

    def isin(self, *cols):
        """Whether the value is one of the arguments (values or Columns; or one list of them)."""
        if len(cols) == 1 and isinstance(cols[0], (list, set)):
            cols = tuple(cols[0])
        return Column(self._jc.isin([_to_column_or_literal(c) for c in cols]))

    # ordering
    def asc(self):
        return Column(self._jc.sort_order(True, True))

    def asc_nulls_first(self):
        return Column(self._jc.sort_order(True, True))

    def asc_nulls_last(self):
        return Column(self._jc.sort_order(True, False))

    def desc(self):
        return Column(self._jc.sort_order(False, False))

    def desc_nulls_first(self):
        return Column(self._jc.sort_order(False, True))

    def desc_nulls_last(self):
        return Column(self._jc.sort_order(False, False))

    # nulls
    def isNull(self):
        return Column(self._jc.is_null())

    def isNotNull(self):
        return Column(self._jc.is_not_null())

    # naming and types
    def alias(self, *alias, **kwargs):
        """Names the column (several names for generators such as posexplode). `metadata` is
        accepted and ignored (the engine keeps no column metadata)."""
        kwargs.pop("metadata", None)
        if kwargs:
            raise PySparkValueError(
                error_class="UNEXPECTED_KWARGS",
                message="Unexpected kwargs: %s" % kwargs,
                message_parameters={"kwargs": str(kwargs)},
            )
        return Column(self._jc.alias(list(alias)))

    name = alias

    def cast(self, dataType):
        """Casts to a DataType or a type name ("int", "string", "timestamp", …)."""
        if isinstance(dataType, str):
            return Column(self._jc.cast_name(dataType))
        if isinstance(dataType, DataType):
            return Column(self._jc.cast(_engine_type_json(dataType)))
        raise PySparkTypeError(
            error_class="NOT_DATATYPE_OR_STR",
            message_parameters={"arg_name": "dataType", "arg_type": type(dataType).__name__},
        )

    astype = cast

    def between(self, lowerBound, upperBound):
        """lowerBound <= value <= upperBound (PySpark's form: the two comparisons ANDed)."""
        return (self >= lowerBound) & (self <= upperBound)

    def when(self, condition, value):
        """Adds a WHEN branch to a CASE built by functions.when()."""
        if not isinstance(condition, Column):
            raise PySparkTypeError(
                error_class="NOT_COLUMN",
                message_parameters={"arg_name": "condition", "arg_type": type(condition).__name__},
            )
        if not self._jc.is_case() or self._jc.has_else():
            raise PySparkValueError(error_class="INVALID_WHEN_USAGE", message_parameters={})
        return Column(self._jc.when(condition._jc, _to_column_or_literal(value)))

    def otherwise(self, value):
        """The ELSE value of a CASE built by functions.when()."""
        if not self._jc.is_case() or self._jc.has_else():
            raise PySparkValueError(error_class="INVALID_WHEN_USAGE", message_parameters={})
        return Column(self._jc.otherwise(_to_column_or_literal(value)))

    def over(self, window):
        """Window functions are not supported by the engine."""
        from spate.sql.window import _window_functions_unsupported

        _window_functions_unsupported()

    def withField(self, fieldName, col):
        raise _unsupported("Column.withField")

    def dropFields(self, *fieldNames):
        raise _unsupported("Column.dropFields")

    def __nonzero__(self):
        raise PySparkValueError(
            error_class="CANNOT_CONVERT_COLUMN_INTO_BOOL", message_parameters={}
        )

    __bool__ = __nonzero__

    def __repr__(self):
        return "Column<'%s'>" % self._jc.text()

    def __str__(self):
        return self.__repr__()

    __hash__ = None


def _unsupported(feature):
    from spate.errors import PySparkNotImplementedError

    return PySparkNotImplementedError(
        error_class="NOT_IMPLEMENTED", message_parameters={"feature": feature + " in Spate"}
    )
