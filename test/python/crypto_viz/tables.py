"""Writes rows of producers.expected into a CRYPTO VIZ database the way Spate's JDBC sink stores
them (SQLite: UTC timestamp text and JSON arrays; PostgreSQL: timestamptz and text[]), for tests
of readers (the dashboard API, the browser test) that should not need the jobs running."""
import datetime
import json

UTC = datetime.timezone.utc
COLUMNS = {
    "ticker_data": ("timestamp", "pair", "last", "bid", "ask", "volume_24h"),
    "trade_data": ("timestamp", "pair", "price", "volume", "side"),
    "article_data": ("timestamp", "article_id", "title", "url", "website", "summary",
                     "cryptocurrencies_mentioned", "sentiment_score", "sentiment_label",
                     "published_at"),
    "alert_data": ("timestamp", "pair", "last_price", "change_percent", "threshold",
                   "alert_type"),
    "sentiment_data": ("timestamp", "crypto_symbol", "sentiment_score", "sentiment_label",
                       "source", "confidence", "article_count"),
    "prediction_data": ("timestamp", "crypto_symbol", "pair", "predicted_price", "actual_price",
                        "model_name", "confidence_interval_low", "confidence_interval_high",
                        "price_volatility", "min_price", "max_price", "tick_count"),
    "candle_data": ("timestamp", "pair", "open", "high", "low", "close", "volume", "buy_volume",
                    "sell_volume", "trade_count"),
}
TIME_COLUMNS = {"timestamp", "published_at"}


def _value(target, column, v):
    if column in TIME_COLUMNS and v is not None:
        d = datetime.datetime(1970, 1, 1, tzinfo=UTC) + datetime.timedelta(microseconds=v)
        return d.strftime("%Y-%m-%d %H:%M:%S.%f") if target.kind == "sqlite" else d
    if isinstance(v, list) and target.kind == "sqlite":
        return json.dumps(v)
    return v


def write(target, tables):
    """Appends {table: [row dict]} in one transaction."""
    conn = target.connect()
    try:
        for table, rows in tables.items():
            cols = COLUMNS[table]
            mark = "?" if target.kind == "sqlite" else "%s"
            sql = (f'INSERT INTO {table} ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                   f'VALUES ({", ".join([mark] * len(cols))})')
            data = [tuple(_value(target, c, r[c]) for c in cols) for r in rows]
            if target.kind == "sqlite":
                conn.executemany(sql, data)
            else:
                with conn.cursor() as cur:
                    cur.executemany(sql, data)
        conn.commit()
    finally:
        conn.close()
