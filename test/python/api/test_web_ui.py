"""The web UI of Python sessions: a session serves it (sparkContext.uiWebUrl) with its queries in
/api/v1/streams and /metrics; spark.ui.enabled=false opens no port; stop() closes it."""

import json
import time
import urllib.error
import urllib.request

import pytest

from spate.sql import SparkSession

DEADLINE_S = 60


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("Content-Type"), response.read().decode()


def wait_until(condition, what):
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture
def ui_session():
    session = SparkSession.builder.master("local[1]").config("spark.ui.port", "0").create()
    yield session
    session.stop()


def test_a_session_serves_its_queries(ui_session, table_name):
    url = ui_session.sparkContext.uiWebUrl
    assert url is not None and url.startswith("http://127.0.0.1:")
    ui_session.sql("CREATE TABLE %s (v INT) USING memory" % table_name)
    query = (
        ui_session.readStream.table(table_name)
        .writeStream.format("memory")
        .queryName("py_ui_query")
        .start()
    )
    try:
        ui_session.sql("INSERT INTO %s VALUES (1), (2), (3)" % table_name)
        query.processAllAvailable()
        status, content_type, body = get(url + "/api/v1/streams")
        assert status == 200 and content_type == "application/json"
        streams = json.loads(body)["streams"]
        assert [(s["name"], s["id"], s["runId"], s["status"]) for s in streams] == [
            ("py_ui_query", query.id, query.runId, "RUNNING")
        ]
        assert streams[0]["recentProgress"][-1] == query.lastProgress
        status, _, metrics = get(url + "/metrics")
        line = 'spate_streaming_input_rows_total{query="py_ui_query",id="%s"} 3' % query.id
        assert line in metrics.splitlines()
        status, content_type, page = get(url + "/streaming/")
        assert content_type.startswith("text/html") and "Active Streaming Queries" in page
    finally:
        query.stop()
    # Stopped queries stay listed.
    streams = json.loads(get(url + "/api/v1/streams")[2])["streams"]
    assert streams[0]["status"] == "FINISHED"


def test_stop_closes_the_ui(ui_session):
    url = ui_session.sparkContext.uiWebUrl
    assert get(url + "/api/v1/streams")[0] == 200
    ui_session.stop()
    with pytest.raises(urllib.error.URLError):
        get(url + "/api/v1/streams")


def test_disabled_ui_has_no_url():
    session = SparkSession.builder.config("spark.ui.enabled", "false").create()
    try:
        assert session.sparkContext.uiWebUrl is None
    finally:
        session.stop()
