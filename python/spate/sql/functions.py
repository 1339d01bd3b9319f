"""Spark SQL functions as PySpark 3.5's pyspark.sql.functions.

Column arguments accept a Column or a column name; value arguments (patterns, formats, counts)
are literals. Every function of the engine's registry is callable: through call_function(name,
*cols), and as ``functions.<name>(*cols)`` for registry functions this module does not define.
"""

import sys

from spate import _native
from spate.errors import PySparkTypeError, PySparkValueError
from spate.sql.column import (
    Column,
    _create_column_from_literal,
    _to_column_or_literal,
    _to_java_column,
)
from spate.sql.types import DataType, _engine_type_json


def _invoke(name, *jcs):
    return Column(_native.call(name, list(jcs)))


def _invoke_function_over_columns(name, *cols):
    """name(col, …) where every argument is a Column or a column name."""
    return _invoke(name, *[_to_java_column(c) for c in cols])


def _lit(value):
    return _to_column_or_literal(value)


def _get_cols(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
        return list(cols[0])
    return list(cols)


# ---- Column constructors ------------------------------------------------------------------------


def col(col):
    """A Column for the column named `col` ("a", "t.a", "s.field", "*", "s.*")."""
    if not isinstance(col, str):
        raise PySparkTypeError(
            error_class="NOT_STR",
            message_parameters={"arg_name": "col", "arg_type": type(col).__name__},
        )
    return Column(_native.col(col))


column = col


def lit(col):
    """A literal Column of a Python value (a list makes an array); a Column is returned as is."""
    if isinstance(col, Column):
        return col
    if isinstance(col, list):
        if any(isinstance(c, Column) for c in col):
            raise PySparkValueError(
                error_class="COLUMN_IN_LIST",
                message="`lit` does not allow a Column in a list.",
                message_parameters={"func_name": "lit"},
            )
        return array(*[lit(item) for item in col])
    return _create_column_from_literal(col)


def expr(str):
    """A Column from a SQL expression string, e.g. expr("length(name) + 1")."""
    return Column(_native.expr(str))


def call_function(funcName, *cols):
    """Calls the engine's function `funcName` on the columns (names or Columns)."""
    return _invoke_function_over_columns(funcName, *cols)


def when(condition, value):
    """CASE WHEN condition THEN value; chain .when(…) and .otherwise(…)."""
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            error_class="NOT_COLUMN",
            message_parameters={"arg_name": "condition", "arg_type": type(condition).__name__},
        )
    return Column(_native.when(condition._jc, _lit(value)))


def asc(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).asc()


def asc_nulls_first(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).asc_nulls_first()


def asc_nulls_last(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).asc_nulls_last()


def desc(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).desc()


def desc_nulls_first(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).desc_nulls_first()


def desc_nulls_last(col):
    return (col if isinstance(col, Column) else Column(_native.col(col))).desc_nulls_last()


def broadcast(df):
    """A join hint; the engine picks join strategies itself, so the DataFrame is returned."""
    return df


# ---- Aggregates ---------------------------------------------------------------------------------


def count(col):
    """count(col) (non-null values); count("*") counts rows."""
    return _invoke_function_over_columns("count", col)


def count_distinct(col, *cols):
    return Column(_native.call("count", [_to_java_column(c) for c in (col,) + cols], True))


countDistinct = count_distinct


def sum_distinct(col):
    return Column(_native.call("sum", [_to_java_column(col)], True))


sumDistinct = sum_distinct


def approx_count_distinct(col, rsd=None):
    if rsd is None:
        return _invoke_function_over_columns("approx_count_distinct", col)
    return _invoke("approx_count_distinct", _to_java_column(col), _lit(rsd))


approxCountDistinct = approx_count_distinct


def first(col, ignorenulls=False):
    if ignorenulls:
        return _invoke("first", _to_java_column(col), _lit(True))
    return _invoke_function_over_columns("first", col)


def last(col, ignorenulls=False):
    if ignorenulls:
        return _invoke("last", _to_java_column(col), _lit(True))
    return _invoke_function_over_columns("last", col)


def percentile_approx(col, percentage, accuracy=10000):
    return _invoke("percentile_approx", _to_java_column(col), _lit(percentage), _lit(accuracy))


def percentile(col, percentage, frequency=1):
    return _invoke("percentile", _to_java_column(col), _lit(percentage), _lit(frequency))


def approx_percentile(col, percentage, accuracy=10000):
    return _invoke("approx_percentile", _to_java_column(col), _lit(percentage), _lit(accuracy))


def grouping_id(*cols):
    return _invoke_function_over_columns("grouping_id", *cols)


# ---- Collections and strings with value arguments -------------------------------------------


def array_contains(col, value):
    return _invoke("array_contains", _to_java_column(col), _lit(value))


def array_position(col, value):
    return _invoke("array_position", _to_java_column(col), _lit(value))


def array_remove(col, element):
    return _invoke("array_remove", _to_java_column(col), _lit(element))


def array_join(col, delimiter, null_replacement=None):
    if null_replacement is None:
        return _invoke("array_join", _to_java_column(col), _lit(delimiter))
    return _invoke("array_join", _to_java_column(col), _lit(delimiter), _lit(null_replacement))


def array_repeat(col, count):
    return _invoke("array_repeat", _to_java_column(col), _lit(count))


def element_at(col, extraction):
    return _invoke("element_at", _to_java_column(col), _lit(extraction))


def get(col, index):
    return _invoke("get", _to_java_column(col), _lit(index))


def slice(x, start, length):
    return _invoke("slice", _to_java_column(x), _lit(start), _lit(length))


def sort_array(col, asc=True):
    return _invoke("sort_array", _to_java_column(col), _lit(asc))


def sequence(start, stop, step=None):
    if step is None:
        return _invoke_function_over_columns("sequence", start, stop)
    return _invoke_function_over_columns("sequence", start, stop, step)


def concat_ws(sep, *cols):
    return _invoke("concat_ws", _lit(sep), *[_to_java_column(c) for c in cols])


def format_string(format, *cols):
    return _invoke("format_string", _lit(format), *[_to_java_column(c) for c in cols])


def format_number(col, d):
    return _invoke("format_number", _to_java_column(col), _lit(d))


def split(str, pattern, limit=-1):
    """Splits `str` around matches of the regular expression `pattern`."""
    if limit == -1:
        return _invoke("split", _to_java_column(str), _lit(pattern))
    return _invoke("split", _to_java_column(str), _lit(pattern), _lit(limit))


def regexp_replace(string, pattern, replacement):
    return _invoke("regexp_replace", _to_java_column(string), _lit(pattern), _lit(replacement))


def regexp_extract(str, pattern, idx):
    return _invoke("regexp_extract", _to_java_column(str), _lit(pattern), _lit(idx))


def regexp_extract_all(str, regexp, idx=None):
    if idx is None:
        return _invoke("regexp_extract_all", _to_java_column(str), _lit(regexp))
    return _invoke("regexp_extract_all", _to_java_column(str), _lit(regexp), _lit(idx))


def regexp_like(str, regexp):
    return _invoke("regexp_like", _to_java_column(str), _to_java_column(regexp))


def substring(str, pos, len):
    return _invoke("substring", _to_java_column(str), _lit(pos), _lit(len))


def substring_index(str, delim, count):
    return _invoke("substring_index", _to_java_column(str), _lit(delim), _lit(count))


def instr(str, substr):
    return _invoke("instr", _to_java_column(str), _lit(substr))


def locate(substr, str, pos=1):
    return _invoke("locate", _lit(substr), _to_java_column(str), _lit(pos))


def lpad(col, len, pad):
    return _invoke("lpad", _to_java_column(col), _lit(len), _lit(pad))


def rpad(col, len, pad):
    return _invoke("rpad", _to_java_column(col), _lit(len), _lit(pad))


def repeat(col, n):
    return _invoke("repeat", _to_java_column(col), _lit(n))


def translate(srcCol, matching, replace):
    return _invoke("translate", _to_java_column(srcCol), _lit(matching), _lit(replace))


def overlay(src, replace, pos, len=-1):
    return _invoke("overlay", _to_java_column(src), _to_java_column(replace), _lit(pos), _lit(len))


def conv(col, fromBase, toBase):
    return _invoke("conv", _to_java_column(col), _lit(fromBase), _lit(toBase))


def round(col, scale=0):
    return _invoke("round", _to_java_column(col), _lit(scale))


def bround(col, scale=0):
    return _invoke("bround", _to_java_column(col), _lit(scale))


def shiftleft(col, numBits):
    return _invoke("shiftleft", _to_java_column(col), _lit(numBits))


def shiftright(col, numBits):
    return _invoke("shiftright", _to_java_column(col), _lit(numBits))


def shiftrightunsigned(col, numBits):
    return _invoke("shiftrightunsigned", _to_java_column(col), _lit(numBits))


shiftLeft = shiftleft
shiftRight = shiftright
shiftRightUnsigned = shiftrightunsigned


def log(arg1, arg2=None):
    """log(col): natural logarithm; log(base, col): logarithm in `base`."""
    if arg2 is None:
        return _invoke_function_over_columns("ln", arg1)
    return _invoke("log", _lit(arg1), _to_java_column(arg2))


def _float_or_column(value):
    return _lit(value) if isinstance(value, (int, float)) else _to_java_column(value)


def atan2(col1, col2):
    return _invoke("atan2", _float_or_column(col1), _float_or_column(col2))


def hypot(col1, col2):
    return _invoke("hypot", _float_or_column(col1), _float_or_column(col2))


def pow(col1, col2):
    return _invoke("power", _float_or_column(col1), _float_or_column(col2))


power = pow


def sha2(col, numBits):
    return _invoke("sha2", _to_java_column(col), _lit(numBits))


def levenshtein(left, right, threshold=None):
    if threshold is None:
        return _invoke_function_over_columns("levenshtein", left, right)
    return _invoke("levenshtein", _to_java_column(left), _to_java_column(right), _lit(threshold))


def nanvl(col1, col2):
    return _invoke_function_over_columns("nanvl", col1, col2)


def rand(seed=None):
    return _invoke("rand") if seed is None else _invoke("rand", _lit(seed))


def randn(seed=None):
    return _invoke("randn") if seed is None else _invoke("randn", _lit(seed))


def create_map(*cols):
    return _invoke_function_over_columns("map", *_get_cols(cols))


def array(*cols):
    return _invoke_function_over_columns("array", *_get_cols(cols))


def struct(*cols):
    return _invoke_function_over_columns("struct", *_get_cols(cols))


def named_struct(*cols):
    return _invoke_function_over_columns("named_struct", *cols)


def coalesce(*cols):
    return _invoke_function_over_columns("coalesce", *cols)


def greatest(*cols):
    return _invoke_function_over_columns("greatest", *cols)


def least(*cols):
    return _invoke_function_over_columns("least", *cols)


def concat(*cols):
    return _invoke_function_over_columns("concat", *cols)


def hash(*cols):
    return _invoke_function_over_columns("hash", *cols)


def xxhash64(*cols):
    return _invoke_function_over_columns("xxhash64", *cols)


def json_tuple(col, *fields):
    return _invoke("json_tuple", _to_java_column(col), *[_lit(f) for f in fields])


def get_json_object(col, path):
    return _invoke("get_json_object", _to_java_column(col), _lit(path))


def _options_map(options):
    if not options:
        return None
    pairs = []
    for key, value in options.items():
        pairs.append(_lit(str(key)))
        pairs.append(
            _lit(
                value
                if isinstance(value, str)
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
        )
    return _native.call("map", pairs)


def _schema_literal(schema):
    if isinstance(schema, DataType):
        return _lit(_engine_type_json(schema))
    if isinstance(schema, str):
        return _lit(schema)
    if isinstance(schema, Column):
        return schema._jc
    raise PySparkTypeError(
        error_class="NOT_COLUMN_OR_DATATYPE_OR_STR",
        message_parameters={"arg_name": "schema", "arg_type": type(schema).__name__},
    )


def from_json(col, schema, options=None):
    """Parses a JSON string column with `schema` (a StructType/ArrayType/MapType, a DDL string or
    a schema_of_json Column); missing keys and mismatched values are NULL."""
    args = [_to_java_column(col), _schema_literal(schema)]
    opts = _options_map(options)
    if opts is not None:
        args.append(opts)
    return _invoke("from_json", *args)


def to_json(col, options=None):
    opts = _options_map(options)
    if opts is None:
        return _invoke_function_over_columns("to_json", col)
    return _invoke("to_json", _to_java_column(col), opts)


def schema_of_json(json, options=None):
    args = [_lit(json) if isinstance(json, str) else _to_java_column(json)]
    opts = _options_map(options)
    if opts is not None:
        args.append(opts)
    return _invoke("schema_of_json", *args)


def from_csv(col, schema, options=None):
    args = [_to_java_column(col), _schema_literal(schema)]
    opts = _options_map(options)
    if opts is not None:
        args.append(opts)
    return _invoke("from_csv", *args)


def to_csv(col, options=None):
    opts = _options_map(options)
    if opts is None:
        return _invoke_function_over_columns("to_csv", col)
    return _invoke("to_csv", _to_java_column(col), opts)


# ---- Date and time ------------------------------------------------------------------------------


def current_date():
    return _invoke("current_date")


def current_timestamp():
    return _invoke("current_timestamp")


def now():
    return _invoke("now")


def localtimestamp():
    return _invoke("localtimestamp")


def current_timezone():
    return _invoke("current_timezone")


def date_format(date, format):
    return _invoke("date_format", _to_java_column(date), _lit(format))


def from_unixtime(timestamp, format="yyyy-MM-dd HH:mm:ss"):
    return _invoke("from_unixtime", _to_java_column(timestamp), _lit(format))


def unix_timestamp(timestamp=None, format="yyyy-MM-dd HH:mm:ss"):
    if timestamp is None:
        return _invoke("unix_timestamp")
    return _invoke("unix_timestamp", _to_java_column(timestamp), _lit(format))


def to_timestamp(col, format=None):
    if format is None:
        return _invoke_function_over_columns("to_timestamp", col)
    return _invoke("to_timestamp", _to_java_column(col), _lit(format))


def to_date(col, format=None):
    if format is None:
        return _invoke_function_over_columns("to_date", col)
    return _invoke("to_date", _to_java_column(col), _lit(format))


def date_add(start, days):
    return _invoke("date_add", _to_java_column(start), _lit(days))


def date_sub(start, days):
    return _invoke("date_sub", _to_java_column(start), _lit(days))


def add_months(start, months):
    return _invoke("add_months", _to_java_column(start), _lit(months))


def months_between(date1, date2, roundOff=True):
    return _invoke("months_between", _to_java_column(date1), _to_java_column(date2), _lit(roundOff))


def next_day(date, dayOfWeek):
    return _invoke("next_day", _to_java_column(date), _lit(dayOfWeek))


def trunc(date, format):
    return _invoke("trunc", _to_java_column(date), _lit(format))


def date_trunc(format, timestamp):
    return _invoke("date_trunc", _lit(format), _to_java_column(timestamp))


def from_utc_timestamp(timestamp, tz):
    return _invoke("from_utc_timestamp", _to_java_column(timestamp), _lit(tz))


def to_utc_timestamp(timestamp, tz):
    return _invoke("to_utc_timestamp", _to_java_column(timestamp), _lit(tz))


def make_date(year, month, day):
    return _invoke_function_over_columns("make_date", year, month, day)


def window(timeColumn, windowDuration, slideDuration=None, startTime=None):
    """The time window column {start, end} of `timeColumn`: tumbling (`windowDuration`), or
    sliding every `slideDuration`, offset by `startTime` (interval strings such as "5 seconds")."""

    def check_string_field(field, fieldName):
        if not field or type(field) is not str:
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={"arg_name": fieldName, "arg_type": type(field).__name__},
            )

    time_col = _to_java_column(timeColumn)
    check_string_field(windowDuration, "windowDuration")
    if slideDuration and startTime:
        check_string_field(slideDuration, "slideDuration")
        check_string_field(startTime, "startTime")
        return _invoke(
            "window", time_col, _lit(windowDuration), _lit(slideDuration), _lit(startTime)
        )
    elif slideDuration:
        check_string_field(slideDuration, "slideDuration")
        return _invoke("window", time_col, _lit(windowDuration), _lit(slideDuration))
    elif startTime:
        check_string_field(startTime, "startTime")
        return _invoke(
            "window", time_col, _lit(windowDuration), _lit(windowDuration), _lit(startTime)
        )
    return _invoke("window", time_col, _lit(windowDuration))


def session_window(timeColumn, gapDuration):
    """The session window column {start, end}: sessions of `timeColumn` closed after
    `gapDuration` (an interval string, or a Column giving a per-row gap) of inactivity."""
    if gapDuration is None or not isinstance(gapDuration, (Column, str)):
        raise PySparkTypeError(
            error_class="NOT_COLUMN_OR_STR",
            message_parameters={"arg_name": "gapDuration", "arg_type": type(gapDuration).__name__},
        )
    gap = gapDuration._jc if isinstance(gapDuration, Column) else _lit(gapDuration)
    return _invoke("session_window", _to_java_column(timeColumn), gap)


def window_time(windowColumn):
    return _invoke_function_over_columns("window_time", windowColumn)


# ---- Functions whose arguments are all columns ------------------------------------------------

_COLUMN_FUNCTIONS = """
abs acos acosh asin asinh atan atanh cbrt ceil ceiling cos cosh cot csc degrees exp expm1
factorial floor ln log10 log1p log2 radians rint sec signum sign sin sinh sqrt tan tanh
bin hex unhex ascii base64 unbase64 bit_length octet_length char_length character_length length
lower upper lcase ucase initcap reverse soundex trim ltrim rtrim btrim md5 sha1 crc32 sha
year quarter month dayofweek dayofmonth day dayofyear hour minute second weekofyear weekday
last_day unix_date unix_micros unix_millis unix_seconds timestamp_seconds timestamp_millis
timestamp_micros date_from_unix_date datediff date_diff
size cardinality array_distinct array_max array_min array_sort array_compact flatten map_keys
map_values map_entries map_from_entries map_from_arrays arrays_zip array_union array_intersect
array_except arrays_overlap map_concat shuffle array_size array_append array_prepend
explode explode_outer posexplode posexplode_outer inline inline_outer stack
isnan isnull isnotnull ifnull nvl nvl2 nullif equal_null
sum avg mean min max stddev stddev_samp stddev_pop std variance var_samp var_pop
collect_list collect_set skewness kurtosis corr covar_pop covar_samp min_by max_by any_value
bool_and bool_or every some median mode product count_if first_value last_value grouping
array_agg bit_and bit_or bit_xor bitwise_not bit_count
monotonically_increasing_id spark_partition_id input_file_name uuid
make_timestamp make_interval to_unix_timestamp typeof
""".split()


def _make_column_function(name):
    def function(*cols):
        return _invoke_function_over_columns(name, *cols)

    function.__name__ = name
    function.__qualname__ = name
    function.__doc__ = (
        "%s(…) of the engine's function registry (arguments: columns or names)." % name
    )
    return function


_module = sys.modules[__name__]
for _name in _COLUMN_FUNCTIONS:
    if not hasattr(_module, _name):
        setattr(_module, _name, _make_column_function(_name))
del _name

bitwiseNOT = getattr(_module, "bitwise_not")


def _window_function(name):
    def function(*args, **kwargs):
        from spate.sql.window import _window_functions_unsupported

        _window_functions_unsupported()

    function.__name__ = name
    return function


for _name in (
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "nth_value",
):
    setattr(_module, _name, _window_function(_name))
del _name


def udf(f=None, returnType=None, useArrow=None):
    """Python UDFs do not run in Spate (the engine is native); express the logic with functions or
    SQL, or process rows in foreachBatch."""
    from spate.sql.column import _unsupported

    raise _unsupported("Python user-defined functions (udf)")


pandas_udf = udf


def __getattr__(name):
    """Any function of the engine's registry: functions.<name>(*cols)."""
    if not name.startswith("_") and _native.function_exists(name):
        return _make_column_function(name)
    raise AttributeError("module 'pyspark.sql.functions' has no attribute '%s'" % name)
