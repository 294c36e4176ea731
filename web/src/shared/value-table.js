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

// Rows per chunk of the off-screen rows, written once the updates pause.
const IDLE_ROWS = 250;
// The pause (ms) after which the off-screen rows catch up. A dragged slider
// updates every frame; writing the rows nobody sees in each of those frames
// cost a layout and a repaint of the whole table per frame (~30 ms with
// 1,000 rows), so they wait for the drag to stop.
const SETTLE_MS = 120;

// The page's scroll position as of the last scroll event: reading scrollY
// on the input path would force a layout of the long table just written.
let scrolled = globalThis.scrollY ?? 0;
globalThis.addEventListener?.('scroll', () => (scrolled = scrollY), { passive: true });

/**
 * The explorer's values table, updated in place: a slider step with 1,000
 * values typed rewrites only the cells whose value changed, the rows on
 * screen at once and the others in chunks once the updates pause for
 * SETTLE_MS (a newer update takes over whatever is still pending). Results
 * go into kept arrays ({out}), so an update allocates no result arrays.
 */
export class ValueTable {
  #body;
  #scroller;
  #scrollTop = 0; // the scroller's, as of its last scroll event
  #rows = [];
  // What each row shows, and whether it has been written at all.
  #shown = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  #written = new Uint8Array(0);
  // What each row should show: x, f(x), f′(x).
  #target = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  #pending = [];
  #timer = 0;
  #frame = 0;
  #geometry = null; // {top, rowHeight, rows, clip}, page coordinates

  /**
   * @param body the <tbody> to keep
   * @param options.scroller the element that scrolls the table in a box of
   *   its own (the page's .table-wrap), if any: rows it clips are off screen
   */
  constructor(body, { scroller = null } = {}) {
    this.#body = body;
    this.#scroller = scroller;
    scroller?.addEventListener('scroll', () => (this.#scrollTop = scroller.scrollTop), { passive: true });
  }

  /** Show x, f(x), f′(x) for each of xs (a Float64Array: the rows to show). */
  update(lab, id, params, xs) {
    const n = xs.length;
    this.#resize(n);
    const [x, f, g] = this.#target;
    x.set(xs);
    lab.evaluate(id, xs, params, { out: f });
    lab.gradient(id, xs, params, { out: g });
    clearTimeout(this.#timer);
    cancelAnimationFrame(this.#frame);
    const [first, last] = this.#visibleRange(n);
    const later = [];
    for (let i = 0; i < n; i++) {
      if (!this.#differs(i)) continue;
      if (i >= first && i < last) this.#write(i);
      else later.push(i);
    }
    this.#pending = later;
    this.#timer = setTimeout(() => this.#writeLater(), later.length ? SETTLE_MS : 0); // the rest, then measure
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

  // [first, last): the rows on screen, in the viewport and inside the
  // scroller's box. From the geometry measured once the last update settled
  // and the last scroll events, so the input path forces no layout of a long
  // table; unknown geometry (a first table): all rows now.
  #visibleRange(n) {
    const geometry = this.#geometry;
    if (!geometry || geometry.rows !== n) return [0, n];
    const top = geometry.top - this.#scrollTop; // the body's top now
    const viewTop = Math.max(scrolled, geometry.clip?.top ?? -Infinity);
    const viewBottom = Math.min(scrolled + innerHeight, geometry.clip?.bottom ?? Infinity);
    const first = Math.max(0, Math.floor((viewTop - top) / geometry.rowHeight) - 2);
    const last = Math.min(n, Math.ceil((viewBottom - top) / geometry.rowHeight) + 2);
    return [first, Math.max(first, last)];
  }

  // After the next frame, when the layout is clean: measuring then forces none.
  #measureAfterFrame() {
    this.#frame = requestAnimationFrame(() => (this.#timer = setTimeout(() => this.#measure(), 0)));
  }

  #measure() {
    const box = this.#body.getBoundingClientRect();
    const n = this.#rows.length;
    scrolled = scrollY;
    const scroller = this.#scroller;
    let clip = null;
    if (scroller) {
      this.#scrollTop = scroller.scrollTop;
      const s = scroller.getBoundingClientRect();
      clip = { top: s.top + scrolled, bottom: s.bottom + scrolled };
    }
    this.#geometry =
      box.height && n ? { top: box.top + scrolled + this.#scrollTop, rowHeight: box.height / n, rows: n, clip } : null;
  }

  #writeLater() {
    for (const i of this.#pending.splice(0, IDLE_ROWS)) this.#write(i);
    if (this.#pending.length) this.#timer = setTimeout(() => this.#writeLater(), 0);
    else this.#measureAfterFrame();
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
