// The streaming pages: the list of queries (/streaming/) and one query's statistics
// (/streaming/query/?id=RUN_ID), polling /api/v1/streams every second. All text goes in through
// textContent: query names, plans and errors are never parsed as HTML.
"use strict";
(function () {
  const POLL_MS = 1000;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "dataset") Object.assign(e.dataset, v);
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) throw new Error(response.status + " " + (await response.text()).trim());
    return response.json();
  }

  function pad(n, width) { return String(n).padStart(width || 2, "0"); }

  // Spark's UIUtils.formatDate: yyyy/MM/dd HH:mm:ss in local time.
  function formatDate(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return d.getFullYear() + "/" + pad(d.getMonth() + 1) + "/" + pad(d.getDate()) + " " +
           pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  // Spark's UIUtils.formatDuration: "15 ms", "3.2 s", "1.5 min", "2.0 h".
  function formatDuration(ms) {
    if (ms < 100) return Math.round(ms) + " ms";
    const seconds = ms / 1000;
    if (seconds < 60) return seconds.toFixed(1) + " s";
    const minutes = seconds / 60;
    if (minutes < 60) return minutes.toFixed(1) + " min";
    return (minutes / 60).toFixed(1) + " h";
  }

  function formatRate(v) { return v === null || v === undefined ? "NaN" : Number(v).toFixed(2); }

  function formatNumber(v) {
    if (!Number.isFinite(v)) return "-";
    const a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e4) return (v / 1e3).toFixed(1) + "k";
    return Number.isInteger(v) ? String(v) : v.toFixed(a < 10 ? 2 : 1);
  }

  function formatBytes(v) {
    if (!Number.isFinite(v)) return "-";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; ++i; }
    return (i === 0 ? String(Math.round(v)) : v.toFixed(1)) + " " + units[i];
  }

  function setStatus(text, failed) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.classList.toggle("failed", !!failed);
  }

  function queryLink(q) {
    return el("a", { href: "/streaming/query/?id=" + encodeURIComponent(q.runId) },
              q.name === null ? "<no name>" : q.name);
  }

  // ---- the list of queries ----

  function renderTable(table, queries, withError) {
    const headers = ["Name", "Status", "ID", "Run ID", "Start Time", "Duration", "Avg Input /sec",
                     "Avg Process /sec", "Latest Batch"];
    if (withError) headers.push("Error");
    table.replaceChildren(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))));
    const body = el("tbody");
    if (queries.length === 0) {
      body.append(el("tr", {}, el("td", { class: "empty", colspan: String(headers.length) },
                                  "No queries.")));
    }
    for (const q of queries) {
      const cells = [
        el("td", {}, queryLink(q)),
        el("td", {}, q.status),
        el("td", { class: "id" }, q.id),
        el("td", { class: "id" }, q.runId),
        el("td", {}, formatDate(q.startTimestamp)),
        el("td", {}, formatDuration(q.durationMs)),
        el("td", { class: "num" }, formatRate(q.avgInputRowsPerSecond)),
        el("td", { class: "num" }, formatRate(q.avgProcessedRowsPerSecond)),
        el("td", { class: "num" }, q.latestBatchId === null ? "-" : q.latestBatchId),
      ];
      if (withError) cells.push(el("td", { class: "error" }, q.exception || ""));
      body.append(el("tr", { class: "query", dataset: { runId: q.runId, status: q.status } },
                     ...cells));
    }
    table.append(body);
  }

  async function pollList() {
    try {
      const data = await getJson("/api/v1/streams?progress=0");
      const active = data.streams.filter((q) => q.status === "RUNNING");
      const completed = data.streams.filter((q) => q.status !== "RUNNING").reverse();
      document.getElementById("active-count").textContent = active.length;
      document.getElementById("completed-count").textContent = completed.length;
      renderTable(document.getElementById("active-queries"), active, false);
      renderTable(document.getElementById("completed-queries"), completed, true);
      setStatus("Updated " + new Date().toLocaleTimeString());
    } catch (e) {
      setStatus("Cannot load the queries: " + e.message, true);
    }
    setTimeout(pollList, POLL_MS);
  }

  // ---- one query ----

  const PHASES = ["triggerExecution", "addBatch", "getBatch", "latestOffset", "queryPlanning",
                  "walCommit", "commitOffsets"];

  function sum(list, get) { return list.reduce((total, x) => total + (get(x) || 0), 0); }

  function number(v) { return typeof v === "number" ? v : null; }

  // What each chart plots for one progress (Spark's StreamingQueryStatisticsPage).
  const CHARTS = [
    { id: "input-rate", title: "Input Rate", unit: "records/sec", format: formatNumber,
      series: [["inputRowsPerSecond", (p) => number(p.inputRowsPerSecond)]] },
    { id: "process-rate", title: "Process Rate", unit: "records/sec", format: formatNumber,
      series: [["processedRowsPerSecond", (p) => number(p.processedRowsPerSecond)]] },
    { id: "input-rows", title: "Input Rows", unit: "records", format: formatNumber,
      series: [["numInputRows", (p) => number(p.numInputRows)]] },
    { id: "batch-duration", title: "Batch Duration", unit: "ms", format: formatNumber,
      series: PHASES.map((phase) => [phase, (p) => (p.durationMs && phase in p.durationMs
                                                     ? p.durationMs[phase] : null)]) },
    { id: "watermark-gap", title: "Global Watermark Gap", unit: "seconds", format: formatNumber,
      series: [["watermark gap", watermarkGap]] },
    { id: "state-rows", title: "Aggregated Number Of Total State Rows", unit: "records",
      format: formatNumber,
      series: [["numRowsTotal", (p) => stateSum(p, (o) => o.numRowsTotal)]] },
    { id: "state-memory", title: "Aggregated State Memory Used In Bytes", unit: "",
      format: formatBytes,
      series: [["memoryUsedBytes", (p) => stateSum(p, (o) => o.memoryUsedBytes)]] },
    { id: "dropped-rows", title: "Aggregated Number Of Rows Dropped By Watermark",
      unit: "records", format: formatNumber,
      series: [["numRowsDroppedByWatermark",
                (p) => stateSum(p, (o) => o.numRowsDroppedByWatermark)]] },
  ];

  function stateSum(p, get) {
    return p.stateOperators && p.stateOperators.length ? sum(p.stateOperators, get) : null;
  }

  // Batch time minus watermark, in seconds, once the watermark has moved past the epoch.
  function watermarkGap(p) {
    if (!p.eventTime || !p.eventTime.watermark) return null;
    const watermark = Date.parse(p.eventTime.watermark);
    if (!(watermark > 0)) return null;
    return (Date.parse(p.timestamp) - watermark) / 1000;
  }

  function renderInfo(q) {
    document.getElementById("query-title").textContent = q.name === null ? "<no name>" : q.name;
    const batches = q.latestBatchId === null ? 0 : q.latestBatchId + 1;
    document.getElementById("query-summary").textContent =
        (q.status === "RUNNING" ? "Running batches for " : "Ran batches for ") +
        formatDuration(q.durationMs) + " since " + formatDate(q.startTimestamp) + " (" + batches +
        " completed batches)";
    const info = [["Status", q.status + (q.status === "RUNNING" ? " (" + q.statusMessage + ")" : "")],
                  ["Id", q.id], ["Run Id", q.runId],
                  ["Avg Input /sec", formatRate(q.avgInputRowsPerSecond)],
                  ["Avg Process /sec", formatRate(q.avgProcessedRowsPerSecond)],
                  ["Total Input Rows", q.totalInputRows]];
    if (q.endTimestamp) info.push(["End Time", formatDate(q.endTimestamp)]);
    document.getElementById("query-info").replaceChildren(
        ...info.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
    const errorSection = document.getElementById("query-error");
    errorSection.hidden = !q.exception;
    document.getElementById("query-exception").textContent = q.exception || "";
    document.getElementById("query-plan").textContent = q.plan;
  }

  function startQueryPage() {
    const runId = new URLSearchParams(location.search).get("id");
    if (!runId) {
      setStatus("No query id in the URL (?id=RUN_ID).", true);
      return;
    }
    const container = document.getElementById("charts");
    const charts = CHARTS.map((spec) => ({ spec, chart: new SpateCharts.LineChart(container, spec) }));
    let progress = [];
    let lastBatch = null;

    async function poll() {
      let running = true;
      try {
        const url = "/api/v1/streams/" + encodeURIComponent(runId) +
                    (lastBatch === null ? "" : "?after=" + lastBatch);
        const q = await getJson(url);
        running = q.status === "RUNNING";
        // The server keeps the latest q.retainedProgress progresses: keep the same window.
        progress = progress.concat(q.recentProgress).slice(-Math.max(q.retainedProgress, 1));
        if (progress.length) lastBatch = progress[progress.length - 1].batchId;
        renderInfo(q);
        const xs = progress.map((p) => Date.parse(p.timestamp));
        for (const { spec, chart } of charts) {
          chart.update(xs, spec.series.map(([name, get]) => ({ name, values: progress.map(get) })));
        }
        setStatus(running ? "Updated " + new Date().toLocaleTimeString()
                          : "The query has ended: the page no longer updates.");
      } catch (e) {
        setStatus("Cannot load the query: " + e.message, true);
      }
      if (running) setTimeout(poll, POLL_MS);
    }
    poll();
  }

  if (document.body.dataset.page === "list") pollList();
  else if (document.body.dataset.page === "query") startQueryPage();
})();
