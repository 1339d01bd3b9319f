// Sentiment per crypto: one line per symbol (the scraper's keywords: bitcoin, ethereum, …) over
// the 3-minute windows, with the label thresholds 0.4 and 0.6 as dashed lines.
import { LineSeries, LineStyle, LineType, createChart } from 'lightweight-charts';
import { chartOptions, colors } from './format.js';

const PALETTE = {
  bitcoin: '#f7931a', ethereum: '#8c8cf7', solana: '#14f195', cardano: '#3c8dde',
  polkadot: '#e6007a', chainlink: '#4f7cff', polygon: '#a47cf3', crypto: '#d7dde6',
};
const OTHERS = ['#c2a878', '#78c2b4', '#c278a8', '#9bc278', '#7898c2', '#c28a78', '#a0a0a0'];
// Shown at first; the others (btc, eth, exchange, …) can be switched on in the legend.
const SHOWN = new Set(['bitcoin', 'ethereum', 'solana', 'crypto']);

export class SentimentChart {
  constructor(container, legend) {
    this.legend = legend;
    this.chart = createChart(container, {
      ...chartOptions(),
      rightPriceScale: { borderColor: '#263040', scaleMargins: { top: 0.05, bottom: 0.05 } },
    });
    const threshold = {
      color: colors.muted, lineWidth: 1, lineStyle: LineStyle.Dotted, priceLineVisible: false,
      lastValueVisible: false, crosshairMarkerVisible: false,
    };
    this.positive = this.chart.addSeries(LineSeries, threshold);
    this.negative = this.chart.addSeries(LineSeries, threshold);
    this.series = new Map();  // symbol → { series, points, visible }
    this.span = [Infinity, -Infinity];
    this.count = 0;
  }

  setData(seriesBySymbol) {
    for (const entry of this.series.values()) entry.series.setData([]);
    this.count = 0;
    this.span = [Infinity, -Infinity];
    for (const [symbol, points] of Object.entries(seriesBySymbol)) {
      const entry = this._entry(symbol);
      entry.last = points.length ? points[points.length - 1].time : 0;
      entry.series.setData(points.map(value));
      this.count += points.length;
      if (points.length) this._extend(points[0].time, entry.last);
    }
    this._thresholds();
    this._renderLegend();
    this.chart.timeScale().fitContent();
  }

  update(symbol, point) {
    const entry = this._entry(symbol);
    if (point.time <= entry.last) return;
    entry.series.update(value(point));
    entry.last = point.time;
    this.count += 1;
    this._extend(point.time, point.time);
    this._thresholds();
    if (!this.legend.querySelector(`[data-symbol="${CSS.escape(symbol)}"]`)) this._renderLegend();
  }

  _entry(symbol) {
    let entry = this.series.get(symbol);
    if (!entry) {
      const color = PALETTE[symbol] ?? OTHERS[this.series.size % OTHERS.length];
      const series = this.chart.addSeries(LineSeries, {
        // Steps: a window's average holds for the whole window.
        color, lineWidth: 2, lineType: LineType.WithSteps, priceLineVisible: false,
        title: symbol, visible: SHOWN.has(symbol),
        priceFormat: { type: 'price', precision: 3, minMove: 0.001 },
      });
      entry = { series, color, last: 0, visible: SHOWN.has(symbol) };
      this.series.set(symbol, entry);
    }
    return entry;
  }

  _extend(from, to) {
    this.span = [Math.min(this.span[0], from), Math.max(this.span[1], to)];
  }

  _thresholds() {
    if (!Number.isFinite(this.span[0])) return;
    const [from, to] = this.span;
    const line = (v) => (from === to ? [{ time: from, value: v }]
      : [{ time: from, value: v }, { time: to, value: v }]);
    this.positive.setData(line(0.6));
    this.negative.setData(line(0.4));
  }

  _renderLegend() {
    const symbols = [...this.series.keys()].sort((a, b) => ((b in PALETTE) - (a in PALETTE))
      || a.localeCompare(b));
    this.legend.replaceChildren(...symbols.map((symbol) => {
      const entry = this.series.get(symbol);
      const label = document.createElement('label');
      label.dataset.symbol = symbol;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = entry.visible;
      box.addEventListener('change', () => {
        entry.visible = box.checked;
        entry.series.applyOptions({ visible: box.checked });
      });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = entry.color;
      label.append(box, swatch, symbol);
      return label;
    }));
  }
}

function value(p) {
  return { time: p.time, value: p.score };
}
