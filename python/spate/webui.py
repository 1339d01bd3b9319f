"""The session's web UI for applications (Spate only; PySpark has no such API): serve pages,
JSON endpoints and server-sent events next to the streaming pages, e.g. a dashboard at /crypto.

    ui = WebUI(spark)                      # the server the session started (spark.ui.*)
    ui.static("/crypto", "web/dist")       # files; a directory serves its index.html
    ui.route("GET", r"/crypto/api/(\\w+)", lambda req: (200, "application/json", "{}"))
    events = ui.event_stream("/crypto/api/stream")
    events.publish("price", '{"last": 1}') # every connected client receives it

A handler gets a request with method, path, params (query parameters), headers, captures (the
pattern's groups) and body, and returns (status, content_type, body[, headers]). It runs on a
server thread with the GIL held: keep it short.
"""

from spate import _native


class WebUI:
    def __init__(self, spark):
        self._handle = spark._jsparkSession

    @property
    def url(self):
        """"http://127.0.0.1:4040", or None when the UI is disabled (spark.ui.enabled=false)."""
        return self._handle.ui_web_url()

    def route(self, method, pattern, handler):
        """Answers `method` requests whose whole path matches the regular expression `pattern`."""
        _native.ui_add_route(self._handle, method, pattern, handler)

    def static(self, mount, directory):
        """Serves the files under `directory` at `mount`; False when it does not exist."""
        return _native.ui_add_static(self._handle, mount, directory)

    def event_stream(self, path):
        """A server-sent-events endpoint at `path`; returns it (publish(event, data))."""
        return _native.ui_event_stream(self._handle, path)
