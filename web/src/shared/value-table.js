// Rows of the values table (page and widget): x, f(x), f′(x) for each x.
import { formatNumber } from './format.js';

/** Significant digits shown in tables; the exact value is in the cell's
 *  data-value and title, the tooltip and the CSV. */
export const TABLE_DIGITS = 10;

/** Table rows x, f(x), f′(x) for each x. */
export function valueRows(lab, id, params, xs) {
  const f = lab.evaluate(id, xs, params);
  const g = lab.gradient(id, xs, params);
  return Array.from(xs, (x, i) => {
    const tr = document.createElement('tr');
    tr.append(numberCell(x), numberCell(f[i]), numberCell(g[i]));
    return tr;
  });
}

/** A table cell showing v to TABLE_DIGITS digits, exact on hover. */
function numberCell(v) {
  const td = document.createElement('td');
  setCell(td, v);
  return td;
}

function setCell(td, v) {
  td.textContent = formatNumber(v, TABLE_DIGITS);
  td.dataset.value = formatNumber(v);
  td.title = td.dataset.value;
}

// Rows per chunk of the off-screen rows, written after the visible ones.
const IDLE_ROWS = 250;

// The page's scroll position as of the last scroll event: reading scrollY
// on the input path would force a layout of the long table just written.
let scrolled = globalThis.scrollY ?? 0;
globalThis.addEventListener?.('scroll', () => (scrolled = scrollY), { passive: true });

/**
 * The explorer's values table, updated in place: a slider step with 1,000
 * values typed rewrites only the cells whose value changed, the rows on
 * screen at once and the others in chunks after the frame (a newer update
 * takes over whatever is still pending). Results go into kept arrays
 * ({out}), so an update allocates no result arrays.
 */
export class ValueTable {
  #body;
  #rows = [];
  // What each row shows, and whether it has been written at all.
  #shown = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  #written = new Uint8Array(0);
  // What each row should show: x, f(x), f′(x).
  #target = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  #pending = [];
  #timer = 0;
  #geometry = null; // {top, rowHeight, rows}, page coordinates

  /** @param body the <tbody> to keep */
  constructor(body) {
    this.#body = body;
  }

  /** Show x, f(x), f′(x) for each of xs (a Float64Array: the rows to show). */
  update(lab, id, params, xs) {
    const n = xs.length;
    this.#resize(n);
    const [x, f, g] = this.#target;
    x.set(xs);
    lab.evaluate(id, xs, params, { out: f });
    lab.gradient(id, xs, params, { out: g });
    const pending = [];
    for (let i = 0; i < n; i++) if (this.#differs(i)) pending.push(i);
    this.#pending = pending;
    clearTimeout(this.#timer);
    const [first, last] = this.#visibleRange(n);
    const later = [];
    for (const i of pending) {
      if (i >= first && i < last) this.#write(i);
      else later.push(i);
    }
    this.#pending = later;
    this.#timer = setTimeout(() => this.#writeLater(), 0); // the rest, then measure
  }

  /** Whether every row shows its current values (for tests). */
  get settled() {
    return this.#pending.length === 0;
  }

  #differs(i) {
    if (!this.#written[i]) return true;
    for (let k = 0; k < 3; k++) if (!Object.is(this.#shown[k][i], this.#target[k][i])) return true;
    return false;
  }

  // n rows, n slots: rows beyond n go; new rows start unwritten.
  #resize(n) {
    const rows = this.#rows;
    if (rows.length > n) for (const row of rows.splice(n)) row.remove();
    const added = [];
    while (rows.length + added.length < n) {
      const tr = document.createElement('tr');
      tr.append(document.createElement('td'), document.createElement('td'), document.createElement('td'));
      added.push(tr);
    }
    rows.push(...added);
    this.#body.append(...added);
    if (this.#target[0].length !== n) {
      const keep = Math.min(n, this.#written.length);
      const sized = (a) => {
        const b = new Float64Array(n);
        b.set(a.subarray(0, keep));
        return b;
      };
      this.#shown = this.#shown.map(sized);
      this.#target = this.#target.map(() => new Float64Array(n));
      const written = new Uint8Array(n);
      written.set(this.#written.subarray(0, keep));
      this.#written = written;
    }
  }

  // [first, last): the rows on screen. From the geometry measured after the
  // last update's frame and the last scroll event, so the input path forces
  // no layout of a long table; unknown geometry (a first table): all rows now.
  #visibleRange(n) {
    const geometry = this.#geometry;
    if (!geometry || geometry.rows !== n) return [0, n];
    const top = geometry.top - scrolled;
    const first = Math.max(0, Math.floor(-top / geometry.rowHeight) - 2);
    const last = Math.min(n, Math.ceil((innerHeight - top) / geometry.rowHeight) + 2);
    return [first, Math.max(first, last)];
  }

  #measure() {
    const box = this.#body.getBoundingClientRect();
    const n = this.#rows.length;
    scrolled = scrollY; // after the frame: the layout is clean
    this.#geometry = box.height && n ? { top: box.top + scrolled, rowHeight: box.height / n, rows: n } : null;
  }

  #writeLater() {
    for (const i of this.#pending.splice(0, IDLE_ROWS)) this.#write(i);
    if (this.#pending.length) this.#timer = setTimeout(() => this.#writeLater(), 0);
    else this.#measure();
  }

  #write(i) {
    const cells = this.#rows[i].cells;
    for (let k = 0; k < 3; k++) {
      const v = this.#target[k][i];
      if (!this.#written[i] || !Object.is(this.#shown[k][i], v)) setCell(cells[k], v);
      this.#shown[k][i] = v;
    }
    this.#written[i] = 1;
  }
}
