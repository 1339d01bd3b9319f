#!/usr/bin/env python3
"""The TP4 lab's stream servers in one process (Python 3 standard library only).

  iot        9999   smartphone accelerometer records (seed_apps.md §2.1)
  iot2       10000  smart-watch records with bpm (§2.2)
  kaamelott  10001  Kaamelott quotes from quote.json (§2.3)
  wikipedia  10003  Wikimedia recent-changes relay (§2.4); offline: generated events
  sse        10004  the same events as an EventStreams-style SSE feed, for the http_sse source:
                    http://127.0.0.1:10004/v2/stream/recentchange

Every server accepts several clients at once. With --seed, each client receives the same
sequence from its start (timestamps from --start-time on a virtual clock), so tests can recompute
what a query saw. Stop with Ctrl-C or SIGTERM (apps/tp4/servers/run.sh start|stop does both).
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from events import ReplayEvents  # noqa: E402
from iot import iot_lines, shared_counter  # noqa: E402
from kaamelott import DEFAULT_QUOTES, quote_lines  # noqa: E402
from line_server import LineServer  # noqa: E402
from sse import SseServer  # noqa: E402
from wikipedia_relay import USER_AGENT, WIKIMEDIA_URL, WikipediaRelay  # noqa: E402

DEFAULT_PORTS = {"iot": 9999, "iot2": 10000, "kaamelott": 10001, "wikipedia": 10003, "sse": 10004}
SEEDED_START = "2020-03-21T10:00:00Z"


def parse_time(text):
    try:
        return float(text)
    except ValueError:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()


def parse_ports(text):
    ports = dict(DEFAULT_PORTS)
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = part.partition("=")
        if name not in ports or not value.isdigit():
            raise argparse.ArgumentTypeError(
                "bad --ports entry %r (expected name=port with name in %s)"
                % (part, ", ".join(DEFAULT_PORTS))
            )
        ports[name] = int(value)
    return ports


def arguments(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument(
        "--ports",
        type=parse_ports,
        default=dict(DEFAULT_PORTS),
        help="name=port,... (0 = any free port), e.g. iot=19999,wikipedia=0",
    )
    p.add_argument("--only", help="comma-separated servers to start (default: all)")
    p.add_argument("--port-file", help="write {name: port} as JSON here once all listen")
    p.add_argument("--seed", help="deterministic output: the same sequence for every client")
    p.add_argument(
        "--start-time",
        help="seeded IoT clock start (default %s) and first generated "
        "Wikimedia event (default 2024-03-24T12:00:00Z)" % SEEDED_START,
    )
    p.add_argument(
        "--rate",
        type=float,
        default=10.0,
        help="IoT and Kaamelott lines per second per client (lab: 10; 0 = no pause)",
    )
    p.add_argument("--fast", action="store_true", help="same as --rate 0 --wiki-rate 0")
    p.add_argument("--limit", type=int, help="stop each IoT client after this many records")
    p.add_argument("--quotes", default=DEFAULT_QUOTES, help="the Kaamelott quotes (JSON lines)")
    p.add_argument("--quiet", action="store_true", help="do not print the lines sent")
    w = p.add_argument_group("Wikimedia relay")
    w.add_argument(
        "--wiki-source",
        choices=["auto", "live", "replay"],
        default="auto",
        help="auto: the live feed when reachable, else a replay (default)",
    )
    w.add_argument("--wiki-url", default=WIKIMEDIA_URL)
    w.add_argument("--user-agent", default=USER_AGENT)
    w.add_argument(
        "--live-timeout",
        type=float,
        default=5.0,
        help="seconds to wait for the live feed before replaying (default 5)",
    )
    w.add_argument("--replay-file", help="JSON lines of recent changes (default: generated)")
    w.add_argument("--wiki-count", type=int, help="replay at most this many events per client")
    w.add_argument(
        "--wiki-rate",
        type=float,
        default=25.0,
        help="replayed events per second per client (default 25; 0 = no pause)",
    )
    w.add_argument(
        "--wiki-mean-gap",
        type=float,
        help="mean seconds between generated events' timestamps (default 1/rate)",
    )
    w.add_argument(
        "--sse-close-every",
        type=int,
        help="end each SSE response after N events (tests client reconnection)",
    )
    args = p.parse_args(argv)
    if args.fast:
        args.rate = 0.0
        args.wiki_rate = 0.0
    args.only = set(DEFAULT_PORTS) if not args.only else set(args.only.split(","))
    unknown = args.only - set(DEFAULT_PORTS)
    if unknown:
        p.error("unknown server(s) in --only: %s" % ", ".join(sorted(unknown)))
    return args


class Console:
    """Serialised output: sent lines on stdout (as the lab's servers print them), log on stderr."""

    def __init__(self, quiet):
        self.quiet = quiet
        self.lock = threading.Lock()

    def echo(self, name, line):
        if self.quiet:
            return
        with self.lock:
            sys.stdout.write("%s> %s" % (name, line))
            sys.stdout.flush()

    def log(self, message):
        with self.lock:
            sys.stderr.write("%s tp4-servers: %s\n" % (time.strftime("%H:%M:%S"), message))
            sys.stderr.flush()


def start_servers(args, console):
    seeded = args.seed is not None
    interval = 1.0 / args.rate if args.rate > 0 else 0.0
    iot_start_ns = int(parse_time(args.start_time or SEEDED_START) * 1e9) if seeded else None
    servers = []

    def line_server(name, make_lines, limit=None, rate_interval=interval):
        server = LineServer(
            name,
            args.host,
            args.ports[name],
            make_lines,
            rate_interval,
            limit,
            console.echo,
            console.log,
        )
        servers.append(server.start())

    if "iot" in args.only:
        counter = shared_counter()
        line_server("iot", lambda: iot_lines(1, args.seed, iot_start_ns, counter), args.limit)
    if "iot2" in args.only:
        counter2 = shared_counter()
        line_server("iot2", lambda: iot_lines(2, args.seed, iot_start_ns, counter2), args.limit)
    if "kaamelott" in args.only:
        line_server("kaamelott", lambda: quote_lines(args.quotes))
    relay = None
    if {"wikipedia", "sse"} & args.only:
        wiki_interval = 1.0 / args.wiki_rate if args.wiki_rate > 0 else 0.0
        mean_gap = args.wiki_mean_gap or (wiki_interval if wiki_interval > 0 else 0.05)
        start = parse_time(args.start_time) if args.start_time else None
        replay = ReplayEvents(args.replay_file, args.seed, start, mean_gap, args.wiki_count)
        if "wikipedia" in args.only:
            relay = WikipediaRelay(
                args.wiki_source,
                replay,
                wiki_interval,
                args.wiki_url,
                args.user_agent,
                args.live_timeout,
                log=console.log,
            )
            # The relay paces replays itself; the live feed is not throttled (as in the lab).
            line_server("wikipedia", relay.lines, rate_interval=0.0)
        if "sse" in args.only:
            sse = SseServer(
                args.host,
                args.ports["sse"],
                replay.make,
                wiki_interval,
                args.sse_close_every,
                console.log,
            )
            servers.append(sse.start())
    return servers, relay


def main(argv=None):
    args = arguments(argv)
    console = Console(args.quiet)
    try:
        servers, relay = start_servers(args, console)
    except OSError as e:
        console.log("cannot start: %s" % e)
        return 1
    ports = {s.name: s.port for s in servers}
    for name, port in sorted(ports.items(), key=lambda item: item[1]):
        extra = " (http://%s:%d%s)" % (args.host, port, SseServer.PATH) if name == "sse" else ""
        console.log("%s listening on %s:%d%s" % (name, args.host, port, extra))
    if args.seed is not None:
        console.log("seeded output (seed %s): every client gets the same sequence" % args.seed)
    if args.port_file:
        temp = args.port_file + ".tmp"
        with open(temp, "w") as f:
            json.dump(ports, f)
        os.replace(temp, args.port_file)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(1.0):
        pass
    console.log("stopping")
    if relay:
        relay.stop()
    for server in servers:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
