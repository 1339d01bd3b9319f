"""Compares what a database's CRYPTO VIZ tables hold with producers.expected's rows.

Raw tables are compared as multisets of exact values (the jobs copy fields unchanged); aggregate
tables by their window key, floating-point aggregates within a relative 1e-9 (the engine sums in
another order than math.fsum)."""
import datetime
import json
import math

from tables import COLUMNS

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
KEYS = {
    "sentiment_data": ("timestamp", "crypto_symbol"),
    "prediction_data": ("timestamp", "pair"),
    "candle_data": ("timestamp", "pair"),
}
APPROX = {
    "sentiment_data": {"sentiment_score", "confidence"},
    "prediction_data": {"predicted_price", "confidence_interval_low", "confidence_interval_high",
                        "price_volatility"},
    "candle_data": {"volume", "buy_volume", "sell_volume"},
}


def micros(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - EPOCH) // datetime.timedelta(microseconds=1)


def read_table(target, table):
    cols = COLUMNS[table]
    conn = target.connect()
    try:
        rows = conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} '
                            f"FROM {table}").fetchall()
    finally:
        conn.close()
    out = []
    for r in rows:
        d = dict(zip(cols, r))
        for c in ("timestamp", "published_at"):
            if c in d:
                d[c] = micros(d[c])
        if isinstance(d.get("cryptocurrencies_mentioned"), str):
            d["cryptocurrencies_mentioned"] = json.loads(d["cryptocurrencies_mentioned"])
        out.append(d)
    return out


def _close(a, b):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _canonical(row):
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(row.items()))


def differences(table, actual, expected, limit=5):
    """Human-readable differences (empty when the table is as expected)."""
    out = []
    if table not in KEYS:
        from collections import Counter
        a, e = Counter(map(_canonical, actual)), Counter(map(_canonical, expected))
        missing, extra = e - a, a - e
        for row in list(missing.elements())[:limit]:
            out.append(f"{table}: missing {dict(row)}")
        for row in list(extra.elements())[:limit]:
            out.append(f"{table}: unexpected {dict(row)}")
        if missing or extra:
            out.append(f"{table}: {sum(missing.values())} rows missing, {sum(extra.values())} "
                       f"unexpected, of {len(expected)} expected")
        return out
    key = KEYS[table]
    a = {}
    for r in actual:
        k = tuple(r[c] for c in key)
        if k in a:
            out.append(f"{table}: duplicate row for {k}")
        a[k] = r
    e = {tuple(r[c] for c in key): r for r in expected}
    for k in sorted(set(e) - set(a))[:limit]:
        out.append(f"{table}: missing {e[k]}")
    for k in sorted(set(a) - set(e))[:limit]:
        out.append(f"{table}: unexpected {a[k]}")
    approx = APPROX[table]
    wrong = 0
    for k in sorted(set(a) & set(e)):
        bad = [c for c in COLUMNS[table] if not (_close(a[k][c], e[k][c]) if c in approx
                                                 else a[k][c] == e[k][c])]
        if bad:
            wrong += 1
            if wrong <= limit:
                out.append(f"{table}: {k}: " + ", ".join(
                    f"{c} {a[k][c]!r} != {e[k][c]!r}" for c in bad))
    if set(a) != set(e) or wrong:
        out.append(f"{table}: {len(set(e) - set(a))} missing, {len(set(a) - set(e))} unexpected, "
                   f"{wrong} different, of {len(e)} expected")
    return out
