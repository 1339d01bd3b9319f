"""The dashboard's JSON API and live feed, over databases filled with the expected tables of a
recorded fast-forward run (SQLite and PostgreSQL)."""
import json
import math
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

import tables
from dashboard.api import DashboardApi, Poller
from dashboard import server as dash_server
from producers import expected
from sql import apply as schema
from sql.db import Target, parse_target

APP = tables.__file__.rsplit("/test/", 1)[0] + "/apps/crypto_viz"
US = 1e6


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    d = tmp_path_factory.mktemp("rec")
    subprocess.run([sys.executable, "-m", "producers", "--fast-forward", "1h", "--record", str(d),
                    "--ticker-interval", "5", "--trade-rate", "4", "--article-rate", "40",
                    "--jump-rate", "3", "--quiet"], cwd=APP, check=True)
    tabs = expected.all_tables(str(d))
    tabs["raw"] = expected.load(str(d))
    return tabs


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    if request.param == "sqlite":
        t = Target("sqlite", path=str(tmp_path / "c.db"))
    else:
        t = parse_target(request.getfixturevalue("pg_db"))
    schema.apply(t)
    return t


def by_pair(rows, pair):
    return [r for r in rows if r["pair"] == pair]


def test_candles_are_final_then_computed_from_trades(record, target):
    # The analytics job has closed the candles up to 00:40; trades go on to 01:00.
    cut = (1705276800 + 40 * 60) * US
    final = [r for r in record["candle_data"] if r["timestamp"] < cut]
    tables.write(target, {"candle_data": final, "trade_data": record["trade_data"]})
    api = DashboardApi(target)
    status, body = api.handle("/crypto/api/candles", {"pair": "ETH/USD"})
    assert status == 200 and body["pair"] == "ETH/USD" and body["interval"] == 60
    candles = body["candles"]
    # Every complete minute, final or not, equals the independent computation.
    complete = {r["timestamp"] / US: r for r in by_pair(
        expected.candle_rows(record["raw"]["rawtrade"], delay_ms=0), "ETH/USD")}
    assert [c["final"] for c in candles] == sorted([c["final"] for c in candles], reverse=True)
    assert sum(c["final"] for c in candles) == len(by_pair(final, "ETH/USD"))
    checked = 0
    for c in candles:
        e = complete.get(c["time"])
        if e is None:
            continue  # the minute still open at the end of the run
        assert (c["open"], c["high"], c["low"], c["close"], c["trades"]) == (
            e["open"], e["high"], e["low"], e["close"], e["trade_count"])
        for k in ("volume", "buy_volume", "sell_volume"):
            assert c[k] == pytest.approx(e[k], rel=1e-12)
        checked += 1
    assert checked >= 55
    times = [c["time"] for c in candles]
    assert times == sorted(set(times)) and all(t % 60 == 0 for t in times)
    # limit keeps the newest; since drops older minutes.
    assert api.handle("/crypto/api/candles", {"pair": "ETH/USD", "limit": "5"})[1][
        "candles"] == candles[-5:]
    since = candles[-3]["time"]
    assert api.candles("ETH/USD", 100, since=since)["candles"] == candles[-3:]


def test_prices_stats_sentiment_alerts_articles(record, target):
    tables.write(target, {t: record[t] for t in ("ticker_data", "prediction_data",
                                                 "sentiment_data", "alert_data", "article_data")})
    api = DashboardApi(target)
    prices = api.handle("/crypto/api/prices", {"pair": "SOL/USD"})[1]["prices"]
    ticks = by_pair(record["ticker_data"], "SOL/USD")
    assert len(prices) == len({math.floor(t["timestamp"] / US) for t in ticks})
    last = ticks[-1]
    assert prices[-1] == {"time": math.floor(last["timestamp"] / US), "last": last["last"],
                          "bid": last["bid"], "ask": last["ask"]}
    stats = api.handle("/crypto/api/stats", {"pair": "SOL/USD"})[1]["stats"]
    exp = by_pair(record["prediction_data"], "SOL/USD")
    assert [(s["time"], s["avg"], s["low"], s["high"], s["ticks"]) for s in stats] == [
        (e["timestamp"] / US, e["predicted_price"], e["confidence_interval_low"],
         e["confidence_interval_high"], e["tick_count"]) for e in exp]
    series = api.handle("/crypto/api/sentiment", {})[1]["series"]
    assert sum(len(v) for v in series.values()) == len(record["sentiment_data"])
    btc = [r for r in record["sentiment_data"] if r["crypto_symbol"] == "bitcoin"]
    assert [(p["time"], p["score"], p["label"], p["articles"]) for p in series["bitcoin"]] == [
        (r["timestamp"] / US, r["sentiment_score"], r["sentiment_label"], r["article_count"])
        for r in btc]
    alerts = api.handle("/crypto/api/alerts", {"limit": "1000"})[1]["alerts"]
    assert len(alerts) == len(record["alert_data"]) > 0
    newest = max(record["alert_data"], key=lambda r: r["timestamp"])
    assert alerts[0]["time"] == newest["timestamp"] / US
    assert alerts[0]["type"] == newest["alert_type"] and alerts[0]["change"] == newest[
        "change_percent"]
    arts = api.handle("/crypto/api/articles", {"limit": "3"})[1]["articles"]
    newest = sorted(record["article_data"], key=lambda r: r["timestamp"])[-3:][::-1]
    assert [a["id"] for a in arts] == [r["article_id"] for r in newest]
    assert arts[0]["cryptos"] == newest[0]["cryptocurrencies_mentioned"]
    meta = api.handle("/crypto/api/meta", {})[1]
    assert meta["latest"] == max(r["timestamp"] for r in record["ticker_data"]) / US
    assert "bitcoin" in meta["symbols"] and meta["pairs"][0] == "XBT/USD"


def test_bad_requests(target):
    api = DashboardApi(target)
    assert api.handle("/crypto/api/candles", {"pair": "DOGE/EUR"})[0] == 400
    assert api.handle("/crypto/api/prices", {"limit": "lots"})[0] == 400
    assert api.handle("/crypto/api/prices", {"limit": "0"})[0] == 400
    assert api.handle("/crypto/api/alerts", {"since": "nan"})[0] == 400
    assert api.handle("/crypto/api/nothing", {})[0] == 404
    # An empty database answers with empty lists.
    assert api.handle("/crypto/api/candles", {})[1]["candles"] == []
    assert api.handle("/crypto/api/meta", {})[1]["latest"] is None


def split(rows, cut):
    return [r for r in rows if r["timestamp"] < cut], [r for r in rows if r["timestamp"] >= cut]


def test_poller_sends_each_new_row_once(record, target):
    cut = (1705276800 + 30 * 60) * US
    before, after = {}, {}
    for t in ("ticker_data", "trade_data", "alert_data", "article_data", "sentiment_data",
              "prediction_data", "candle_data"):
        before[t], after[t] = split(record[t], cut)
    tables.write(target, before)
    poller = Poller(DashboardApi(target))
    first = poller.poll()
    assert [e for e, _ in first] == ["status"]  # the first poll only positions the cursors
    assert poller.poll() == [("status", first[0][1])]
    tables.write(target, after)
    events = poller.poll()
    names = [e for e, _ in events]
    assert names.count("alert") == len(after["alert_data"])
    assert names.count("article") == len(after["article_data"])
    assert names.count("sentiment") == len(after["sentiment_data"])
    assert names.count("stats") == len(after["prediction_data"])
    seconds = {(r["pair"], math.floor(r["timestamp"] / US)) for r in after["ticker_data"]}
    assert names.count("price") == len(seconds)
    # Candles: the newly final ones and the minutes computed from trades after them.
    candle_events = [d for e, d in events if e == "candle"]
    assert {(d["pair"], d["final"]) for d in candle_events} >= {("XBT/USD", True),
                                                                 ("XBT/USD", False)}
    newest = max(r["timestamp"] for t in ("ticker_data", "prediction_data", "sentiment_data",
                                          "alert_data", "article_data") for r in record[t])
    assert events[-1] == ("status", {"latest": newest / US})
    # Nothing new: nothing sent again.
    assert [e for e, _ in poller.poll()] == ["status"]


def test_http_server_and_event_stream(record, tmp_path):
    t = Target("sqlite", path=str(tmp_path / "c.db"))
    schema.apply(t)
    tables.write(t, {"alert_data": record["alert_data"][:1]})
    static = tmp_path / "dist"
    static.mkdir()
    (static / "index.html").write_text("<title>CRYPTO VIZ</title>")
    server, broadcaster = dash_server.serve(t, port=0, static_dir=str(static), interval=0.1)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert b"CRYPTO VIZ" in urllib.request.urlopen(base + "/crypto").read()
        body = json.loads(urllib.request.urlopen(base + "/crypto/api/alerts").read())
        assert len(body["alerts"]) == 1
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(base + "/crypto/../../etc/passwd")
        assert e.value.code == 404
        stream = urllib.request.urlopen(base + "/crypto/api/stream", timeout=10)
        assert stream.headers["Content-Type"] == "text/event-stream"
        time.sleep(0.5)
        tables.write(t, {"alert_data": record["alert_data"][1:2]})
        got = None
        deadline = time.time() + 10
        while got is None and time.time() < deadline:
            line = stream.readline().decode()
            if line.startswith("event: alert"):
                got = json.loads(stream.readline().decode()[len("data: "):])
        assert got is not None and got["pair"] == record["alert_data"][1]["pair"]
        stream.close()
    finally:
        broadcaster.stop.set()
        server.shutdown()
