"""The producers' command line: options, fast-forward runs with a record, resuming, pacing."""
import json
import math
import os
import subprocess
import sys
import threading

import pytest

from producers import cli, expected, schemas
from producers.runner import Pacer

APP = os.path.join(os.path.dirname(__file__), "..", "..", "..", "apps", "crypto_viz")
LIGHT = ["--ticker-interval", "20", "--trade-rate", "1", "--article-rate", "20", "--quiet"]


def produce(*args):
    return subprocess.run([sys.executable, "-m", "producers", *args], cwd=APP,
                          capture_output=True, text=True, timeout=120)


def test_durations_and_times():
    assert cli.parse_duration_ms("4h") == 4 * 3600000
    assert cli.parse_duration_ms("1h30m") == 5400000
    assert cli.parse_duration_ms("45s") == 45000
    assert cli.parse_duration_ms("250ms") == 250
    assert cli.parse_duration_ms("2.5") == 2500
    for bad in ("", "4x", "h", "1h 2m", "-"):
        with pytest.raises(Exception):
            cli.parse_duration_ms(bad)
    now = 1705276800000
    assert cli.parse_time_ms("now", now) == now
    assert cli.parse_time_ms("now-2h", now) == now - 7200000
    assert cli.parse_time_ms("2024-01-15T00:00:00Z", now) == 1705276800000
    assert cli.parse_time_ms("2024-01-15T01:00:00+01:00", now) == 1705276800000
    assert cli.parse_time_ms("1705276800.5", now) == 1705276800500
    with pytest.raises(Exception):
        cli.parse_time_ms("yesterday", now)
    assert cli.parse_speed("max") == math.inf and cli.parse_speed("60") == 60
    with pytest.raises(Exception):
        cli.parse_speed("0")


def test_fast_forward_record_is_deterministic_and_complete(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    r = produce("--fast-forward", "2h", "--record", str(a), *LIGHT[:-1])
    assert r.returncode == 0, r.stderr
    assert "fast-forward 2 h from 2024-01-15T00:00:00.000Z, seed 42" in r.stderr
    assert produce("--fast-forward", "2h", "--record", str(b), *LIGHT).returncode == 0
    for topic in schemas.TOPICS:
        assert (a / f"{topic}.jsonl").read_bytes() == (b / f"{topic}.jsonl").read_bytes()
    msgs = expected.load(str(a))
    # The summary line counts what was recorded.
    for topic in schemas.TOPICS:
        assert f"{topic} {len(msgs[topic])}" in r.stderr
    for topic, values in msgs.items():
        for v in values:
            schemas.validate(topic, v)
    times = [t["timestamp"] for t in msgs["rawticker"]]
    assert min(times) >= 1705276800 and max(times) < 1705276800 + 7200
    assert len(msgs["rawarticle"]) > 20 and len(msgs["rawticker"]) > 2000


def test_start_seed_and_single_generators(tmp_path):
    r = produce("--fast-forward", "10m", "--start", "2024-03-01T12:00:00Z", "--seed", "9",
                "--record", str(tmp_path / "m"), "--no-news", *LIGHT)
    assert r.returncode == 0, r.stderr
    msgs = expected.load(str(tmp_path / "m"))
    assert msgs["rawarticle"] == [] and msgs["rawtrade"]
    assert msgs["rawtrade"][0]["timestamp"] >= 1709294400
    r = subprocess.run([sys.executable, "-m", "producers.news", "--fast-forward", "2h",
                        "--record", str(tmp_path / "n"), "--quiet"], cwd=APP, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    msgs = expected.load(str(tmp_path / "n"))
    assert msgs["rawticker"] == [] and msgs["rawarticle"]


def test_state_file_resumes_after_the_last_event(tmp_path):
    state, rec = tmp_path / "state.json", tmp_path / "rec"
    for _ in range(2):
        r = produce("--fast-forward", "30m", "--record", str(rec), "--state", str(state), *LIGHT)
        assert r.returncode == 0, r.stderr
    msgs = expected.load(str(rec))
    times = [m["timestamp"] for m in msgs["rawticker"]]
    # The second run continued after the first one: one hour of strictly later event times.
    assert times == sorted(times) and len(set(times)) == len(times)
    assert max(times) - min(times) > 3000
    saved = json.loads(state.read_text())
    every = times + [t["timestamp"] for t in msgs["rawtrade"]] + [
        a["scraped_at"] for a in msgs["rawarticle"]]
    assert saved["event_ms"] == max(round(t * 1000) for t in every)
    urls = [a["url"] for a in msgs["rawarticle"]]
    assert len(set(urls)) == len(urls)


def test_usage_errors():
    assert produce("--fast-forward", "1h").returncode == 2  # no output
    r = produce("--live", "--fast-forward", "1h", "--stdout")
    assert r.returncode == 2 and "--live" in r.stderr
    r = produce("--fast-forward", "1h", "--stdout", "--pairs", "DOGE/EUR")
    assert r.returncode == 2 and "unknown pairs" in r.stderr
    assert produce("--fast-forward", "soon", "--stdout").returncode == 2


def test_stdout_into_a_closed_pipe_is_quiet():
    p = subprocess.Popen(f"'{sys.executable}' -m producers --fast-forward 1h --stdout --quiet "
                         "| head -1", shell=True, cwd=APP, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    assert out.startswith("rawtrade\t") and "Traceback" not in err


def test_pacer():
    clock = [1000.0]
    fast = Pacer(start_ms=0, speed=60.0, now=lambda: clock[0])
    assert fast.due(60000) == 1001.0  # one event-time minute per wall second
    capped = Pacer(start_ms=0, speed=math.inf, realtime_cap=True, now=lambda: clock[0])
    # A backfill runs unthrottled, but never past the wall clock.
    assert capped.due(500000) == 500.0 and capped.due(2000000) == 2000.0
    stop = threading.Event()
    assert capped.wait(999000, stop)
    stop.set()
    assert not Pacer(start_ms=0, now=lambda: clock[0]).wait(5000000, stop)


def test_real_time_with_backfill_stops_cleanly_on_sigint(tmp_path):
    import signal
    import time
    rec, state = tmp_path / "rec", tmp_path / "state.json"
    p = subprocess.Popen([sys.executable, "-m", "producers", "--backfill", "10m", "--record",
                          str(rec), "--state", str(state), "--ticker-interval", "1",
                          "--trade-rate", "5"], cwd=APP, stderr=subprocess.PIPE, text=True)
    # The ten minutes of history are written at once; then messages follow the wall clock.
    deadline = time.time() + 30
    while time.time() < deadline and not state.exists():
        time.sleep(0.1)
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert "real time from" in err and "sent rawticker" in err
    times = [t["timestamp"] for t in expected.load(str(rec))["rawticker"]]
    now = time.time()
    assert now - 660 < min(times) < now - 590     # history starts ten minutes back
    assert max(times) <= now                        # and never runs ahead of the clock
    assert max(times) > now - 30
    assert json.loads(state.read_text())["event_ms"] >= round(max(times) * 1000)
