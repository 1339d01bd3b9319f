"""StreamingQueryListener and its events, as PySpark 3.5's pyspark.sql.streaming.listener.

The engine calls listeners on the thread that caused the event (start() for onQueryStarted, the
query's thread otherwise), holding the GIL for the call. An exception raised by a listener is
reported (sys.unraisablehook) and does not affect the query, as Spark's listener bus logs it.
"""

import json
import uuid
from abc import ABC, abstractmethod

from spate.sql.types import Row

__all__ = [
    "StreamingQueryListener",
    "QueryStartedEvent",
    "QueryProgressEvent",
    "QueryIdleEvent",
    "QueryTerminatedEvent",
    "StreamingQueryProgress",
    "StateOperatorProgress",
    "SourceProgress",
    "SinkProgress",
]


class StreamingQueryListener(ABC):
    """Receives the life-cycle events of the session's streaming queries."""

    def _set_spark_session(self, session):
        if self.spark is None:
            self.spark = session

    @property
    def spark(self):
        return getattr(self, "_sparkSession", None)

    @spark.setter
    def spark(self, session):
        self._sparkSession = session

    @abstractmethod
    def onQueryStarted(self, event):
        """Called when a query starts, before start() returns."""

    @abstractmethod
    def onQueryProgress(self, event):
        """Called after each trigger that ran a batch."""

    def onQueryIdle(self, event):
        """Called when a trigger found no new data."""

    @abstractmethod
    def onQueryTerminated(self, event):
        """Called when a query stops, cleanly or with an error."""


class _ListenerAdapter:
    """What the engine calls: plain values in, PySpark's event objects out."""

    def __init__(self, listener):
        self._listener = listener

    def started(self, id, run_id, name, timestamp):
        self._listener.onQueryStarted(
            QueryStartedEvent(uuid.UUID(id), uuid.UUID(run_id), name, timestamp)
        )

    def progress(self, json_text, pretty_json):
        progress = StreamingQueryProgress.fromJson(json.loads(json_text))
        progress._json, progress._prettyJson = json_text, pretty_json
        self._listener.onQueryProgress(QueryProgressEvent(progress))

    def idle(self, id, run_id, timestamp):
        self._listener.onQueryIdle(QueryIdleEvent(uuid.UUID(id), uuid.UUID(run_id), timestamp))

    def terminated(self, id, run_id, exception, error_class):
        self._listener.onQueryTerminated(
            QueryTerminatedEvent(uuid.UUID(id), uuid.UUID(run_id), exception, error_class)
        )


class QueryStartedEvent:
    """A query started: id, runId (uuid.UUID), name (or None), timestamp (ISO-8601 text)."""

    def __init__(self, id, runId, name, timestamp):
        self._id = id
        self._runId = runId
        self._name = name
        self._timestamp = timestamp

    @property
    def id(self):
        return self._id

    @property
    def runId(self):
        return self._runId

    @property
    def name(self):
        return self._name

    @property
    def timestamp(self):
        return self._timestamp


class QueryProgressEvent:
    """A trigger finished: progress (StreamingQueryProgress)."""

    def __init__(self, progress):
        self._progress = progress

    @property
    def progress(self):
        return self._progress


class QueryIdleEvent:
    """A trigger found no new data: id, runId, timestamp."""

    def __init__(self, id, runId, timestamp):
        self._id = id
        self._runId = runId
        self._timestamp = timestamp

    @property
    def id(self):
        return self._id

    @property
    def runId(self):
        return self._runId

    @property
    def timestamp(self):
        return self._timestamp


class QueryTerminatedEvent:
    """A query ended: id, runId, exception (the failure's text, None on a clean stop),
    errorClassOnException."""

    def __init__(self, id, runId, exception, errorClassOnException):
        self._id = id
        self._runId = runId
        self._exception = exception
        self._errorClassOnException = errorClassOnException

    @property
    def id(self):
        return self._id

    @property
    def runId(self):
        return self._runId

    @property
    def exception(self):
        return self._exception

    @property
    def errorClassOnException(self):
        return self._errorClassOnException


class _JsonBacked:
    """Progress objects keep the JSON they were read from for json()/prettyJson()."""

    _json = None
    _prettyJson = None

    def json(self):
        return (
            self._json if self._json is not None else json.dumps(self._jdict, separators=(",", ":"))
        )

    def prettyJson(self):
        if self._prettyJson is not None:
            return self._prettyJson
        return json.dumps(self._jdict, indent=2, separators=(",", " : "))

    def __str__(self):
        return self.prettyJson()


class StreamingQueryProgress(_JsonBacked):
    """The progress of one trigger (Spark's StreamingQueryProgress)."""

    def __init__(self, jdict):
        self._jdict = jdict
        self.id = uuid.UUID(jdict["id"])
        self.runId = uuid.UUID(jdict["runId"])
        self.name = jdict.get("name")
        self.timestamp = jdict["timestamp"]
        self.batchId = jdict["batchId"]
        self.durationMs = dict(jdict.get("durationMs", {}))
        self.batchDuration = jdict.get("batchDuration", self.durationMs.get("triggerExecution", 0))
        self.eventTime = dict(jdict.get("eventTime", {}))
        self.stateOperators = [StateOperatorProgress(s) for s in jdict.get("stateOperators", [])]
        self.sources = [SourceProgress(s) for s in jdict.get("sources", [])]
        self.sink = SinkProgress(jdict.get("sink", {}))
        self.numInputRows = jdict.get("numInputRows", sum(s.numInputRows for s in self.sources))
        self.inputRowsPerSecond = jdict.get("inputRowsPerSecond", float("nan"))
        self.processedRowsPerSecond = jdict.get("processedRowsPerSecond", float("nan"))
        self.observedMetrics = {
            k: Row(**v) if isinstance(v, dict) else v
            for k, v in jdict.get("observedMetrics", {}).items()
        }

    @classmethod
    def fromJson(cls, j):
        return cls(j)


class StateOperatorProgress(_JsonBacked):
    def __init__(self, jdict):
        self._jdict = jdict
        self.operatorName = jdict.get("operatorName")
        self.numRowsTotal = jdict.get("numRowsTotal")
        self.numRowsUpdated = jdict.get("numRowsUpdated")
        self.allUpdatesTimeMs = jdict.get("allUpdatesTimeMs")
        self.numRowsRemoved = jdict.get("numRowsRemoved")
        self.allRemovalsTimeMs = jdict.get("allRemovalsTimeMs")
        self.commitTimeMs = jdict.get("commitTimeMs")
        self.memoryUsedBytes = jdict.get("memoryUsedBytes")
        self.numRowsDroppedByWatermark = jdict.get("numRowsDroppedByWatermark")
        self.numShufflePartitions = jdict.get("numShufflePartitions")
        self.numStateStoreInstances = jdict.get("numStateStoreInstances")
        self.customMetrics = dict(jdict.get("customMetrics", {}))


class SourceProgress(_JsonBacked):
    def __init__(self, jdict):
        self._jdict = jdict
        self.description = jdict.get("description")
        self.startOffset = jdict.get("startOffset")
        self.endOffset = jdict.get("endOffset")
        self.latestOffset = jdict.get("latestOffset")
        self.numInputRows = jdict.get("numInputRows", 0)
        self.inputRowsPerSecond = jdict.get("inputRowsPerSecond", float("nan"))
        self.processedRowsPerSecond = jdict.get("processedRowsPerSecond", float("nan"))
        self.metrics = dict(jdict.get("metrics", {}))


class SinkProgress(_JsonBacked):
    def __init__(self, jdict):
        self._jdict = jdict
        self.description = jdict.get("description")
        self.numOutputRows = jdict.get("numOutputRows", -1)
        self.metrics = dict(jdict.get("metrics", {}))
