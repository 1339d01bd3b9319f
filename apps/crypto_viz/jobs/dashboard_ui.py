"""Serves the dashboard on the analytics job's web UI (Spate's HTTP server, 127.0.0.1:4040 by
default): the built front-end at /crypto/, its JSON API at /crypto/api/… and the live feed at
/crypto/api/stream, published by a thread that polls the database once a second."""
import json
import os
import threading

from dashboard.api import DashboardApi, Poller

APP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = os.path.join(APP, "dashboard", "web", "dist")
API = r"/crypto/api/(meta|candles|prices|stats|sentiment|alerts|articles)"


def serve(spark, args, log, interval=1.0):
    """Returns the dashboard's URL, or None (with a message) when it cannot be served."""
    from spate.webui import WebUI
    ui = WebUI(spark)
    if ui.url is None:
        log("the web UI is disabled (spark.ui.enabled=false): no dashboard")
        return None
    if not os.path.exists(os.path.join(DIST, "index.html")):
        log(f"{DIST} is not built (scripts/build-dashboard.sh): no dashboard")
        return None
    api = DashboardApi(args.target)

    def answer(request):
        status, body = api.handle(request.path, request.params)
        return status, "application/json", json.dumps(body)

    ui.route("GET", API, answer)
    ui.route("GET", r"/crypto", lambda request: (302, "text/plain", "", {"Location": "/crypto/"}))
    stream = ui.event_stream("/crypto/api/stream")
    ui.static("/crypto", DIST)

    def publish():
        poller = Poller(api)
        stop = threading.Event()
        while not stop.wait(interval):
            try:
                events = poller.poll()
            except Exception as e:  # the database is away for a moment: say so, try again
                events = [("status", {"latest": None, "error": str(e).splitlines()[0]})]
            for name, data in events:
                stream.publish(name, json.dumps(data))

    threading.Thread(target=publish, name="crypto-viz-dashboard", daemon=True).start()
    return ui.url + "/crypto/"
