"""Market simulator: Kraken-like tickers and trades for the CRYPTO VIZ pairs, and price alerts.

A discrete-event simulation in event time (integer milliseconds). Each pair's mid price follows a
geometric Brownian motion with the pair's yearly volatility plus rare jumps (news shocks); the
stablecoin mean-reverts around 1. Trades arrive as a Poisson process per pair (buys lift the ask,
sells hit the bid); ticker updates arrive as another Poisson process per pair and carry the last
trade price, the current bid/ask and the rolling 24-hour volume. A ticker whose pct_change against
the previous ticker of its pair is at least 0.5 % in size also produces an alert.

Everything is drawn from one random.Random seeded from --seed, in event order, so a run is
reproducible independently of how fast it is emitted.
"""

import heapq
import math
import random
from collections import deque

from . import schemas
from .schemas import Message

MS_PER_YEAR = 365.25 * 24 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000


class PairSpec:
    """Static parameters of one pair, in Kraken's units (prices in quote, volumes in base)."""

    def __init__(self, pair, price, decimals, vol, spread_bps, trade_size, volume_24h, weight,
                 stable=False):
        self.pair = pair
        self.price = price              # start mid price
        self.decimals = decimals        # Kraken's pair_decimals
        self.vol = vol                  # yearly volatility of the log price
        self.spread_bps = spread_bps    # typical bid/ask spread in basis points
        self.trade_size = trade_size    # median trade volume (base currency)
        self.volume_24h = volume_24h    # typical 24 h volume before the simulation starts
        self.weight = weight            # share of all trades
        self.stable = stable            # stablecoin: mean-reverting around 1, no jumps


# Ballpark figures of late 2024 on Kraken.
PAIR_SPECS = {
    s.pair: s for s in (
        PairSpec("XBT/USD", 97000.0, 1, 0.55, 0.05, 0.01, 2500.0, 0.30),
        PairSpec("ETH/USD", 3300.0, 2, 0.70, 0.3, 0.2, 30000.0, 0.22),
        PairSpec("USDT/USD", 1.0002, 5, 0.02, 1.0, 300.0, 40e6, 0.08, stable=True),
        PairSpec("SOL/USD", 190.0, 2, 0.90, 2.0, 3.0, 200000.0, 0.14),
        PairSpec("ADA/USD", 0.95, 6, 0.90, 3.0, 500.0, 40e6, 0.08),
        PairSpec("DOT/USD", 6.8, 4, 0.90, 4.0, 30.0, 1.5e6, 0.06),
        PairSpec("LINK/USD", 22.0, 5, 0.90, 3.0, 15.0, 700000.0, 0.06),
        PairSpec("MATIC/USD", 0.45, 4, 1.00, 5.0, 800.0, 10e6, 0.06),
    )
}

# Event kinds, in the order they are handled when they fall on the same millisecond.
_JUMP, _TRADE, _TICKER = 0, 1, 2


def round_price(x, decimals):
    return round(x, decimals)


def pct_change(last, previous):
    """Change from the previous ticker in percent, rounded to 2 decimals as the producer did."""
    return round((last - previous) / previous * 100.0, 2)


class _PairState:
    def __init__(self, spec, start_ms):
        self.spec = spec
        self.mid = spec.price
        self.t_ms = start_ms            # time the mid price was last advanced to
        self.last_trade = None          # price of the last trade
        self.prev_ticker_last = None    # `last` of the previous ticker (for pct_change)
        self.start_ms = start_ms
        self.minute_volume = deque()    # [minute index, volume] of simulated trades, last 24 h
        self.volume_in_window = 0.0


class MarketSimulator:
    """Yields Message objects (tickers, trades, alerts) in event-time order from start_ms on.

    ticker_interval_s: mean seconds between two tickers of one pair; trade_rate: trades per second
    over all pairs; jump_rate_per_hour: price shocks per pair and hour.
    """

    def __init__(self, seed=42, start_ms=0, pairs=schemas.PAIRS, ticker_interval_s=0.8,
                 trade_rate=100.0, jump_rate_per_hour=0.7, alert_threshold=schemas.ALERT_THRESHOLD_PCT,
                 state=None):
        unknown = [p for p in pairs if p not in PAIR_SPECS]
        if unknown:
            raise ValueError(f"unknown pairs {unknown}; known: {', '.join(PAIR_SPECS)}")
        if ticker_interval_s <= 0 or trade_rate < 0 or jump_rate_per_hour < 0:
            raise ValueError("rates must be positive")
        self.rng = random.Random(f"crypto-viz/market/{seed}/{start_ms}")
        self.pairs = [_PairState(PAIR_SPECS[p], start_ms) for p in pairs]
        self.ticker_rate_ms = 1.0 / (ticker_interval_s * 1000.0)
        total_weight = sum(p.spec.weight for p in self.pairs)
        self.trade_rate_ms = [trade_rate * p.spec.weight / total_weight / 1000.0 for p in self.pairs]
        self.jump_rate_ms = jump_rate_per_hour / 3600e3
        self.alert_threshold = alert_threshold
        if state:
            self._restore(state)
        self.queue = []
        for i, p in enumerate(self.pairs):
            self._schedule(_TICKER, i, start_ms, self.ticker_rate_ms)
            self._schedule(_TRADE, i, start_ms, self.trade_rate_ms[i])
            if not p.spec.stable:
                self._schedule(_JUMP, i, start_ms, self.jump_rate_ms)

    # -- scheduling -------------------------------------------------------------------------

    def _schedule(self, kind, i, after_ms, rate_ms):
        if rate_ms <= 0:
            return
        # Integer milliseconds, at least 1 apart: timestamps of one kind and pair never tie, so
        # "first/last by timestamp" (candles) is well defined.
        gap = max(1, int(round(self.rng.expovariate(rate_ms))))
        heapq.heappush(self.queue, (after_ms + gap, kind, i))

    def __iter__(self):
        return self

    def __next__(self):
        """Returns the next event's messages as a list (a ticker may bring an alert)."""
        while True:
            t_ms, kind, i = heapq.heappop(self.queue)
            p = self.pairs[i]
            self._advance(p, t_ms)
            if kind == _JUMP:
                size = self.rng.uniform(0.006, 0.02)
                p.mid *= math.exp(size if self.rng.random() < 0.5 else -size)
                self._schedule(_JUMP, i, t_ms, self.jump_rate_ms)
                continue
            if kind == _TRADE:
                self._schedule(_TRADE, i, t_ms, self.trade_rate_ms[i])
                return [self._trade(p, t_ms)]
            self._schedule(_TICKER, i, t_ms, self.ticker_rate_ms)
            return self._ticker(p, t_ms)

    # -- the price process ------------------------------------------------------------------

    def _advance(self, p, t_ms):
        dt = t_ms - p.t_ms
        if dt <= 0:
            return
        years = dt / MS_PER_YEAR
        z = self.rng.gauss(0.0, 1.0)
        if p.spec.stable:
            # Ornstein-Uhlenbeck around 1 with a half-life of about an hour.
            theta = math.log(2) / (3600e3 / MS_PER_YEAR)
            decay = math.exp(-theta * years)
            p.mid = 1.0 + (p.mid - 1.0) * decay + p.spec.vol * math.sqrt(years) * z
        else:
            sigma = p.spec.vol
            p.mid *= math.exp(-0.5 * sigma * sigma * years + sigma * math.sqrt(years) * z)
        p.t_ms = t_ms

    def _quote(self, p):
        """Bid and ask around the mid, on the pair's price grid, at least one tick apart."""
        spec = p.spec
        tick = 10.0 ** -spec.decimals
        spread = p.mid * spec.spread_bps * 1e-4 * self.rng.uniform(0.5, 2.0)
        bid = math.floor((p.mid - spread / 2) / tick) * tick
        ask = math.ceil((p.mid + spread / 2) / tick) * tick
        if ask - bid < tick / 2:
            ask = bid + tick
        return round_price(bid, spec.decimals), round_price(ask, spec.decimals)

    def _trade(self, p, t_ms):
        spec = p.spec
        bid, ask = self._quote(p)
        side = "b" if self.rng.random() < 0.5 else "s"
        price = ask if side == "b" else bid
        volume = round(spec.trade_size * math.exp(self.rng.gauss(0.0, 1.2)), 8)
        volume = max(volume, 1e-8)
        p.last_trade = price
        self._add_volume(p, t_ms, volume)
        value = {"pair": spec.pair, "price": price, "volume": volume,
                 "timestamp": t_ms / 1000.0, "side": side}
        return Message(schemas.TOPIC_TRADE, value, t_ms)

    def _add_volume(self, p, t_ms, volume):
        minute = t_ms // 60000
        if p.minute_volume and p.minute_volume[-1][0] == minute:
            p.minute_volume[-1][1] += volume
        else:
            p.minute_volume.append([minute, volume])
        p.volume_in_window += volume

    def _volume_24h(self, p, t_ms):
        """Rolling 24 h volume: simulated trades plus a pre-start volume that fades over a day."""
        oldest = (t_ms - DAY_MS) // 60000
        while p.minute_volume and p.minute_volume[0][0] <= oldest:
            p.volume_in_window -= p.minute_volume.popleft()[1]
        faded = max(0.0, 1.0 - (t_ms - p.start_ms) / DAY_MS)
        return round(p.spec.volume_24h * faded + max(0.0, p.volume_in_window), 8)

    def _ticker(self, p, t_ms):
        spec = p.spec
        bid, ask = self._quote(p)
        last = p.last_trade if p.last_trade is not None else round_price(p.mid, spec.decimals)
        change = None if p.prev_ticker_last is None else pct_change(last, p.prev_ticker_last)
        p.prev_ticker_last = last
        ts = t_ms / 1000.0
        value = {"pair": spec.pair, "last": last, "bid": bid, "ask": ask,
                 "volume_24h": self._volume_24h(p, t_ms), "timestamp": ts, "pct_change": change}
        out = [Message(schemas.TOPIC_TICKER, value, t_ms)]
        if change is not None and abs(change) >= self.alert_threshold:
            alert = {"pair": spec.pair, "type": "price_spike" if change >= 0 else "price_drop",
                     "last": last, "change": change, "threshold": self.alert_threshold,
                     "timestamp": ts}
            out.append(Message(schemas.TOPIC_ALERT, alert, t_ms))
        return out

    # -- resuming (the demo restarts where it stopped) --------------------------------------

    def snapshot(self):
        return {p.spec.pair: {"mid": p.mid, "last_trade": p.last_trade,
                              "prev_ticker_last": p.prev_ticker_last} for p in self.pairs}

    def _restore(self, state):
        for p in self.pairs:
            s = state.get(p.spec.pair)
            if s:
                p.mid = float(s["mid"])
                p.last_trade = s.get("last_trade")
                p.prev_ticker_last = s.get("prev_ticker_last")


def flatten(simulator):
    """The simulator's messages one by one."""
    for batch in simulator:
        yield from batch


if __name__ == "__main__":  # python3 -m producers.market: the market only
    import sys

    from .cli import main
    sys.exit(main(["--no-news"] + sys.argv[1:], prog="python3 -m producers.market"))
