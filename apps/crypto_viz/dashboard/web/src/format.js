// Number and time formatting shared by the panels.

// Kraken's price decimals per pair (the simulator and the charts use the same grid).
const DECIMALS = {
  'XBT/USD': 1, 'ETH/USD': 2, 'USDT/USD': 5, 'SOL/USD': 2, 'ADA/USD': 6, 'DOT/USD': 4,
  'LINK/USD': 5, 'MATIC/USD': 4,
};

export function priceDecimals(pair) {
  return DECIMALS[pair] ?? 4;
}

export function formatPrice(pair, value) {
  return value == null ? '–' : value.toFixed(priceDecimals(pair));
}

export function formatTime(seconds) {
  if (seconds == null) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatClock(seconds) {
  return new Date(seconds * 1000).toISOString().slice(11, 19);
}

export const colors = {
  up: '#26a69a',
  down: '#ef5350',
  text: '#d7dde6',
  muted: '#8391a5',
  grid: '#1e2632',
  avg: '#5b9cf6',
  band: 'rgba(91, 156, 246, 0.55)',
};

export function chartOptions() {
  return {
    autoSize: true,
    layout: {
      background: { color: '#161c24' },
      textColor: colors.muted,
      attributionLogo: false,
      panes: { separatorColor: '#263040' },
    },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: '#263040' },
    timeScale: { borderColor: '#263040', timeVisible: true, secondsVisible: false },
    crosshair: { mode: 0 },
  };
}
