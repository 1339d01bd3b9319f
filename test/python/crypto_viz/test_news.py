"""News generator and the scraper's sentiment / keyword rules."""
import itertools
from collections import Counter

import pytest

from producers import schemas
from producers.news import NewsGenerator
from producers.sentiment import keywords, polarity, sentiment

START = 1705276800000


def articles(seed=11, hours=48, rate=30.0):
    gen = NewsGenerator(seed=seed, start_ms=START, article_rate_per_hour=rate)
    end = START + hours * 3600000
    out = []
    for batch in gen:
        if batch[0].event_ms >= end:
            break
        out.extend(batch)
    return out


@pytest.fixture(scope="module")
def two_days():
    return articles()


# -- the rules, on hand-made text ------------------------------------------------------------

def test_polarity_is_the_mean_of_the_words_found():
    assert polarity("Bitcoin surges") == 0.6
    assert polarity("Bitcoin surges after the hack") == pytest.approx((0.6 - 0.7) / 2)
    assert polarity("nothing to see here") == 0.0
    assert polarity("BITCOIN SURGES!") == 0.6  # case and punctuation do not matter


def test_negators_and_intensifiers():
    assert polarity("not good") == pytest.approx(-0.25)       # 0.5 * -0.5
    assert polarity("very good") == pytest.approx(0.65)       # 0.5 * 1.3
    assert polarity("extremely great") == pytest.approx(0.91)  # 0.7 * 1.3
    assert polarity("very crash") == -1.0                     # clamped


def test_score_and_label_rules():
    # score = (polarity + 1) / 2, rounded to 4 decimals; > 0.6 positive, < 0.4 negative.
    assert sentiment("Bitcoin surges", "") == {"score": 0.8, "label": "positive"}
    assert sentiment("Ether slides", "") == {"score": 0.3, "label": "negative"}
    assert sentiment("Flat day", "") == {"score": 0.5, "label": "neutral"}
    # 0.2 polarity is a 0.6 score: not above 0.6, so neutral; 0.3 gives 0.65.
    assert sentiment("Bitcoin rises", "") == {"score": 0.65, "label": "positive"}
    assert sentiment("record", "") == {"score": 0.65, "label": "positive"}
    assert sentiment("high", "") == {"score": 0.6, "label": "neutral"}
    assert sentiment("adoption", "not adoption") == {"score": 0.5375, "label": "neutral"}
    assert schemas.sentiment_label(0.4) == "neutral"
    assert schemas.sentiment_label(0.3999) == "negative"
    assert schemas.sentiment_label(0.6001) == "positive"


def test_keywords_are_lowercase_substrings_in_list_order_at_most_ten():
    assert keywords("Bitcoin ETF", "BTC holders") == ["bitcoin", "btc"]
    # Substrings, as the scraper matched them: "Ethereum" also contains "eth".
    assert keywords("Ethereum upgrade", "") == ["ethereum", "eth"]
    assert keywords("Markets", "Data from several exchanges") == ["exchange"]
    many = "bitcoin btc ethereum crypto blockchain defi nft altcoin mining wallet solana cardano"
    assert keywords(many, "") == ["bitcoin", "btc", "ethereum", "eth", "crypto", "blockchain",
                                  "defi", "nft", "altcoin", "mining"]
    assert keywords("Nothing here", "") == []


# -- the generator ---------------------------------------------------------------------------

def test_every_article_matches_the_schema(two_days):
    for m in two_days:
        schemas.validate(schemas.TOPIC_ARTICLE, m.value)
        v = m.value
        assert m.key == v["website"]
        assert v["id"] == v["url"]
        assert v["published_at"] <= v["scraped_at"]
        assert round(v["scraped_at"] * 1000) == m.event_ms


def test_keywords_and_sentiment_follow_from_the_text(two_days):
    for m in two_days:
        v = m.value
        assert v["cryptocurrencies_mentioned"] == keywords(v["title"], v["summary"])
        assert v["sentiment"] == sentiment(v["title"], v["summary"])


def test_sources_rate_and_labels(two_days):
    # 30 articles/h over 48 h: 1440 on average.
    assert 1300 < len(two_days) < 1580
    sources = Counter(m.value["website"] for m in two_days)
    assert set(sources) == set(schemas.SOURCES)
    assert sources["CoinDesk"] > sources["Bitcoin Magazine"]
    labels = Counter(m.value["sentiment"]["label"] for m in two_days)
    assert all(labels[l] > 0.1 * len(two_days) for l in ("positive", "negative", "neutral"))
    mag = [m.value for m in two_days if m.value["website"] == "Bitcoin Magazine"]
    assert sum("bitcoin" in a["cryptocurrencies_mentioned"] for a in mag) > 0.7 * len(mag)


def test_urls_are_unique_and_event_time_ordered(two_days):
    urls = [m.value["url"] for m in two_days]
    assert len(set(urls)) == len(urls)
    times = [m.event_ms for m in two_days]
    assert times == sorted(times)


def test_deterministic():
    a = [m.encoded() for m in articles(seed=4, hours=3)]
    assert a == [m.encoded() for m in articles(seed=4, hours=3)]
    assert a != [m.encoded() for m in articles(seed=5, hours=3)]


def test_sentiment_moves_in_streaks():
    # The mood random walk makes consecutive articles about one coin alike more often than not:
    # successive Bitcoin scores correlate positively.
    scores = [m.value["sentiment"]["score"] for m in articles(seed=2, hours=200, rate=20)
              if m.value["title"].startswith("Bitcoin")]
    xs, ys = scores[:-1], scores[1:]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    assert cov > 0
