"""spark.readStream (DataStreamReader) and df.writeStream (DataStreamWriter), as PySpark 3.5's."""

from spate.errors import PySparkNotImplementedError, PySparkTypeError, PySparkValueError
from spate.sql.readwriter import _option_string, _set_options, _SourceBuilder

__all__ = ["DataStreamReader", "DataStreamWriter"]


class DataStreamReader(_SourceBuilder):
    """Loads streaming DataFrames: socket, rate, memory tables, files (csv/json/text) and the
    formats connectors register (kafka, http_sse, …)."""

    def __init__(self, spark):
        super().__init__(spark, spark._jsparkSession.read_stream())

    def load(self, path=None, format=None, schema=None, **options):
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if path is not None:
            if type(path) != str or len(path.strip()) == 0:
                raise PySparkValueError(
                    error_class="VALUE_NOT_NON_EMPTY_STR",
                    message_parameters={"arg_name": "path", "arg_value": str(path)},
                )
        return self._df(self._jreader.load(path))

    def text(self, path, wholetext=False, lineSep=None, **options):
        return self._text(path, wholetext, lineSep, options)

    def parquet(self, path, **options):
        return self.load(path, "parquet", None, **options)

    def table(self, tableName):
        """A streaming read of a catalog table (e.g. a `USING memory` table)."""
        if not isinstance(tableName, str):
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={"arg_name": "tableName", "arg_type": type(tableName).__name__},
            )
        return self._df(self._jreader.table(tableName))


class _ForeachWriterAdapter:
    """foreach's argument as the engine calls it: open/process/close (a plain function is the
    process step; an object may define any of the three)."""

    def __init__(self, f):
        self._f = f
        self._is_function = callable(f) and not hasattr(f, "process")
        if not self._is_function and not callable(getattr(f, "process", None)):
            raise PySparkTypeError(
                error_class="ATTRIBUTE_NOT_CALLABLE",
                message="Attribute `process` in provided object `%s` is not callable." % f,
                message_parameters={"attr_name": "process", "obj_name": str(f)},
            )

    def open(self, partition_id, epoch_id):
        if self._is_function or not hasattr(self._f, "open"):
            return True
        result = self._f.open(partition_id, epoch_id)
        return True if result is None else bool(result)

    def process(self, row):
        if self._is_function:
            self._f(row)
        else:
            self._f.process(row)

    def close(self, error):
        if not self._is_function and hasattr(self._f, "close"):
            self._f.close(Exception(error) if error is not None else None)


class DataStreamWriter:
    """Starts a streaming query over a streaming DataFrame."""

    def __init__(self, df):
        self._df = df
        self._spark = df.sparkSession
        self._jwrite = df._jdf.write_stream()

    def outputMode(self, outputMode):
        """append (default), complete or update."""
        if not outputMode or type(outputMode) != str or len(outputMode.strip()) == 0:
            raise PySparkValueError(
                error_class="VALUE_NOT_NON_EMPTY_STR",
                message_parameters={"arg_name": "outputMode", "arg_value": str(outputMode)},
            )
        self._jwrite.output_mode(outputMode)
        return self

    def format(self, source):
        self._jwrite.format(source)
        return self

    def option(self, key, value):
        if value is not None:
            self._jwrite.option(key, _option_string(value))
        return self

    def options(self, **options):
        _set_options(self._jwrite, options)
        return self

    def partitionBy(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        self._jwrite.partition_by(list(cols))
        return self

    def queryName(self, queryName):
        """The query's name (for a memory sink, the name of its table)."""
        if not queryName or type(queryName) != str or len(queryName.strip()) == 0:
            raise PySparkValueError(
                error_class="VALUE_NOT_NON_EMPTY_STR",
                message_parameters={"arg_name": "queryName", "arg_value": str(queryName)},
            )
        self._jwrite.query_name(queryName)
        return self

    def trigger(self, *, processingTime=None, once=None, continuous=None, availableNow=None):
        """When batches run: processingTime="5 seconds", once=True or availableNow=True
        (exactly one). Without a trigger, batches run as soon as data arrives."""
        params = [processingTime, once, continuous, availableNow]
        if params.count(None) == 4 or params.count(None) < 3:
            raise PySparkValueError(error_class="ONLY_ALLOW_SINGLE_TRIGGER", message_parameters={})
        if processingTime is not None:
            if type(processingTime) != str or len(processingTime.strip()) == 0:
                raise PySparkValueError(
                    error_class="VALUE_NOT_NON_EMPTY_STR",
                    message_parameters={
                        "arg_name": "processingTime",
                        "arg_value": str(processingTime),
                    },
                )
            self._jwrite.trigger_processing_time(processingTime)
        elif once is not None:
            if once is not True:
                raise PySparkValueError(
                    error_class="VALUE_NOT_TRUE",
                    message="Value for `once` must be True, got '%s'." % once,
                    message_parameters={"arg_name": "once", "arg_value": str(once)},
                )
            self._jwrite.trigger_once()
        elif continuous is not None:
            raise PySparkNotImplementedError(
                error_class="NOT_IMPLEMENTED",
                message_parameters={"feature": "The continuous trigger in Spate"},
            )
        else:
            if availableNow is not True:
                raise PySparkValueError(
                    error_class="VALUE_NOT_TRUE",
                    message="Value for `availableNow` must be True, got '%s'." % availableNow,
                    message_parameters={"arg_name": "availableNow", "arg_value": str(availableNow)},
                )
            self._jwrite.trigger_available_now()
        return self

    def foreach(self, f):
        """Calls f(row) (or f.open/process/close) for every output row, on the query's thread."""
        self._jwrite.foreach(_ForeachWriterAdapter(f))
        return self

    def foreachBatch(self, func):
        """Calls func(batch_df, batch_id) for every micro-batch, on the query's thread. An
        exception it raises fails the query (awaitTermination raises StreamingQueryException)."""
        if not callable(func):
            raise PySparkTypeError(
                error_class="NOT_CALLABLE",
                message_parameters={"arg_name": "func", "arg_type": type(func).__name__},
            )
        from spate.sql.dataframe import DataFrame

        spark = self._spark

        def call(jdf, batch_id):
            func(DataFrame(jdf, spark), batch_id)

        self._jwrite.foreach_batch(call)
        return self

    def _apply(self, format, outputMode, partitionBy, queryName, options):
        if format is not None:
            self.format(format)
        if outputMode is not None:
            self.outputMode(outputMode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        if queryName is not None:
            self.queryName(queryName)
        self.options(**options)

    def start(
        self, path=None, format=None, outputMode=None, partitionBy=None, queryName=None, **options
    ):
        """Starts the query; returns its StreamingQuery at once (the query runs on its own
        thread)."""
        from spate.sql.streaming.query import StreamingQuery

        self._apply(format, outputMode, partitionBy, queryName, options)
        return StreamingQuery(self._jwrite.start(path), self._spark)

    def toTable(
        self, tableName, format=None, outputMode=None, partitionBy=None, queryName=None, **options
    ):
        """Starts the query writing into a table created with CREATE TABLE … USING <sink>."""
        from spate.sql.streaming.query import StreamingQuery

        self._apply(format, outputMode, partitionBy, queryName, options)
        return StreamingQuery(self._jwrite.to_table(tableName), self._spark)
