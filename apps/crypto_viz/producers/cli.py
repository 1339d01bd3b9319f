"""Command line of the CRYPTO VIZ producers (python3 -m producers --help)."""

import argparse
import datetime
import math
import os
import re
import signal
import sys
import threading
import time

from . import schemas
from .kraken_live import KRAKEN_WS_URL, LiveUnavailable, run_live
from .market import MarketSimulator
from .news import NewsGenerator
from .runner import Pacer, StateFile, merged, run
from .sinks import CountingSink, KafkaSink, RecordSink, StdoutSink

DEFAULT_FAST_START = "2024-01-15T00:00:00Z"

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|[hms])")


def parse_duration_ms(text):
    """'4h', '90m', '1h30m', '45s', '250ms' or plain seconds → milliseconds."""
    text = text.strip()
    try:
        return int(round(float(text) * 1000))
    except ValueError:
        pass
    pos, total = 0, 0.0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * {"h": 3600e3, "m": 60e3, "s": 1e3, "ms": 1.0}[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise argparse.ArgumentTypeError(f"bad duration {text!r} (examples: 4h, 90m, 1h30m, 30s)")
    return int(round(total))


def parse_time_ms(text, now_ms):
    """'now', 'now-2h', an ISO 8601 time ('2024-01-15T00:00:00Z') or epoch seconds → ms."""
    text = text.strip()
    if text == "now":
        return now_ms
    if text.startswith("now-"):
        return now_ms - parse_duration_ms(text[4:])
    try:
        return int(round(float(text) * 1000))
    except ValueError:
        pass
    try:
        d = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad time {text!r} (examples: now, now-2h, "
                                         "2024-01-15T00:00:00Z, 1705276800)")
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return int(round(d.timestamp() * 1000))


def parse_speed(text):
    if text == "max":
        return math.inf
    try:
        v = float(text)
    except ValueError:
        v = 0
    if not v > 0:
        raise argparse.ArgumentTypeError(f"bad speed {text!r}: a positive number or 'max'")
    return v


def build_parser(prog="python3 -m producers"):
    p = argparse.ArgumentParser(
        prog=prog, description="CRYPTO VIZ producers: market simulator (rawticker, rawtrade, "
        "rawalert) and news generator (rawarticle).",
        epilog="Real time by default; --fast-forward DUR emits DUR of event time as fast as "
        "--speed allows, then exits.")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--no-market", dest="market", action="store_false", help="no market messages")
    p.add_argument("--no-news", dest="news", action="store_false", help="no articles")
    g = p.add_argument_group("time")
    g.add_argument("--fast-forward", metavar="DUR", type=parse_duration_ms,
                   help="emit DUR of event time (e.g. 4h) from --start, then exit")
    g.add_argument("--speed", type=parse_speed, default=None, metavar="S|max",
                   help="event-time seconds per second (fast-forward default: max)")
    g.add_argument("--start", metavar="TIME", help="first event time: now, now-2h, ISO 8601 or "
                   f"epoch seconds (default: now; fast-forward: {DEFAULT_FAST_START})")
    g.add_argument("--backfill", metavar="DUR", type=parse_duration_ms, default=0,
                   help="real time only: first emit DUR of history at full speed")
    g.add_argument("--flush-every", metavar="DUR", type=parse_duration_ms, default=10000,
                   help="flush the outputs every DUR of event time (default 10s)")
    g = p.add_argument_group("rates")
    g.add_argument("--pairs", default=",".join(schemas.PAIRS), help="comma-separated pairs")
    g.add_argument("--ticker-interval", type=float, default=0.8, metavar="SEC",
                   help="mean seconds between tickers of one pair (default 0.8: ~10/s in all)")
    g.add_argument("--trade-rate", type=float, default=100.0, metavar="N",
                   help="trades per second over all pairs (default 100)")
    g.add_argument("--jump-rate", type=float, default=0.7, metavar="N",
                   help="price shocks per pair and hour (default 0.7)")
    g.add_argument("--article-rate", type=float, default=12.0, metavar="N",
                   help="articles per hour over all sources (default 12)")
    g = p.add_argument_group("outputs")
    g.add_argument("--bootstrap", metavar="SERVERS", help="Kafka bootstrap servers")
    g.add_argument("--compression", default="lz4", help="Kafka compression (default lz4)")
    g.add_argument("--record", metavar="DIR", help="append every message to DIR/<topic>.jsonl")
    g.add_argument("--stdout", action="store_true", help="print messages (topic, key, value)")
    g.add_argument("--state", metavar="FILE", help="resume from / save to this state file")
    g.add_argument("--live", action="store_true",
                   help="read Kraken's public WebSocket instead of simulating the market")
    g.add_argument("--live-url", default=KRAKEN_WS_URL, metavar="URL",
                   help=f"WebSocket of --live (default {KRAKEN_WS_URL})")
    g.add_argument("--quiet", action="store_true", help="no summary on stderr")
    return p


def _log(msg):
    print(f"producers: {msg}", file=sys.stderr, flush=True)


def main(argv=None, prog="python3 -m producers"):
    args = build_parser(prog).parse_args(argv)
    fast = args.fast_forward is not None
    if args.live and (fast or args.backfill):
        _log("--live reads the market in real time; it cannot be combined with "
             "--fast-forward or --backfill")
        return 2
    if not (args.market or args.news):
        _log("nothing to produce (--no-market and --no-news)")
        return 2
    if not (args.bootstrap or args.record or args.stdout):
        _log("no output: give --bootstrap, --record and/or --stdout")
        return 2
    now_ms = int(time.time() * 1000)
    state_file = StateFile(args.state)
    state = state_file.load() or {}
    if args.start:
        start_ms = parse_time_ms(args.start, now_ms)
    elif fast:
        start_ms = parse_time_ms(DEFAULT_FAST_START, now_ms)
    else:
        start_ms = now_ms - args.backfill
    if state.get("event_ms") is not None:
        # Continue after the last message of the previous run: event time never goes back, so
        # the jobs' watermarks (kept in their checkpoints) never see these rows as late.
        start_ms = max(start_ms, state["event_ms"] + 1)
    until_ms = start_ms + args.fast_forward if fast else None
    speed = args.speed if args.speed is not None else (math.inf if (fast or args.backfill) else 1.0)
    pacer = Pacer(start_ms, speed=speed, realtime_cap=not fast)

    counting = CountingSink()
    sinks = [counting]
    try:
        if args.bootstrap:
            sinks.append(KafkaSink(args.bootstrap, compression=args.compression))
        if args.record:
            sinks.append(RecordSink(args.record))
        if args.stdout:
            sinks.append(StdoutSink())
    except SystemExit as e:
        _log(str(e))
        return 2

    pairs = [p.strip() for p in args.pairs.split(",") if p.strip()]
    generators = []
    market = news = None
    try:
        if args.market and not args.live:
            market = MarketSimulator(seed=args.seed, start_ms=start_ms, pairs=pairs,
                                     ticker_interval_s=args.ticker_interval,
                                     trade_rate=args.trade_rate, jump_rate_per_hour=args.jump_rate,
                                     state=state.get("market"))
            generators.append(market)
        if args.news:
            news = NewsGenerator(seed=args.seed, start_ms=start_ms,
                                 article_rate_per_hour=args.article_rate, state=state.get("news"))
            generators.append(news)
    except ValueError as e:
        _log(str(e))
        return 2

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    def save(last_ms):
        state_file.save({"event_ms": last_ms, "seed": args.seed,
                         "market": market.snapshot() if market else state.get("market"),
                         "news": news.snapshot() if news else state.get("news")})

    live_error = []
    live_thread = None
    if args.live and args.market:
        def live():
            try:
                run_live(pairs, lambda m: [s.send(m) for s in sinks], stop, url=args.live_url,
                         log=_log)
            except LiveUnavailable as e:
                live_error.append(str(e))
                stop.set()
        live_thread = threading.Thread(target=live, name="kraken-live", daemon=True)
        live_thread.start()

    started = time.time()
    if not args.quiet:
        mode = (f"fast-forward {args.fast_forward / 3.6e6:g} h" if fast else "real time")
        _log(f"{mode} from {_iso(start_ms)}, seed {args.seed}"
             + (", market from Kraken (live)" if args.live else ""))
    last_ms = None
    try:
        if generators:
            last_ms = run(merged(*generators), sinks, pacer, until_ms=until_ms,
                          flush_every_ms=args.flush_every, stop=stop, on_flush=save)
        elif live_thread:
            while not stop.is_set():
                stop.wait(1.0)
                for s in sinks:
                    s.flush()
        stop.set()
        if live_thread:
            live_thread.join(timeout=5)
        for s in sinks:
            s.close()
    except RuntimeError as e:  # Kafka delivery failures
        _log(str(e))
        return 1
    except BrokenPipeError:  # --stdout piped into head & co: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if live_error:
        _log(f"live mode: {live_error[0]}. Live mode needs Internet access to Kraken; "
             "run without --live to use the market simulator.")
        return 2
    if not args.quiet:
        counts = ", ".join(f"{t} {n}" for t, n in counting.counts.items())
        end = f" up to {_iso(last_ms)}" if last_ms is not None else ""
        _log(f"sent {counts}{end} in {time.time() - started:.1f} s")
    return 0


def _iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
