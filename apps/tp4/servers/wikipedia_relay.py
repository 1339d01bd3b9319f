"""The Wikimedia recent-changes relay (port 10003), as the lab's serveur_wikipedia.py: for each
client it opens https://stream.wikimedia.org/v2/stream/recentchange, keeps the SSE events named
`message`, removes `meta`, `revision` and `length` from their JSON, and sends the rest as
json.dumps(...) (ASCII, \\uXXXX escapes) plus a newline. Invalid JSON is skipped.

Unlike the lab's relay it sends a proper User-Agent, reconnects with Last-Event-ID when the feed
breaks, and, when the feed cannot be reached (this machine offline, a proxy, the feed down),
replays generated or recorded events instead, saying so in its log."""
import json
import threading
import time

from sse import LiveFeedUnavailable, open_stream, sse_events

WIKIMEDIA_URL = "https://stream.wikimedia.org/v2/stream/recentchange"
# Wikimedia's User-Agent policy: a name, a version and a way to reach the operator.
USER_AGENT = (
    "Spate-TP4-relay/0.1 (TP4 streaming lab; run by a Spate user; "
    "https://wikitech.wikimedia.org/wiki/Event_Platform/EventStreams_HTTP_Service) "
    "python-urllib"
)
DROPPED_KEYS = ("meta", "revision", "length")


def relay_line(event):
    """The line the relay sends for an event dict."""
    for key in DROPPED_KEYS:
        event.pop(key, None)
    return json.dumps(event) + "\n"


def relay_data(data):
    """The line for an SSE data field, or None when it is not JSON."""
    try:
        event = json.loads(data)
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    return relay_line(event)


def paced(iterator, interval, stopping):
    next_time = time.monotonic()
    for item in iterator:
        yield item
        if interval > 0:
            next_time += interval
            delay = next_time - time.monotonic()
            if delay > 0 and stopping.wait(delay):
                return


class WikipediaRelay:
    """lines() -> the lines for one client. mode: "auto" (live feed, else replay), "live" or
    "replay"; replay: events.ReplayEvents; interval: seconds between replayed events."""

    def __init__(
        self,
        mode,
        replay,
        interval,
        url=WIKIMEDIA_URL,
        user_agent=USER_AGENT,
        timeout=5.0,
        retry_live_after=300.0,
        log=lambda message: None,
    ):
        self.mode = mode
        self.replay = replay
        self.interval = interval
        self.url = url
        self.user_agent = user_agent
        self.timeout = timeout
        self.retry_live_after = retry_live_after
        self.log = log
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.live_failed_at = None
        self.live_failure = None

    def stop(self):
        self.stopping.set()

    def lines(self):
        if self.mode != "replay":
            response = self._open_live()
            if response is not None:
                return self._live_lines(response)
        return self._replay_lines()

    def _open_live(self):
        with self.lock:
            failed_at, failure = self.live_failed_at, self.live_failure
        if (
            self.mode == "auto"
            and failed_at is not None
            and time.monotonic() - failed_at < self.retry_live_after
        ):
            self.log(
                "wikipedia relay: live feed %s unreachable %.0f s ago (%s); replaying %s"
                % (self.url, time.monotonic() - failed_at, failure, self.replay.describe())
            )
            return None
        started = time.monotonic()
        try:
            response = open_stream(self.url, self.user_agent, "", self.timeout)
        except LiveFeedUnavailable as e:
            with self.lock:
                self.live_failed_at, self.live_failure = time.monotonic(), str(e)
            if self.mode == "live":
                self.log("wikipedia relay: live feed %s unreachable: %s" % (self.url, e))
                raise
            self.log(
                "wikipedia relay: live feed %s unreachable after %.1f s (%s); FALLING BACK "
                "to %s" % (self.url, time.monotonic() - started, e, self.replay.describe())
            )
            return None
        with self.lock:
            self.live_failed_at = None
        self.log("wikipedia relay: relaying the live feed %s" % self.url)
        return response

    def _live_lines(self, response):
        for event_type, data, _ in sse_events(
            self.url,
            self.user_agent,
            self.timeout,
            self.log,
            self.stopping,
            first_response=response,
        ):
            if event_type != "message":
                continue
            line = relay_data(data)
            if line is not None:
                yield line

    def _replay_lines(self):
        for event in paced(self.replay.make(), self.interval, self.stopping):
            yield relay_line(event)
