// Small SVG line charts for the streaming pages: time on the x axis, one or more series on the y
// axis. Hand-written (no library) so the UI has no build step and loads nothing from the network.
"use strict";
(function (global) {
  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 460, HEIGHT = 170;
  const LEFT = 58, RIGHT = 12, TOP = 8, BOTTOM = 20;
  const COLORS = ["#e25a1c", "#0b5cad", "#2da44e", "#8250df", "#bf8700", "#cf222e", "#1b7c83",
                  "#57606a"];

  function node(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  function formatClock(ms) {
    const d = new Date(ms);
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  // The smallest 1, 2 or 5 × 10^k at or above v: a round top for the y axis.
  function niceCeiling(v) {
    if (!(v > 0)) return 1;
    const magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (const step of [1, 2, 5, 10]) if (step * magnitude >= v) return step * magnitude;
    return 10 * magnitude;
  }

  class LineChart {
    // options: { id, title, unit, format(value) -> text }
    constructor(parent, options) {
      this.options = options;
      this.format = options.format || ((v) => String(v));
      this.root = document.createElement("div");
      this.root.className = "chart";
      this.root.id = "chart-" + options.id;
      this.root.dataset.points = "0";
      const title = document.createElement("h3");
      title.textContent = options.title + (options.unit ? " (" + options.unit + ")" : "");
      this.latest = document.createElement("div");
      this.latest.className = "latest";
      this.svg = node("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img",
                               "aria-label": options.title });
      this.legend = document.createElement("div");
      this.legend.className = "legend";
      this.root.append(title, this.latest, this.svg, this.legend);
      parent.appendChild(this.root);
    }

    // xs: times in ms; series: [{ name, values: [number | null] }] with values aligned to xs.
    update(xs, series) {
      const svg = this.svg;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
      let min = 0, max = 0;
      for (const s of series)
        for (const v of s.values)
          if (v !== null && Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
      const top = niceCeiling(max), bottom = min < 0 ? -niceCeiling(-min) : 0;
      const x0 = xs.length ? xs[0] : 0, x1 = xs.length ? xs[xs.length - 1] : 1;
      const sx = (x) => LEFT + (x1 === x0 ? plotW / 2 : ((x - x0) / (x1 - x0)) * plotW);
      const sy = (y) => TOP + plotH - ((y - bottom) / (top - bottom)) * plotH;

      for (const fraction of [0, 0.5, 1]) {
        const value = bottom + (top - bottom) * fraction;
        const y = sy(value);
        svg.appendChild(node("line", { class: "axis", x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y }));
        svg.appendChild(node("text", { x: LEFT - 4, y: y + 3, "text-anchor": "end" },
                             this.format(value)));
      }
      if (xs.length) {
        svg.appendChild(node("text", { x: LEFT, y: HEIGHT - 6 }, formatClock(x0)));
        if (x1 !== x0)
          svg.appendChild(node("text", { x: WIDTH - RIGHT, y: HEIGHT - 6, "text-anchor": "end" },
                               formatClock(x1)));
      }
      series.forEach((s, i) => {
        const color = COLORS[i % COLORS.length];
        // A missing value (NaN in the progress) breaks the line instead of drawing it as 0.
        let run = [];
        const flush = () => {
          if (run.length === 1) {
            svg.appendChild(node("circle", { cx: run[0][0], cy: run[0][1], r: 2, fill: color }));
          } else if (run.length > 1) {
            svg.appendChild(node("polyline", {
              class: "series", stroke: color,
              points: run.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ") }));
          }
          run = [];
        };
        s.values.forEach((v, j) => {
          if (v === null || !Number.isFinite(v)) flush();
          else run.push([sx(xs[j]), sy(v)]);
        });
        flush();
      });

      const last = series.map((s) => {
        const v = s.values.length ? s.values[s.values.length - 1] : null;
        return (series.length > 1 ? s.name + ": " : "") +
               (v === null || !Number.isFinite(v) ? "-" : this.format(v));
      });
      this.latest.textContent = xs.length ? "latest " + last.join(", ") : "no batches yet";
      this.legend.textContent = "";
      if (series.length > 1) {
        series.forEach((s, i) => {
          const item = document.createElement("span");
          const swatch = document.createElement("i");
          swatch.style.background = COLORS[i % COLORS.length];
          item.append(swatch, document.createTextNode(s.name));
          this.legend.appendChild(item);
        });
      }
      this.root.dataset.points = String(xs.length);
    }
  }

  global.SpateCharts = { LineChart, formatClock };
})(window);
