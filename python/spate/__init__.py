"""Spate: Apache Spark 3.5's SQL and Structured Streaming as a native engine, with PySpark's API.

Use it as PySpark: ``from spate.sql import SparkSession``. Under ``spate run`` and
``spate pyspark``, ``import pyspark`` resolves to this package.
"""

__version__ = "3.5.0"

from spate.context import SparkConf, SparkContext  # noqa: E402
from spate.sql.types import Row  # noqa: E402
from spate.storagelevel import StorageLevel  # noqa: E402

__all__ = ["SparkConf", "SparkContext", "Row", "StorageLevel"]
