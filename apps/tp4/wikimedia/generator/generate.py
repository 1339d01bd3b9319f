#!/usr/bin/env python3
"""Writes realistic Wikimedia recent-change events, one JSON object per line, as the real
EventStreams feed sends them (see recentchange.py), for replays when the network is unavailable.

    generate.py --seed 42 --count 3000 --start 2024-03-24T12:00:00Z --mean-gap 2 -o rc.jsonl
"""
import argparse
import json
import os
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recentchange import RecentChangeGenerator, load_communes, DEFAULT_COMMUNES  # noqa: E402


def parse_time(text):
    """An ISO-8601 instant ("2024-03-24T12:00:00Z") or unix seconds."""
    try:
        return float(text)
    except ValueError:
        pass
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="0")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument(
        "--start",
        default="2024-03-24T12:00:00Z",
        help="time of the first event (ISO-8601 or unix seconds)",
    )
    parser.add_argument(
        "--mean-gap",
        type=float,
        default=0.05,
        help="mean seconds between events (the real feed: ~0.03)",
    )
    parser.add_argument("--communes", default=DEFAULT_COMMUNES)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--stats", help="write what was generated (counts) to this JSON file")
    args = parser.parse_args(argv)
    generator = RecentChangeGenerator(
        args.seed, parse_time(args.start), args.mean_gap, load_communes(args.communes)
    )
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for _ in range(args.count):
            out.write(json.dumps(next(generator), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(generator.stats.to_json(), f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
