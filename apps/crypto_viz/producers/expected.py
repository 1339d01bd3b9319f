"""What every CRYPTO VIZ table must contain, computed in plain Python from the recorded messages.

`python3 -m producers --record DIR` writes each value it sends to DIR/<topic>.jsonl. From those
files this module derives the rows the ingestion and analytics jobs (event-time mode) must have
written: the four raw tables row for row, and the three aggregate tables with Spark's window and
watermark rules. It shares no code with the jobs; tests compare the database with it.

Timestamps are integer microseconds, as Spark's CAST(double AS TIMESTAMP) makes them:
(long)(seconds * 1e6), truncated.
"""

import json
import math
import os
from collections import defaultdict

from . import schemas

WATERMARK_DELAY_MS = 2 * 60 * 1000
SENTIMENT_WINDOW_MS = 3 * 60 * 1000
PRICE_WINDOW_MS = 3 * 60 * 1000
PRICE_SLIDE_MS = 30 * 1000
CANDLE_WINDOW_MS = 60 * 1000


def to_micros(seconds):
    """Spark's cast of a double (epoch seconds) to a timestamp: (long)(d * 1000000)."""
    return int(seconds * 1e6)


def load(record_dir):
    """{topic: [value dict, …]} in the order they were sent."""
    out = {}
    for topic in schemas.TOPICS:
        path = os.path.join(record_dir, topic + ".jsonl")
        rows = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                rows = [json.loads(line) for line in f if line.strip()]
        out[topic] = rows
    return out


# -- ingestion tables --------------------------------------------------------------------------

def ticker_rows(tickers):
    return [{"timestamp": to_micros(t["timestamp"]), "pair": t["pair"], "last": t["last"],
             "bid": t["bid"], "ask": t["ask"], "volume_24h": t["volume_24h"]} for t in tickers]


def trade_rows(trades):
    return [{"timestamp": to_micros(t["timestamp"]), "pair": t["pair"], "price": t["price"],
             "volume": t["volume"], "side": t["side"]} for t in trades]


def article_rows(articles):
    return [{"timestamp": to_micros(a["scraped_at"]), "article_id": a["id"], "title": a["title"],
             "url": a["url"], "website": a["website"], "summary": a["summary"],
             "cryptocurrencies_mentioned": list(a["cryptocurrencies_mentioned"]),
             "sentiment_score": a["sentiment"]["score"],
             "sentiment_label": a["sentiment"]["label"],
             "published_at": to_micros(a["published_at"])} for a in articles]


def alert_rows(alerts):
    return [{"timestamp": to_micros(a["timestamp"]), "pair": a["pair"], "last_price": a["last"],
             "change_percent": a["change"], "threshold": a["threshold"],
             "alert_type": "PRICE_UP" if a["change"] >= 0 else "PRICE_DOWN"} for a in alerts]


# -- windows and watermark ---------------------------------------------------------------------

def windows_of(ts_us, window_ms, slide_ms=None):
    """[start, end) windows in microseconds containing ts_us, aligned to the epoch."""
    window, slide = window_ms * 1000, (slide_ms or window_ms) * 1000
    last_start = ts_us - ts_us % slide
    out = []
    start = last_start
    while start > ts_us - window:
        out.append((start, start + window))
        start -= slide
    return sorted(out)


def final_watermark_us(ts_list_us, delay_ms=WATERMARK_DELAY_MS):
    """The watermark once every row was processed (and the following no-data batch ran):
    max event time in milliseconds minus the delay, never below 0."""
    if not ts_list_us:
        return 0
    max_ms = max(ts // 1000 for ts in ts_list_us)
    return max(0, max_ms - delay_ms) * 1000


def _emitted(end_us, watermark_us):
    return end_us <= watermark_us


def _mean(xs):
    return math.fsum(xs) / len(xs)


def _stddev_samp(xs):
    if len(xs) < 2:
        return None
    m = _mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


# -- analytics tables --------------------------------------------------------------------------

def sentiment_rows(articles, delay_ms=WATERMARK_DELAY_MS):
    """sentiment_data: per crypto keyword and 3-minute tumbling window (timestamp = window end)."""
    groups = defaultdict(list)
    times = []
    for a in articles:
        ts = to_micros(a["scraped_at"])
        for sym in a["cryptocurrencies_mentioned"]:
            times.append(ts)
            for start, end in windows_of(ts, SENTIMENT_WINDOW_MS):
                groups[(end, sym)].append(a["sentiment"]["score"])
    wm = final_watermark_us(times, delay_ms)
    rows = []
    for (end, sym), scores in groups.items():
        if not _emitted(end, wm):
            continue
        avg = _mean(scores)
        label = "positive" if avg > 0.6 else "negative" if avg < 0.4 else "neutral"
        rows.append({"timestamp": end, "crypto_symbol": sym, "sentiment_score": avg,
                     "sentiment_label": label, "source": "aggregated_articles",
                     "confidence": avg, "article_count": len(scores)})
    return sorted(rows, key=lambda r: (r["timestamp"], r["crypto_symbol"]))


def prediction_rows(tickers, delay_ms=WATERMARK_DELAY_MS):
    """prediction_data: price statistics per (crypto, pair) over 3-minute windows every 30 s."""
    groups = defaultdict(list)
    times = []
    for t in tickers:
        ts = to_micros(t["timestamp"])
        times.append(ts)
        for start, end in windows_of(ts, PRICE_WINDOW_MS, PRICE_SLIDE_MS):
            groups[(end, t["pair"])].append((ts, t["last"]))
    wm = final_watermark_us(times, delay_ms)
    rows = []
    for (end, pair), points in groups.items():
        if not _emitted(end, wm):
            continue
        prices = [p for _, p in points]
        avg, sd = _mean(prices), _stddev_samp(prices)
        rows.append({
            "timestamp": end, "crypto_symbol": schemas.crypto_symbol(pair), "pair": pair,
            "predicted_price": avg, "actual_price": max(points)[1], "model_name": "moving_average",
            "confidence_interval_low": None if sd is None else avg - sd,
            "confidence_interval_high": None if sd is None else avg + sd,
            "price_volatility": sd, "min_price": min(prices), "max_price": max(prices),
            "tick_count": len(prices)})
    return sorted(rows, key=lambda r: (r["timestamp"], r["pair"]))


def candle_rows(trades, delay_ms=WATERMARK_DELAY_MS):
    """candle_data: 1-minute OHLC per pair (timestamp = window start) with buy/sell volumes."""
    groups = defaultdict(list)
    times = []
    for t in trades:
        ts = to_micros(t["timestamp"])
        times.append(ts)
        (start, end), = windows_of(ts, CANDLE_WINDOW_MS)
        groups[(start, end, t["pair"])].append((ts, t["price"], t["volume"], t["side"]))
    wm = final_watermark_us(times, delay_ms)
    rows = []
    for (start, end, pair), ts in groups.items():
        if not _emitted(end, wm):
            continue
        ts.sort()
        prices = [p for _, p, _, _ in ts]
        rows.append({
            "timestamp": start, "pair": pair, "open": ts[0][1], "high": max(prices),
            "low": min(prices), "close": ts[-1][1],
            "volume": math.fsum(v for _, _, v, _ in ts),
            "buy_volume": math.fsum(v for _, _, v, s in ts if s == "b"),
            "sell_volume": math.fsum(v for _, _, v, s in ts if s == "s"),
            "trade_count": len(ts)})
    return sorted(rows, key=lambda r: (r["timestamp"], r["pair"]))


def all_tables(record_dir):
    """{table name: expected rows} for every table the jobs write."""
    m = load(record_dir)
    return {
        "ticker_data": ticker_rows(m[schemas.TOPIC_TICKER]),
        "trade_data": trade_rows(m[schemas.TOPIC_TRADE]),
        "article_data": article_rows(m[schemas.TOPIC_ARTICLE]),
        "alert_data": alert_rows(m[schemas.TOPIC_ALERT]),
        "sentiment_data": sentiment_rows(m[schemas.TOPIC_ARTICLE]),
        "prediction_data": prediction_rows(m[schemas.TOPIC_TICKER]),
        "candle_data": candle_rows(m[schemas.TOPIC_TRADE]),
    }


if __name__ == "__main__":  # python3 -m producers.expected DIR: row counts per table
    import sys
    for name, rows in all_tables(sys.argv[1]).items():
        print(f"{name}\t{len(rows)}")
