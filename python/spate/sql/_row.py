"""Row: a tuple whose fields can also be read by name (PySpark 3.5's pyspark.sql.Row)."""

from spate.errors import (
    PySparkAttributeError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
)

__all__ = ["Row"]


def _create_row(fields, values):
    row = Row(*values)
    row.__fields__ = fields
    return row


class Row(tuple):
    """A row of a DataFrame: a tuple whose fields can also be read by name (``row.key``,
    ``row["key"]``). ``Row(a=1, b="x")`` makes a row; ``Row("a", "b")`` makes a row class whose
    call ``Person("x", 1)`` makes rows with those field names."""

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise PySparkValueError(
                error_class="CANNOT_SET_TOGETHER",
                message_parameters={"arg_list": "args and kwargs"},
            )
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive=False):
        """The row as a dict of field name to value (nested Rows too when `recursive`)."""
        if not hasattr(self, "__fields__"):
            raise PySparkTypeError(
                error_class="CANNOT_CONVERT_TYPE",
                message_parameters={"from_type": "Row", "to_type": "dict"},
            )
        if recursive:

            def conv(obj):
                if isinstance(obj, Row):
                    return obj.asDict(True)
                elif isinstance(obj, list):
                    return [conv(o) for o in obj]
                elif isinstance(obj, dict):
                    return dict((k, conv(v)) for k, v in obj.items())
                return obj

            return dict(zip(self.__fields__, (conv(o) for o in self)))
        return dict(zip(self.__fields__, self))

    def __contains__(self, item):
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args):
        """A row class called with values makes a row with its field names."""
        if len(args) > len(self):
            raise PySparkValueError(
                error_class="TOO_MANY_VALUES",
                message_parameters={
                    "expected": str(len(self)),
                    "item": "fields",
                    "actual": str(len(args)),
                },
            )
        return _create_row(self, args)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            # it will be slow when it has many fields, but this will not be used in normal cases
            idx = self.__fields__.index(item)
            return super().__getitem__(idx)
        except IndexError:
            raise KeyError(item) from None
        except ValueError:
            raise PySparkValueError(str(item)) from None

    def __getattr__(self, item):
        if item.startswith("__"):
            raise PySparkAttributeError(
                error_class="CANNOT_ACCESS_TO_DUNDER", message_parameters={}
            )
        try:
            idx = self.__fields__.index(item)
            return self[idx]
        except (IndexError, ValueError):
            raise PySparkAttributeError(str(item)) from None

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise PySparkRuntimeError(error_class="READ_ONLY", message_parameters={"object": "Row"})
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self):
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join(
                "%s=%r" % (k, v) for k, v in zip(self.__fields__, tuple(self))
            )
        return "<Row(%s)>" % ", ".join(repr(field) for field in self)
