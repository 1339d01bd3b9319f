"""PySpark 3.5's pyspark.sql.utils exception names (re-exported from spate.errors)."""

from spate.errors.exceptions.captured import (  # noqa: F401
    AnalysisException,
    ArithmeticException,
    ArrayIndexOutOfBoundsException,
    CapturedException,
    DateTimeException,
    IllegalArgumentException,
    NumberFormatException,
    ParseException,
    PythonException,
    QueryExecutionException,
    SparkRuntimeException,
    SparkUpgradeException,
    StreamingQueryException,
    UnknownException,
    UnsupportedOperationException,
)
from spate.errors import PySparkTypeError, PySparkValueError  # noqa: F401

__all__ = [
    "AnalysisException",
    "ArithmeticException",
    "ArrayIndexOutOfBoundsException",
    "CapturedException",
    "DateTimeException",
    "IllegalArgumentException",
    "NumberFormatException",
    "ParseException",
    "PySparkTypeError",
    "PySparkValueError",
    "PythonException",
    "QueryExecutionException",
    "SparkRuntimeException",
    "SparkUpgradeException",
    "StreamingQueryException",
    "UnknownException",
    "UnsupportedOperationException",
]
