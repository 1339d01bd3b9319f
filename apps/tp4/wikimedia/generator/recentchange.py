"""A deterministic generator of realistic Wikimedia recent-change events.

Each event is the JSON object the real EventStreams feed
(https://stream.wikimedia.org/v2/stream/recentchange, schema /mediawiki/recentchange/1.0.0) sends
as an SSE `data:` line, with the same keys in the same order: `$schema`, `meta` (uri, request_id,
id, dt, domain, stream, topic, partition, offset), `id` (per-wiki rc id), `type` (edit, new, log,
categorize), `namespace`, `title`, `title_url`, `comment`, `timestamp` (unix seconds), `user`,
`bot`, then by type `notify_url`, `minor`, `patrolled`, `length` {old,new}, `revision` {old,new}
or the `log_*` fields, then `server_url`, `server_name`, `server_script_path`, `wiki`,
`parsedcomment`.

The same seed gives the same events (the timestamps too, from `start`). Every wiki of wikis.py
appears, bots and humans (registered, IP and temporary accounts), and frwiki changes to the pages
of the communes of Haute-Garonne (hte-garonne.csv's articleName) together with decoys that a
correct TP4 Q4 must not count: the same names on other wikis, talk pages, categorize events naming
a commune in their comment, and frwiki pages named after a commune's label when its article name
differs ("Aurin" vs "Aurin (Haute-Garonne)").
"""

import csv
import html
import itertools
import os
import random
import re
import uuid
from collections import Counter
from datetime import datetime, timezone
from urllib.parse import quote

from vocabulary import (
    ARTICLES,
    BOTS,
    CATEGORIES,
    CATEGORIZE_COMMENTS,
    COMMONS_SUBJECTS,
    COMMONS_SUMMARIES,
    META_TITLES,
    QUOTE_TITLES,
    SECTIONS,
    SOURCE_TITLES,
    SPECIES,
    SUMMARIES,
    SYLLABLES,
    WIKIDATA_SUMMARIES,
    WIKTIONARY_WORDS,
)
from wikis import BOT_SHARE, ID_BASES, PATROLLED_WIKIS, TYPE_MIX, WIKIS, namespace_name

SCHEMA = "/mediawiki/recentchange/1.0.0"
TOPIC = "eqiad.mediawiki.recentchange"
FIRST_KAFKA_OFFSET = 5_190_000_000
DEFAULT_COMMUNES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "hte-garonne.csv"
)
# Share of frwiki main-namespace edits that touch a Haute-Garonne commune page.
COMMUNE_SHARE = 0.25


def load_communes(path=DEFAULT_COMMUNES):
    """(communeLabel, articleName, wikidata id) of hte-garonne.csv."""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            (row["communeLabel"], row["articleName"], row["commune"].rsplit("/", 1)[-1])
            for row in csv.DictReader(f)
        ]


def title_url(server_name, title):
    return "https://%s/wiki/%s" % (
        server_name,
        quote(title.replace(" ", "_"), safe=":/()!,'*;@$-_.~"),
    )


_LINK = re.compile(r"\[\[(:?)([^\]|]+)(?:\|([^\]]+))?\]\]")
_AUTOCOMMENT = re.compile(r"/\* *(.*?) *\*/")


def parse_comment(comment, title):
    """MediaWiki's summary HTML, roughly: section links and [[links]]."""
    out = html.escape(comment, quote=False)

    def link(match):
        target = html.unescape(match.group(2))
        text = match.group(3) or target
        return '<a href="/wiki/%s" title="%s">%s</a>' % (
            quote(target.replace(" ", "_"), safe=":/()!,'*;@$-_.~"),
            html.escape(target),
            text,
        )

    def section(match):
        name = match.group(1)
        return (
            '<span dir="auto"><span class="autocomment"><a href="/wiki/%s#%s" title="%s">'
            "→\u200e%s</a></span></span>"
            % (
                quote(title.replace(" ", "_")),
                quote(name.replace(" ", "_")),
                html.escape(title),
                name,
            )
        )

    out = _AUTOCOMMENT.sub(section, out)
    return _LINK.sub(link, out)


class Stats:
    """What the generator produced, for tests and the CLI's --stats file."""

    def __init__(self):
        self.count = 0
        self.by_wiki = Counter()
        self.by_type = Counter()
        self.bots = 0
        self.frwiki_commune_changes = Counter()  # articleName -> changes on frwiki

    def to_json(self):
        return {
            "count": self.count,
            "by_wiki": dict(sorted(self.by_wiki.items())),
            "by_type": dict(sorted(self.by_type.items())),
            "bots": self.bots,
            "frwiki_commune_changes": dict(sorted(self.frwiki_commune_changes.items())),
        }


class RecentChangeGenerator:
    """An endless, seeded stream of recent-change events (dicts in the feed's key order)."""

    def __init__(self, seed=0, start=1711281600.0, mean_gap=0.05, communes=None):
        self.rng = random.Random("wikimedia-recentchange:%s" % seed)
        self.time = float(start)
        self.mean_gap = float(mean_gap)
        self.communes = communes if communes is not None else load_communes()
        self.article_names = {a for _, a, _ in self.communes}
        self.offset = FIRST_KAFKA_OFFSET
        self.rc_ids = {}
        self.rev_ids = {}
        self.log_ids = {}
        self.stats = Stats()
        self._wikis = WIKIS
        self._weights = list(itertools.accumulate(w[3] for w in WIKIS))
        self._humans = self._make_humans()

    # --- people -------------------------------------------------------------------------------
    def _make_humans(self):
        rng = self.rng
        names = []
        for _ in range(300):
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            style = rng.random()
            if style < 0.3:
                name += str(rng.randint(1, 99))
            elif style < 0.4:
                name += " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            names.append(name)
        for _ in range(60):
            names.append(
                "%d.%d.%d.%d"
                % (
                    rng.choice([2, 37, 78, 82, 86, 88, 90, 92, 109, 176]),
                    rng.randint(0, 255),
                    rng.randint(0, 255),
                    rng.randint(1, 254),
                )
            )
        for _ in range(30):
            names.append(
                "2A01:%X:%X:%X:0:0:0:%X"
                % (
                    rng.randint(0xC00, 0xE3F),
                    rng.randint(0, 0xFFFF),
                    rng.randint(0, 0xFFFF),
                    rng.randint(1, 0xFFFF),
                )
            )
        for _ in range(20):
            names.append("~2025-%05d-%02d" % (rng.randint(1, 99999), rng.randint(1, 99)))
        return names

    def _user(self, bot):
        rng = self.rng
        if bot:
            return rng.choice(BOTS)
        # A few people make most of the changes.
        i = min(int(rng.paretovariate(1.2)) - 1, len(self._humans) - 1)
        return self._humans[(i * 7919) % len(self._humans)]

    # --- ids ----------------------------------------------------------------------------------
    def _next_id(self, table, dbname, base, step):
        if dbname not in table:
            table[dbname] = base + self.rng.randint(0, 10_000_000)
        table[dbname] += self.rng.randint(1, step)
        return table[dbname]

    def _rc_id(self, dbname):
        return self._next_id(self.rc_ids, dbname, ID_BASES.get(dbname, (90_000_000, 0))[0], 40)

    def _rev_id(self, dbname):
        return self._next_id(self.rev_ids, dbname, ID_BASES.get(dbname, (0, 60_000_000))[1], 30)

    def _log_id(self, dbname):
        return self._next_id(self.log_ids, dbname, 150_000_000, 5)

    # --- titles -------------------------------------------------------------------------------
    def _article(self, dbname, language, family, for_new=False):
        rng = self.rng
        if family == "wikidata":
            r = rng.random()
            if r < 0.05:
                return rng.choice(self.communes)[2]  # a commune's item, e.g. Q17173
            return "Q%d" % rng.randint(1, 125_000_000)
        if family == "commons":
            return "%s %s %d" % (
                rng.choice(COMMONS_SUBJECTS),
                rng.choice(["2023", "2024", "IMG"]),
                rng.randint(1, 9999),
            )
        if family == "wiktionary":
            return rng.choice(WIKTIONARY_WORDS)
        if family == "wikisource":
            return rng.choice(SOURCE_TITLES)
        if family == "wikiquote":
            return rng.choice(QUOTE_TITLES)
        if dbname == "specieswiki":
            return rng.choice(SPECIES)
        if family == "meta":
            return rng.choice(META_TITLES)
        if for_new:
            return "%s (%s)" % (
                rng.choice(ARTICLES[language]),
                rng.choice(
                    [
                        "film",
                        "album",
                        "homonymie" if language == "fr" else "disambiguation",
                        "2025",
                        "chanson",
                    ]
                ),
            )
        if dbname == "frwiki":
            r = rng.random()
            if r < COMMUNE_SHARE:
                return rng.choice(self.communes)[1]
            if r < COMMUNE_SHARE + 0.03:
                # A page named after a commune's label: the commune's own article only when the
                # label is the article name.
                label, article, _ = rng.choice(self.communes)
                return label
        return rng.choice(ARTICLES[language])

    def _title(self, dbname, language, family, namespace, user, for_new=False):
        rng = self.rng
        prefix = namespace_name(dbname, language, namespace)
        if namespace in (0, 1):
            name = self._article(dbname, language, family, for_new)
        elif namespace in (2, 3):
            name = user if rng.random() < 0.5 else self._user(False)
        elif namespace == 4:
            name = rng.choice(
                [
                    "Le Bistro/24 mars 2024",
                    "Requête aux administrateurs",
                    "Administrators' noticeboard",
                    "Village pump (technical)",
                    "Bot requests",
                    "Pages à supprimer",
                ]
            )
        elif namespace == 6:
            name = "%s %d.jpg" % (rng.choice(COMMONS_SUBJECTS), rng.randint(1, 99999))
        elif namespace == 10:
            name = rng.choice(
                [
                    "Infobox Commune de France",
                    "Infobox settlement",
                    "Cite web",
                    "Palette Communes de la Haute-Garonne",
                    "Lien web",
                ]
            )
        elif namespace == 14:
            name = self._category(language, family)
        elif namespace == 120:
            name = "P%d" % rng.randint(1, 12_500)
        else:  # 146
            name = "L%d" % rng.randint(1, 1_300_000)
        return namespace, (prefix + ":" + name) if prefix else name

    def _category(self, language, family):
        if family == "commons":
            return self.rng.choice(CATEGORIES["commons"])
        return self.rng.choice(CATEGORIES.get(language, CATEGORIES["other"]))

    def _namespace(self, family, kind):
        rng = self.rng
        if kind == "categorize":
            return 14
        if family == "wikidata":
            return rng.choices([0, 120, 146, 1, 2, 4], [88, 2, 5, 2, 2, 1])[0]
        if family == "commons":
            return rng.choices([6, 14, 0, 2, 3, 4], [70, 15, 2, 6, 5, 2])[0]
        if kind == "new":
            return rng.choices([0, 2, 3, 1, 14], [55, 15, 15, 10, 5])[0]
        return rng.choices([0, 1, 2, 3, 4, 10, 14], [70, 8, 7, 7, 4, 2, 2])[0]

    # --- comments -----------------------------------------------------------------------------
    def _summary(self, dbname, language, family, title, user, kind):
        rng = self.rng
        if family == "wikidata":
            if kind == "new":
                return "/* wbeditentity-create-item:0| */ " + rng.choice(ARTICLES["fr"])
            return rng.choice(WIKIDATA_SUMMARIES).format(label=rng.choice(ARTICLES["fr"]))
        if family == "commons":
            return rng.choice(COMMONS_SUMMARIES).format(
                user=user, cat=self._category(language, family)
            )
        if kind == "new":
            return (
                rng.choice(
                    [
                        "Créé en traduisant la page",
                        "Nouvelle page : {{ébauche}}",
                        "Created page with '{{Short description}}'",
                        "",
                        "+",
                    ]
                )
                if language in ("fr", "en")
                else ""
            )
        choices = SUMMARIES.get(language, SUMMARIES["other"])
        text = rng.choice(choices).format(
            other=self._user(False),
            user2=self._user(False),
            rev=self.rng.randint(1_100_000_000, 1_215_000_000),
            cat=self._category(language, family),
            title2=rng.choice(ARTICLES[language]),
        )
        if language in SECTIONS and rng.random() < 0.35:
            text = "/* %s */ %s" % (rng.choice(SECTIONS[language]), text)
        return text

    # --- events -------------------------------------------------------------------------------
    def _pick_wiki(self):
        r = self.rng.random() * self._weights[-1]
        for w, limit in zip(self._wikis, self._weights):
            if r < limit:
                return w
        return self._wikis[-1]

    def __iter__(self):
        return self

    def __next__(self):
        rng = self.rng
        self.time += rng.expovariate(1.0 / self.mean_gap) if self.mean_gap > 0 else 0.0
        dbname, server, language, _, family = self._pick_wiki()
        kind = rng.choices(["edit", "new", "log", "categorize"], TYPE_MIX[family])[0]
        bot = rng.random() < BOT_SHARE[family]
        user = self._user(bot)
        timestamp = int(self.time)
        if kind == "log":
            event = self._log_event(dbname, server, language, family, user, bot, timestamp)
        else:
            event = self._page_event(dbname, server, language, family, kind, user, bot, timestamp)
        self.offset += 1
        self._account(event)
        return event

    def _head(self, dbname, server, kind, namespace, title, comment, timestamp, user, bot):
        dt = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rng = self.rng
        return {
            "$schema": SCHEMA,
            "meta": {
                "uri": title_url(server, title),
                "request_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "dt": dt,
                "domain": server,
                "stream": "mediawiki.recentchange",
                "topic": TOPIC,
                "partition": 0,
                "offset": self.offset,
            },
            "id": self._rc_id(dbname),
            "type": kind,
            "namespace": namespace,
            "title": title,
            "title_url": title_url(server, title),
            "comment": comment,
            "timestamp": timestamp,
            "user": user,
            "bot": bot,
        }

    @staticmethod
    def _tail(event, dbname, server, title):
        event["server_url"] = "https://" + server
        event["server_name"] = server
        event["server_script_path"] = "/w"
        event["wiki"] = dbname
        event["parsedcomment"] = parse_comment(event["comment"], title)
        return event

    def _page_event(self, dbname, server, language, family, kind, user, bot, timestamp):
        rng = self.rng
        namespace = self._namespace(family, kind)
        namespace, title = self._title(
            dbname, language, family, namespace, user, for_new=kind == "new"
        )
        if kind == "categorize":
            added, removed = CATEGORIZE_COMMENTS.get(language, CATEGORIZE_COMMENTS["en"])
            page = self._article(dbname, language, family)
            comment = (added if rng.random() < 0.7 else removed).format(page=page)
        else:
            comment = self._summary(dbname, language, family, title, user, kind)
        event = self._head(dbname, server, kind, namespace, title, comment, timestamp, user, bot)
        if kind == "categorize":
            return self._tail(event, dbname, server, title)
        new_rev = self._rev_id(dbname)
        base = "https://%s/w/index.php?" % server
        if kind == "edit":
            old_rev = new_rev - rng.randint(1, 5_000_000)
            old_len = rng.randint(150, 180_000)
            new_len = max(0, old_len + int(rng.gauss(0, 400)))
            event["notify_url"] = base + "diff=%d&oldid=%d" % (new_rev, old_rev)
            event["minor"] = rng.random() < (0.6 if bot else 0.2)
            if dbname in PATROLLED_WIKIS:
                event["patrolled"] = bot or rng.random() < 0.7
            event["length"] = {"old": old_len, "new": new_len}
            event["revision"] = {"old": old_rev, "new": new_rev}
        else:
            event["notify_url"] = base + "oldid=%d&rcid=%d" % (new_rev, event["id"])
            event["minor"] = False
            if dbname in PATROLLED_WIKIS:
                event["patrolled"] = bot or rng.random() < 0.5
            event["length"] = {"new": rng.randint(20, 25_000)}
            event["revision"] = {"new": new_rev}
        return self._tail(event, dbname, server, title)

    def _log_event(self, dbname, server, language, family, user, bot, timestamp):
        rng = self.rng
        if family == "commons":
            log_type = rng.choices(
                ["upload", "newusers", "delete", "move", "patrol"], [70, 12, 8, 5, 5]
            )[0]
        else:
            log_type = rng.choices(
                [
                    "newusers",
                    "thanks",
                    "patrol",
                    "delete",
                    "block",
                    "move",
                    "protect",
                    "abusefilter",
                ],
                [30, 18, 15, 10, 8, 8, 6, 5],
            )[0]
        names = {
            "newusers": "create",
            "thanks": "thank",
            "patrol": "patrol",
            "delete": "delete",
            "block": "block",
            "move": "move",
            "protect": "protect",
            "upload": "upload",
            "abusefilter": "hit",
        }
        action = names[log_type]
        target_user = self._user(False)
        comment = ""
        params = []
        if log_type == "newusers":
            namespace, title = self._title(dbname, language, family, 2, target_user)
            params = {"userid": rng.randint(1_000_000, 49_000_000)}
            action_comment = "User account %s was created" % target_user
        elif log_type == "thanks":
            namespace, title = self._title(dbname, language, family, 2, target_user)
            action_comment = "%s thanked %s" % (user, target_user)
        elif log_type == "block":
            namespace, title = self._title(dbname, language, family, 2, target_user)
            params = {
                "duration": rng.choice(["31 hours", "1 week", "infinity"]),
                "flags": ["nocreate"],
                "sitewide": True,
            }
            comment = rng.choice(["[[WP:VANDAL|Vandalism]]", "Spam", "Vandalisme"])
            action_comment = "blocked [[User:%s]] with an expiration time of %s: %s" % (
                target_user,
                params["duration"],
                comment,
            )
        elif log_type == "upload":
            namespace = 6
            title = "File:%s %d.jpg" % (rng.choice(COMMONS_SUBJECTS), rng.randint(1, 99999))
            params = {
                "img_sha1": "".join(
                    rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(31)
                ),
                "img_timestamp": datetime.fromtimestamp(timestamp, timezone.utc).strftime(
                    "%Y%m%d%H%M%S"
                ),
            }
            comment = "Uploaded a work by %s from {{own}} with UploadWizard" % user
            action_comment = 'uploaded "[[%s]]": %s' % (title, comment)
        else:
            namespace = 0 if family != "commons" else 6
            namespace, title = self._title(dbname, language, family, namespace, user)
            if log_type == "move":
                params = {"target": title + " (1)", "noredir": "0"}
                comment = "renommage"
                action_comment = "moved [[%s]] to [[%s]]" % (title, params["target"])
            elif log_type == "protect":
                params = {
                    "description": "[edit=autoconfirmed] (expires 00:00, 1 May 2025)",
                    "cascade": False,
                    "details": [
                        {
                            "type": "edit",
                            "level": "autoconfirmed",
                            "expiry": "2025-05-01T00:00:00Z",
                            "cascade": False,
                        }
                    ],
                }
                comment = rng.choice(["Vandalisme récurrent", "Persistent vandalism"])
                action_comment = 'protected "[[%s]]" %s: %s' % (
                    title,
                    params["description"],
                    comment,
                )
            elif log_type == "delete":
                comment = rng.choice(
                    [
                        "[[WP:CSD#G11|G11]]: Unambiguous advertising",
                        "Page créée par erreur",
                        "Copyright violation",
                    ]
                )
                action_comment = 'deleted "[[%s]]": %s' % (title, comment)
            elif log_type == "patrol":
                params = {"curid": self._rev_id(dbname), "previd": 0, "auto": 0}
                action_comment = "marked revision %d of [[%s]] patrolled" % (params["curid"], title)
            else:  # abusefilter
                params = {
                    "action": "edit",
                    "filter": str(rng.randint(1, 1200)),
                    "actions": "tag",
                    "log": rng.randint(1, 40_000_000),
                }
                action_comment = "%s triggered filter %s" % (user, params["filter"])
        event = self._head(dbname, server, "log", namespace, title, comment, timestamp, user, bot)
        event["log_id"] = self._log_id(dbname)
        event["log_type"] = log_type
        event["log_action"] = action
        event["log_params"] = params
        event["log_action_comment"] = action_comment
        return self._tail(event, dbname, server, title)

    def _account(self, event):
        s = self.stats
        s.count += 1
        s.by_wiki[event["wiki"]] += 1
        s.by_type[event["type"]] += 1
        s.bots += event["bot"]
        if event["wiki"] == "frwiki" and event["title"] in self.article_names:
            s.frwiki_commune_changes[event["title"]] += 1


def sse_id(offset):
    """The SSE id EventStreams sends with an event: its Kafka position per datacenter topic."""
    return (
        '[{"topic":"%s","partition":0,"offset":%d},'
        '{"topic":"codfw.mediawiki.recentchange","partition":0,"offset":-1}]' % (TOPIC, offset)
    )


def offset_of_sse_id(text):
    """The eqiad offset in an SSE id (Last-Event-ID), or None."""
    match = re.search(
        r'"topic"\s*:\s*"%s"\s*,\s*"partition"\s*:\s*0\s*,\s*"offset"\s*:\s*(-?\d+)'
        % re.escape(TOPIC),
        text or "",
    )
    return int(match.group(1)) if match else None
