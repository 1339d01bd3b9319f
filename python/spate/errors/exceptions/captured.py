"""Exceptions raised by the engine (PySpark 3.5's pyspark.errors.exceptions.captured).

In PySpark these wrap a JVM exception; in Spate they wrap an engine exception, translated by the
native module: str(e) is the engine's message (Spark's text, "[ERROR_CLASS] …" included when the
error has a class) and getErrorClass() its error class.
"""

from spate.errors.exceptions import base


class CapturedException(base.PySparkException):
    def __init__(self, desc=None, stackTrace=None, cause=None, origin=None):
        self.desc = desc if desc is not None else ""
        self.stackTrace = stackTrace if stackTrace is not None else ""
        self.cause = cause
        self._origin = origin
        self._errorClass = None
        self._messageParameters = None
        self.message = self.desc
        Exception.__init__(self, self.desc)

    def __str__(self):
        return str(self.desc)

    def getErrorClass(self):
        return self._errorClass

    def getMessageParameters(self):
        return self._messageParameters if self._messageParameters is not None else {}

    def getSqlState(self):
        return None


class AnalysisException(CapturedException, base.AnalysisException):
    """Failed to analyze a SQL query plan."""


class ParseException(AnalysisException, base.ParseException):
    """Failed to parse a SQL command."""


class IllegalArgumentException(CapturedException, base.IllegalArgumentException):
    """Passed an illegal or inappropriate argument."""


class ArithmeticException(CapturedException, base.ArithmeticException):
    """Arithmetic exception."""


class UnsupportedOperationException(CapturedException, base.UnsupportedOperationException):
    """Unsupported operation exception."""


class ArrayIndexOutOfBoundsException(CapturedException, base.ArrayIndexOutOfBoundsException):
    """Array index out of bounds exception."""


class DateTimeException(CapturedException, base.DateTimeException):
    """Datetime exception."""


class NumberFormatException(IllegalArgumentException, base.NumberFormatException):
    """Number format exception."""


class StreamingQueryException(CapturedException, base.StreamingQueryException):
    """Exception that stopped a StreamingQuery."""


class QueryExecutionException(CapturedException, base.QueryExecutionException):
    """Failed to execute a query."""


class PythonException(CapturedException, base.PythonException):
    """Exceptions thrown from Python workers."""


class SparkRuntimeException(CapturedException, base.SparkRuntimeException):
    """Runtime exception thrown by the engine."""


class SparkUpgradeException(CapturedException, base.SparkUpgradeException):
    """Exception thrown because of Spark upgrade."""


class SparkNoSuchElementException(CapturedException, base.SparkNoSuchElementException):
    """No such element exception."""


class UnknownException(CapturedException, base.UnknownException):
    """None of the other exceptions."""
