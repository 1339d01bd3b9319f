"""Article sentiment and keyword extraction with the scraper's rules (seed_apps.md §4.3).

The original scored `title + " " + summary` with TextBlob's polarity p in [-1, 1] and stored
score = (p + 1) / 2 rounded to 4 decimals. TextBlob is not available here, so polarity comes from
a small lexicon of market words with TextBlob's mechanics: the mean polarity of the words found,
a negator just before a word flips it (x -0.5) and an intensifier strengthens it (x 1.3).
"""

import re

from . import schemas

LEXICON = {
    # positive
    "surge": 0.6, "surges": 0.6, "soar": 0.7, "soars": 0.7, "rally": 0.5, "rallies": 0.5,
    "gain": 0.4, "gains": 0.4, "jumps": 0.5, "climbs": 0.4, "rises": 0.3, "rebound": 0.4,
    "rebounds": 0.4, "bullish": 0.7, "record": 0.3, "high": 0.2, "highs": 0.3, "strong": 0.4,
    "stronger": 0.4, "optimism": 0.5, "optimistic": 0.5, "approval": 0.5, "approves": 0.5,
    "growth": 0.4, "adoption": 0.3, "breakthrough": 0.6, "milestone": 0.4, "upgrade": 0.3,
    "inflows": 0.3, "success": 0.6, "successful": 0.6, "boost": 0.5, "boosts": 0.5,
    "confidence": 0.4, "partnership": 0.3, "recovery": 0.4, "outperforms": 0.5, "good": 0.5,
    "great": 0.7, "positive": 0.5, "win": 0.6, "wins": 0.6, "secure": 0.3, "robust": 0.4,
    # negative
    "slides": -0.4, "slide": -0.4, "drops": -0.4, "falls": -0.4, "fall": -0.4, "plunge": -0.7,
    "plunges": -0.7, "crash": -0.8, "crashes": -0.8, "tumbles": -0.6, "sinks": -0.5,
    "fears": -0.5, "fear": -0.5, "hack": -0.7, "hacked": -0.7, "exploit": -0.6, "lawsuit": -0.5,
    "bearish": -0.7, "losses": -0.5, "loss": -0.5, "decline": -0.4, "declines": -0.4,
    "warning": -0.4, "warns": -0.4, "fraud": -0.8, "weak": -0.4, "weaker": -0.4,
    "selloff": -0.6, "liquidations": -0.5, "outflows": -0.3, "crackdown": -0.6, "risk": -0.3,
    "risks": -0.3, "uncertainty": -0.4, "concerns": -0.4, "volatile": -0.2, "delay": -0.3,
    "delays": -0.3, "bad": -0.6, "negative": -0.5, "scam": -0.8, "collapse": -0.8,
    "outage": -0.5, "stolen": -0.7, "panic": -0.7, "ban": -0.5, "bans": -0.5,
}
NEGATORS = {"not", "no", "never", "without"}
INTENSIFIERS = {"very", "sharply", "strongly", "extremely", "massive"}

_WORD = re.compile(r"[a-z']+")


def polarity(text):
    """Mean polarity of the lexicon words in text, in [-1, 1]; 0 when none is found."""
    words = _WORD.findall(text.lower())
    found = []
    for i, w in enumerate(words):
        p = LEXICON.get(w)
        if p is None:
            continue
        before = words[i - 1] if i > 0 else ""
        if before in NEGATORS:
            p *= -0.5
        elif before in INTENSIFIERS:
            p = max(-1.0, min(1.0, p * 1.3))
        found.append(p)
    return sum(found) / len(found) if found else 0.0


def sentiment(title, summary):
    """The article's {"score", "label"} as the scraper computed them."""
    score = round((polarity(title + " " + summary) + 1.0) / 2.0, 4)
    return {"score": score, "label": schemas.sentiment_label(score)}


def keywords(title, summary):
    """The "cryptocurrencies mentioned": keywords found as lowercase substrings, at most 10."""
    text = (title + " " + summary).lower()
    return [k for k in schemas.KEYWORDS if k in text][:schemas.MAX_KEYWORDS]
