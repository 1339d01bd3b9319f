"""DataFrame: a lazily evaluated query over a SparkSession (PySpark 3.5's pyspark.sql.DataFrame),
with DataFrameNaFunctions (df.na). Actions run on the engine with the GIL released."""

from functools import reduce

from spate.errors import (
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)
from spate.sql.column import Column, _to_java_column, _unsupported
from spate.sql.types import StructType, _parse_datatype_json_string

__all__ = ["DataFrame", "DataFrameNaFunctions"]


def _names(cols, arg_name="cols"):
    out = []
    for c in cols:
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, Column):
            name = c._jc.column_name()
            if name is not None:
                out.append(name)
        else:
            raise PySparkTypeError(
                error_class="NOT_COLUMN_OR_STR",
                message_parameters={"arg_name": arg_name, "arg_type": type(c).__name__},
            )
    return out


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


class DataFrame:
    """A distributed collection of data grouped into named columns (lazy: transformations build a
    plan, actions such as show, collect and count run it)."""

    def __init__(self, jdf, sql_ctx):
        self._jdf = jdf
        self._session = sql_ctx if not hasattr(sql_ctx, "sparkSession") else sql_ctx.sparkSession
        self._schema = None

    # ---- properties ----

    @property
    def sparkSession(self):
        return self._session

    @property
    def isStreaming(self):
        """Whether the DataFrame reads a streaming source (so needs writeStream.start())."""
        return self._jdf.is_streaming()

    @property
    def schema(self):
        """The schema as a StructType."""
        if self._schema is None:
            self._schema = _parse_datatype_json_string(self._jdf.schema_json())
        return self._schema

    @property
    def columns(self):
        return list(self._jdf.columns())

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    @property
    def na(self):
        return DataFrameNaFunctions(self)

    @property
    def write(self):
        from spate.sql.readwriter import DataFrameWriter

        return DataFrameWriter(self)

    @property
    def writeStream(self):
        from spate.sql.streaming.readwriter import DataStreamWriter

        return DataStreamWriter(self)

    @property
    def rdd(self):
        raise _unsupported("RDDs (DataFrame.rdd)")

    @property
    def stat(self):
        raise _unsupported("DataFrame.stat")

    def isLocal(self):
        return False

    # ---- printing ----

    def printSchema(self, level=None):
        print(self._jdf.print_schema_string())

    def explain(self, extended=None, mode=None):
        """Prints the plan; extended=True (or mode "extended", "formatted", "cost", "codegen")
        prints every phase the engine has."""
        if extended is not None and mode is not None:
            raise PySparkValueError(
                error_class="CANNOT_SET_TOGETHER",
                message_parameters={"arg_list": "extended and mode"},
            )
        if isinstance(extended, str):
            mode, extended = extended, None
        if mode is not None:
            if mode not in ("simple", "extended", "codegen", "cost", "formatted"):
                raise PySparkValueError(
                    error_class="UNKNOWN_EXPLAIN_MODE",
                    message="Unknown explain mode: '%s'. Accepted explain modes are 'simple', "
                    "'extended', 'codegen', 'cost', 'formatted'." % mode,
                    message_parameters={"explain_mode": mode},
                )
            extended = mode != "simple"
        print(self._jdf.explain_string(bool(extended)))

    def show(self, n=20, truncate=True, vertical=False):
        """Prints the first `n` rows as Spark's table (cells cut to 20 characters unless
        truncate=False, or to `truncate` characters when it is an int)."""
        print(self._show_string(n, truncate, vertical))

    def _show_string(self, n=20, truncate=True, vertical=False):
        if not isinstance(n, int) or isinstance(n, bool):
            raise PySparkTypeError(
                error_class="NOT_INT",
                message_parameters={"arg_name": "n", "arg_type": type(n).__name__},
            )
        if not isinstance(vertical, bool):
            raise PySparkTypeError(
                error_class="NOT_BOOL",
                message_parameters={"arg_name": "vertical", "arg_type": type(vertical).__name__},
            )
        if isinstance(truncate, bool) and truncate:
            return self._jdf.show_string(n, 20, vertical)
        try:
            int_truncate = int(truncate)
        except ValueError:
            raise PySparkTypeError(
                error_class="NOT_BOOL",
                message_parameters={"arg_name": "truncate", "arg_type": type(truncate).__name__},
            )
        return self._jdf.show_string(n, int_truncate, vertical)

    def __repr__(self):
        return "DataFrame[%s]" % (", ".join("%s: %s" % c for c in self.dtypes))

    # ---- actions ----

    def collect(self):
        """Every row, as a list of Row."""
        return self._jdf.collect()

    def toLocalIterator(self, prefetchPartitions=False):
        return iter(self.collect())

    def take(self, num):
        return self._jdf.take(int(num))

    def head(self, n=None):
        if n is None:
            rows = self.head(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def tail(self, num):
        rows = self.collect()
        return rows[-num:] if num > 0 else []

    def isEmpty(self):
        return len(self.take(1)) == 0

    def count(self):
        return int(self._jdf.count())

    def foreach(self, f):
        """Calls f(row) for every row (on the driver: Spate runs in this process)."""
        for row in self.collect():
            f(row)

    def foreachPartition(self, f):
        f(iter(self.collect()))

    def toPandas(self):
        """The rows as a pandas DataFrame (needs pandas), converted as PySpark does without
        Arrow: integer columns with nulls become float64, timestamps datetime64[ns] in the
        session time zone."""
        from spate.sql.pandas.conversion import to_pandas

        return to_pandas(self)

    # ---- views ----

    def createTempView(self, name):
        self._jdf.create_temp_view(name)

    def createOrReplaceTempView(self, name):
        self._jdf.create_or_replace_temp_view(name)

    def createGlobalTempView(self, name):
        """A temporary view (Spate has one view namespace: no global_temp database)."""
        self._jdf.create_temp_view(name)

    def createOrReplaceGlobalTempView(self, name):
        self._jdf.create_or_replace_temp_view(name)

    def registerTempTable(self, name):
        self._jdf.create_or_replace_temp_view(name)

    # ---- no-ops: the engine chooses partitioning, and keeps no cache ----

    def cache(self):
        return self

    def persist(self, storageLevel=None):
        return self

    def unpersist(self, blocking=False):
        return self

    def checkpoint(self, eager=True):
        return self

    def localCheckpoint(self, eager=True):
        return self

    def hint(self, name, *parameters):
        return self

    def repartition(self, numPartitions, *cols):
        return self

    def repartitionByRange(self, numPartitions, *cols):
        return self

    def coalesce(self, numPartitions):
        return self

    def sortWithinPartitions(self, *cols, **kwargs):
        return self

    @property
    def storageLevel(self):
        from spate.storagelevel import StorageLevel

        return StorageLevel.NONE

    # ---- transformations ----

    def _derive(self, jdf):
        return DataFrame(jdf, self._session)

    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(self._jdf.col(item))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        if isinstance(item, int):
            return Column(self._jdf.col(self.columns[item]))
        raise PySparkTypeError(
            error_class="NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
            message="Argument `item` should be a Column, int, list, str or tuple, got %s."
            % type(item).__name__,
            message_parameters={"arg_name": "item", "arg_type": type(item).__name__},
        )

    def __getattr__(self, name):
        if name.startswith("__") or "_jdf" not in self.__dict__:
            raise AttributeError(
                "'%s' object has no attribute '%s'" % (self.__class__.__name__, name)
            )
        if name not in self.columns:
            raise PySparkAttributeError(
                error_class="ATTRIBUTE_NOT_SUPPORTED",
                message="Attribute `%s` is not supported." % name,
                message_parameters={"attr_name": name},
            )
        return Column(self._jdf.col(name))

    def __dir__(self):
        attrs = set(super().__dir__())
        attrs.update(c for c in self.columns if c.isidentifier())
        return sorted(attrs)

    def alias(self, alias):
        return self._derive(self._jdf.alias(alias))

    def select(self, *cols):
        """Projects columns: names ("a", "*", "s.*"), Columns, or one list of them."""
        cols = _flatten(cols)
        return self._derive(self._jdf.select([_to_java_column(c) for c in cols]))

    def selectExpr(self, *expr):
        """Projects SQL expressions, e.g. selectExpr("CAST(value AS STRING)", "a + 1 AS b")."""
        expr = _flatten(expr)
        return self._derive(self._jdf.select_expr(list(expr)))

    def filter(self, condition):
        """Keeps the rows where `condition` (a Column or a SQL expression string) is true."""
        if isinstance(condition, str):
            return self._derive(self._jdf.filter_expr(condition))
        if isinstance(condition, Column):
            return self._derive(self._jdf.filter(condition._jc))
        raise PySparkTypeError(
            error_class="NOT_COLUMN_OR_STR",
            message_parameters={"arg_name": "condition", "arg_type": type(condition).__name__},
        )

    where = filter

    def withColumn(self, colName, col):
        """Adds the column `colName`, or replaces the column of that name."""
        if not isinstance(col, Column):
            raise PySparkTypeError(
                error_class="NOT_COLUMN",
                message_parameters={"arg_name": "col", "arg_type": type(col).__name__},
            )
        return self._derive(self._jdf.with_column(colName, col._jc))

    def withColumns(self, *colsMap):
        """Adds or replaces several columns at once (a dict of name to Column)."""
        if len(colsMap) != 1 or not isinstance(colsMap[0], dict):
            raise PySparkTypeError(
                error_class="NOT_DICT",
                message_parameters={"arg_name": "colsMap", "arg_type": type(colsMap).__name__},
            )
        mapping = colsMap[0]
        for name, column in mapping.items():
            if not isinstance(column, Column):
                raise PySparkTypeError(
                    error_class="NOT_COLUMN",
                    message_parameters={"arg_name": "col", "arg_type": type(column).__name__},
                )
        case_sensitive = self._session.conf.get("spark.sql.caseSensitive", "false") == "true"

        def key(name):
            return name if case_sensitive else name.lower()

        new = {key(name): (name, column) for name, column in mapping.items()}
        items = []
        for existing in self.columns:
            match = new.pop(key(existing), None)
            if match is None:
                items.append(self[existing])
            else:
                items.append(match[1].alias(match[0]))
        items.extend(column.alias(name) for name, column in new.values())
        return self.select(*items)

    def withColumnRenamed(self, existing, new):
        return self._derive(self._jdf.with_column_renamed(existing, new))

    def withColumnsRenamed(self, colsMap):
        if not isinstance(colsMap, dict):
            raise PySparkTypeError(
                error_class="NOT_DICT",
                message_parameters={"arg_name": "colsMap", "arg_type": type(colsMap).__name__},
            )
        df = self
        for existing, new in colsMap.items():
            df = df.withColumnRenamed(existing, new)
        return df

    def drop(self, *cols):
        """Drops columns by name or Column; names that do not exist are ignored."""
        cols = (
            _flatten(cols) if len(cols) == 1 and isinstance(cols[0], (list, tuple)) else list(cols)
        )
        return self._derive(self._jdf.drop(_names(cols)))

    def toDF(self, *cols):
        """The same rows with new column names."""
        old = self.columns
        if len(cols) != len(old):
            from spate.errors.exceptions.captured import IllegalArgumentException

            raise IllegalArgumentException(
                "requirement failed: The number of columns doesn't match.\n"
                "Old column names (%d): %s\nNew column names (%d): %s"
                % (len(old), ", ".join(old), len(cols), ", ".join(cols))
            )
        return self.select(*[self[o].alias(n) for o, n in zip(old, cols)])

    def transform(self, func, *args, **kwargs):
        result = func(self, *args, **kwargs)
        assert isinstance(
            result, DataFrame
        ), "Func returned an instance of type [%s], should have been DataFrame." % type(result)
        return result

    def groupBy(self, *cols):
        """Groups by columns (names, Columns, or one list) for aggregation."""
        from spate.sql.group import GroupedData

        cols = _flatten(cols)
        return GroupedData(self._jdf.group_by([_to_java_column(c) for c in cols], "plain"), self)

    groupby = groupBy

    def cube(self, *cols):
        """Groups by every combination of the columns (NULL marks a rolled-up column)."""
        from spate.sql.group import GroupedData

        cols = _flatten(cols)
        return GroupedData(self._jdf.group_by([_to_java_column(c) for c in cols], "cube"), self)

    def rollup(self, *cols):
        from spate.sql.group import GroupedData

        cols = _flatten(cols)
        return GroupedData(self._jdf.group_by([_to_java_column(c) for c in cols], "rollup"), self)

    def agg(self, *exprs):
        """Aggregates the whole DataFrame (groupBy().agg(...))."""
        return self.groupBy().agg(*exprs)

    def join(self, other, on=None, how=None):
        """Joins with `other` on column names (USING), a Column condition (or a list of them,
        ANDed), or nothing; `how` is inner, left, right, full, left_semi, left_anti, cross, …"""
        if not isinstance(other, DataFrame):
            raise PySparkTypeError(
                error_class="NOT_DATAFRAME",
                message="Argument `other` should be a DataFrame, got %s." % type(other).__name__,
                message_parameters={"arg_name": "other", "arg_type": type(other).__name__},
            )
        if on is not None and not isinstance(on, list):
            on = [on]
        if on is None or len(on) == 0:
            if how is None:
                return self._derive(self._jdf.join(other._jdf))
            return self._derive(self._jdf.join_using(other._jdf, [], how))
        if how is None:
            how = "inner"
        if not isinstance(how, str):
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={"arg_name": "how", "arg_type": type(how).__name__},
            )
        if isinstance(on[0], str):
            return self._derive(self._jdf.join_using(other._jdf, list(on), how))
        condition = reduce(lambda x, y: x & y, on)
        return self._derive(self._jdf.join_on(other._jdf, condition._jc, how))

    def crossJoin(self, other):
        return self._derive(self._jdf.cross_join(other._jdf))

    def union(self, other):
        """Rows of both DataFrames, matched by position (UNION ALL)."""
        return self._derive(self._jdf.union(other._jdf))

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        return self._derive(self._jdf.union_by_name(other._jdf, allowMissingColumns))

    def intersect(self, other):
        return self._derive(self._jdf.intersect(other._jdf))

    def intersectAll(self, other):
        return self._derive(self._jdf.intersect_all(other._jdf))

    def subtract(self, other):
        return self._derive(self._jdf.subtract(other._jdf))

    def exceptAll(self, other):
        return self._derive(self._jdf.except_all(other._jdf))

    def distinct(self):
        return self._derive(self._jdf.distinct())

    def dropDuplicates(self, subset=None):
        """Keeps the first row of each distinct key (all columns, or `subset`); on a stream, a
        stateful deduplication."""
        if subset is not None and not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                error_class="NOT_LIST_OR_TUPLE",
                message_parameters={"arg_name": "subset", "arg_type": type(subset).__name__},
            )
        return self._derive(self._jdf.drop_duplicates(list(subset or [])))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset=None):
        if subset is not None and not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                error_class="NOT_LIST_OR_TUPLE",
                message_parameters={"arg_name": "subset", "arg_type": type(subset).__name__},
            )
        return self._derive(self._jdf.drop_duplicates_within_watermark(list(subset or [])))

    def withWatermark(self, eventTime, delayThreshold):
        """Declares `eventTime` as the event-time column, with rows later than `delayThreshold`
        (e.g. "10 minutes") behind the maximum seen being dropped by stateful operators."""
        if not eventTime or type(eventTime) is not str:
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={"arg_name": "eventTime", "arg_type": type(eventTime).__name__},
            )
        if not delayThreshold or type(delayThreshold) is not str:
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={
                    "arg_name": "delayThreshold",
                    "arg_type": type(delayThreshold).__name__,
                },
            )
        return self._derive(self._jdf.with_watermark(eventTime, delayThreshold))

    def _sort_cols(self, cols, kwargs):
        if not cols:
            raise PySparkValueError(
                error_class="CANNOT_BE_EMPTY", message_parameters={"item": "column"}
            )
        cols = _flatten(cols)
        jcols = [_to_java_column(c) for c in cols]
        ascending = kwargs.get("ascending", True)
        if isinstance(ascending, (bool, int)):
            if not ascending:
                jcols = [jc.sort_order(False, False) for jc in jcols]
        elif isinstance(ascending, list):
            jcols = [
                jc if asc else jc.sort_order(False, False) for asc, jc in zip(ascending, jcols)
            ]
        else:
            raise PySparkTypeError(
                error_class="NOT_BOOL_OR_LIST",
                message="Argument `ascending` should be a bool or list, got %s."
                % type(ascending).__name__,
                message_parameters={"arg_name": "ascending", "arg_type": type(ascending).__name__},
            )
        return jcols

    def orderBy(self, *cols, **kwargs):
        """Sorts by columns (Column.desc() etc. for direction, or ascending=bool/list)."""
        return self._derive(self._jdf.order_by(self._sort_cols(cols, kwargs)))

    sort = orderBy

    def limit(self, num):
        return self._derive(self._jdf.limit(int(num)))

    def dropna(self, how="any", thresh=None, subset=None):
        """Drops rows with NULL (or NaN) values: any (default) or all of the columns (or of
        `subset`); `thresh` keeps rows with at least that many non-null values."""
        if how is not None and how not in ["any", "all"]:
            raise PySparkValueError(
                error_class="VALUE_NOT_ANY_OR_ALL",
                message_parameters={"arg_name": "how", "arg_value": str(how)},
            )
        if subset is None:
            subset = []
        elif isinstance(subset, str):
            subset = [subset]
        elif not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                error_class="NOT_LIST_OR_STR_OR_TUPLE",
                message_parameters={"arg_name": "subset", "arg_type": type(subset).__name__},
            )
        return self._derive(self._jdf.na_drop(how or "any", thresh, list(subset)))

    def fillna(self, value, subset=None):
        """Replaces NULLs: a number fills numeric columns, a string string columns, a bool boolean
        columns; a dict gives a value per column."""
        if not isinstance(value, (float, int, str, bool, dict)):
            raise PySparkTypeError(
                error_class="NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR",
                message_parameters={"arg_name": "value", "arg_type": type(value).__name__},
            )
        if isinstance(value, dict):
            return self._derive(self._jdf.na_fill_map(value))
        if subset is None:
            subset = []
        elif isinstance(subset, str):
            subset = [subset]
        elif not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                error_class="NOT_LIST_OR_TUPLE",
                message_parameters={"arg_name": "subset", "arg_type": type(subset).__name__},
            )
        return self._derive(self._jdf.na_fill(value, list(subset)))

    def replace(self, to_replace, value=None, subset=None):
        raise _unsupported("DataFrame.replace")

    def describe(self, *cols):
        """count, mean, stddev, min and max of numeric and string columns, as strings."""
        from spate.sql import functions as F
        from spate.sql.types import NumericType, StringType

        cols = _flatten(cols)
        fields = [
            f for f in self.schema.fields if isinstance(f.dataType, (NumericType, StringType))
        ]
        if cols:
            fields = [f for f in fields if f.name in cols]
        stats = [
            ("count", F.count),
            ("mean", F.avg),
            ("stddev", F.stddev),
            ("min", F.min),
            ("max", F.max),
        ]
        rows = []
        for stat, function in stats:
            exprs = []
            for f in fields:
                numeric_only = stat in ("mean", "stddev")
                if numeric_only and not isinstance(f.dataType, NumericType):
                    exprs.append(F.lit(None).cast("string").alias(f.name))
                else:
                    exprs.append(function(self[f.name]).cast("string").alias(f.name))
            values = self.agg(*exprs).collect()[0] if exprs else []
            rows.append((stat,) + tuple(values))
        schema = StructType().add("summary", "string")
        for f in fields:
            schema.add(f.name, "string")
        return self._session.createDataFrame(rows, schema)


class DataFrameNaFunctions:
    """df.na: drop and fill of missing values."""

    def __init__(self, df):
        self.df = df

    def drop(self, how="any", thresh=None, subset=None):
        return self.df.dropna(how=how, thresh=thresh, subset=subset)

    def fill(self, value, subset=None):
        return self.df.fillna(value=value, subset=subset)

    def replace(self, to_replace, value=None, subset=None):
        return self.df.replace(to_replace, value, subset)
