"""Where the relay's offline events come from: a replay file (one recent-change JSON object per
line, as apps/tp4/wikimedia/generator writes) or the generator itself, seeded."""
import json
import os
import random
import sys
import time

GENERATOR_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "wikimedia", "generator"
)
sys.path.insert(0, GENERATOR_DIR)
from recentchange import (  # noqa: E402
    RecentChangeGenerator,
    load_communes,
    offset_of_sse_id,
    sse_id,
)

# sse.py takes the EventStreams id helpers from here, with the generator's path set up.
__all__ = ["ReplayEvents", "offset_of_sse_id", "sse_id"]


class ReplayEvents:
    """make() -> a fresh iterator of event dicts, the same sequence for every client.

    file: replay this JSONL file; otherwise generate with `seed` from `start` (unix seconds),
    `mean_gap` seconds apart; `count` limits the events (None: endless)."""

    def __init__(self, file=None, seed=None, start=None, mean_gap=0.05, count=None):
        self.file = file
        self.count = count
        self.mean_gap = mean_gap
        if seed is None:
            # Unseeded: a fresh feed anchored at the present, shared by this process's clients.
            seed = random.SystemRandom().randrange(1 << 30)
            start = time.time() if start is None else start
        self.seed = seed
        self.start = 1711281600.0 if start is None else start  # 2024-03-24T12:00:00Z
        self.communes = None if file else load_communes()

    def describe(self):
        if self.file:
            return "replay file %s" % self.file
        return "generated events (seed %s%s)" % (
            self.seed,
            ", %d events" % self.count if self.count is not None else "",
        )

    def make(self):
        if self.file:
            events = self._read_file()
        else:
            events = RecentChangeGenerator(self.seed, self.start, self.mean_gap, self.communes)
        if self.count is None:
            return iter(events)
        return (event for _, event in zip(range(self.count), events))

    def _read_file(self):
        with open(self.file, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    yield json.loads(line)
