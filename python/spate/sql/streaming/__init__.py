"""Structured Streaming, as PySpark 3.5's pyspark.sql.streaming."""

from spate.sql.streaming.listener import StreamingQueryListener  # noqa: F401
from spate.sql.streaming.query import StreamingQuery, StreamingQueryManager  # noqa: F401
from spate.sql.streaming.readwriter import DataStreamReader, DataStreamWriter  # noqa: F401

__all__ = [
    "StreamingQuery",
    "StreamingQueryManager",
    "DataStreamReader",
    "DataStreamWriter",
    "StreamingQueryListener",
]
