"""Every step of the TP4 lab (apps/tp4/solutions/lab) run with `spate run` against the seeded
servers on free ports. What each script prints is parsed as Spark prints it and checked against
values recomputed here, in plain Python, from the servers' own output (a twin server with the
same seed, read directly): a query that read the first M records of a server must print the
aggregate of exactly those M records, in Spark's formats.
"""
import csv
import json
import math
import os
from collections import Counter
from datetime import datetime, timezone

import pytest

from spark_output import parse
from tp4_helpers import DATA, SOLUTIONS, Servers, read_lines, run_scripts

SEED = "2020"
LAB = os.path.join(SOLUTIONS, "lab")
STEPS = sorted(f for f in os.listdir(LAB) if f.startswith("step") and f.endswith(".py"))
IOT_HEADER = [
    "Arrival_Time",
    "Creation_Time",
    "Device",
    "Index",
    "Model",
    "User",
    "gt",
    "x",
    "y",
    "z",
]
PARTITIONS = 4  # local[4]: the socket source deals lines round-robin to 4 partitions


@pytest.fixture(scope="module")
def lab():
    with Servers(
        "--seed", SEED, "--rate", "50", "--only", "iot,iot2,kaamelott"
    ) as servers, Servers("--seed", SEED, "--fast", "--only", "iot,iot2") as twin:
        iot1 = read_lines(twin.ports["iot"], 12000)
        iot2 = read_lines(twin.ports["iot2"], 12000)
        env = {
            "TP4_IOT_PORT": str(servers.ports["iot"]),
            "TP4_IOT2_PORT": str(servers.ports["iot2"]),
            "TP4_KAAMELOTT_PORT": str(servers.ports["kaamelott"]),
            "TP4_KAAMELOTT_SECONDS": "15",
            "TP4_DATA_DIR": DATA,
        }
        results = run_scripts([os.path.join(LAB, s) for s in STEPS], env, parallel=6)
    yield {
        "results": {os.path.basename(k): v for k, v in results.items()},
        "iot1": iot1,
        "iot2": iot2,
        "records1": [json.loads(line) for line in iot1],
        "records2": [json.loads(line) for line in iot2],
    }


def output(lab, step):
    result = lab["results"][step]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return parse(result.stdout)


# --- Spark's cell formats ----------------------------------------------------------------------
def truncated(cell):
    return len(cell) == 20 and cell.endswith("...")


def truncated_value(cell, value):
    """The number a cell cut to 17 characters + "..." starts with, on the scale of `value`: Java
    writes |v| < 1e-3 and |v| >= 1e7 as d.dddE-n, and the cut may drop the exponent."""
    shown = float(cell[:-3])
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e7) and "E" not in cell:
        shown *= 10 ** math.floor(math.log10(abs(value)))
    return shown


def check_cell(cell, value):
    if value is None:
        assert cell == "NULL"
    elif isinstance(value, bool):
        assert cell == ("true" if value else "false")
    elif isinstance(value, int):
        assert cell == str(value)
    elif isinstance(value, float):
        if truncated(cell):
            assert abs(truncated_value(cell, value) - value) < 1e-12, (cell, value)
        else:
            assert float(cell) == value, (cell, value)
    elif truncated(cell):
        assert value.startswith(cell[:-3]), (cell, value)
    else:
        assert cell == value, (cell, value)


def check_round_robin(positions):
    """Spark's socket source deals a batch's lines round-robin to its partitions and a batch is
    shown partition by partition: first, first+4, first+8, …, first+1, first+5, …"""
    first = positions[0]
    assert first == min(positions)
    partition, previous = 0, first
    for p in positions[1:]:
        if p != previous + PARTITIONS:
            partition += 1
            assert p == first + partition, positions
        previous = p


def check_batches_cover_the_sequence(batches, position_of):
    """Batch after batch, the rows shown are the next lines of the server's sequence."""
    assert [b.batch for b in batches] == list(range(len(batches)))
    previous_max, next_expected, started = -1, None, False
    for b in batches:
        if not b.rows:
            continue
        positions = [position_of(row) for row in b.rows]
        assert min(positions) > previous_max
        if not started:
            assert positions[0] == 0  # the connection receives the sequence from its start
            started = True
        if next_expected is not None:
            assert positions[0] == next_expected
        check_round_robin(positions)
        if b.more is None:  # every row shown: the batch is exactly a range of lines
            assert sorted(positions) == list(range(positions[0], positions[0] + len(positions)))
            next_expected = positions[0] + len(positions)
        else:
            assert len(b.rows) == b.more == 20
            next_expected = None
        previous_max = max(positions)
    assert started, "no batch with data"


def normal(records):
    return [r for r in records if r["Device"] is not None]


def prefix_by_total(records, total, weight=lambda r: 1):
    """The shortest prefix of `records` whose weights sum to `total` (it must exist)."""
    running = 0
    for k, r in enumerate(records):
        if running == total:
            return records[:k]
        running += weight(r)
    assert running == total, "no prefix sums to %d" % total
    return records


def table_counts(table, key, value="count"):
    return {row[key]: int(row[value]) for row in table.dicts()}


# --- §2 steps ---------------------------------------------------------------------------------
def test_step01_raw_socket_to_console(lab):
    out = output(lab, "step01_raw_socket_console.py")
    position = {line: i for i, line in enumerate(lab["iot1"])}
    batches = out.batches()
    assert all(b.header == ["value"] for b in batches)
    check_batches_cover_the_sequence(batches, lambda row: position[row[0]])
    # tcp_stream.schema, as PySpark 3.5 shows a StructType
    assert "StructType([StructField('value', StringType(), True)])" in out.lines


def test_step02_parsed_stream_to_console(lab):
    out = output(lab, "step02_parsed_console.py")
    records = lab["records1"]
    position = {str(r["Arrival_Time"]): i for i, r in enumerate(records)}
    batches = out.batches()
    assert all(b.header == IOT_HEADER for b in batches)
    check_batches_cover_the_sequence(batches, lambda row: position[row[0]])
    for b in batches:
        for row in b.dicts():
            record = records[position[row["Arrival_Time"]]]
            for key in IOT_HEADER:
                check_cell(row[key], record[key])
    assert any(b.rows and b.rows[0][2] for b in batches)
    assert (
        "StructType([StructField('Arrival_Time', LongType(), True), "
        "StructField('Creation_Time', LongType(), True), "
        "StructField('Device', StringType(), True), StructField('Index', LongType(), True), "
        "StructField('Model', StringType(), True), StructField('User', StringType(), True), "
        "StructField('gt', StringType(), True), StructField('x', DoubleType(), True), "
        "StructField('y', DoubleType(), True), StructField('z', DoubleType(), True)])" in out.lines
    )


def test_step03_memory_sink_polled_with_sql(lab):
    out = output(lab, "step03_memory_sink.py")
    records = lab["records1"]
    position = {str(r["Arrival_Time"]): i for i, r in enumerate(records)}
    shows = out.shows()
    assert len(shows) == 10
    assert any(s.rows for s in shows)
    for s in shows:
        assert s.header == IOT_HEADER
        assert len(s.rows) <= 20 and (s.more is None or s.more == 20)
        positions = [position[row[0]] for row in s.rows]
        assert len(set(positions)) == len(positions)
        if positions:
            assert positions[0] == 0
        for row in s.dicts():
            for key in IOT_HEADER:
                check_cell(row[key], records[position[row["Arrival_Time"]]][key])


def test_step04_error_count_then_filtered(lab):
    out = output(lab, "step04_error_count.py")
    records = lab["records1"]
    totals = []
    batches = out.batches()
    assert batches and all(b.header == ["error", "count"] for b in batches)
    for b in batches:
        counts = table_counts(b, "error")
        assert set(counts) <= {"true", "false"}
        total = sum(counts.values())
        errors = sum(1 for r in records[:total] if r["Device"] is None)
        assert counts.get("true", 0) == errors
        assert counts.get("false", 0) == total - errors
        totals.append(total)
    assert totals == sorted(totals) and totals[-1] > 0
    filtered = out.batches('after na.drop("any")')
    assert filtered and all(b.header == ["error", "count"] for b in filtered)
    assert all(set(table_counts(b, "error")) <= {"false"} for b in filtered)
    assert any(b.rows for b in filtered)


def test_step05_activity_counts_complete_then_update(lab):
    out = output(lab, "step05_activity_count.py")
    records = normal(lab["records1"])
    shows = out.shows()
    assert len(shows) == 10
    assert any(s.rows for s in shows)
    for s in shows:
        assert s.header == ["gt", "count"]
        counts = table_counts(s, "gt")
        assert counts == Counter(r["gt"] for r in records[: sum(counts.values())])
    updates = out.batches("update mode")
    assert updates
    state = {}
    for b in updates:
        assert b.header == ["gt", "count"]
        state.update(table_counts(b, "gt"))
        assert state == Counter(r["gt"] for r in records[: sum(state.values())])
    assert state


def test_step06_stairs_activity(lab):
    out = output(lab, "step06_stairs_activity.py")
    records = lab["records1"]
    by_arrival = {str(r["Arrival_Time"]): r for r in records}
    shows = out.shows()
    assert len(shows) == 5 and any(s.rows for s in shows)
    for s in shows:
        # select("gt", "model", "arrival_time", "creation_time") resolves case-insensitively and
        # keeps the columns' own names.
        assert s.header == ["gt", "Model", "Arrival_Time", "Creation_Time"]
        for row in s.dicts():
            record = by_arrival[row["Arrival_Time"]]
            assert "stairs" in record["gt"]
            for key in s.header:
                check_cell(row[key], record[key])


def test_step07_cube_averages(lab):
    out = output(lab, "step07_cube_stats.py")
    records = normal(lab["records1"])
    shows = [s for s in out.shows() if s.rows]
    assert shows
    for s in shows:
        assert s.header == ["gt", "Model", "avg(x)", "avg(y)", "avg(z)"]
        rows = {(row["gt"], row["Model"]): row for row in s.dicts()}
        total = rows[("NULL", "NULL")]
        # Which prefix did the query average? The one whose overall mean of x matches (the
        # mean of x is about 0.15: its cell is never cut).
        shown_mean = float(total["avg(x)"])
        running, best = 0.0, []
        for n, r in enumerate(records, 1):
            running += r["x"]
            best.append((abs(running / n - shown_mean), n))
        k = min(best)[1]
        prefix = records[:k]
        groups = {}
        for r in prefix:
            for key in [
                (r["gt"], r["Model"]),
                (r["gt"], "NULL"),
                ("NULL", r["Model"]),
                ("NULL", "NULL"),
            ]:
                groups.setdefault(key, []).append(r)
        assert set(rows) == set(groups)
        for key, members in groups.items():
            for axis in "xyz":
                expected = sum(r[axis] for r in members) / len(members)
                cell = rows[key]["avg(%s)" % axis]
                value = truncated_value(cell, expected) if truncated(cell) else float(cell)
                assert abs(value - expected) < 1e-12, (key, axis, cell, expected)


def event_time_micros(record):
    # cast(cast(Creation_Time as double)/1000000000 as timestamp): double seconds, then
    # (seconds * 1e6).toLong microseconds.
    return int(float(record["Creation_Time"]) / 1000000000 * 1000000)


def format_timestamp(micros):
    text = datetime.fromtimestamp(micros // 1_000_000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    if micros % 1_000_000:
        text += (".%06d" % (micros % 1_000_000)).rstrip("0")
    return text


def window_counts(records, size_s, slide_s):
    counts = Counter()
    for r in records:
        t = event_time_micros(r)
        start = t - t % (slide_s * 1_000_000)
        while start > t - size_s * 1_000_000:
            counts[
                "{%s, %s}" % (format_timestamp(start), format_timestamp(start + size_s * 1_000_000))
            ] += 1
            start -= slide_s * 1_000_000
    return counts


def test_step08_event_time_windows(lab):
    out = output(lab, "step08_event_time_windows.py")
    records = normal(lab["records1"])
    for phase, size, slide in [("", 5, 5), ("sliding windows", 10, 5)]:
        shows = out.shows(phase)
        assert len(shows) == 20 and any(s.rows for s in shows)
        for s in shows:
            assert s.header == ["window", "count"]
            counts = table_counts(s, "window")
            windows_per_record = size // slide
            prefix = records[: sum(counts.values()) // windows_per_record]
            expected = window_counts(prefix, size, slide)
            if s.more is None:
                assert counts == expected
            else:  # show(50, False) shows 50 of the windows
                assert len(counts) == 50 and counts.items() <= expected.items()


def users():
    with open(os.path.join(DATA, "données utilisateurs.csv"), encoding="utf-8") as f:
        return {row["User"]: row for row in csv.DictReader(f, delimiter=";")}


def test_step09_stream_static_joins(lab):
    out = output(lab, "step09_static_join.py")
    records = normal(lab["records1"])
    people = users()
    shows = out.shows()
    assert len(shows) == 10 and any(s.rows for s in shows)
    known = {(r["User"], r["Device"], r["Model"], r["gt"]) for r in records}
    for s in shows:
        assert s.header == ["User", "Device", "Model", "gt", "FirstName", "LastName"]
        for row in s.dicts():
            assert (row["User"], row["Device"], row["Model"], row["gt"]) in known
            assert (row["FirstName"], row["LastName"]) == (
                people[row["User"]]["FirstName"],
                people[row["User"]]["LastName"],
            )
    for phase, header in [
        ("join then aggregate", ["User", "FirstName", "LastName", "count"]),
        ("aggregate then join", ["User", "count", "FirstName", "LastName"]),
    ]:
        shows = out.shows(phase)
        assert len(shows) == 5 and any(s.rows for s in shows)
        for s in shows:
            assert s.header == header
            counts = table_counts(s, "User")
            prefix = records[: sum(counts.values())]
            assert counts == Counter(r["User"] for r in prefix)
            for row in s.dicts():
                assert row["FirstName"] == people[row["User"]]["FirstName"]
                assert row["LastName"] == people[row["User"]]["LastName"]


def test_step10_stream_stream_join(lab):
    out = output(lab, "step10_stream_stream_join.py")
    left = {str(r["Arrival_Time"]): r for r in normal(lab["records1"])}
    right = {str(r["Arrival_Time"]): r for r in normal(lab["records2"])}
    batches = out.batches()
    assert batches
    left_keys = ["Arrival_Time", "Creation_Time", "Device", "Index", "Model", "gt", "x", "y", "z"]
    right_keys = ["Arrival_Time", "Creation_Time", "Device", "Index", "Model", "bpm"]
    pairs = set()
    for b in batches:
        # join(…, "User"): the key once, then the left columns, then the right ones.
        assert b.header == ["User"] + left_keys + right_keys
        for row in b.rows:
            l = left[row[1]]
            r = right[row[1 + len(left_keys)]]
            assert row[0] == l["User"] == r["User"]
            for cell, key in zip(row[1:], left_keys):
                check_cell(cell, l[key])
            for cell, key in zip(row[1 + len(left_keys) :], right_keys):
                check_cell(cell, r[key])
            pair = (row[1], row[1 + len(left_keys)])
            assert pair not in pairs  # an inner join emits each matching pair once
            pairs.add(pair)
    assert pairs


def test_step11_kaamelott_word_count(lab):
    out = output(lab, "step11_kaamelott_word_count.py")
    with open(os.path.join(DATA, "quote.json"), encoding="utf-8") as f:
        quotes = [json.loads(line) for line in f]
    batches = out.batches()
    assert batches and any(b.rows for b in batches)
    for b in batches:
        assert b.header == ["character", "count"]
        counts = table_counts(b, "character")
        # split(quote, ' ') keeps empty strings between double spaces, as Python's split(' ').
        prefix = prefix_by_total(quotes, sum(counts.values()), lambda q: len(q["quote"].split(" ")))
        expected = Counter()
        for q in prefix:
            expected[q["character"].strip()] += len(q["quote"].split(" "))
        assert counts == expected
