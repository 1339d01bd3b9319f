"""Market simulator: schema, determinism, price process, pct_change and alert rules."""
import itertools
import math
from collections import defaultdict

import pytest

from producers import schemas
from producers.market import PAIR_SPECS, MarketSimulator, flatten

START = 1705276800000  # 2024-01-15T00:00:00Z


def take(sim, hours):
    end = START + int(hours * 3600e3)
    return list(itertools.takewhile(lambda m: m.event_ms < end, flatten(sim)))


@pytest.fixture(scope="module")
def four_hours():
    sim = MarketSimulator(seed=7, start_ms=START, ticker_interval_s=5, trade_rate=4,
                          jump_rate_per_hour=1.0)
    return take(sim, 4)


def by_topic(msgs, topic):
    return [m.value for m in msgs if m.topic == topic]


def test_every_message_matches_its_schema(four_hours):
    for m in four_hours:
        schemas.validate(m.topic, m.value)
        assert m.key == m.value["pair"]
        # The value's timestamp is the event time, to the millisecond.
        assert round(m.value["timestamp"] * 1000) == m.event_ms


def test_same_seed_same_messages_other_seed_differs():
    a = [m.encoded() for m in take(MarketSimulator(seed=1, start_ms=START), 0.02)]
    b = [m.encoded() for m in take(MarketSimulator(seed=1, start_ms=START), 0.02)]
    c = [m.encoded() for m in take(MarketSimulator(seed=2, start_ms=START), 0.02)]
    assert a == b
    assert a != c
    assert len(a) > 500  # ~110 messages per second of event time by default


def test_event_time_ordered_and_strictly_increasing_per_pair(four_hours):
    times = [m.event_ms for m in four_hours]
    assert times == sorted(times)
    last = {}
    for m in four_hours:
        if m.topic == schemas.TOPIC_ALERT:
            continue
        k = (m.topic, m.key)
        assert m.event_ms > last.get(k, -1), k
        last[k] = m.event_ms


def test_rates_follow_the_options(four_hours):
    tickers = by_topic(four_hours, schemas.TOPIC_TICKER)
    trades = by_topic(four_hours, schemas.TOPIC_TRADE)
    # Poisson counts: mean 8 pairs * 4 h * 720/h = 23040 tickers, 4/s * 14400 s = 57600 trades.
    assert abs(len(tickers) - 23040) < 5 * math.sqrt(23040)
    assert abs(len(trades) - 57600) < 5 * math.sqrt(57600)
    per_pair = defaultdict(int)
    for t in trades:
        per_pair[t["pair"]] += 1
    share = per_pair["XBT/USD"] / len(trades)
    assert 0.27 < share < 0.33  # XBT/USD has 30 % of the trades
    sides = [t["side"] for t in trades]
    assert 0.47 < sides.count("b") / len(sides) < 0.53


def test_prices_are_on_the_pair_grid_and_realistic(four_hours):
    for t in by_topic(four_hours, schemas.TOPIC_TICKER):
        spec = PAIR_SPECS[t["pair"]]
        for field in ("last", "bid", "ask"):
            assert round(t[field], spec.decimals) == t[field]
        # A few basis points of spread, never crossed.
        assert t["bid"] < t["ask"] <= t["bid"] * 1.002 + 2 * 10 ** -spec.decimals
        # Four hours of 55-100 % yearly volatility plus a few 2 % jumps stay within +-30 %.
        assert 0.7 * spec.price < t["last"] < 1.3 * spec.price
        if spec.stable:
            assert 0.995 < t["last"] < 1.005
        assert t["volume_24h"] > 0


def test_trades_execute_at_the_quote(four_hours):
    # A buy lifts the ask and a sell hits the bid, so a buy is never below the bid of the ticker
    # just before it by more than the price moved in between; check the sign of the gap on
    # average: buys above the preceding ticker's mid, sells below it.
    mids = {}
    above = defaultdict(list)
    for m in four_hours:
        v = m.value
        if m.topic == schemas.TOPIC_TICKER:
            mids[v["pair"]] = (v["bid"] + v["ask"]) / 2
        elif m.topic == schemas.TOPIC_TRADE and v["pair"] in mids:
            above[v["side"]].append(v["price"] > mids[v["pair"]])
    assert sum(above["b"]) / len(above["b"]) > 0.6
    assert sum(above["s"]) / len(above["s"]) < 0.4


def test_pct_change_is_the_change_from_the_previous_ticker(four_hours):
    prev = {}
    for t in by_topic(four_hours, schemas.TOPIC_TICKER):
        p = prev.get(t["pair"])
        if p is None:
            assert t["pct_change"] is None
        else:
            assert t["pct_change"] == round((t["last"] - p) / p * 100, 2)
        prev[t["pair"]] = t["last"]


def test_alerts_are_exactly_the_big_ticker_moves(four_hours):
    tickers = by_topic(four_hours, schemas.TOPIC_TICKER)
    alerts = by_topic(four_hours, schemas.TOPIC_ALERT)
    expected = [(t["pair"], t["timestamp"], t["last"], t["pct_change"]) for t in tickers
                if t["pct_change"] is not None and abs(t["pct_change"]) >= 0.5]
    got = [(a["pair"], a["timestamp"], a["last"], a["change"]) for a in alerts]
    assert got == expected
    assert all(a["threshold"] == 0.5 for a in alerts)
    assert {a["type"] for a in alerts} == {"price_spike", "price_drop"}
    # About one jump per pair and hour: 7 volatile pairs * 4 h, each usually one alert.
    assert 10 < len(alerts) < 80


def test_no_alert_without_jumps_at_one_second_tickers():
    # Pure diffusion moves a few basis points per second: the 0.5 % rule stays quiet.
    sim = MarketSimulator(seed=3, start_ms=START, ticker_interval_s=1, trade_rate=20,
                          jump_rate_per_hour=0)
    msgs = take(sim, 0.5)
    assert not by_topic(msgs, schemas.TOPIC_ALERT)


def test_alert_threshold_option():
    sim = MarketSimulator(seed=3, start_ms=START, ticker_interval_s=60, trade_rate=1,
                          jump_rate_per_hour=0, alert_threshold=0.05)
    msgs = take(sim, 2)
    alerts = by_topic(msgs, schemas.TOPIC_ALERT)
    assert alerts and all(abs(a["change"]) >= 0.05 and a["threshold"] == 0.05 for a in alerts)


def test_resume_continues_prices():
    sim = MarketSimulator(seed=5, start_ms=START, ticker_interval_s=2, trade_rate=5)
    msgs = take(sim, 0.5)
    snap = sim.snapshot()
    last = {m.value["pair"]: m.value["last"] for m in msgs if m.topic == schemas.TOPIC_TICKER}
    resumed = MarketSimulator(seed=5, start_ms=START + 1800000, ticker_interval_s=2, trade_rate=5,
                              state=snap)
    first = {}
    for m in take(resumed, 0.55):
        if m.topic == schemas.TOPIC_TICKER:
            first.setdefault(m.value["pair"], m.value)
    for pair, t in first.items():
        # The first ticker after a restart compares with the last one before it...
        assert t["pct_change"] is not None
        # ...and the price carries on from where it was.
        assert abs(t["last"] / last[pair] - 1) < 0.03


def test_bad_options_are_rejected():
    with pytest.raises(ValueError, match="unknown pairs"):
        MarketSimulator(pairs=["DOGE/EUR"])
    with pytest.raises(ValueError):
        MarketSimulator(ticker_interval_s=0)
