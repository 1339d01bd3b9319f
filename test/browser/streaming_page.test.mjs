// The streaming page in headless Chromium: a real `spate run` job (a windowed count over the rate
// source, with a watermark) serves its UI with a token; the page loads through ?token= (then the
// cookie), lists the query, and its statistics page draws the running query's batches, more of
// them as time goes on. Run by run.sh: SPATE=path/to/spate node --test.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const SPATE = process.env.SPATE ?? "build/bin/spate";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TOKEN = "browser-test-token-0123456789";
// Generous limits for a loaded 2-core machine; they bound a hang, they measure nothing.
const WAIT_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), "spate-browser-"));
let job = null;
let browser = null;

after(async () => {
  if (browser) await browser.close();
  if (job && job.exitCode === null && job.signalCode === null) {
    // SIGTERM stops the job gracefully (its running batch commits); SIGKILL if it does not.
    const exited = new Promise((resolve) => job.once("exit", resolve));
    job.kill("SIGTERM");
    const timer = setTimeout(() => job.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
});
// However the runner ends (an interrupt, an uncaught error), the job must not outlive it.
process.on("exit", () => { if (job && job.exitCode === null) job.kill("SIGKILL"); });

// Starts the job on a free port and resolves with its UI's URL, read from the startup log line.
function startJob() {
  writeFileSync(join(dir, "job.sql"), `
CREATE TABLE ticks USING rate OPTIONS (rowsPerSecond '50');
CREATE TABLE counts USING console OPTIONS (queryName 'ticks_per_second', outputMode 'update',
  trigger '100 milliseconds', checkpointLocation '${join(dir, "checkpoint")}');
INSERT INTO counts SELECT window(timestamp, '1 second') AS w, count(*) AS n
FROM STREAM(ticks) WATERMARK timestamp DELAY OF INTERVAL 1 SECONDS
GROUP BY window(timestamp, '1 second');
`);
  job = spawn(SPATE, ["run", "--master", "local[1]", "--conf", "spark.ui.port=0",
                      "--conf", `spate.ui.token=${TOKEN}`, join(dir, "job.sql")],
              { env: { ...process.env, SPATE_LOG_LEVEL: "INFO" },
                stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("no UI URL in the log:\n" + log)), WAIT_MS);
    job.stderr.on("data", (chunk) => {
      if (log.length < 100_000) log += chunk;
      const m = /Bound SparkUI to [^,]+, and started at (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    job.once("exit", (code) => reject(new Error(`spate run exited with ${code}:\n${log}`)));
  });
}

test("the streaming pages show a running query", async () => {
  const url = await startJob();

  // Without the token nothing is served.
  const denied = await fetch(url + "/streaming/");
  assert.equal(denied.status, 401);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(r.status() + " " + r.url()); });

  // ?token= once: the server sets a cookie that the page's own requests then carry.
  await page.goto(url + "/?token=" + TOKEN);
  assert.match(page.url(), /\/streaming\/$/);
  const row = page.locator("#active-queries tr.query", { hasText: "ticks_per_second" });
  await row.waitFor({ timeout: WAIT_MS });
  assert.equal(await row.locator("td").nth(1).textContent(), "RUNNING");
  const headers = await page.locator("#active-queries th").allTextContents();
  assert.deepEqual(headers, ["Name", "Status", "ID", "Run ID", "Start Time", "Duration",
                             "Avg Input /sec", "Avg Process /sec", "Latest Batch"]);

  await row.locator("a").click();
  await page.waitForURL(/\/streaming\/query\/\?id=/);
  await page.locator("#query-title", { hasText: "ticks_per_second" }).waitFor({ timeout: WAIT_MS });

  // The charts fill with the query's batches, and keep growing while it runs.
  const points = async (id) => Number(await page.locator("#chart-" + id).getAttribute("data-points"));
  await page.waitForFunction(
      () => Number(document.querySelector("#chart-input-rows").dataset.points) >= 2, null,
      { timeout: WAIT_MS });
  const first = await points("input-rows");
  await page.waitForFunction(
      (n) => Number(document.querySelector("#chart-input-rows").dataset.points) > n, first,
      { timeout: WAIT_MS });
  assert.ok(await points("input-rows") > first);
  for (const id of ["input-rate", "process-rate", "input-rows", "batch-duration", "watermark-gap",
                    "state-rows", "state-memory"]) {
    assert.ok(await points(id) >= 2, id);
    const marks = await page.locator(`#chart-${id} svg polyline, #chart-${id} svg circle`).count();
    assert.ok(marks >= 1, `${id} draws its data`);
  }
  // Rows arrived: the input-rows line is not flat at zero.
  const inputRows = await page.evaluate(async (runId) => {
    const q = await (await fetch("/api/v1/streams/" + runId)).json();
    return q.recentProgress.map((p) => p.numInputRows);
  }, new URL(page.url()).searchParams.get("id"));
  assert.ok(inputRows.some((n) => n > 0), JSON.stringify(inputRows));

  const plan = await page.locator("#query-plan").textContent();
  assert.match(plan, /Aggregate/);
  assert.equal(await page.locator("#query-error").isHidden(), true);
  assert.deepEqual(errors, []);
});
