"""Live mode: Kraken's public WebSocket (v1, wss://ws.kraken.com) instead of the market simulator.

Subscribes to the `ticker` and `trade` channels of the pairs, as the original producer did, and
turns the frames into the same rawticker / rawtrade / rawalert messages as the simulator. Off by
default; without a network it stops at once with a message saying so.
"""

import json
import time

from . import schemas
from .market import pct_change
from .schemas import Message

KRAKEN_WS_URL = "wss://ws.kraken.com"


class LiveUnavailable(Exception):
    """Kraken cannot be reached (no network, DNS failure, refused, timed out)."""


def subscribe_messages(pairs):
    return [json.dumps({"event": "subscribe", "pair": list(pairs), "subscription": {"name": name}})
            for name in ("ticker", "trade")]


class KrakenTranslator:
    """Turns decoded Kraken v1 frames into messages; keeps the previous `last` of each pair."""

    def __init__(self, alert_threshold=schemas.ALERT_THRESHOLD_PCT, now_ms=None):
        self.alert_threshold = alert_threshold
        self.prev_last = {}
        self.now_ms = now_ms or (lambda: int(time.time() * 1000))
        self.warnings = []

    def translate(self, frame):
        if isinstance(frame, dict):
            # heartbeat, systemStatus, subscriptionStatus: nothing to send; keep refusals visible.
            if frame.get("event") == "subscriptionStatus" and frame.get("status") == "error":
                self.warnings.append(f"Kraken refused {frame.get('pair')}: "
                                     f"{frame.get('errorMessage')}")
            return []
        if not isinstance(frame, list) or len(frame) < 4:
            return []
        payload, channel, pair = frame[1], frame[-2], frame[-1]
        if channel == "ticker":
            return self._ticker(pair, payload)
        if isinstance(channel, str) and channel.startswith("trade"):
            return self._trades(pair, payload)
        return []

    def _ticker(self, pair, t):
        now_ms = self.now_ms()
        last = float(t["c"][0])
        prev = self.prev_last.get(pair)
        change = None if prev is None else pct_change(last, prev)
        self.prev_last[pair] = last
        ts = now_ms / 1000.0  # the original producer stamped tickers with time.time()
        value = {"pair": pair, "last": last, "bid": float(t["b"][0]), "ask": float(t["a"][0]),
                 "volume_24h": float(t["v"][1]), "timestamp": ts, "pct_change": change}
        out = [Message(schemas.TOPIC_TICKER, value, now_ms)]
        if change is not None and abs(change) >= self.alert_threshold:
            out.append(Message(schemas.TOPIC_ALERT, {
                "pair": pair, "type": "price_spike" if change >= 0 else "price_drop",
                "last": last, "change": change, "threshold": self.alert_threshold,
                "timestamp": ts}, now_ms))
        return out

    def _trades(self, pair, trades):
        out = []
        for tr in trades:
            ts = float(tr[2])
            value = {"pair": pair, "price": float(tr[0]), "volume": float(tr[1]),
                     "timestamp": ts, "side": tr[3]}
            out.append(Message(schemas.TOPIC_TRADE, value, int(ts * 1000)))
        return out


def connect(url=KRAKEN_WS_URL, timeout=10.0):
    """Opens the WebSocket or raises LiveUnavailable with the reason."""
    try:
        import websocket  # python3-websocket (websocket-client)
    except ImportError as e:
        raise LiveUnavailable(f"live mode needs python3-websocket: {e}")
    try:
        return websocket.create_connection(url, timeout=timeout)
    except (OSError, websocket.WebSocketException) as e:
        raise LiveUnavailable(f"cannot connect to {url}: {e}")


def run_live(pairs, send, stop, url=KRAKEN_WS_URL, log=print):
    """Reads Kraken until stop is set, calling send(message) for each message."""
    ws = connect(url)
    try:
        for m in subscribe_messages(pairs):
            ws.send(m)
        translator = KrakenTranslator()
        ws.settimeout(1.0)
        import websocket
        while not stop.is_set():
            try:
                raw = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (OSError, websocket.WebSocketException) as e:
                raise LiveUnavailable(f"connection to {url} lost: {e}")
            try:
                frame = json.loads(raw)
            except ValueError:
                continue
            for m in translator.translate(frame):
                send(m)
            while translator.warnings:
                log(translator.warnings.pop(0))
    finally:
        ws.close()
