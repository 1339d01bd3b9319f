"""DataFrame.toPandas and createDataFrame(pandas.DataFrame), converted as PySpark 3.5 does
without Arrow (spark.sql.execution.arrow.pyspark.enabled=false)."""

import datetime

from spate.errors import PySparkImportError
from spate.sql.types import (
    BooleanType,
    ByteType,
    DoubleType,
    FloatType,
    IntegerType,
    IntegralType,
    LongType,
    ShortType,
    TimestampType,
)


def _require_pandas():
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise PySparkImportError(
            error_class="PACKAGE_NOT_INSTALLED",
            message_parameters={"package_name": "Pandas", "minimum_version": "1.0.5"},
        ) from None
    return pandas


def _is_pandas_dataframe(data):
    try:
        import pandas
    except ImportError:
        return False
    return isinstance(data, pandas.DataFrame)


def _corrected_dtype(data_type):
    import numpy as np

    if type(data_type) == ByteType:
        return np.int8
    if type(data_type) == ShortType:
        return np.int16
    if type(data_type) == IntegerType:
        return np.int32
    if type(data_type) == LongType:
        return np.int64
    if type(data_type) == FloatType:
        return np.float32
    if type(data_type) == DoubleType:
        return np.float64
    if type(data_type) == BooleanType:
        return bool
    if type(data_type) == TimestampType:
        return "datetime64[ns]"
    return None


def _local_to_session_zone(series, session_zone):
    """Naive local-time timestamps (what collect() gives) to naive session-time-zone ones."""
    import pandas as pd

    local_zone = datetime.datetime.now().astimezone().tzinfo
    try:
        from zoneinfo import ZoneInfo

        target = ZoneInfo(session_zone)
    except Exception:  # noqa: BLE001  (an unknown zone name: keep local time)
        return series
    if series.isna().all():
        return series
    converted = series.dt.tz_localize(local_zone, ambiguous=False, nonexistent="shift_forward")
    return (
        converted.dt.tz_convert(target)
        .dt.tz_localize(None)
        .astype("datetime64[ns]")
        .where(series.notna(), pd.NaT)
    )


def to_pandas(df):
    pd = _require_pandas()
    rows = df.collect()
    schema = df.schema
    columns = df.columns
    pdf = (
        pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    )
    session_zone = df.sparkSession.conf.get("spark.sql.session.timeZone", None)
    for index, field in enumerate(schema.fields):
        series = pdf.iloc[:, index]
        dtype = _corrected_dtype(field.dataType)
        has_null = bool(series.isnull().any())
        if isinstance(field.dataType, IntegralType) and has_null:
            dtype = "float64"
        elif isinstance(field.dataType, BooleanType) and has_null:
            dtype = object
        if dtype is not None:
            series = series.astype(dtype, copy=False)
        if isinstance(field.dataType, TimestampType) and session_zone:
            series = _local_to_session_zone(series, session_zone)
        pdf.isetitem(index, series) if hasattr(pdf, "isetitem") else pdf.__setitem__(
            pdf.columns[index], series
        )
    return pdf


def _python_value(value):
    """A pandas/numpy cell as the plain Python value createDataFrame infers types from."""
    import pandas as pd

    if value is None:
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return value.item()
    return value


def _records_from_pandas(pdf):
    names = [str(c) for c in pdf.columns]
    records = [
        tuple(_python_value(v) for v in row) for row in pdf.itertuples(index=False, name=None)
    ]
    return records, names
