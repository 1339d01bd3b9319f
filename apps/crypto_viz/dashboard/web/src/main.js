// CRYPTO VIZ dashboard: loads each panel from the JSON API, then keeps it current from the event
// stream. window.cryptoViz exposes the state (what is drawn, events received) for the browser
// test and for curious people.
import { getJson, openStream } from './api.js';
import { formatTime } from './format.js';
import { ItemList, renderAlert, renderArticle } from './lists.js';
import { MarketChart, PRICE_STEP } from './market.js';
import { SentimentChart } from './sentiment.js';

const state = {
  ready: false,
  pair: null,
  pairs: [],
  latest: null,
  events: 0,
  eventsByName: {},
  errors: [],
  counts: {},
};
window.cryptoViz = state;

const market = new MarketChart(document.getElementById('market-chart'));
const sentiment = new SentimentChart(document.getElementById('sentiment-chart'),
  document.getElementById('sentiment-legend'));
const alerts = new ItemList(document.getElementById('alert-list'), {
  key: (a) => `${a.time}|${a.pair}`, render: renderAlert, limit: 50, empty: 'no alert yet',
});
const articles = new ItemList(document.getElementById('article-list'), {
  key: (a) => a.id, render: renderArticle, limit: 30, empty: 'no article yet',
});
let pairAlerts = [];

function report(error) {
  console.error(error);
  state.errors.push(String(error));
}

function refreshCounts() {
  state.counts = {
    candles: market.counts.candles, prices: market.counts.prices, stats: market.counts.stats,
    sentiment: sentiment.count, alerts: alerts.items.length, articles: articles.items.length,
  };
  document.getElementById('market').dataset.count = String(market.counts.candles);
  document.getElementById('sentiment').dataset.count = String(sentiment.count);
  document.getElementById('alerts').dataset.count = String(alerts.items.length);
  document.getElementById('articles').dataset.count = String(articles.items.length);
}

function setLatest(seconds) {
  if (seconds == null || (state.latest != null && seconds <= state.latest)) return;
  state.latest = seconds;
  document.getElementById('latest').textContent = `data up to ${formatTime(seconds)}`;
}

function setStatus(kind, text) {
  const status = document.getElementById('status');
  status.dataset.state = kind;
  document.getElementById('status-text').textContent = text;
}

async function loadPair(pair) {
  state.pair = pair;
  for (const button of document.querySelectorAll('#pairs button')) {
    button.setAttribute('aria-pressed', String(button.dataset.pair === pair));
  }
  document.getElementById('market-title').textContent = pair;
  market.setPair(pair);
  const [candles, prices, stats, pairAlertData] = await Promise.all([
    getJson('candles', { pair }), getJson('prices', { pair, step: PRICE_STEP }), getJson('stats', { pair }),
    getJson('alerts', { limit: 500 }),
  ]);
  if (state.pair !== pair) return;  // another pair was picked meanwhile
  market.setCandles(candles.candles);
  market.setPrices(prices.prices);
  market.setStats(stats.stats);
  pairAlerts = pairAlertData.alerts.filter((a) => a.pair === pair);
  market.setAlerts(pairAlerts);
  market.showRecent();
  refreshCounts();
}

async function loadAll() {
  const meta = await getJson('meta');
  state.pairs = meta.pairs;
  setLatest(meta.latest);
  const nav = document.getElementById('pairs');
  nav.replaceChildren(...meta.pairs.map((pair) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = pair;
    button.dataset.pair = pair;
    button.addEventListener('click', () => loadPair(pair).catch(report));
    return button;
  }));
  const wanted = new URLSearchParams(location.search).get('pair');
  const [sentimentData, alertData, articleData] = await Promise.all([
    getJson('sentiment'), getJson('alerts'), getJson('articles'),
    loadPair(meta.pairs.includes(wanted) ? wanted : (state.pair ?? meta.pairs[0])),
  ]);
  sentiment.setData(sentimentData.series);
  alerts.set(alertData.alerts);
  articles.set(articleData.articles);
  refreshCounts();
}

const handlers = {
  price: (p) => { if (p.pair === state.pair) market.updatePrice(p); setLatest(p.time); },
  candle: (c) => {
    if (c.pair === state.pair && !market.updateCandle(c)) loadPair(state.pair).catch(report);
  },
  stats: (s) => { if (s.pair === state.pair) market.updateStat(s); },
  sentiment: (p) => sentiment.update(p.symbol, p),
  alert: (a) => {
    alerts.add(a);
    if (a.pair === state.pair) {
      pairAlerts.push(a);
      market.setAlerts(pairAlerts);
    }
  },
  article: (a) => articles.add(a),
  status: (s) => {
    setLatest(s.latest);
    if (s.error) setStatus('error', `database: ${s.error}`);
    else setStatus('live', 'live');
  },
};

// Count every event, then refresh the counters once per burst.
let countsPending = false;
for (const [name, handle] of Object.entries(handlers)) {
  handlers[name] = (data) => {
    state.events += 1;
    state.eventsByName[name] = (state.eventsByName[name] ?? 0) + 1;
    handle(data);
    if (!countsPending) {
      countsPending = true;
      requestAnimationFrame(() => { countsPending = false; refreshCounts(); });
    }
  };
}

let reconnecting = false;
async function start() {
  try {
    await loadAll();
    state.ready = true;
  } catch (error) {
    report(error);
    setStatus('error', 'cannot load data; retrying');
    setTimeout(start, 3000);
    return;
  }
  openStream(handlers, () => {
    setStatus('live', 'live');
    // After a dropped connection, events may have been missed: reload everything once.
    if (reconnecting) {
      reconnecting = false;
      loadAll().catch(report);
    }
  }, () => {
    reconnecting = true;
    setStatus('error', 'reconnecting…');
  });
}

start();
