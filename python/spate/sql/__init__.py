"""Spark SQL and Structured Streaming with PySpark 3.5's API (pyspark.sql), name for name."""

from spate.sql.types import Row  # noqa: F401
from spate.sql.column import Column  # noqa: F401
from spate.sql.dataframe import DataFrame, DataFrameNaFunctions  # noqa: F401
from spate.sql.group import GroupedData  # noqa: F401
from spate.sql.readwriter import DataFrameReader, DataFrameWriter  # noqa: F401
from spate.sql.conf import RuntimeConfig  # noqa: F401
from spate.sql.catalog import Catalog  # noqa: F401
from spate.sql.window import Window, WindowSpec  # noqa: F401
from spate.sql.session import SparkSession  # noqa: F401
from spate.sql import functions, types  # noqa: F401
from spate.sql.streaming import (  # noqa: F401
    DataStreamReader,
    DataStreamWriter,
    StreamingQuery,
    StreamingQueryManager,
)

__all__ = [
    "SparkSession",
    "Catalog",
    "DataFrame",
    "GroupedData",
    "Column",
    "Row",
    "DataFrameNaFunctions",
    "DataFrameReader",
    "DataFrameWriter",
    "RuntimeConfig",
    "Window",
    "WindowSpec",
    "DataStreamReader",
    "DataStreamWriter",
    "StreamingQuery",
    "StreamingQueryManager",
]
