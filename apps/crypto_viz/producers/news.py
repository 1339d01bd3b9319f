"""News generator: articles from the five sources the scraper read, in the rawarticle schema.

Articles arrive as a Poisson process per source. Each is about one subject (a coin or the market
in general) with a tone drawn from that subject's slowly drifting mood, so sentiment per crypto
moves in streaks as real coverage does. Title, summary and text come from templates; the keyword
list and the sentiment score/label are then computed from the text with the scraper's rules
(sentiment.py), never chosen directly.

The event time of an article is `scraped_at` (when the scraper saw it); `published_at` is earlier,
from seconds to a couple of hours, as RSS items are.
"""

import datetime
import heapq
import random
import re

from . import schemas, sentiment
from .schemas import Message

# name, ticker, typical price (for "$…" levels in titles), share of coverage.
SUBJECTS = (
    ("Bitcoin", "BTC", 97000, 0.34),
    ("Ethereum", "ETH", 3300, 0.20),
    ("Solana", "SOL", 190, 0.10),
    ("Cardano", "ADA", 0.95, 0.06),
    ("Polkadot", "DOT", 6.8, 0.05),
    ("Chainlink", "LINK", 22, 0.05),
    ("Polygon", "MATIC", 0.45, 0.05),
    ("Crypto Market", None, None, 0.15),
)

SOURCE_URLS = {
    "CoinDesk": "https://www.coindesk.com/markets/{date}/{slug}",
    "Cointelegraph": "https://cointelegraph.com/news/{slug}",
    "Decrypt": "https://decrypt.co/{num}/{slug}",
    "CryptoSlate": "https://cryptoslate.com/{slug}/",
    "Bitcoin Magazine": "https://bitcoinmagazine.com/markets/{slug}",
}
# Articles per source relative to each other (CoinDesk and Cointelegraph publish the most).
SOURCE_WEIGHTS = {"CoinDesk": 0.28, "Cointelegraph": 0.28, "Decrypt": 0.16, "CryptoSlate": 0.16,
                  "Bitcoin Magazine": 0.12}

TITLES = {
    "positive": (
        "{name} Surges {pct}% as Institutional Demand Grows",
        "{name} Rally Extends to New Highs Above ${level}",
        "Bullish Traders Push {name} Higher After ETF Inflows",
        "{name} Climbs as Network Upgrade Boosts Confidence",
        "Analysts See Strong Growth Ahead for {name}",
        "{name} Rebounds {pct}% With Record Adoption",
    ),
    "negative": (
        "{name} Slides Below ${level} Amid Regulatory Fears",
        "{name} Plunges {pct}% as Liquidations Mount",
        "Bearish Signals Weigh on {name} After Exchange Outflows",
        "{name} Falls as Hack Sparks Security Concerns",
        "Traders Warn of Further Decline for {name}",
        "{name} Tumbles {pct}% in Broad Selloff",
    ),
    "neutral": (
        "{name} Trades Sideways Near ${level} Ahead of Fed Decision",
        "What Comes Next for {name}? Traders Weigh Mixed Data",
        "{name} Holds Steady as Volumes Thin Out",
        "{name} Developers Publish Roadmap for Next Quarter",
        "Weekly Outlook: {name} in a Tight Range",
        "{name} Funding Rates Flat as Market Waits",
    ),
}

SENTENCES = {
    "positive": (
        "Buyers stepped in after a strong session on major exchanges.",
        "On-chain data points to growing adoption among long-term holders.",
        "Analysts called the breakthrough a milestone for the ecosystem.",
        "Inflows into investment products reached a record this week.",
        "Market makers reported robust demand across trading desks.",
    ),
    "negative": (
        "Sellers dominated as liquidations hit leveraged traders.",
        "The exploit raised fresh concerns about wallet security.",
        "Regulators signalled a crackdown on offshore exchanges.",
        "Outflows from funds added to the uncertainty.",
        "Some analysts warn the decline could deepen if support breaks.",
    ),
    "neutral": (
        "Trading volumes were close to their monthly average.",
        "Market participants are waiting for macro data due on Thursday.",
        "The project published its quarterly update on governance.",
        "Open interest in futures was little changed.",
        "Blockchain activity stayed in line with last week.",
    ),
}

FILLER = (
    "The move came during Asian trading hours.",
    "Derivatives markets showed a similar picture.",
    "Data from several exchanges confirmed the trend.",
    "The report cited figures from public blockchain explorers.",
    "Spot and futures prices moved together for most of the day.",
)

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(title):
    return _SLUG.sub("-", title.lower()).strip("-")[:80]


def _fmt_level(price):
    if price >= 1000:
        step = 1000 if price >= 10000 else 100
        return f"{int(price // step * step):,}"
    if price >= 10:
        return f"{int(price)}"
    return f"{price:.2f}"


class NewsGenerator:
    """Yields article Messages in event-time order from start_ms on (rate: articles per hour)."""

    def __init__(self, seed=42, start_ms=0, article_rate_per_hour=12.0, sources=schemas.SOURCES,
                 state=None):
        if article_rate_per_hour <= 0:
            raise ValueError("article rate must be positive")
        self.rng = random.Random(f"crypto-viz/news/{seed}/{start_ms}")
        self.sources = list(sources)
        total = sum(SOURCE_WEIGHTS[s] for s in self.sources)
        self.rate_ms = {s: article_rate_per_hour * SOURCE_WEIGHTS[s] / total / 3600e3
                        for s in self.sources}
        # Each subject's mood in [-1, 1] drifts as a bounded random walk; it sets tone odds.
        self.mood = {name: 0.0 for name, *_ in SUBJECTS}
        if state:
            self.mood.update(state.get("mood", {}))
        self.queue = []
        for i, s in enumerate(self.sources):
            self._schedule(i, start_ms)

    def _schedule(self, i, after_ms):
        gap = max(1, int(round(self.rng.expovariate(self.rate_ms[self.sources[i]]))))
        heapq.heappush(self.queue, (after_ms + gap, i))

    def __iter__(self):
        return self

    def __next__(self):
        t_ms, i = heapq.heappop(self.queue)
        self._schedule(i, t_ms)
        return [self._article(self.sources[i], t_ms)]

    def _subject(self, source):
        if source == "Bitcoin Magazine" and self.rng.random() < 0.8:
            return SUBJECTS[0]
        r = self.rng.random() * sum(s[3] for s in SUBJECTS)
        for s in SUBJECTS:
            r -= s[3]
            if r < 0:
                return s
        return SUBJECTS[-1]

    def _tone(self, name):
        mood = self.mood[name] = max(-1.0, min(1.0, self.mood[name] + self.rng.gauss(0.0, 0.25)))
        p_pos = 0.3 + 0.3 * mood
        p_neg = 0.3 - 0.3 * mood
        r = self.rng.random()
        return "positive" if r < p_pos else "negative" if r < p_pos + p_neg else "neutral"

    def _article(self, source, t_ms):
        rng = self.rng
        name, ticker, price, _ = self._subject(source)
        tone = self._tone(name)
        title = rng.choice(TITLES[tone]).format(
            name=name, pct=rng.choice((2, 3, 4, 5, 6, 8, 10, 12)),
            level=_fmt_level(price) if price else "3T")
        sentences = [rng.choice(SENTENCES[tone]), rng.choice(FILLER)]
        if ticker:
            sentences.insert(0, f"{name} ({ticker}) was the focus of {source}'s coverage today.")
        summary = " ".join(sentences)[:500]
        paragraphs = [summary] + [rng.choice(SENTENCES[rng.choice(("positive", "negative",
                                                                    "neutral"))])
                                  for _ in range(rng.randint(4, 10))] + [rng.choice(FILLER)]
        # The scraper stored {} when it could not fetch the page.
        content = {"text": " ".join(paragraphs)[:2000]} if rng.random() < 0.9 else {}
        scraped = t_ms / 1000.0
        published = float(int(scraped - rng.uniform(30, 7200)))
        num = 300000 + t_ms // 1000 % 1000000
        date = _date_path(t_ms)
        slug = f"{_slug(title)}-{t_ms}"
        url = SOURCE_URLS[source].format(date=date, slug=slug, num=num)
        tags = sentiment.keywords(title, summary)
        value = {
            "id": url, "title": title, "url": url, "website": source, "summary": summary,
            "content": content, "published_at": published, "scraped_at": scraped,
            "tags": tags, "cryptocurrencies_mentioned": list(tags),
            "sentiment": sentiment.sentiment(title, summary),
        }
        return Message(schemas.TOPIC_ARTICLE, value, t_ms)

    def snapshot(self):
        return {"mood": dict(self.mood)}


def _date_path(t_ms):
    d = datetime.datetime.fromtimestamp(t_ms / 1000.0, tz=datetime.timezone.utc)
    return d.strftime("%Y/%m/%d")


if __name__ == "__main__":  # python3 -m producers.news: articles only
    import sys

    from .cli import main
    sys.exit(main(["--no-market"] + sys.argv[1:], prog="python3 -m producers.news"))
