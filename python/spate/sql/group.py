"""GroupedData: the result of groupBy / cube / rollup (PySpark 3.5's pyspark.sql.GroupedData)."""

from spate.sql.column import Column, _unsupported
from spate.sql.dataframe import DataFrame

__all__ = ["GroupedData"]


class GroupedData:
    """Aggregations over the groups of a DataFrame."""

    def __init__(self, jgd, df):
        self._jgd = jgd
        self._df = df
        self.session = df.sparkSession

    def _derive(self, jdf):
        return DataFrame(jdf, self.session)

    def agg(self, *exprs):
        """Aggregates with Columns (functions.count("*"), avg("x").alias("m"), …) or with one dict
        of column name to aggregate function name ({"x": "avg", "*": "count"})."""
        assert exprs, "exprs should not be empty"
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            return self._derive(self._jgd.agg_map(list(exprs[0].items())))
        assert all(isinstance(c, Column) for c in exprs), "all exprs should be Column"
        return self._derive(self._jgd.agg([c._jc for c in exprs]))

    def count(self):
        """The number of rows of each group, in a column `count`."""
        return self._derive(self._jgd.count())

    def mean(self, *cols):
        """The average of the given numeric columns (every numeric column when none is given)."""
        return self._derive(self._jgd.avg(list(cols)))

    avg = mean

    def max(self, *cols):
        return self._derive(self._jgd.max(list(cols)))

    def min(self, *cols):
        return self._derive(self._jgd.min(list(cols)))

    def sum(self, *cols):
        return self._derive(self._jgd.sum(list(cols)))

    def pivot(self, pivot_col, values=None):
        raise _unsupported("GroupedData.pivot")

    def apply(self, udf):
        raise _unsupported("GroupedData.apply")

    def applyInPandas(self, func, schema):
        raise _unsupported("GroupedData.applyInPandas")
