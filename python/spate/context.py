"""SparkContext and SparkConf (pyspark's), as far as a DataFrame/streaming application uses
them: the session's settings, setLogLevel, appName, master, defaultParallelism, stop. RDDs are
not part of Spate."""

import getpass
import threading
import time

from spate import _native

__all__ = ["SparkContext", "SparkConf"]


class SparkConf:
    """Configuration of a Spark application (key/value pairs)."""

    def __init__(self, loadDefaults=True, _jvm=None, _jconf=None):
        self._conf = {}

    def set(self, key, value):
        self._conf[key] = str(value) if not isinstance(value, bool) else str(value).lower()
        return self

    def setIfMissing(self, key, value):
        if key not in self._conf:
            self.set(key, value)
        return self

    def setMaster(self, value):
        return self.set("spark.master", value)

    def setAppName(self, value):
        return self.set("spark.app.name", value)

    def setAll(self, pairs):
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key, defaultValue=None):
        return self._conf.get(key, defaultValue)

    def getAll(self):
        return list(self._conf.items())

    def contains(self, key):
        return key in self._conf

    def toDebugString(self):
        return "\n".join("%s=%s" % (k, v) for k, v in sorted(self._conf.items()))


class SparkContext:
    """The session's context: sc = spark.sparkContext, or SparkContext.getOrCreate(conf)."""

    _active_spark_context = None
    _lock = threading.RLock()

    def __init__(self, master=None, appName=None, conf=None, **kwargs):
        from spate.sql.session import SparkSession

        builder = SparkSession.builder
        if conf is not None:
            builder.config(conf=conf)
        if master is not None:
            builder.master(master)
        if appName is not None:
            builder.appName(appName)
        session = builder.getOrCreate()
        self._attach(session)

    @classmethod
    def _for_session(cls, session):
        context = cls.__new__(cls)
        context._attach(session)
        return context

    def _attach(self, session):
        self._session = session
        self._start_time = int(time.time() * 1000)
        with SparkContext._lock:
            SparkContext._active_spark_context = self

    @classmethod
    def getOrCreate(cls, conf=None):
        with cls._lock:
            context = cls._active_spark_context
            if context is None or context._session._stopped:
                context = SparkContext(conf=conf or SparkConf())
            return context

    def setLogLevel(self, logLevel):
        """Sets the engine's log level: ALL, DEBUG, ERROR, FATAL, INFO, OFF, TRACE, WARN."""
        _native.set_log_level(logLevel)

    @property
    def appName(self):
        return self._session.conf.get("spark.app.name")

    @property
    def master(self):
        return self._session.conf.get("spark.master")

    @property
    def version(self):
        return self._session.version

    @property
    def defaultParallelism(self):
        return self._session._jsparkSession.parallelism()

    @property
    def startTime(self):
        return self._start_time

    @property
    def applicationId(self):
        return "local-%d" % self._start_time

    @property
    def uiWebUrl(self):
        """The URL of the session's web UI (spark.ui.*), or None when it is disabled."""
        return self._session._jsparkSession.ui_web_url()

    def sparkUser(self):
        return getpass.getuser()

    def getConf(self):
        conf = SparkConf()
        for key, value in self._session.conf.getAll().items():
            conf.set(key, value)
        return conf

    def setJobGroup(self, groupId, description, interruptOnCancel=False):
        pass

    def setJobDescription(self, value):
        pass

    def setLocalProperty(self, key, value):
        pass

    def getLocalProperty(self, key):
        return None

    def stop(self):
        self._session.stop()
        with SparkContext._lock:
            if SparkContext._active_spark_context is self:
                SparkContext._active_spark_context = None

    def parallelize(self, c, numSlices=None):
        from spate.sql.column import _unsupported

        raise _unsupported("RDDs (SparkContext.parallelize)")

    def textFile(self, name, minPartitions=None, use_unicode=True):
        from spate.sql.column import _unsupported

        raise _unsupported("RDDs (SparkContext.textFile)")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.stop()
