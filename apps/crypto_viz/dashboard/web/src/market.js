// The market chart of one pair, three panes on one time axis: 1-minute candles (with alert
// markers), the ticker price against the 3-minute moving average +-1 standard deviation, and the
// buy (up) / sell (down) volume of each minute. The price line has one point per PRICE_STEP
// seconds: the panes share one time axis whose spacing is per point, so finer points would
// squeeze the candles.
import {
  CandlestickSeries, HistogramSeries, LineSeries, LineStyle, createChart, createSeriesMarkers,
} from 'lightweight-charts';
import { chartOptions, colors, priceDecimals } from './format.js';

export const PRICE_STEP = 15;

export class MarketChart {
  constructor(container) {
    this.chart = createChart(container, chartOptions());
    const line = { priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false };
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: colors.up, downColor: colors.down, wickUpColor: colors.up,
      wickDownColor: colors.down, borderVisible: false,
    }, 0);
    this.actual = this.chart.addSeries(LineSeries, {
      ...line, color: colors.text, lineWidth: 1, lastValueVisible: true, title: 'price',
    }, 1);
    this.avg = this.chart.addSeries(LineSeries, { ...line, color: colors.avg, lineWidth: 2 }, 1);
    this.upper = this.chart.addSeries(LineSeries, {
      ...line, color: colors.band, lineWidth: 1, lineStyle: LineStyle.Dashed,
    }, 1);
    this.lower = this.chart.addSeries(LineSeries, {
      ...line, color: colors.band, lineWidth: 1, lineStyle: LineStyle.Dashed,
    }, 1);
    const volume = { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false };
    this.buy = this.chart.addSeries(HistogramSeries, { ...volume, color: colors.up }, 2);
    this.sell = this.chart.addSeries(HistogramSeries, { ...volume, color: colors.down }, 2);
    const panes = this.chart.panes();
    panes[0].setStretchFactor(0.5);
    panes[1].setStretchFactor(0.3);
    panes[2].setStretchFactor(0.2);
    this.markers = createSeriesMarkers(this.candles, []);
    this.reset();
  }

  reset() {
    this.last = { candle: 0, price: 0, stat: 0 };
    this.counts = { candles: 0, prices: 0, stats: 0 };
    for (const s of [this.candles, this.actual, this.avg, this.upper, this.lower, this.buy, this.sell]) {
      s.setData([]);
    }
    this.markers.setMarkers([]);
  }

  setPair(pair) {
    const precision = priceDecimals(pair);
    const priceFormat = { type: 'price', precision, minMove: 10 ** -precision };
    for (const s of [this.candles, this.actual, this.avg, this.upper, this.lower]) {
      s.applyOptions({ priceFormat });
    }
    this.reset();
  }

  setCandles(candles) {
    this.candles.setData(candles.map(bar));
    this.buy.setData(candles.map((c) => ({ time: c.time, value: c.buy_volume })));
    this.sell.setData(candles.map((c) => ({ time: c.time, value: -c.sell_volume })));
    this.last.candle = candles.length ? candles[candles.length - 1].time : 0;
    this.counts.candles = candles.length;
  }

  // A changed candle: the open minute, or one the analytics job made final. Returns false when
  // the chart cannot take it in place (an older minute it never had): the caller reloads.
  updateCandle(c) {
    const historical = c.time < this.last.candle;
    try {
      this.candles.update(bar(c), historical);
      this.buy.update({ time: c.time, value: c.buy_volume }, historical);
      this.sell.update({ time: c.time, value: -c.sell_volume }, historical);
    } catch (_) {
      return false;
    }
    if (c.time > this.last.candle) {
      this.last.candle = c.time;
      this.counts.candles += 1;
    }
    return true;
  }

  setPrices(prices) {
    this.actual.setData(prices.map((p) => ({ time: p.time, value: p.last })));
    this.last.price = prices.length ? prices[prices.length - 1].time : 0;
    this.counts.prices = prices.length;
  }

  // A ticker price (one per second from the stream): the last of each step is drawn.
  updatePrice(p) {
    const time = Math.floor(p.time / PRICE_STEP) * PRICE_STEP;
    if (time < this.last.price) return;
    this.actual.update({ time, value: p.last });
    if (time > this.last.price) this.counts.prices += 1;
    this.last.price = time;
  }

  // Shows the newest `minutes` (the whole history stays a scroll away).
  showRecent(minutes = 90) {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    const points = Math.max(this.counts.candles, this.counts.prices, this.counts.stats);
    if (!range && !points) return;
    const span = (minutes * 60) / PRICE_STEP;
    this.chart.timeScale().setVisibleLogicalRange({ from: points - span, to: points + 2 });
  }

  setStats(stats) {
    this.avg.setData(stats.map((s) => ({ time: s.time, value: s.avg })));
    const band = stats.filter((s) => s.stddev != null);
    this.upper.setData(band.map((s) => ({ time: s.time, value: s.high })));
    this.lower.setData(band.map((s) => ({ time: s.time, value: s.low })));
    this.last.stat = stats.length ? stats[stats.length - 1].time : 0;
    this.counts.stats = stats.length;
  }

  updateStat(s) {
    if (s.time <= this.last.stat) return;
    this.avg.update({ time: s.time, value: s.avg });
    if (s.stddev != null) {
      this.upper.update({ time: s.time, value: s.high });
      this.lower.update({ time: s.time, value: s.low });
    }
    this.last.stat = s.time;
    this.counts.stats += 1;
  }

  // Alerts of this pair as arrows on the candle of their minute.
  setAlerts(alerts) {
    const markers = alerts
      .map((a) => ({
        time: Math.floor(a.time / 60) * 60,
        position: a.change >= 0 ? 'belowBar' : 'aboveBar',
        shape: a.change >= 0 ? 'arrowUp' : 'arrowDown',
        color: a.change >= 0 ? colors.up : colors.down,
        text: `${a.change >= 0 ? '+' : ''}${a.change.toFixed(2)}%`,
      }))
      .sort((x, y) => x.time - y.time);
    this.markers.setMarkers(markers);
  }
}

function bar(c) {
  return { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close };
}
