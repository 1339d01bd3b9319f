"""The lab typed into `spate pyspark --master local[4]` as into PySpark's shell (`spark`
predefined, expressions echoed): the snippets of lab_session.txt, with only the server's port
replaced by the test server's."""
import json
import subprocess

from spark_output import parse
from tp4_helpers import Servers, read_lines, spate_binary

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


def test_lab_snippets_in_the_interactive_shell():
    with open(__file__.replace("test_pyspark_shell.py", "lab_session.txt"), encoding="utf-8") as f:
        session = f.read()
    with Servers("--seed", "5", "--rate", "50", "--only", "iot") as servers, Servers(
        "--seed", "5", "--fast", "--only", "iot"
    ) as twin:
        expected = {
            json.loads(line)["Arrival_Time"]: json.loads(line)
            for line in read_lines(twin.ports["iot"], 5000)
        }
        result = subprocess.run(
            [spate_binary(), "pyspark", "--master", "local[4]"],
            input=session.replace('"9999"', '"%d"' % servers.ports["iot"]),
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "TZ": "UTC"},
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    out = parse(result.stdout)
    # The shell echoes the value of `tcp_stream.schema` and of `spark.streams.active`.
    assert any(
        line.endswith("StructType([StructField('value', StringType(), True)])")
        for line in out.lines
    )
    assert any(line.endswith("[]") for line in out.lines)
    shows = out.shows()
    assert len(shows) == 3
    for table in shows:
        assert table.header == IOT_HEADER
        for row in table.dicts():
            record = expected[int(row["Arrival_Time"])]
            assert row["Device"] == ("NULL" if record["Device"] is None else record["Device"])
    batches = out.batches()
    assert batches and all(b.header == ["error", "count"] for b in batches)
