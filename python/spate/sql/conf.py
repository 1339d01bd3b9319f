"""spark.conf: the session's runtime configuration (PySpark's RuntimeConfig)."""

from spate.errors import PySparkTypeError

__all__ = ["RuntimeConfig"]

_NoValue = object()


def _to_conf_string(value):
    """Values as the JVM's RuntimeConfig.set overloads store them: booleans lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class RuntimeConfig:
    """Get and set Spark SQL configuration, e.g. spark.sql.shuffle.partitions."""

    def __init__(self, jsession):
        self._jsession = jsession

    def set(self, key, value):
        """Sets `key` to `value` (a str, int or bool)."""
        self._check_type(key, "key")
        self._jsession.conf_set(key, _to_conf_string(value))

    def get(self, key, default=_NoValue):
        """The value of `key`; `default` when it is unset, else the engine's error."""
        self._check_type(key, "key")
        value = self._jsession.conf_get(key)
        if value is not None:
            return value
        if default is _NoValue:
            return _missing(key)
        if default is not None:
            self._check_type(default, "default")
        return default

    def unset(self, key):
        self._check_type(key, "key")
        self._jsession.conf_unset(key)

    def getAll(self):
        return dict(self._jsession.conf_get_all())

    def isModifiable(self, key):
        self._check_type(key, "key")
        return self._jsession.conf_is_modifiable(key)

    def _check_type(self, obj, identifier):
        if not isinstance(obj, str):
            raise PySparkTypeError(
                error_class="NOT_STR",
                message_parameters={"arg_name": identifier, "arg_type": type(obj).__name__},
            )


def _missing(key):
    from spate.errors.exceptions.captured import SparkNoSuchElementException

    error = SparkNoSuchElementException(
        '[SQL_CONF_NOT_FOUND] The SQL config "%s" cannot be found. Please verify that the config '
        "exists." % key
    )
    error._errorClass = "SQL_CONF_NOT_FOUND"
    raise error
