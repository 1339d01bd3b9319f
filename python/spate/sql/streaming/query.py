"""StreamingQuery and StreamingQueryManager (spark.streams), as PySpark 3.5's.

Progress and status are dicts parsed from the engine's progress JSON (Spark's JSON), as PySpark
returns them. Blocking waits run with the GIL released, in short slices so Ctrl-C interrupts them.
"""

import json

from spate import _native
from spate.errors import PySparkValueError

__all__ = ["StreamingQuery", "StreamingQueryManager"]

# Waits are cut in slices so the interpreter can handle signals (KeyboardInterrupt) in between.
_WAIT_SLICE_MS = 200


def _check_timeout(timeout, allow_zero):
    if (
        not isinstance(timeout, (int, float))
        or isinstance(timeout, bool)
        or timeout < 0
        or (timeout == 0 and not allow_zero)
    ):
        raise PySparkValueError(
            error_class="VALUE_NOT_POSITIVE",
            message_parameters={"arg_name": "timeout", "arg_value": type(timeout).__name__},
        )


def _query_exception(jsq):
    from spate.errors.exceptions.captured import StreamingQueryException

    cause = jsq.exception()
    if cause is None:
        return None
    message = "[STREAM_FAILED] Query [id = %s, runId = %s] terminated with exception: %s" % (
        jsq.id(),
        jsq.run_id(),
        cause,
    )
    error = StreamingQueryException(message)
    error._errorClass = "STREAM_FAILED"
    return error


class StreamingQuery:
    """A handle on a query running in the background."""

    def __init__(self, jsq, spark=None):
        self._jsq = jsq
        self._spark = spark

    @property
    def id(self):
        """The query's id (persists across restarts from the same checkpoint), a UUID string."""
        return self._jsq.id()

    @property
    def runId(self):
        """This run's id (new at every start)."""
        return self._jsq.run_id()

    @property
    def name(self):
        return self._jsq.name()

    @property
    def isActive(self):
        return self._jsq.is_active()

    def awaitTermination(self, timeout=None):
        """Waits for the query to end (raising its StreamingQueryException if it failed); with a
        timeout in seconds, returns whether it ended in time."""
        if timeout is not None:
            _check_timeout(timeout, allow_zero=False)
            return self._jsq.await_termination(int(timeout * 1000))
        while not self._jsq.await_termination(_WAIT_SLICE_MS):
            pass
        return None

    @property
    def status(self):
        return json.loads(self._jsq.status_json())

    @property
    def recentProgress(self):
        return [json.loads(p) for p in self._jsq.recent_progress_json()]

    @property
    def lastProgress(self):
        progress = self._jsq.last_progress_json()
        return json.loads(progress) if progress is not None else None

    def processAllAvailable(self):
        """Blocks until everything available in the sources now is processed and committed."""
        self._jsq.process_all_available()

    def stop(self):
        """Stops the query (the running batch finishes first)."""
        self._jsq.stop()

    def explain(self, extended=False):
        print(self._jsq.explain(extended))

    def exception(self):
        """The StreamingQueryException that ended the query, or None."""
        return _query_exception(self._jsq)

    def __repr__(self):
        return "<spate.sql.streaming.query.StreamingQuery object: id=%s, name=%s>" % (
            self.id,
            self.name,
        )


class StreamingQueryManager:
    """spark.streams: the session's active queries and listeners."""

    def __init__(self, spark):
        self._spark = spark
        self._jsession = spark._jsparkSession

    @property
    def active(self):
        return [StreamingQuery(q, self._spark) for q in _native.streams_active(self._jsession)]

    def get(self, id):
        query = _native.streams_get(self._jsession, str(id))
        return StreamingQuery(query, self._spark) if query is not None else None

    def awaitAnyTermination(self, timeout=None):
        """Waits until any query of the session has ended since the last resetTerminated()
        (raising the failure of a failed one); with a timeout, returns whether one ended."""
        if timeout is not None:
            _check_timeout(timeout, allow_zero=True)
            return _native.streams_await_any(self._jsession, int(timeout * 1000))
        while not _native.streams_await_any(self._jsession, _WAIT_SLICE_MS):
            pass
        return None

    def resetTerminated(self):
        _native.streams_reset_terminated(self._jsession)

    def addListener(self, listener):
        """Registers a StreamingQueryListener for the session's query events."""
        from spate.sql.streaming.listener import _ListenerAdapter

        registry = _listeners(self._spark)
        if id(listener) in registry:
            return
        listener._set_spark_session(self._spark)
        handle = _native.add_listener(self._jsession, _ListenerAdapter(listener))
        registry[id(listener)] = (listener, handle)

    def removeListener(self, listener):
        registry = _listeners(self._spark)
        entry = registry.pop(id(listener), None)
        if entry is not None:
            _native.remove_listener(self._jsession, entry[1])


def _listeners(spark):
    if not hasattr(spark, "_streaming_listeners"):
        spark._streaming_listeners = {}
    return spark._streaming_listeners
