// The dashboard in headless Chromium (Debian's chromium, driven by playwright-core):
// the page loads, every chart draws data, and data that arrives while the page is open shows up.
//
//   CRYPTO_VIZ_URL=http://127.0.0.1:4040/crypto/ node --test test/
//
// Whoever runs it keeps data flowing into the database meanwhile (the pipeline in `make demo`
// and the end-to-end test, or the feeder of test/python/crypto_viz/test_browser.py). Waits have
// deadlines; nothing asserts on durations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const URL = process.env.CRYPTO_VIZ_URL ?? 'http://127.0.0.1:4040/crypto/';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WAIT = Number(process.env.CRYPTO_VIZ_WAIT_MS ?? 60000);

let browser;
let page;
const problems = [];

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => {
    // The event stream is cut when the page closes; anything else failing is a problem.
    if (!r.url().endsWith('/api/stream')) problems.push(`request failed: ${r.url()}`);
  });
});

after(async () => {
  await browser?.close();
});

// Pixels of a colour (within a tolerance) over every canvas of a chart container.
function countColour(selector, [r, g, b]) {
  return page.evaluate(({ selector, r, g, b }) => {
    let n = 0;
    for (const canvas of document.querySelectorAll(`${selector} canvas`)) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12
            && Math.abs(data[i + 2] - b) < 12 && data[i + 3] > 200) n += 1;
      }
    }
    return n;
  }, { selector, r, g, b });
}

const UP = [0x26, 0xa6, 0x9a];
const DOWN = [0xef, 0x53, 0x50];
const BITCOIN = [0xf7, 0x93, 0x1a];
const AVERAGE = [0x5b, 0x9c, 0xf6];

test('the page loads and every panel has data', async () => {
  const response = await page.goto(URL);
  assert.equal(response.status(), 200);
  assert.equal(await page.title(), 'CRYPTO VIZ · Spate');
  await page.waitForFunction(() => window.cryptoViz?.ready, null, { timeout: WAIT });
  await page.waitForFunction(() => {
    const c = window.cryptoViz.counts;
    return c.candles > 0 && c.prices > 0 && c.stats > 0 && c.sentiment > 0 && c.articles > 0;
  }, null, { timeout: WAIT });
  const pairs = await page.locator('#pairs button').allTextContents();
  assert.ok(pairs.includes('XBT/USD') && pairs.includes('ETH/USD'), pairs.join(','));
  assert.ok(await page.locator('#article-list li.article').count() > 0);
  assert.ok(await page.locator('#article-list li.article a[href^="https://"]').count() > 0);
});

test('the charts are drawn', async () => {
  await page.waitForTimeout(500);  // one animation frame is enough; leave a margin
  // Candles and volume bars in the market chart, in both colours.
  assert.ok(await countColour('#market-chart', UP) > 200, 'green candles / buy bars');
  assert.ok(await countColour('#market-chart', DOWN) > 200, 'red candles / sell bars');
  // The moving-average line of the statistics pane.
  assert.ok(await countColour('#market-chart', AVERAGE) > 100, 'average line');
  // Bitcoin's sentiment line.
  assert.ok(await countColour('#sentiment-chart', BITCOIN) > 50, 'bitcoin sentiment line');
});

test('another pair can be picked', async () => {
  await page.locator('#pairs button', { hasText: 'ETH/USD' }).click();
  await page.waitForFunction(() => window.cryptoViz.pair === 'ETH/USD'
    && window.cryptoViz.counts.candles > 0, null, { timeout: WAIT });
  assert.equal(await page.locator('#market-title').textContent(), 'ETH/USD');
  assert.equal(await page.locator('#pairs button[aria-pressed="true"]').textContent(), 'ETH/USD');
});

test('new data arrives while the page is open', async () => {
  const start = await page.evaluate(() => ({
    latest: window.cryptoViz.latest, counts: { ...window.cryptoViz.counts },
  }));
  // The event stream delivers new prices, candles and a newer event time...
  await page.waitForFunction((s) => {
    const v = window.cryptoViz;
    return v.latest > s.latest && (v.eventsByName.price ?? 0) > 0
      && (v.eventsByName.candle ?? 0) > 0 && v.counts.candles > s.counts.candles;
  }, start, { timeout: WAIT });
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'live');
  const text = await page.locator('#latest').textContent();
  assert.match(text, /^data up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
});

test('no errors on the page', () => {
  assert.deepEqual(problems, []);
});
