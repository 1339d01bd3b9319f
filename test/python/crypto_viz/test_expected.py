"""The expected-table computation, checked on small inputs worked out by hand."""
import pytest

from producers import expected as E

T0 = 1705276800  # 2024-01-15T00:00:00Z, a multiple of every window length
US = 1000000


def tick(pair, sec, last):
    return {"pair": pair, "last": last, "bid": last - 1, "ask": last + 1, "volume_24h": 10.0,
            "timestamp": T0 + sec, "pct_change": None}


def trade(pair, sec, price, volume, side):
    return {"pair": pair, "price": price, "volume": volume, "timestamp": T0 + sec, "side": side}


def article(sec, score, cryptos):
    return {"id": f"u{sec}", "title": "t", "url": f"u{sec}", "website": "CoinDesk",
            "summary": "s", "content": {}, "published_at": T0 + sec - 60.0,
            "scraped_at": T0 + sec, "tags": cryptos, "cryptocurrencies_mentioned": cryptos,
            "sentiment": {"score": score, "label": "x"}}


def test_to_micros_truncates_like_spark():
    assert E.to_micros(1.5) == 1500000
    # 0.1 * 1e6 is 100000.00000000001 in doubles; 1705276800.094 * 1e6 lands just below .094.
    assert E.to_micros(0.1) == 100000
    assert E.to_micros(1705276800.094) in (1705276800094000, 1705276800093999)
    assert E.to_micros(1705276800.094) == int(1705276800.094 * 1e6)


def test_windows_of():
    ts = (T0 + 100) * US  # 01:40 after T0
    assert E.windows_of(ts, 60000) == [((T0 + 60) * US, (T0 + 120) * US)]
    # 3-minute windows sliding by 30 s: the six starting at 0:00 … 1:30 contain 1:40.
    assert E.windows_of(ts, 180000, 30000) == [((T0 + s) * US, (T0 + s + 180) * US)
                                               for s in (-60, -30, 0, 30, 60, 90)]
    # A row exactly on a boundary belongs to the window starting there, not the one ending.
    assert E.windows_of((T0 + 120) * US, 60000) == [((T0 + 120) * US, (T0 + 180) * US)]


def test_watermark_is_max_minus_delay_in_milliseconds():
    assert E.final_watermark_us([]) == 0
    assert E.final_watermark_us([(T0 + 300) * US + 999]) == (T0 + 180) * US
    assert E.final_watermark_us([5 * US], delay_ms=10000) == 0  # never negative


def test_raw_tables():
    alert = {"pair": "SOL/USD", "type": "price_drop", "last": 98.1, "change": -0.62,
             "threshold": 0.5, "timestamp": T0 + 1.5}
    assert E.alert_rows([alert]) == [{"timestamp": (T0 + 1.5) * US, "pair": "SOL/USD",
                                      "last_price": 98.1, "change_percent": -0.62,
                                      "threshold": 0.5, "alert_type": "PRICE_DOWN"}]
    up = dict(alert, change=0.5, type="price_spike")
    assert E.alert_rows([up])[0]["alert_type"] == "PRICE_UP"
    a = E.article_rows([article(10, 0.7, ["bitcoin"])])[0]
    assert a["timestamp"] == (T0 + 10) * US and a["published_at"] == (T0 - 50) * US
    assert a["article_id"] == "u10" and a["sentiment_score"] == 0.7


def test_sentiment_windows_and_watermark():
    arts = [article(10, 0.9, ["bitcoin", "btc"]),   # window [0:00, 3:00)
            article(170, 0.5, ["bitcoin"]),         # same window
            article(200, 0.2, ["eth"]),             # window [3:00, 6:00)
            article(500, 0.5, ["crypto"])]          # watermark = 8:20 - 2:00 = 6:20
    rows = E.sentiment_rows(arts)
    assert [(r["timestamp"] // US - T0, r["crypto_symbol"], r["sentiment_score"],
             r["sentiment_label"], r["article_count"]) for r in rows] == [
        (180, "bitcoin", pytest.approx(0.7), "positive", 2),
        (180, "btc", 0.9, "positive", 1),
        (360, "eth", 0.2, "negative", 1),
    ]
    assert all(r["confidence"] == r["sentiment_score"] for r in rows)
    assert all(r["source"] == "aggregated_articles" for r in rows)
    # With the last article at 8:00, the window ending at 6:00 is exactly at the watermark:
    # still emitted (end <= watermark); at 7:59.999 it is not.
    assert len(E.sentiment_rows(arts[:3] + [article(480, 0.5, ["x"])])) == 3
    assert len(E.sentiment_rows(arts[:3] + [article(479.999, 0.5, ["x"])])) == 2


def test_prediction_sliding_statistics():
    ticks = [tick("XBT/USD", 5, 100.0), tick("XBT/USD", 35, 102.0), tick("XBT/USD", 65, 104.0),
             tick("ETH/USD", 40, 10.0), tick("XBT/USD", 600, 1.0)]
    rows = E.prediction_rows(ticks)
    # Watermark 10:00 - 2:00 = 8:00: windows ending at 0:30 … 8:00.
    xbt = {r["timestamp"] // US - T0: r for r in rows if r["pair"] == "XBT/USD"}
    # The window [-2:30, 0:30) holds only the first tick: no sample stddev, no interval.
    assert xbt[30]["predicted_price"] == 100.0 and xbt[30]["price_volatility"] is None
    assert xbt[30]["confidence_interval_low"] is None and xbt[30]["tick_count"] == 1
    # [−1:30, 1:30) holds all three: mean 102, sample stddev 2, band [100, 104].
    r = xbt[90]
    assert (r["predicted_price"], r["price_volatility"]) == (102.0, 2.0)
    assert (r["confidence_interval_low"], r["confidence_interval_high"]) == (100.0, 104.0)
    assert (r["min_price"], r["max_price"], r["actual_price"]) == (100.0, 104.0, 104.0)
    assert r["crypto_symbol"] == "BTC" and r["model_name"] == "moving_average"
    # 0:05 is in windows ending 0:30 … 3:00 (6 of them), 1:05 until 4:00: ends 0:30 … 4:00.
    assert sorted(xbt) == [30 * k for k in range(1, 9)]
    assert xbt[210]["tick_count"] == 2 and xbt[240]["tick_count"] == 1
    eth = [r for r in rows if r["pair"] == "ETH/USD"]
    assert [r["timestamp"] // US - T0 for r in eth] == [60, 90, 120, 150, 180, 210]
    assert eth[0]["crypto_symbol"] == "ETH"


def test_candles():
    trades = [trade("XBT/USD", 1.0, 100.0, 1.0, "b"), trade("XBT/USD", 20.0, 105.0, 2.0, "s"),
              trade("XBT/USD", 30.0, 95.0, 0.5, "s"), trade("XBT/USD", 59.999, 101.0, 1.5, "b"),
              trade("XBT/USD", 60.0, 102.0, 1.0, "b"), trade("ETH/USD", 10.0, 5.0, 3.0, "b"),
              trade("XBT/USD", 300.0, 1.0, 1.0, "b")]
    rows = E.candle_rows(trades)  # watermark 5:00 - 2:00 = 3:00
    first = [r for r in rows if r["pair"] == "XBT/USD"][0]
    assert first == {"timestamp": T0 * US, "pair": "XBT/USD", "open": 100.0, "high": 105.0,
                     "low": 95.0, "close": 101.0, "volume": 5.0, "buy_volume": 2.5,
                     "sell_volume": 2.5, "trade_count": 4}
    assert [(r["timestamp"] // US - T0, r["pair"]) for r in rows] == [
        (0, "ETH/USD"), (0, "XBT/USD"), (60, "XBT/USD")]
