"""The Wikimedia recent-change generator (apps/tp4/wikimedia/generator): realistic fields as the
real feed has them, every wiki, every change type, bots and humans, frwiki changes to the pages
of the communes of Haute-Garonne with decoys, determinism, and its own bookkeeping."""
import csv
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from urllib.parse import unquote

import pytest

from tp4_helpers import DATA, GENERATOR, generated_events

START = 1711281600  # 2024-03-24T12:00:00Z
HEAD = [
    "$schema",
    "meta",
    "id",
    "type",
    "namespace",
    "title",
    "title_url",
    "comment",
    "timestamp",
    "user",
    "bot",
]
TAIL = ["server_url", "server_name", "server_script_path", "wiki", "parsedcomment"]
META = ["uri", "request_id", "id", "dt", "domain", "stream", "topic", "partition", "offset"]


@pytest.fixture(scope="module")
def events():
    return generated_events(42, 6000, START, 0.5)


@pytest.fixture(scope="module")
def communes():
    with open(os.path.join(DATA, "hte-garonne.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_fields_by_type_in_the_feeds_order(events):
    for e in events:
        keys = list(e)
        assert keys[: len(HEAD)] == HEAD and keys[-len(TAIL) :] == TAIL
        middle = keys[len(HEAD) : -len(TAIL)]
        if e["type"] == "edit":
            assert middle in (
                ["notify_url", "minor", "patrolled", "length", "revision"],
                ["notify_url", "minor", "length", "revision"],
            )
            assert (
                set(e["revision"]) == {"old", "new"} and e["revision"]["old"] < e["revision"]["new"]
            )
            assert set(e["length"]) == {"old", "new"}
            assert e["notify_url"].endswith(
                "diff=%d&oldid=%d" % (e["revision"]["new"], e["revision"]["old"])
            )
        elif e["type"] == "new":
            assert set(e["revision"]) == {"new"} and set(e["length"]) == {"new"}
            assert e["minor"] is False
        elif e["type"] == "log":
            assert middle == [
                "log_id",
                "log_type",
                "log_action",
                "log_params",
                "log_action_comment",
            ]
        else:
            assert e["type"] == "categorize" and middle == []
            assert e["namespace"] == 14
        assert e["$schema"] == "/mediawiki/recentchange/1.0.0"
        assert list(e["meta"]) == META
        assert e["meta"]["domain"] == e["server_name"]
        assert e["meta"]["uri"] == e["title_url"]
        assert e["server_url"] == "https://" + e["server_name"]
        assert unquote(e["title_url"]) == "https://%s/wiki/%s" % (
            e["server_name"],
            e["title"].replace(" ", "_"),
        )
        dt = datetime.fromtimestamp(e["timestamp"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert e["meta"]["dt"] == dt
        assert isinstance(e["bot"], bool) and isinstance(e["namespace"], int)


def test_ids_offsets_and_time_move_forward(events):
    offsets = [e["meta"]["offset"] for e in events]
    assert offsets == list(range(offsets[0], offsets[0] + len(events)))
    times = [e["timestamp"] for e in events]
    assert times == sorted(times) and times[0] >= START
    # about 6000 * 0.5 s of event time
    assert 2000 < times[-1] - times[0] < 4000
    last = {}
    for e in events:
        assert e["id"] > last.get(e["wiki"], 0)  # rc ids are per wiki
        last[e["wiki"]] = e["id"]


def test_every_wiki_type_and_kind_of_user(events):
    wikis = Counter(e["wiki"] for e in events)
    assert {
        "enwiki",
        "frwiki",
        "dewiki",
        "wikidatawiki",
        "commonswiki",
        "jawiki",
        "ruwiki",
        "enwiktionary",
        "frwiktionary",
        "metawiki",
        "ocwiki",
        "frwikiquote",
    } <= set(wikis)
    assert wikis.most_common(1)[0][0] == "wikidatawiki"
    assert Counter(e["type"] for e in events).keys() == {"edit", "new", "log", "categorize"}
    users = [e["user"] for e in events]
    assert any(e["bot"] for e in events) and not all(e["bot"] for e in events)
    assert any(u.count(".") == 3 and u.replace(".", "").isdigit() for u in users)  # IPv4
    assert any(":" in u and u.startswith("2A01") for u in users)  # IPv6
    assert any(u.startswith("~2025-") for u in users)  # temporary accounts
    log_types = {e["log_type"] for e in events if e["type"] == "log"}
    assert {"newusers", "upload", "delete", "block", "move", "protect", "thanks"} <= log_types
    # Non-ASCII titles (the relay escapes them).
    assert any(not e["title"].isascii() for e in events if e["wiki"] in ("jawiki", "ruwiki"))


def test_frwiki_commune_changes_and_decoys(events, communes):
    articles = {c["articleName"] for c in communes}
    differing = {c["communeLabel"] for c in communes if c["communeLabel"] != c["articleName"]}
    commune_changes = [e for e in events if e["wiki"] == "frwiki" and e["title"] in articles]
    assert len(commune_changes) >= 50
    assert {e["type"] for e in commune_changes} >= {"edit"}
    # Pages that must not count for Q4:
    assert any(e["wiki"] != "frwiki" and e["title"] in articles for e in events)
    assert any(
        e["wiki"] == "frwiki"
        and e["title"].startswith("Discussion:")
        and e["title"][len("Discussion:") :] in articles
        for e in events
    )
    assert any(e["wiki"] == "frwiki" and e["title"] in differing - articles for e in events)
    assert any(
        e["type"] == "categorize"
        and e["wiki"] == "frwiki"
        and any("[[:%s]]" % a in e["comment"] for a in articles)
        for e in events
    )


def test_same_seed_same_events_and_bookkeeping(tmp_path, events):
    stats_path = tmp_path / "stats.json"
    out_path = tmp_path / "rc.jsonl"
    subprocess.run(
        [
            sys.executable,
            os.path.join(GENERATOR, "generate.py"),
            "--seed",
            "42",
            "--count",
            "6000",
            "--start",
            str(START),
            "--mean-gap",
            "0.5",
            "-o",
            str(out_path),
            "--stats",
            str(stats_path),
        ],
        check=True,
    )
    written = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert written == events
    assert generated_events(43, 50, START, 0.5) != events[:50]
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    assert stats["count"] == 6000
    assert stats["by_wiki"] == dict(sorted(Counter(e["wiki"] for e in events).items()))
    assert stats["by_type"] == dict(sorted(Counter(e["type"] for e in events).items()))
    per_article = defaultdict(int)
    with open(os.path.join(DATA, "hte-garonne.csv"), encoding="utf-8") as f:
        articles = {row["articleName"] for row in csv.DictReader(f)}
    for e in events:
        if e["wiki"] == "frwiki" and e["title"] in articles:
            per_article[e["title"]] += 1
    assert stats["frwiki_commune_changes"] == dict(sorted(per_article.items()))
