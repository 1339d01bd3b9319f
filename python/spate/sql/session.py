"""SparkSession: the entry point (PySpark 3.5's pyspark.sql.SparkSession) over an engine session.

As in PySpark, builder.getOrCreate() returns the active session when there is one (applying the
builder's options to it), and a new one after stop(). Settings given to `spate run` / `spate
pyspark` with --master and --conf (the SPATE_SPARK_CONF environment variable, JSON) are the
defaults the builder's own options override.
"""

import atexit
import json
import os
import threading

from spate import _native
from spate.errors import PySparkTypeError, PySparkValueError
from spate.sql.conf import RuntimeConfig, _to_conf_string
from spate.sql.dataframe import DataFrame
from spate.sql.readwriter import DataFrameReader
from spate.sql.streaming.query import StreamingQueryManager
from spate.sql.streaming.readwriter import DataStreamReader
from spate.sql.types import (
    DataType,
    StructType,
    _engine_type_json,
    _has_nulltype,
    _infer_schema,
    _make_type_verifier,
    _merge_type,
    _parse_datatype_string,
)

__all__ = ["SparkSession"]

_ENV_CONF = "SPATE_SPARK_CONF"


def _environment_conf():
    text = os.environ.get(_ENV_CONF)
    if not text:
        return {}
    try:
        values = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


class classproperty(property):
    def __get__(self, instance, owner):
        return self.fget(owner)


class SparkSession:
    """The entry point to Spark SQL and Structured Streaming:
    ``spark = SparkSession.builder.master("local[4]").appName("app").getOrCreate()``."""

    class Builder:
        """Builder of SparkSession (SparkSession.builder)."""

        _lock = threading.RLock()

        def __init__(self):
            self._options = {}

        def config(self, key=None, value=None, conf=None, *, map=None):
            """Sets a configuration option (key/value, a SparkConf, or a dict `map`)."""
            with self._lock:
                if conf is not None:
                    for k, v in conf.getAll():
                        self._options[k] = _to_conf_string(v)
                if map is not None:
                    for k, v in map.items():
                        self._options[k] = _to_conf_string(v)
                if key is not None:
                    self._options[key] = _to_conf_string(value)
                return self

        def master(self, master):
            """The master URL: "local", "local[N]" or "local[*]" (worker threads)."""
            return self.config("spark.master", master)

        def appName(self, name):
            return self.config("spark.app.name", name)

        def enableHiveSupport(self):
            """Accepted for compatibility; Spate has no Hive metastore."""
            return self.config("spark.sql.catalogImplementation", "hive")

        def remote(self, url):
            from spate.sql.column import _unsupported

            raise _unsupported("Spark Connect (SparkSession.builder.remote)")

        def getOrCreate(self):
            """The active session with this builder's options applied, or a new session."""
            with self._lock:
                session = SparkSession._instantiatedSession
                if session is None or session._stopped:
                    options = _environment_conf()
                    options.update(self._options)
                    session = SparkSession(_native.Session(options), options)
                    SparkSession._instantiatedSession = session
                    SparkSession._activeSession = session
                else:
                    for key, value in self._options.items():
                        session._jsparkSession.conf_set(key, value)
                return session

        def create(self):
            """Always a new session."""
            options = _environment_conf()
            options.update(self._options)
            session = SparkSession(_native.Session(options), options)
            SparkSession._activeSession = session
            return session

    _instantiatedSession = None
    _activeSession = None
    _log_level_set = False

    @classproperty
    def builder(cls):
        return cls.Builder()

    def __init__(self, jsparkSession, options=None):
        if not isinstance(jsparkSession, _native.Session):
            # SparkSession(sparkContext): the session of that context.
            context = jsparkSession
            session = SparkSession.builder.config(conf=context.getConf()).getOrCreate()
            jsparkSession = session._jsparkSession
        self._jsparkSession = jsparkSession
        self._stopped = False
        self._conf = RuntimeConfig(jsparkSession)
        self._options = dict(options or {})
        self._sc = None
        if not SparkSession._log_level_set and "SPATE_LOG_LEVEL" not in os.environ:
            # PySpark applications log at WARN by default ("Setting default log level to WARN").
            _native.set_log_level("WARN")
            SparkSession._log_level_set = True
        _register_session(self)

    # ---- class-level accessors ----

    @classmethod
    def getActiveSession(cls):
        session = cls._activeSession
        if session is None or session._stopped:
            return None
        return session

    @classmethod
    def active(cls):
        session = cls.getActiveSession()
        if session is None:
            from spate.errors import PySparkRuntimeError

            raise PySparkRuntimeError(error_class="NO_ACTIVE_SESSION", message_parameters={})
        return session

    # ---- properties ----

    @property
    def conf(self):
        return self._conf

    @property
    def sparkContext(self):
        if self._sc is None:
            from spate.context import SparkContext

            self._sc = SparkContext._for_session(self)
        return self._sc

    @property
    def version(self):
        return "3.5.0"

    @property
    def read(self):
        return DataFrameReader(self)

    @property
    def readStream(self):
        return DataStreamReader(self)

    @property
    def streams(self):
        return StreamingQueryManager(self)

    @property
    def catalog(self):
        from spate.sql.catalog import Catalog

        return Catalog(self)

    @property
    def udf(self):
        from spate.sql.column import _unsupported

        raise _unsupported("Python user-defined functions (spark.udf)")

    # ---- queries ----

    def sql(self, sqlQuery, args=None, **kwargs):
        """Runs a SQL statement; a query returns its (lazy) DataFrame, a command runs now.
        `{name}` placeholders are filled from kwargs (strings are inserted as they are)."""
        if args:
            from spate.sql.column import _unsupported

            raise _unsupported("Parameterized SQL (args)")
        if kwargs:
            sqlQuery = sqlQuery.format(**kwargs)
        return DataFrame(self._jsparkSession.sql(sqlQuery), self)

    def table(self, tableName):
        return DataFrame(self._jsparkSession.table(tableName), self)

    def range(self, start, end=None, step=1, numPartitions=None):
        """A DataFrame with one LongType column `id` from start (inclusive) to end (exclusive)."""
        if end is None:
            start, end = 0, start
        return DataFrame(self._jsparkSession.range(int(start), int(end), int(step)), self)

    def createDataFrame(self, data, schema=None, samplingRatio=None, verifySchema=True):
        """A DataFrame from a list of rows (tuples, lists, Rows, dicts, objects or values with an
        atomic schema), or from a pandas DataFrame. `schema` is a StructType, a DDL string
        ("a INT, b STRING"), an atomic DataType or type string, a list of column names, or None
        (inferred from the data as PySpark does)."""
        from spate.sql.pandas.conversion import _is_pandas_dataframe, _records_from_pandas

        if isinstance(data, DataFrame):
            raise PySparkTypeError(
                error_class="INVALID_TYPE",
                message="Argument `data` should not be a DataFrame.",
                message_parameters={"arg_name": "data", "arg_type": "DataFrame"},
            )
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        elif isinstance(schema, (list, tuple)):
            schema = list(schema)
        if _is_pandas_dataframe(data):
            data, names = _records_from_pandas(data)
            if schema is None:
                schema = names
        if not isinstance(data, list):
            try:
                data = list(data)
            except TypeError:
                raise PySparkTypeError(
                    error_class="UNSUPPORTED_DATA_TYPE",
                    message_parameters={"data_type": type(data).__name__},
                )

        if isinstance(schema, StructType):
            struct = schema
            prepare = lambda obj: obj  # noqa: E731
        elif isinstance(schema, DataType):
            struct = StructType().add("value", schema)
            prepare = lambda obj: (obj,)  # noqa: E731
        else:
            struct = self._inferSchemaFromList(data, names=schema)
            if isinstance(schema, list):
                for i, name in enumerate(schema):
                    if i < len(struct.fields):
                        struct.fields[i].name = name
                        struct.names[i] = name
            prepare = lambda obj: obj  # noqa: E731

        verify = _make_type_verifier(struct) if verifySchema else (lambda obj: None)
        rows = []
        for obj in data:
            obj = prepare(obj)
            verify(obj)
            rows.append(struct.toInternal(obj))
        jdf = self._jsparkSession.create_dataframe(rows, _engine_type_json(struct))
        return DataFrame(jdf, self)

    def _inferSchemaFromList(self, data, names=None):
        if not data:
            raise PySparkValueError(error_class="CANNOT_INFER_EMPTY_SCHEMA", message_parameters={})
        schema = None
        for row in data:
            inferred = _infer_schema(row, list(names) if names else None)
            schema = inferred if schema is None else _merge_type(schema, inferred)
        if _has_nulltype(schema):
            raise PySparkValueError(error_class="CANNOT_DETERMINE_TYPE", message_parameters={})
        return schema

    def newSession(self):
        return SparkSession(_native.Session(self._options), self._options)

    def stop(self):
        """Stops every streaming query of the session and the session."""
        if self._stopped:
            return
        self._jsparkSession.stop()
        self._stopped = True
        if SparkSession._instantiatedSession is self:
            SparkSession._instantiatedSession = None
        if SparkSession._activeSession is self:
            SparkSession._activeSession = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.stop()


# ---- Stopping queries at interpreter exit --------------------------------------------------------
# Queries run on engine threads. At exit they are stopped before the interpreter finalizes, so no
# engine thread calls back into a dying interpreter (as PySpark's JVM goes away with the driver).

_sessions = []
_sessions_lock = threading.Lock()


def _register_session(session):
    with _sessions_lock:
        _sessions.append(session)


def _stop_all_sessions():
    with _sessions_lock:
        sessions = list(_sessions)
        _sessions.clear()
    for session in sessions:
        try:
            session._jsparkSession.stop()
        except Exception:  # noqa: BLE001  (exiting anyway)
            pass


atexit.register(_stop_all_sessions)
