"""Server-Sent Events: a client for the Wikimedia feed (urllib, reconnection with Last-Event-ID)
and an EventStreams-style server that serves generated or replayed events on loopback."""
import http.server
import json
import socketserver
import threading
import time
import urllib.error
import urllib.request

from events import sse_id, offset_of_sse_id


class SseParser:
    """The HTML standard's event-stream interpretation, line by line."""

    def __init__(self, last_event_id=""):
        self.last_event_id = last_event_id
        self.retry_ms = None
        self.reset()

    def reset(self):
        """A new connection: drop a partial event (and an id not yet dispatched)."""
        self.data = []
        self.type = ""
        self.id_buffer = ""

    def line(self, text):
        """Feeds one line (without its end); returns an event (type, data, id) or None."""
        if text == "":
            self.last_event_id = self.id_buffer
            if not self.data:
                self.type = ""
                return None
            event = (self.type or "message", "\n".join(self.data), self.last_event_id)
            self.data = []
            self.type = ""
            return event
        if text.startswith(":"):
            return None
        field, _, value = text.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            self.type = value
        elif field == "data":
            self.data.append(value)
        elif field == "id" and "\0" not in value:
            self.id_buffer = value
        elif field == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None


def read_lines(response):
    """Lines of a response body decoded as UTF-8; ends at CRLF, LF or CR."""
    pending = b""
    while True:
        chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        if not chunk:
            return
        pending += chunk
        while True:
            positions = [p for p in (pending.find(b"\n"), pending.find(b"\r")) if p >= 0]
            if not positions:
                break
            end = min(positions)
            if pending[end : end + 1] == b"\r" and end + 1 == len(pending):
                break  # a CR at the end of the chunk may be the first half of CRLF
            yield pending[:end].decode("utf-8", "replace")
            skip = 2 if pending[end : end + 2] == b"\r\n" else 1
            pending = pending[end + skip :]


class LiveFeedUnavailable(Exception):
    pass


def open_stream(url, user_agent, last_event_id, timeout):
    headers = {"User-Agent": user_agent, "Accept": "text/event-stream", "Cache-Control": "no-cache"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as e:
        raise LiveFeedUnavailable("HTTP %d %s" % (e.code, e.reason)) from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise LiveFeedUnavailable("%s: %s" % (type(reason).__name__, reason)) from e
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "text/event-stream":
        response.close()
        raise LiveFeedUnavailable("the response is %r, not an event stream" % content_type)
    return response


def sse_events(
    url,
    user_agent,
    timeout=5.0,
    log=lambda message: None,
    stopping=None,
    first_response=None,
    max_backoff=30.0,
):
    """Events (type, data, id) of a live feed, reconnecting with Last-Event-ID when it breaks.

    The first connection's failure raises LiveFeedUnavailable (the caller decides what to do);
    later failures are retried with backoff. `first_response` is an already open response."""
    parser = SseParser()
    response = first_response or open_stream(url, user_agent, "", timeout)
    failures = 0
    while True:
        try:
            parser.reset()
            for text in read_lines(response):
                event = parser.line(text)
                if event:
                    failures = 0
                    yield event
            reason = "the server closed the stream"
        except OSError as e:
            reason = "%s: %s" % (type(e).__name__, e)
        finally:
            response.close()
        while True:
            if stopping is not None and stopping.is_set():
                return
            delay = min(max_backoff, (parser.retry_ms or 1000) / 1000.0 * (2**failures))
            log(
                "live feed %s interrupted (%s); reconnecting in %.1f s with Last-Event-ID %s"
                % (url, reason, delay, parser.last_event_id or "(none)")
            )
            time.sleep(delay)
            try:
                response = open_stream(url, user_agent, parser.last_event_id, timeout)
                log("live feed %s: reconnected" % url)
                break
            except LiveFeedUnavailable as e:
                failures += 1
                reason = str(e)


class _ThreadingHttpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class SseServer:
    """Serves GET /v2/stream/recentchange as EventStreams does: `event: message`, an `id` with
    the Kafka offset (honoured in Last-Event-ID to resume after it), `data` = the event's JSON.

    make_events() -> iterator of event dicts (with meta.offset); interval: seconds between events;
    close_every: end each response after that many events (to exercise client reconnection)."""

    PATH = "/v2/stream/recentchange"

    def __init__(
        self, host, port, make_events, interval, close_every=None, log=lambda message: None
    ):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the body ends when the connection closes

            def log_message(self, format, *args):
                log("sse: %s %s" % (self.address_string(), format % args))

            def do_GET(self):
                server._handle(self)

        self.name = "sse"
        self.make_events = make_events
        self.interval = interval
        self.close_every = close_every
        self.log = log
        self.stopping = threading.Event()
        self.httpd = _ThreadingHttpServer((host, port), Handler)
        self.host, self.port = self.httpd.server_address[:2]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="sse", daemon=True
        )

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler):
        path = handler.path.split("?", 1)[0]
        if path != self.PATH:
            body = json.dumps({"title": "Not Found", "detail": "no stream at %s" % path})
            handler.send_response(404)
            handler.send_header("Content-Type", "application/problem+json")
            handler.end_headers()
            handler.wfile.write(body.encode())
            return
        resume_after = offset_of_sse_id(handler.headers.get("Last-Event-ID"))
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Connection", "close")
        handler.end_headers()
        out = handler.wfile
        sent = 0
        try:
            out.write(b":ok\n\n")
            out.flush()
            next_time = time.monotonic()
            for event in self.make_events():
                offset = event["meta"]["offset"]
                if resume_after is not None and offset <= resume_after:
                    continue
                if self.stopping.is_set():
                    return
                frame = "event: message\nid: %s\ndata: %s\n\n" % (
                    sse_id(offset),
                    json.dumps(event, ensure_ascii=False, separators=(",", ":")),
                )
                out.write(frame.encode("utf-8"))
                out.flush()
                sent += 1
                if self.close_every and sent >= self.close_every:
                    return
                if self.interval > 0:
                    next_time += self.interval
                    delay = next_time - time.monotonic()
                    if delay > 0:
                        self.stopping.wait(delay)
            # No more events: keep the stream open with heartbeats, as a live feed would be.
            while not self.stopping.wait(5.0):
                out.write(b":\n\n")
                out.flush()
        except OSError:
            pass  # the client left
