"""The Kafka output against librdkafka's Kafka-protocol mock broker (the same code the embedded
broker uses), and the live Kraken mode against a local WebSocket server speaking Kraken's v1
frames."""
import base64
import hashlib
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

from producers import schemas
from producers.kraken_live import KrakenTranslator, LiveUnavailable, run_live, subscribe_messages
from producers.market import MarketSimulator, flatten
from producers.sinks import KafkaSink

ck = pytest.importorskip("confluent_kafka")
APP = os.path.join(os.path.dirname(__file__), "..", "..", "..", "apps", "crypto_viz")


@pytest.fixture(scope="module")
def broker():
    holder = ck.Producer({"test.mock.num.brokers": 1, "log_level": 0})
    md = holder.list_topics(timeout=10)
    yield ",".join(f"{b.host}:{b.port}" for b in md.brokers.values())
    del holder


def consume_all(bootstrap, topic, n, timeout=30):
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": "test", "log_level": 0,
                     "enable.auto.commit": False})
    parts = c.list_topics(topic, timeout=10).topics[topic].partitions
    c.assign([ck.TopicPartition(topic, p, 0) for p in parts])
    out, deadline = [], time.time() + timeout
    while len(out) < n and time.time() < deadline:
        m = c.poll(0.2)
        if m is not None and not m.error():
            out.append(m)
    c.close()
    return out


def test_kafka_sink_delivers_keyed_json_with_event_time(broker):
    sim = MarketSimulator(seed=1, start_ms=1705276800000, ticker_interval_s=1, trade_rate=10)
    msgs = [m for _, m in zip(range(300), flatten(sim))]
    sink = KafkaSink(broker)
    for m in msgs:
        sink.send(m)
    sink.close()
    sent = {t: [m for m in msgs if m.topic == t] for t in (schemas.TOPIC_TICKER,
                                                          schemas.TOPIC_TRADE)}
    for topic, expected in sent.items():
        got = consume_all(broker, topic, len(expected))
        assert len(got) == len(expected)
        # Keyed by pair: one pair's messages stay in one partition, in order.
        by_pair = {}
        for m in got:
            by_pair.setdefault(m.key().decode(), set()).add(m.partition())
            v = json.loads(m.value())
            assert v["pair"] == m.key().decode()
            assert m.timestamp()[1] == round(v["timestamp"] * 1000)
        assert all(len(p) == 1 for p in by_pair.values())
        assert sorted(m.value() for m in got) == sorted(m.encoded().encode() for m in expected)


def test_producer_cli_to_kafka(broker):
    r = subprocess.run([sys.executable, "-m", "producers", "--fast-forward", "20m",
                        "--no-market", "--article-rate", "60", "--bootstrap", broker],
                       cwd=APP, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    n = int(re.search(r"rawarticle (\d+)", r.stderr).group(1))
    got = consume_all(broker, "rawarticle", n)
    assert len(got) == n and n > 5
    for m in got:
        v = json.loads(m.value())
        schemas.validate("rawarticle", v)
        assert m.key().decode() == v["website"]


def test_kafka_sink_reports_undeliverable_messages():
    sink = KafkaSink("127.0.0.1:1", extra_config={"message.timeout.ms": 500, "log_level": 0})
    sim = MarketSimulator(seed=1, start_ms=0)
    sink.send(next(flatten(sim)))
    with pytest.raises(RuntimeError, match="delivery failed"):
        sink.flush(timeout=10)


# -- live mode ---------------------------------------------------------------------------------

TICKER = [340, {"a": ["97001.10000", 1, "1.000"], "b": ["97000.90000", 2, "2.000"],
                "c": ["97001.00000", "0.01"], "v": ["120.5", "2500.25"]}, "ticker", "XBT/USD"]
TICKER2 = [340, {"a": ["97501.10000", 1, "1.000"], "b": ["97500.90000", 2, "2.000"],
                 "c": ["97500.00000", "0.01"], "v": ["121.5", "2501.25"]}, "ticker", "XBT/USD"]
TRADES = [337, [["3120.41000", "0.50000000", "1705312345.678901", "b", "l", ""],
                ["3120.40000", "0.25000000", "1705312345.700000", "s", "m", ""]],
          "trade", "ETH/USD"]


def test_translator_maps_kraken_frames():
    clock = iter([1705312345000, 1705312346000])
    tr = KrakenTranslator(now_ms=lambda: next(clock))
    assert tr.translate({"event": "heartbeat"}) == []
    assert tr.translate({"event": "systemStatus", "status": "online"}) == []
    first = tr.translate(TICKER)
    assert [m.value for m in first] == [{
        "pair": "XBT/USD", "last": 97001.0, "bid": 97000.9, "ask": 97001.1,
        "volume_24h": 2500.25, "timestamp": 1705312345.0, "pct_change": None}]
    second = tr.translate(TICKER2)  # +0.51 %: a ticker and an alert
    assert second[0].value["pct_change"] == 0.51
    assert second[1].topic == "rawalert" and second[1].value == {
        "pair": "XBT/USD", "type": "price_spike", "last": 97500.0, "change": 0.51,
        "threshold": 0.5, "timestamp": 1705312346.0}
    trades = tr.translate(TRADES)
    assert [m.value for m in trades] == [
        {"pair": "ETH/USD", "price": 3120.41, "volume": 0.5, "timestamp": 1705312345.678901,
         "side": "b"},
        {"pair": "ETH/USD", "price": 3120.4, "volume": 0.25, "timestamp": 1705312345.7,
         "side": "s"}]
    for m in first + second + trades:
        schemas.validate(m.topic, m.value)
    tr.translate({"event": "subscriptionStatus", "status": "error", "pair": "MATIC/USD",
                  "errorMessage": "Currency pair not supported MATIC/USD"})
    assert tr.warnings == ["Kraken refused MATIC/USD: Currency pair not supported MATIC/USD"]


def _ws_frame(text):
    data = text.encode()
    n = len(data)
    head = bytes([0x81]) + (bytes([n]) if n < 126 else bytes([126]) + struct.pack(">H", n))
    return head + data


def _read_client_frame(conn):
    head = conn.recv(2)
    n = head[1] & 0x7F
    if n == 126:
        n = struct.unpack(">H", conn.recv(2))[0]
    mask = conn.recv(4)
    data = b""
    while len(data) < n:
        data += conn.recv(n - len(data))
    return bytes(b ^ mask[i % 4] for i, b in enumerate(data)).decode()


def fake_kraken(frames):
    """A one-connection WebSocket server that records the subscriptions and sends frames."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    received = []

    def serve():
        conn, _ = srv.accept()
        req = b""
        while b"\r\n\r\n" not in req:
            req += conn.recv(4096)
        key = re.search(rb"Sec-WebSocket-Key: (\S+)", req, re.I).group(1)
        accept = base64.b64encode(hashlib.sha1(
            key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
        conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        received.extend(_read_client_frame(conn) for _ in range(2))
        for f in frames:
            conn.sendall(_ws_frame(json.dumps(f)))
        time.sleep(2)
        conn.close()
        srv.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"ws://127.0.0.1:{srv.getsockname()[1]}", received


def test_live_mode_reads_a_websocket():
    url, received = fake_kraken([{"event": "systemStatus", "status": "online"}, TICKER, TRADES])
    got, stop = [], threading.Event()

    def send(m):
        got.append(m)
        if len(got) == 3:
            stop.set()
    run_live(["XBT/USD", "ETH/USD"], send, stop, url=url)
    assert received == subscribe_messages(["XBT/USD", "ETH/USD"])
    assert json.loads(received[0]) == {"event": "subscribe", "pair": ["XBT/USD", "ETH/USD"],
                                       "subscription": {"name": "ticker"}}
    assert [m.topic for m in got] == ["rawticker", "rawtrade", "rawtrade"]


def test_live_mode_fails_clearly_without_a_network():
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    url = f"ws://127.0.0.1:{port.getsockname()[1]}"
    port.close()  # nothing listens there
    with pytest.raises(LiveUnavailable, match="cannot connect to ws://127.0.0.1"):
        run_live(["XBT/USD"], lambda m: None, threading.Event(), url=url)
    r = subprocess.run([sys.executable, "-m", "producers", "--live", "--live-url", url,
                        "--no-news", "--stdout"], cwd=APP, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2
    assert "live mode: cannot connect to" in r.stderr
    assert "run without --live to use the market simulator" in r.stderr
