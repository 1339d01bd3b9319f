"""spark.read (DataFrameReader) and df.write (DataFrameWriter), as PySpark 3.5's."""

from spate.errors import PySparkTypeError
from spate.sql.column import _unsupported
from spate.sql.types import StructType, _engine_type_json

__all__ = ["DataFrameReader", "DataFrameWriter"]


def _option_string(value):
    """An option value as PySpark passes it to the JVM: booleans lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _set_options(builder, options):
    for key, value in options.items():
        if value is not None:
            builder.option(key, _option_string(value))


def _paths(path):
    if path is None:
        return []
    if isinstance(path, str):
        return [path]
    if isinstance(path, (list, tuple)):
        return [str(p) for p in path]
    raise PySparkTypeError(
        error_class="NOT_STR_OR_LIST_OF_RDD",
        message="Argument `path` should be a str or list[RDD], got %s." % type(path).__name__,
        message_parameters={"arg_name": "path", "arg_type": type(path).__name__},
    )


def _set_schema(jreader, schema):
    if isinstance(schema, StructType):
        jreader.schema_json(_engine_type_json(schema))
    elif isinstance(schema, str):
        jreader.schema_ddl(schema)
    else:
        raise PySparkTypeError(
            error_class="NOT_STR_OR_STRUCT",
            message="Argument `schema` should be a str or struct type, got %s."
            % type(schema).__name__,
            message_parameters={"arg_name": "schema", "arg_type": type(schema).__name__},
        )


class _SourceBuilder:
    """What spark.read and spark.readStream share: format, schema, options and the file-format
    shortcuts, over the engine's reader `jreader`."""

    def __init__(self, spark, jreader):
        self._spark = spark
        self._jreader = jreader

    def _df(self, jdf):
        from spate.sql.dataframe import DataFrame

        return DataFrame(jdf, self._spark)

    def format(self, source):
        self._jreader.format(source)
        return self

    def schema(self, schema):
        """The schema: a StructType or a DDL string ("a INT, b STRING")."""
        _set_schema(self._jreader, schema)
        return self

    def option(self, key, value):
        if value is not None:
            self._jreader.option(key, _option_string(value))
        return self

    def options(self, **options):
        _set_options(self._jreader, options)
        return self

    def json(self, path, schema=None, **options):
        """JSON lines files (options: multiLine, mode, columnNameOfCorruptRecord, …)."""
        return self.load(path, "json", schema, **options)

    def csv(
        self,
        path,
        schema=None,
        sep=None,
        encoding=None,
        quote=None,
        escape=None,
        comment=None,
        header=None,
        inferSchema=None,
        **options
    ):
        """CSV files (sep, header, inferSchema, nullValue, mode, … as Spark's options)."""
        options.update(
            sep=sep,
            encoding=encoding,
            quote=quote,
            escape=escape,
            comment=comment,
            header=header,
            inferSchema=inferSchema,
        )
        return self.load(path, "csv", schema, **options)

    def _text(self, path, wholetext, lineSep, options):
        options.update(lineSep=lineSep)
        if wholetext:
            options["wholetext"] = True
        return self.load(path, "text", None, **options)


class DataFrameReader(_SourceBuilder):
    """Loads DataFrames from data sources: csv, json, text files and registered formats (jdbc…)."""

    def __init__(self, spark):
        super().__init__(spark, spark._jsparkSession.read())

    def load(self, path=None, format=None, schema=None, **options):
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        return self._df(self._jreader.load(_paths(path)))

    def text(self, paths, wholetext=False, lineSep=None, **options):
        """Text files: one row per line in a string column `value`."""
        return self._text(paths, wholetext, lineSep, options)

    def parquet(self, *paths, **options):
        return self.load(list(paths), "parquet", None, **options)

    def orc(self, path, **options):
        return self.load(path, "orc", None, **options)

    def table(self, tableName):
        return self._spark.table(tableName)

    def jdbc(
        self,
        url,
        table,
        column=None,
        lowerBound=None,
        upperBound=None,
        numPartitions=None,
        predicates=None,
        properties=None,
    ):
        options = dict(properties or {})
        options.update(url=url, dbtable=table)
        return self.load(None, "jdbc", None, **options)


class DataFrameWriter:
    """Saves a batch DataFrame: json, csv, text files and formats with a batch sink (jdbc, kafka)."""

    def __init__(self, df):
        self._df = df
        self._jwrite = df._jdf.write()

    def mode(self, saveMode):
        """append, overwrite, ignore, error/errorifexists (default)."""
        if saveMode is not None:
            self._jwrite.mode(saveMode)
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
        raise _unsupported("DataFrameWriter.partitionBy")

    def bucketBy(self, numBuckets, col, *cols):
        raise _unsupported("DataFrameWriter.bucketBy")

    def sortBy(self, col, *cols):
        raise _unsupported("DataFrameWriter.sortBy")

    def save(self, path=None, format=None, mode=None, partitionBy=None, **options):
        if partitionBy:
            self.partitionBy(partitionBy)
        self.mode(mode)
        if format is not None:
            self.format(format)
        self.options(**options)
        self._jwrite.save(path or "")

    def json(self, path, mode=None, compression=None, **options):
        self.save(path, "json", mode, compression=compression, **options)

    def csv(
        self,
        path,
        mode=None,
        compression=None,
        sep=None,
        quote=None,
        escape=None,
        header=None,
        nullValue=None,
        **options
    ):
        self.save(
            path,
            "csv",
            mode,
            compression=compression,
            sep=sep,
            quote=quote,
            escape=escape,
            header=header,
            nullValue=nullValue,
            **options
        )

    def text(self, path, compression=None, lineSep=None):
        self.save(path, "text", None, compression=compression, lineSep=lineSep)

    def parquet(self, path, mode=None, partitionBy=None, compression=None):
        self.save(path, "parquet", mode, partitionBy, compression=compression)

    def jdbc(self, url, table, mode=None, properties=None):
        options = dict(properties or {})
        options.update(url=url, dbtable=table)
        self.save(None, "jdbc", mode, **options)

    def saveAsTable(self, name, format=None, mode=None, partitionBy=None, **options):
        raise _unsupported("DataFrameWriter.saveAsTable")

    def insertInto(self, tableName, overwrite=None):
        raise _unsupported("DataFrameWriter.insertInto")
