"""Drives generators in event time: merges their messages in order, paces them against the wall
clock, sends them to the sinks, flushes at event-time boundaries and keeps a resume state."""

import heapq
import json
import math
import os
import threading
import time


class Pacer:
    """Decides when a message of a given event time may be sent.

    speed: event-time seconds per wall-clock second (math.inf: as fast as possible).
    realtime_cap: never send a message before its event time on the wall clock (used once a
    backfill has caught up with now, and for the real-time mode).
    """

    def __init__(self, start_ms, speed=1.0, realtime_cap=False, now=time.time):
        if not speed > 0:
            raise ValueError("speed must be positive")
        self.start_ms = start_ms
        self.speed = speed
        self.realtime_cap = realtime_cap
        self.now = now
        self.wall0 = now()

    def due(self, event_ms):
        """Wall-clock time (s) at which an event may be sent."""
        target = -math.inf
        if math.isfinite(self.speed):
            target = self.wall0 + (event_ms - self.start_ms) / 1000.0 / self.speed
        if self.realtime_cap:
            target = max(target, event_ms / 1000.0)
        return target

    def wait(self, event_ms, stop):
        """Sleeps until the event is due; returns False if stop was set meanwhile."""
        while True:
            left = self.due(event_ms) - self.now()
            if left <= 0:
                return not stop.is_set()
            if stop.wait(min(left, 0.25)):
                return False


def merged(*generators):
    """Messages of several generators (each yielding lists of Messages in event order), merged in
    event order; on ties the earlier generator goes first."""
    def flat(gen):
        for batch in gen:
            yield from batch
    return heapq.merge(*(flat(g) for g in generators), key=lambda m: m.event_ms)


class StateFile:
    """A small JSON file that lets a restarted producer continue where it stopped (the demo)."""

    def __init__(self, path):
        self.path = path

    def load(self):
        if not self.path or not os.path.exists(self.path):
            return None
        with open(self.path, encoding="utf-8") as f:
            return json.load(f)

    def save(self, state):
        if not self.path:
            return
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(state, f)
        os.replace(tmp, self.path)


def run(messages, sinks, pacer, until_ms=None, flush_every_ms=10000, stop=None,
        on_flush=None):
    """Sends messages (in event order) until until_ms (exclusive) or stop; returns the event time
    of the last message sent (None if none).

    Every flush_every_ms of event time all sinks are flushed (and on_flush(last_ms) called): a
    Kafka consumer then never sees one partition more than that far behind another, which keeps
    the jobs' 2-minute watermark from dropping rows as late.
    """
    stop = stop or threading.Event()
    last_ms = None
    next_flush = None
    for m in messages:
        if until_ms is not None and m.event_ms >= until_ms:
            break
        if next_flush is None:
            next_flush = (m.event_ms // flush_every_ms + 1) * flush_every_ms
        if m.event_ms >= next_flush:
            _flush(sinks, on_flush, last_ms)
            next_flush = (m.event_ms // flush_every_ms + 1) * flush_every_ms
        if not pacer.wait(m.event_ms, stop):
            break
        for s in sinks:
            s.send(m)
        last_ms = m.event_ms
    _flush(sinks, on_flush, last_ms)
    return last_ms


def _flush(sinks, on_flush, last_ms):
    for s in sinks:
        s.flush()
    if on_flush and last_ms is not None:
        on_flush(last_ms)
