// The alerts and latest-articles lists: newest first, each item once, new ones highlighted.
import { formatClock, formatTime } from './format.js';

export class ItemList {
  constructor(list, { key, render, limit, empty }) {
    this.list = list;
    this.key = key;
    this.render = render;
    this.limit = limit;
    this.empty = empty;
    this.keys = new Set();
    this.items = [];
  }

  set(items) {
    this.keys = new Set(items.map(this.key));
    this.items = items.slice(0, this.limit);
    this.list.replaceChildren(...this.items.map((item) => this.render(item)));
    this._placeholder();
  }

  // Adds an item at its place by time (events may arrive slightly out of order).
  add(item) {
    const key = this.key(item);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    const index = this.items.findIndex((other) => other.time < item.time);
    const at = index < 0 ? this.items.length : index;
    if (at >= this.limit) return false;
    this.items.splice(at, 0, item);
    const node = this.render(item);
    node.classList.add('fresh');
    this.list.querySelector('.empty')?.remove();
    this.list.insertBefore(node, this.list.children[at] ?? null);
    while (this.items.length > this.limit) {
      this.items.pop();
      this.list.lastElementChild.remove();
    }
    return true;
  }

  _placeholder() {
    if (!this.items.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = this.empty;
      this.list.append(li);
    }
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

export function renderAlert(a) {
  const li = element('li', 'alert');
  const up = a.type === 'PRICE_UP';
  const time = element('time', null, formatClock(a.time));
  time.dateTime = new Date(a.time * 1000).toISOString();
  time.title = formatTime(a.time);
  li.append(
    time,
    element('span', 'pair', `${a.pair} ${up ? 'up' : 'down'} to ${a.last}`),
    element('span', `change ${up ? 'up' : 'down'}`, `${a.change >= 0 ? '+' : ''}${a.change.toFixed(2)} %`),
  );
  return li;
}

export function renderArticle(a) {
  const li = element('li', 'article');
  const link = element('a', null, a.title);
  link.href = a.url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  const meta = element('div', 'meta');
  const time = element('time', null, formatTime(a.time));
  meta.append(
    element('span', `label ${a.label}`, `${a.label} ${a.score.toFixed(2)}`),
    element('span', 'website', a.website),
    time,
  );
  li.append(link, meta);
  if (a.cryptos?.length) meta.append(element('span', 'cryptos', a.cryptos.join(', ')));
  return li;
}
