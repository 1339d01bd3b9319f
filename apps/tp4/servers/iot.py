"""The IoT records of the lab's servers 1 (port 9999) and 2 (port 10000), as seed_apps.md §2.1-2.2
describes them: sorted-key JSON, nanosecond timestamps, ~2% error records (randint(0, 100) < 99
is normal), triangular accelerations (server 1) or a heart rate (server 2)."""
import itertools
import json
import random
import threading
import time

ACTIVITIES = ["stand", "sit", "walk", "stairsdown", "unknown", "stairsup", "bike", "run"]
USERS = "abcdefghijklmnopqrstuvwxyz"
# Seeded records are 100 ms apart on a virtual clock, whatever the sending rate.
SEEDED_STEP_NS = 100_000_000


class _SharedCounter:
    """The lab's Index: one counter per server process, not reset between clients."""

    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            self.value += 1
            return self.value


def iot_records(kind, seed=None, start_ns=None, counter=None):
    """An endless iterator of dicts for server `kind` (1 or 2).

    Seeded: the same records for every call (every client), timestamps from `start_ns` in steps
    of 100 ms, Index from 1. Unseeded: random records stamped with the wall clock, Index from
    `counter` (shared by the clients of a server, as in the lab)."""
    rng = random.Random("tp4-iot%d:%s" % (kind, seed)) if seed is not None else random.Random()
    if seed is not None:
        counter = itertools.count(1)
        next_index = counter.__next__
    else:
        next_index = (counter or _SharedCounter()).next
    for k in itertools.count():
        if seed is not None:
            now_ns = start_ns + k * SEEDED_STEP_NS
        else:
            now_ns = time.time_ns()
        arrival = int(float(now_ns))  # the lab computes it from a float: ~256 ns granularity
        creation = now_ns - rng.randint(0, 999_999_999)
        normal = rng.randint(0, 100) < 99
        record = {"Arrival_Time": arrival, "Creation_Time": creation}
        if kind == 1:
            if normal:
                record.update(
                    {
                        "Device": rng.choice(["nexus4_1", "nexus4_2"]),
                        "Index": next_index(),
                        "Model": "nexus4",
                        "User": rng.choice(USERS),
                        "gt": rng.choice(ACTIVITIES),
                        "x": rng.triangular(-1, 1, 0.5),
                        "y": rng.triangular(-0.3, 0.2, 0),
                        "z": rng.triangular(1, 3, 1.1),
                    }
                )
            else:
                record.update(
                    {key: None for key in ("Device", "Index", "Model", "User", "gt", "x", "y", "z")}
                )
        else:
            if normal:
                record.update(
                    {
                        "Device": "smartWatchX%d" % rng.randint(1, 12),
                        "Index": next_index(),
                        "Model": "smartWatch",
                        "User": rng.choice(USERS),
                        "bpm": rng.randint(60, 200),
                    }
                )
            else:
                # Error records of server 2 have no bpm key at all.
                record.update({"Device": None, "Index": None, "Model": None, "User": None})
            # Never filled by the lab's Reccord2, so always null.
            record.update({"gt": None, "x": None, "y": None, "z": None})
        yield record


def iot_lines(kind, seed=None, start_ns=None, counter=None):
    """The records as the lab's servers send them: json.dumps(sort_keys=True) + newline."""
    for record in iot_records(kind, seed, start_ns, counter):
        yield json.dumps(record, sort_keys=True) + "\n"


def shared_counter():
    return _SharedCounter()
