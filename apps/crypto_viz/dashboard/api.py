"""The dashboard's JSON API over the CRYPTO VIZ tables (SQLite or PostgreSQL).

Endpoints (GET, JSON, times in UTC epoch seconds; documented with examples in
apps/crypto_viz/README.md):

  /crypto/api/meta                       pairs, crypto symbols, database, newest event time
  /crypto/api/candles?pair=P&limit=N     1-minute OHLC + buy/sell volume; final candles from
                                         candle_data, the minutes after them computed from trades
  /crypto/api/prices?pair=P&step=S       ticker last/bid/ask, the last of every S seconds
                                         (default 1) among the newest `limit` tickers
  /crypto/api/stats?pair=P&limit=N       moving average +-1 stddev band (prediction_data)
  /crypto/api/sentiment?limit=N          sentiment per crypto symbol (sentiment_data)
  /crypto/api/alerts?limit=N             newest alerts first
  /crypto/api/articles?limit=N           newest articles first
  /crypto/api/stream                     server-sent events: the same items as they arrive

Every list endpoint also takes since=SECONDS (only rows at or after it).
"""

import datetime
import json
import math
import threading

from producers import schemas

UTC = datetime.timezone.utc
CANDLE_SECONDS = 60
# How far back the poller re-reads each table: rows committed a little out of time order (several
# Kafka partitions in one micro-batch) are still seen once, and de-duplicated by key.
OVERLAP_SECONDS = 30
# The minutes after the last final candle are computed from trades, at most this far back.
PARTIAL_WINDOW_SECONDS = 30 * 60

DEFAULT_LIMITS = {"candles": 720, "prices": 7200, "stats": 2000, "sentiment": 5000,
                  "alerts": 50, "articles": 30}
MAX_LIMIT = 50000


class BadRequest(Exception):
    pass


class DashboardApi:
    """Answers the endpoints from one database (a sql.db.Target); thread-safe."""

    def __init__(self, target, pairs=schemas.PAIRS):
        self.target = target
        self.pairs = list(pairs)
        self.sqlite = target.kind == "sqlite"
        self.lock = threading.Lock()
        self.idle = []

    # -- database access ----------------------------------------------------------------------

    def query(self, sql, params=()):
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        conn = self._take()
        try:
            rows = conn.execute(sql, params).fetchall()
        except Exception:
            # Perhaps a broken connection (server restarted): the next call opens a new one.
            try:
                conn.close()
            except Exception:
                pass
            raise
        self._give_back(conn)
        return rows

    # Connections are pooled rather than per thread: requests come on the web server's native
    # threads, whose Python thread state (and thread-locals) may not outlive one call.
    def _take(self):
        with self.lock:
            if self.idle:
                return self.idle.pop()
        conn = self.target.connect()
        if not self.sqlite:
            conn.autocommit = True  # each query sees the newest committed batches
        return conn

    def _give_back(self, conn):
        with self.lock:
            if len(self.idle) < 8:
                self.idle.append(conn)
                return
        conn.close()

    def ts_param(self, seconds):
        """A time bound in the database's timestamp representation."""
        d = datetime.datetime.fromtimestamp(seconds, tz=UTC)
        # Spate's SQLite sink writes "YYYY-MM-DD HH:MM:SS.ffffff" (fixed width, compares as text).
        return d.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else d

    def seconds(self, value):
        """A timestamp read from the database → epoch seconds."""
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            d = value if value.tzinfo else value.replace(tzinfo=UTC)
        else:
            d = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if d.tzinfo is None:
                d = d.replace(tzinfo=UTC)
        delta = d - datetime.datetime(1970, 1, 1, tzinfo=UTC)
        return delta.days * 86400 + delta.seconds + delta.microseconds / 1e6

    def array(self, value):
        if value is None:
            return []
        if isinstance(value, list):
            return value
        try:
            v = json.loads(value)  # SQLite: a JSON array
            return v if isinstance(v, list) else [str(v)]
        except ValueError:
            return [value]

    # -- dispatch -----------------------------------------------------------------------------

    def handle(self, path, params):
        """(status, JSON-able object) for an API path such as /crypto/api/candles."""
        name = path.rstrip("/").rsplit("/", 1)[-1]
        handler = {"meta": self.meta, "candles": self.candles, "prices": self.prices,
                   "stats": self.stats, "sentiment": self.sentiment, "alerts": self.alerts,
                   "articles": self.articles}.get(name)
        if handler is None:
            return 404, {"error": f"no API endpoint {path}"}
        try:
            return 200, handler(**self._arguments(name, params))
        except BadRequest as e:
            return 400, {"error": str(e)}

    def _arguments(self, name, params):
        args = {}
        if name in ("candles", "prices", "stats"):
            pair = params.get("pair") or self.pairs[0]
            if pair not in self.pairs:
                raise BadRequest(f"unknown pair {pair!r}; pairs: {', '.join(self.pairs)}")
            args["pair"] = pair
        if name != "meta":
            args["limit"] = _number(params, "limit", DEFAULT_LIMITS[name], 1, MAX_LIMIT, int)
            args["since"] = _number(params, "since", None, 0, 1e11, float)
        if name == "prices":
            args["step"] = _number(params, "step", 1, 1, 3600, int)
        return args

    # -- endpoints ----------------------------------------------------------------------------

    def meta(self):
        latest = [self.seconds(r[0]) for r in (
            self.query('SELECT max("timestamp") FROM ticker_data')[0],
            self.query('SELECT max("timestamp") FROM trade_data')[0]) if r[0] is not None]
        symbols = [r[0] for r in self.query(
            "SELECT DISTINCT crypto_symbol FROM sentiment_data ORDER BY crypto_symbol")]
        return {"pairs": self.pairs, "symbols": symbols,
                "database": "SQLite" if self.sqlite else "PostgreSQL",
                "latest": max(latest) if latest else None, "candle_seconds": CANDLE_SECONDS}

    def candles(self, pair, limit, since=None):
        rows = self.query(
            'SELECT "timestamp", open, high, low, close, volume, buy_volume, sell_volume, '
            'trade_count FROM candle_data WHERE pair = ? AND "timestamp" >= ? '
            'ORDER BY "timestamp" DESC LIMIT ?', (pair, self.ts_param(since or 0), limit))
        final = [_candle(self.seconds(r[0]), *r[1:], final=True) for r in reversed(rows)]
        partial = self.partial_candles(pair, final[-1]["time"] + CANDLE_SECONDS if final else None)
        if since is not None:
            partial = [c for c in partial if c["time"] >= math.floor(since / 60) * 60]
        return {"pair": pair, "interval": CANDLE_SECONDS, "candles": (final + partial)[-limit:]}

    def partial_candles(self, pair, after):
        """Candles of the minutes the analytics job has not closed yet, from trade_data."""
        newest = self.query('SELECT max("timestamp") FROM trade_data WHERE pair = ?', (pair,))[0][0]
        if newest is None:
            return []
        start = self.seconds(newest) - PARTIAL_WINDOW_SECONDS
        start = math.floor(max(start, after or 0) / CANDLE_SECONDS) * CANDLE_SECONDS
        trades = self.query('SELECT "timestamp", price, volume, side FROM trade_data '
                            'WHERE pair = ? AND "timestamp" >= ? ORDER BY "timestamp"',
                            (pair, self.ts_param(start)))
        out = {}
        for ts, price, volume, side in trades:
            minute = math.floor(self.seconds(ts) / CANDLE_SECONDS) * CANDLE_SECONDS
            c = out.get(minute)
            if c is None:
                c = out[minute] = _candle(minute, price, price, price, price, 0.0, 0.0, 0.0, 0,
                                          final=False)
            c["high"], c["low"], c["close"] = max(c["high"], price), min(c["low"], price), price
            c["volume"] += volume
            c["buy_volume" if side == "b" else "sell_volume"] += volume
            c["trades"] += 1
        return [out[k] for k in sorted(out)]

    def prices(self, pair, limit, since=None, step=1):
        rows = self.query('SELECT "timestamp", last, bid, ask FROM ticker_data '
                          'WHERE pair = ? AND "timestamp" >= ? ORDER BY "timestamp" DESC LIMIT ?',
                          (pair, self.ts_param(since or 0), limit))
        return {"pair": pair, "step": step,
                "prices": per_step([_price(self.seconds(r[0]), *r[1:]) for r in reversed(rows)],
                                   step)}

    def stats(self, pair, limit, since=None):
        rows = self.query(
            'SELECT "timestamp", predicted_price, price_volatility, confidence_interval_low, '
            'confidence_interval_high, min_price, max_price, actual_price, tick_count '
            'FROM prediction_data WHERE pair = ? AND "timestamp" >= ? '
            'ORDER BY "timestamp" DESC LIMIT ?', (pair, self.ts_param(since or 0), limit))
        return {"pair": pair, "window_seconds": 180, "slide_seconds": 30,
                "stats": [self._stat(r) for r in reversed(rows)]}

    def _stat(self, r):
        return {"time": self.seconds(r[0]), "avg": r[1], "stddev": r[2], "low": r[3],
                "high": r[4], "min": r[5], "max": r[6], "actual": r[7], "ticks": r[8]}

    def sentiment(self, limit, since=None):
        rows = self.query(
            'SELECT "timestamp", crypto_symbol, sentiment_score, sentiment_label, article_count '
            'FROM sentiment_data WHERE "timestamp" >= ? ORDER BY "timestamp" DESC LIMIT ?',
            (self.ts_param(since or 0), limit))
        series = {}
        for r in reversed(rows):
            series.setdefault(r[1], []).append(self._sentiment_point(r))
        return {"window_seconds": 180, "series": series}

    def _sentiment_point(self, r):
        return {"time": self.seconds(r[0]), "score": r[2], "label": r[3], "articles": r[4]}

    def alerts(self, limit, since=None):
        rows = self.query(
            'SELECT "timestamp", pair, alert_type, change_percent, last_price, threshold '
            'FROM alert_data WHERE "timestamp" >= ? ORDER BY "timestamp" DESC LIMIT ?',
            (self.ts_param(since or 0), limit))
        return {"alerts": [self._alert(r) for r in rows]}

    def _alert(self, r):
        return {"time": self.seconds(r[0]), "pair": r[1], "type": r[2], "change": r[3],
                "last": r[4], "threshold": r[5]}

    def articles(self, limit, since=None):
        rows = self.query(
            'SELECT "timestamp", published_at, article_id, title, url, website, summary, '
            'cryptocurrencies_mentioned, sentiment_score, sentiment_label FROM article_data '
            'WHERE "timestamp" >= ? ORDER BY "timestamp" DESC LIMIT ?',
            (self.ts_param(since or 0), limit))
        return {"articles": [self._article(r) for r in rows]}

    def _article(self, r):
        return {"time": self.seconds(r[0]), "published": self.seconds(r[1]), "id": r[2],
                "title": r[3], "url": r[4], "website": r[5], "summary": r[6],
                "cryptos": self.array(r[7]), "score": r[8], "label": r[9]}


class Poller:
    """The live feed: each poll() returns the (event, data) pairs that are new since the previous
    poll, for /crypto/api/stream. One poller serves every client (events are broadcast)."""

    def __init__(self, api):
        self.api = api
        self.cursor = {}    # table → newest timestamp seen (seconds)
        self.seen = {}      # table → {key: time} of rows inside the overlap
        self.candles = {}   # pair → {minute: candle dict last sent}

    def _new_rows(self, table, sql, key):
        """Rows of `table` not returned before. The first call only positions the cursor at the
        table's newest row (clients load history from the JSON endpoints)."""
        first = table not in self.cursor
        if first:
            newest = self.api.query(f'SELECT max("timestamp") FROM {table}')[0][0]
            self.cursor[table] = self.api.seconds(newest) if newest is not None else 0.0
        rows = self.api.query(sql, (self.api.ts_param(self.cursor[table] - OVERLAP_SECONDS),))
        seen = self.seen.setdefault(table, {})
        out = []
        for r in rows:
            t = self.api.seconds(r[0])
            k = key(r)
            if k in seen:
                continue
            seen[k] = t
            out.append(r)
            self.cursor[table] = max(self.cursor[table], t)
        floor = self.cursor[table] - OVERLAP_SECONDS
        for k in [k for k, t in seen.items() if t < floor]:
            del seen[k]
        return [] if first else out

    def poll(self):
        a = self.api
        events = []
        for r in self._new_rows("ticker_data", 'SELECT "timestamp", pair, last, bid, ask FROM '
                                'ticker_data WHERE "timestamp" >= ? ORDER BY "timestamp"',
                                lambda r: (r[0], r[1])):
            events.append(("price", dict(_price(a.seconds(r[0]), *r[2:]), pair=r[1])))
        events = _last_per_second(events)
        for r in self._new_rows(
                "prediction_data", 'SELECT "timestamp", predicted_price, price_volatility, '
                'confidence_interval_low, confidence_interval_high, min_price, max_price, '
                'actual_price, tick_count, pair FROM prediction_data WHERE "timestamp" >= ? '
                'ORDER BY "timestamp"', lambda r: (r[0], r[9])):
            events.append(("stats", dict(a._stat(r), pair=r[9])))
        for r in self._new_rows(
                "sentiment_data", 'SELECT "timestamp", crypto_symbol, sentiment_score, '
                'sentiment_label, article_count FROM sentiment_data WHERE "timestamp" >= ? '
                'ORDER BY "timestamp"', lambda r: (r[0], r[1])):
            events.append(("sentiment", dict(a._sentiment_point(r), symbol=r[1])))
        for r in self._new_rows(
                "alert_data", 'SELECT "timestamp", pair, alert_type, change_percent, last_price, '
                'threshold FROM alert_data WHERE "timestamp" >= ? ORDER BY "timestamp"',
                lambda r: (r[0], r[1])):
            events.append(("alert", a._alert(r)))
        for r in self._new_rows(
                "article_data", 'SELECT "timestamp", published_at, article_id, title, url, '
                'website, summary, cryptocurrencies_mentioned, sentiment_score, sentiment_label '
                'FROM article_data WHERE "timestamp" >= ? ORDER BY "timestamp"',
                lambda r: r[2]):
            events.append(("article", a._article(r)))
        events.extend(self._candle_events())
        latest = [t for t in self.cursor.values() if t > 0]
        events.append(("status", {"latest": max(latest) if latest else None}))
        return events

    def _candle_events(self):
        """Candles that changed: new trades in the open minutes, or a minute made final."""
        out = []
        for pair in self.api.pairs:
            sent = self.candles.setdefault(pair, {})
            newest = max(sent) if sent else None
            since = None if newest is None else newest - 5 * CANDLE_SECONDS
            data = self.api.candles(pair, limit=DEFAULT_LIMITS["candles"], since=since)
            first_poll = newest is None
            for c in data["candles"]:
                if sent.get(c["time"]) != c:
                    sent[c["time"]] = c
                    if not first_poll:
                        out.append(("candle", dict(c, pair=pair)))
            for t in [t for t in sent if newest is not None and t < newest - 10 * CANDLE_SECONDS]:
                del sent[t]
        return out


def _candle(t, o, h, l, c, v, bv, sv, n, final):
    return {"time": int(t), "open": o, "high": h, "low": l, "close": c, "volume": v,
            "buy_volume": bv, "sell_volume": sv, "trades": n, "final": final}


def _price(t, last, bid, ask):
    return {"time": t, "last": last, "bid": bid, "ask": ask}


def per_step(points, step=1):
    """The last point of each `step` seconds (charts take one value per time), at the step's
    start."""
    out = {}
    for p in points:
        t = math.floor(p["time"] / step) * step
        out[t] = dict(p, time=t)
    return [out[k] for k in sorted(out)]


def _last_per_second(events):
    keep = {}
    for i, (name, p) in enumerate(events):
        keep[(p["pair"], math.floor(p["time"]))] = i
    return [(n, dict(p, time=math.floor(p["time"]))) for i, (n, p) in enumerate(events)
            if keep[(p["pair"], math.floor(p["time"]))] == i]


def _number(params, name, default, lo, hi, kind):
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        v = kind(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number, not {raw!r}")
    if not lo <= v <= hi or (isinstance(v, float) and math.isnan(v)):
        raise BadRequest(f"{name} must be between {lo} and {hi:g}")
    return v
