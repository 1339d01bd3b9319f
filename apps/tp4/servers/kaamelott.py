"""The Kaamelott server (port 10001): quote.json sent line by line to each client, then silence
(no end of stream, no loop back to the first quote), as the lab's server does."""
import os

DEFAULT_QUOTES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "data", "quote.json"
)


def quote_lines(path=DEFAULT_QUOTES):
    # Reopened for every client, like the lab's server.
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            yield line if line.endswith("\n") else line + "\n"
