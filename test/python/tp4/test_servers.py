"""The lab's servers (apps/tp4/servers): ports, message shapes of seed_apps.md §2, seeded
determinism, several clients at once, the Wikimedia relay (fallback, live path over SSE with
reconnection) and run.sh."""
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import datetime, timezone

import pytest

from tp4_helpers import DATA, SERVERS, Servers, generated_events, read_lines, unused_port

START = "2020-03-21T10:00:00Z"
START_NS = int(datetime(2020, 3, 21, 10, tzinfo=timezone.utc).timestamp()) * 10**9
IOT1_KEYS = [
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
IOT2_KEYS = [
    "Arrival_Time",
    "Creation_Time",
    "Device",
    "Index",
    "Model",
    "User",
    "bpm",
    "gt",
    "x",
    "y",
    "z",
]
ACTIVITIES = {"stand", "sit", "walk", "stairsdown", "unknown", "stairsup", "bike", "run"}


@pytest.fixture(scope="module")
def seeded():
    with Servers(
        "--seed",
        "7",
        "--fast",
        "--wiki-count",
        "400",
        "--wiki-mean-gap",
        "2",
        "--wiki-url",
        "http://127.0.0.1:%d/" % unused_port(),
    ) as servers:
        yield servers


def test_default_ports_are_the_labs():
    out = subprocess.run(
        [sys.executable, os.path.join(SERVERS, "tp4_servers.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name, port in [("iot", 9999), ("iot2", 10000), ("kaamelott", 10001), ("wikipedia", 10003)]:
        assert "%-10s %d" % (name, port) in out


def test_iot1_records(seeded):
    lines = read_lines(seeded.ports["iot"], 3000)
    records = [json.loads(line) for line in lines]
    index = 0
    errors = 0
    for k, (line, r) in enumerate(zip(lines, records)):
        assert list(r) == IOT1_KEYS  # sorted keys, as json.dumps(sort_keys=True) writes them
        assert line.startswith('{"Arrival_Time": ')  # the default ", " / ": " separators
        # The seeded virtual clock: one record every 100 ms; Arrival_Time went through a float.
        assert r["Arrival_Time"] == int(float(START_NS + k * 100_000_000))
        assert 0 <= START_NS + k * 100_000_000 - r["Creation_Time"] < 10**9
        if r["Device"] is None:
            errors += 1
            assert all(r[key] is None for key in IOT1_KEYS[2:])
            continue
        index += 1
        assert r["Index"] == index  # counts normal records only, from 1
        assert r["Device"] in ("nexus4_1", "nexus4_2") and r["Model"] == "nexus4"
        assert len(r["User"]) == 1 and "a" <= r["User"] <= "z"
        assert r["gt"] in ACTIVITIES
        assert -1 <= r["x"] <= 1 and -0.3 <= r["y"] <= 0.2 and 1 <= r["z"] <= 3
    # P(error) = 2/101: about 59 of 3000.
    assert 25 <= errors <= 100
    assert {r["gt"] for r in records if r["gt"]} == ACTIVITIES


def test_iot2_records(seeded):
    records = [json.loads(line) for line in read_lines(seeded.ports["iot2"], 2000)]
    errors = 0
    for r in records:
        assert r["gt"] is None and r["x"] is None and r["y"] is None and r["z"] is None
        if r["Device"] is None:
            errors += 1
            assert "bpm" not in r  # error records of server 2 have no bpm at all
            assert list(r) == [k for k in IOT2_KEYS if k != "bpm"]
            continue
        assert list(r) == IOT2_KEYS
        assert r["Device"] in {"smartWatchX%d" % i for i in range(1, 13)}
        assert r["Model"] == "smartWatch"
        assert 60 <= r["bpm"] <= 200 and isinstance(r["bpm"], int)
    assert 10 <= errors <= 80
    assert {r["bpm"] for r in records if "bpm" in r} >= {60, 200}


def test_seeded_clients_get_the_same_sequence_at_once(seeded):
    results = {}

    def client(i):
        results[i] = read_lines(seeded.ports["iot"], 500)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 3
    assert results[0] == results[1] == results[2]
    # Another process with the same seed sends the same records; another seed does not.
    with Servers("--seed", "7", "--fast", "--only", "iot") as same, Servers(
        "--seed", "8", "--fast", "--only", "iot"
    ) as other:
        assert read_lines(same.ports["iot"], 500) == results[0]
        assert read_lines(other.ports["iot"], 500) != results[0]


def test_limit_then_silence_without_closing():
    with Servers("--seed", "1", "--fast", "--limit", "25", "--only", "iot") as servers:
        with socket.create_connection(("127.0.0.1", servers.ports["iot"])) as s:
            s.settimeout(10)
            data = b""
            while data.count(b"\n") < 25:
                data += s.recv(65536)
            s.settimeout(0.3)
            with pytest.raises(socket.timeout):  # no more lines, and no end of stream
                s.recv(65536)
        assert len(data.decode().splitlines()) == 25


def test_unseeded_index_is_not_reset_between_clients():
    with Servers("--fast", "--only", "iot") as servers:
        first = [json.loads(line) for line in read_lines(servers.ports["iot"], 50)]
        second = [json.loads(line) for line in read_lines(servers.ports["iot"], 50)]
        indexes = [r["Index"] for r in first if r["Index"] is not None]
        assert indexes == list(range(1, len(indexes) + 1))
        later = [r["Index"] for r in second if r["Index"] is not None]
        assert later[0] > indexes[-1]


def test_kaamelott_sends_quote_json_then_silence(seeded):
    with open(os.path.join(DATA, "quote.json"), encoding="utf-8") as f:
        quotes = f.read().splitlines()
    assert len(quotes) == 328
    with socket.create_connection(("127.0.0.1", seeded.ports["kaamelott"])) as s:
        s.settimeout(10)
        data = b""
        while data.count(b"\n") < 328:
            data += s.recv(65536)
        s.settimeout(0.3)
        with pytest.raises(socket.timeout):
            s.recv(65536)
    assert data.decode("utf-8").splitlines() == quotes
    assert json.loads(quotes[1])["character"] == "Arthur "  # trailing space kept


def test_relay_falls_back_to_the_generated_replay(seeded):
    lines = read_lines(seeded.ports["wikipedia"], 400)
    log = seeded.log()
    assert (
        "live feed http://127.0.0.1:" in log and "FALLING BACK to generated events (seed 7" in log
    )
    # What the relay must send, recomputed from the generator's own output: each event's JSON
    # minus meta/revision/length, dumped by json.dumps with its defaults (ASCII escapes).
    expected = []
    for event in generated_events(7, 400, "2024-03-24T12:00:00Z", 2):
        for key in ("meta", "revision", "length"):
            event.pop(key, None)
        expected.append(json.dumps(event))
    assert lines == expected
    assert all(line.isascii() for line in lines)
    events = [json.loads(line) for line in lines]
    assert {"edit", "new", "log", "categorize"} == {e["type"] for e in events}
    assert all("meta" not in e and "revision" not in e and "length" not in e for e in events)
    assert {True, False} == {e["bot"] for e in events}
    assert len({e["wiki"] for e in events}) >= 15


def test_relay_falls_back_by_itself_when_the_host_does_not_resolve():
    # RFC 2606: .invalid never resolves, so this works offline and online alike.
    with Servers(
        "--seed",
        "3",
        "--fast",
        "--only",
        "wikipedia",
        "--wiki-count",
        "5",
        "--wiki-url",
        "https://stream.wikimedia.invalid/v2/stream/recentchange",
    ) as s:
        assert len(read_lines(s.ports["wikipedia"], 5)) == 5
        assert "FALLING BACK" in s.log()
        # A second client does not try the network again: the relay remembers the failure.
        assert len(read_lines(s.ports["wikipedia"], 5)) == 5
        assert s.log().count("FALLING BACK") == 1
        assert " s ago (" in s.log()


def test_relay_live_mode_reads_an_sse_feed_and_reconnects_with_last_event_id():
    # The SSE server ends every response after 60 events; the relay must resume each time after
    # the last event it saw, so its output equals the replay of the same events.
    with Servers(
        "--seed", "11", "--fast", "--only", "sse", "--wiki-mean-gap", "1", "--sse-close-every", "60"
    ) as feed:
        url = "http://127.0.0.1:%d/v2/stream/recentchange" % feed.ports["sse"]
        with Servers("--only", "wikipedia", "--wiki-source", "live", "--wiki-url", url) as relay:
            live = read_lines(relay.ports["wikipedia"], 200)
            assert "relaying the live feed " + url in relay.log()
            assert relay.log().count("reconnected") >= 3
    expected = []
    for event in generated_events(11, 200, "2024-03-24T12:00:00Z", 1):
        for key in ("meta", "revision", "length"):
            event.pop(key, None)
        expected.append(json.dumps(event))
    assert live == expected


def test_relay_live_mode_without_a_feed_drops_the_client():
    with Servers(
        "--only",
        "wikipedia",
        "--wiki-source",
        "live",
        "--wiki-url",
        "http://127.0.0.1:%d/" % unused_port(),
    ) as relay:
        with socket.create_connection(("127.0.0.1", relay.ports["wikipedia"])) as s:
            s.settimeout(20)
            assert s.recv(100) == b""  # closed without data
        assert relay.wait_for_log("unreachable")


def test_sse_server_frames_and_resume(seeded):
    import urllib.request

    base = "http://127.0.0.1:%d" % seeded.ports["sse"]
    with urllib.request.urlopen(base + "/v2/stream/recentchange", timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/event-stream")
        lines = [r.readline().decode() for _ in range(2 + 4 * 3)]
    assert lines[:2] == [":ok\n", "\n"]
    frames = [lines[i : i + 4] for i in range(2, len(lines), 4)]
    events = []
    for event_line, id_line, data_line, blank in frames:
        assert event_line == "event: message\n" and blank == "\n"
        event = json.loads(data_line[len("data: ") :])
        offset = event["meta"]["offset"]
        assert id_line == (
            'id: [{"topic":"eqiad.mediawiki.recentchange","partition":0,'
            '"offset":%d},{"topic":"codfw.mediawiki.recentchange","partition":0,'
            '"offset":-1}]\n' % offset
        )
        events.append(event)
    # Last-Event-ID resumes after that event.
    request = urllib.request.Request(
        base + "/v2/stream/recentchange", headers={"Last-Event-ID": frames[0][1][4:].strip()}
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        resumed = [r.readline().decode() for _ in range(2 + 4)]
    assert json.loads(resumed[4][len("data: ") :]) == events[1]
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(base + "/v2/stream/other", timeout=10)
    assert error.value.code == 404


def test_replay_file_option(tmp_path):
    events = generated_events(5, 3, "2024-03-24T12:00:00Z", 1)
    path = tmp_path / "rc.jsonl"
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8"
    )
    with Servers(
        "--only", "wikipedia", "--wiki-source", "replay", "--replay-file", str(path), "--fast"
    ) as relay:
        lines = read_lines(relay.ports["wikipedia"], 3)
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in events]


def test_run_sh_start_status_stop(tmp_path):
    env = dict(os.environ, TP4_RUN_DIR=str(tmp_path))
    run = os.path.join(SERVERS, "run.sh")
    started = subprocess.run(
        [
            run,
            "start",
            "--seed",
            "2",
            "--ports",
            "iot=0,iot2=0,kaamelott=0,wikipedia=0,sse=0",
            "--quiet",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        assert started.returncode == 0, started.stderr
        ports = json.loads((tmp_path / "ports.json").read_text())
        assert set(ports) == {"iot", "iot2", "kaamelott", "wikipedia", "sse"}
        assert subprocess.run([run, "status"], env=env).returncode == 0
        assert len(read_lines(ports["iot2"], 3)) == 3
        again = subprocess.run([run, "start"], env=env, capture_output=True, text=True)
        assert again.returncode != 0 and "already running" in again.stdout
    finally:
        stopped = subprocess.run([run, "stop"], env=env, capture_output=True, text=True)
    assert "stopped" in stopped.stdout
    assert subprocess.run([run, "status"], env=env, capture_output=True).returncode == 3
