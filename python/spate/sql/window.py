"""Window and WindowSpec (PySpark's pyspark.sql.window).

The engine has no window (OVER) functions yet: window specifications can be built, but applying
one (Column.over, or row_number()/rank()/lag()… from functions) raises NOT_IMPLEMENTED. Event-time
windows for aggregation are functions.window() and functions.session_window(), which work.
"""

import sys

from spate.errors import PySparkNotImplementedError

__all__ = ["Window", "WindowSpec"]


def _window_functions_unsupported():
    raise PySparkNotImplementedError(
        error_class="NOT_IMPLEMENTED",
        message_parameters={"feature": "Window functions (OVER) in Spate"},
    )


class Window:
    """Utility functions for defining a WindowSpec."""

    _JAVA_MIN_LONG = -(1 << 63)
    _JAVA_MAX_LONG = (1 << 63) - 1
    _PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
    _FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)

    unboundedPreceding = _JAVA_MIN_LONG
    unboundedFollowing = _JAVA_MAX_LONG
    currentRow = 0

    @staticmethod
    def partitionBy(*cols):
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols):
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start, end):
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start, end):
        return WindowSpec().rangeBetween(start, end)


class WindowSpec:
    """A window specification: partitioning, ordering and frame."""

    def __init__(self, partition=(), order=(), frame=None):
        self._partition = tuple(partition)
        self._order = tuple(order)
        self._frame = frame

    @staticmethod
    def _flatten(cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            return tuple(cols[0])
        return tuple(cols)

    def partitionBy(self, *cols):
        return WindowSpec(self._flatten(cols), self._order, self._frame)

    def orderBy(self, *cols):
        return WindowSpec(self._partition, self._flatten(cols), self._frame)

    def rowsBetween(self, start, end):
        return WindowSpec(self._partition, self._order, ("rows", start, end))

    def rangeBetween(self, start, end):
        return WindowSpec(self._partition, self._order, ("range", start, end))
