"""The CRYPTO VIZ message contract: topics, pairs, sources, keywords and the JSON of each message.

One definition used by the producers, the expected-value checker and the jobs' documentation
(apps/crypto_viz/README.md). Field names and types follow the original project's producers
(seed_apps.md §4.2); the alert message is the one shape both sides now agree on (see ALERT_FIELDS).
"""

import json

TOPIC_TICKER = "rawticker"
TOPIC_TRADE = "rawtrade"
TOPIC_ARTICLE = "rawarticle"
TOPIC_ALERT = "rawalert"
TOPICS = (TOPIC_TICKER, TOPIC_TRADE, TOPIC_ARTICLE, TOPIC_ALERT)

# The producer's fallback pair list (BTC/USD mapped to Kraken's XBT/USD) plus MATIC/USD from the docs.
PAIRS = ("XBT/USD", "ETH/USD", "USDT/USD", "SOL/USD", "ADA/USD", "DOT/USD", "LINK/USD", "MATIC/USD")

SOURCES = ("CoinDesk", "Cointelegraph", "Decrypt", "CryptoSlate", "Bitcoin Magazine")

# The scraper's 23 "crypto" keywords, matched as lowercase substrings; at most 10 kept per article.
# The original kept them in set order; we keep this list's order so runs are reproducible.
KEYWORDS = (
    "bitcoin", "btc", "ethereum", "eth", "crypto", "cryptocurrency", "blockchain", "defi", "nft",
    "altcoin", "mining", "wallet", "solana", "cardano", "polkadot", "chainlink", "polygon", "matic",
    "binance", "coinbase", "kraken", "exchange", "trading",
)
MAX_KEYWORDS = 10

# Alerts fire when a ticker's pct_change (vs the previous ticker of the same pair) is at least this.
ALERT_THRESHOLD_PCT = 0.5

# Sentiment label rules on the 0..1 score (> 0.6 positive, < 0.4 negative, else neutral).
POSITIVE_ABOVE = 0.6
NEGATIVE_BELOW = 0.4

# Message fields in the order the producers write them, with their JSON types.
TICKER_FIELDS = (("pair", str), ("last", float), ("bid", float), ("ask", float),
                 ("volume_24h", float), ("timestamp", float), ("pct_change", (float, type(None))))
TRADE_FIELDS = (("pair", str), ("price", float), ("volume", float), ("timestamp", float),
                ("side", str))
ARTICLE_FIELDS = (("id", str), ("title", str), ("url", str), ("website", str), ("summary", str),
                  ("content", dict), ("published_at", float), ("scraped_at", float),
                  ("tags", list), ("cryptocurrencies_mentioned", list), ("sentiment", dict))
# The one alert shape (the original producer sent {pair,type,value,timestamp} while its Spark job
# read {pair,last,change,threshold,timestamp in ms}): the documented {pair,type,last,change,
# threshold,timestamp}, timestamp in epoch seconds like every other topic.
ALERT_FIELDS = (("pair", str), ("type", str), ("last", float), ("change", float),
                ("threshold", float), ("timestamp", float))

ALERT_TYPES = ("price_spike", "price_drop")


def sentiment_label(score):
    """The scraper's label for a 0..1 score."""
    if score > POSITIVE_ABOVE:
        return "positive"
    if score < NEGATIVE_BELOW:
        return "negative"
    return "neutral"


def crypto_symbol(pair):
    """The analytics job's crypto symbol for a pair: the base currency, Kraken's XBT shown as BTC."""
    base = pair.split("/")[0]
    return "BTC" if base == "XBT" else base


def alert_type_column(change):
    """alert_data.alert_type as the ingestion job derives it from the sign of the change."""
    return "PRICE_UP" if change >= 0 else "PRICE_DOWN"


def encode(value):
    """The JSON text of a message value, as the original producers' json.dumps wrote it."""
    return json.dumps(value, ensure_ascii=False)


def _check_fields(value, fields, topic):
    if not isinstance(value, dict):
        raise ValueError(f"{topic}: message is not a JSON object")
    names = [name for name, _ in fields]
    if sorted(value) != sorted(names):
        raise ValueError(f"{topic}: fields {sorted(value)} differ from {sorted(names)}")
    for name, types in fields:
        v = value[name]
        # JSON has one number type: an integral double may have been written without a fraction.
        if types is float and isinstance(v, int) and not isinstance(v, bool):
            continue
        if not isinstance(v, types):
            raise ValueError(f"{topic}: field {name} has type {type(v).__name__}")


def validate(topic, value):
    """Raises ValueError unless value is a well-formed message of topic (used by tests and --check)."""
    if topic == TOPIC_TICKER:
        _check_fields(value, TICKER_FIELDS, topic)
        if not value["bid"] < value["ask"]:
            raise ValueError(f"{topic}: bid {value['bid']} not below ask {value['ask']}")
    elif topic == TOPIC_TRADE:
        _check_fields(value, TRADE_FIELDS, topic)
        if value["side"] not in ("b", "s"):
            raise ValueError(f"{topic}: side {value['side']!r}")
        if value["price"] <= 0 or value["volume"] <= 0:
            raise ValueError(f"{topic}: non-positive price or volume")
    elif topic == TOPIC_ARTICLE:
        _check_fields(value, ARTICLE_FIELDS, topic)
        s = value["sentiment"]
        if sorted(s) != ["label", "score"] or not 0.0 <= s["score"] <= 1.0:
            raise ValueError(f"{topic}: bad sentiment {s}")
        if s["label"] != sentiment_label(s["score"]):
            raise ValueError(f"{topic}: label {s['label']} does not follow score {s['score']}")
        if value["tags"] != value["cryptocurrencies_mentioned"]:
            raise ValueError(f"{topic}: tags differ from cryptocurrencies_mentioned")
        if len(value["summary"]) > 500 or len(value["content"].get("text", "")) > 2000:
            raise ValueError(f"{topic}: summary or content too long")
    elif topic == TOPIC_ALERT:
        _check_fields(value, ALERT_FIELDS, topic)
        expected = "price_spike" if value["change"] >= 0 else "price_drop"
        if value["type"] != expected:
            raise ValueError(f"{topic}: type {value['type']} with change {value['change']}")
        if abs(value["change"]) < value["threshold"]:
            raise ValueError(f"{topic}: change {value['change']} below threshold")
    else:
        raise ValueError(f"unknown topic {topic}")


def message_key(topic, value):
    """The Kafka key: the pair for market topics, the source name for articles."""
    return value["website"] if topic == TOPIC_ARTICLE else value["pair"]


class Message:
    """One message to send: topic, key, JSON value and its event time in integer milliseconds."""

    __slots__ = ("topic", "key", "value", "event_ms")

    def __init__(self, topic, value, event_ms):
        self.topic = topic
        self.value = value
        self.key = message_key(topic, value)
        self.event_ms = event_ms

    def encoded(self):
        return encode(self.value)

    def __repr__(self):
        return f"Message({self.topic}, {self.key}, {self.value})"
