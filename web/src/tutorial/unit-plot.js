// The unit's picture: the target points, the unit's outputs at them, the
// curve f(w x + b) and, shaded, where f′(z) = 0. Inline SVG made with
// createElementNS (no HTML strings: the page requires Trusted Types), drawn
// at its box's size in CSS pixels so its text stays readable at 375 px, and
// redrawn from the last view when the box resizes. Colours are the widgets'
// (shared/theme.js), so the unit and the plots around it read alike.
import { formatNumber } from '../shared/format.js';
import { themeColors } from '../shared/theme.js';
import { WINDOW } from './unit-lesson.js';

const SVG = 'http://www.w3.org/2000/svg';
const MARGIN = { left: 30, right: 8, top: 8, bottom: 24 };
const X_TICKS = [-1, -0.5, 0, 0.5, 1];
const Y_TICKS = [-1, 0, 1, 2, 3, 4, 5];
// Outputs far outside the window are clipped; their path stays finite.
const clampY = (y) => Math.min(Math.max(y, WINDOW.yMin - 50), WINDOW.yMax + 50);
// Printed numbers use the minus sign; data stays ASCII.
const tickText = (v) => formatNumber(v).replace('-', '−');
let uid = 0;

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

export class UnitPlot {
  #root;
  #key;
  #clipId = `unit-clip-${++uid}`;
  #view = null;
  #width = 0;

  /** @param container the element to draw in; @param key the element for the legend */
  constructor(container, key) {
    this.#root = svg('svg', { role: 'img', 'aria-label': 'The unit and its points' });
    this.#key = key;
    container.replaceChildren(this.#root);
    new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width && width !== this.#width) {
        this.#width = width;
        if (this.#view) this.update(this.#view);
      }
    }).observe(container);
    this.#width = Math.round(container.getBoundingClientRect().width) || 480;
  }

  /**
   * view: {points: [{x, target, y}], curve: {xs, ys}, zeroRuns: [[x0, x1]],
   * w, b, theme}. Everything is redrawn from view: the plot keeps no state.
   */
  update(view) {
    this.#view = view;
    const { points, curve, zeroRuns, w, b, theme } = view;
    const c = themeColors(theme);
    const width = this.#width;
    const height = Math.round(Math.min(300, Math.max(210, width * 0.45)));
    const px = (x) =>
      MARGIN.left + ((x - WINDOW.xMin) / (WINDOW.xMax - WINDOW.xMin)) * (width - MARGIN.left - MARGIN.right);
    const py = (y) =>
      height -
      MARGIN.bottom -
      ((y - WINDOW.yMin) / (WINDOW.yMax - WINDOW.yMin)) * (height - MARGIN.top - MARGIN.bottom);
    const area = { x: px(WINDOW.xMin), y: py(WINDOW.yMax), width: px(WINDOW.xMax) - px(WINDOW.xMin) };
    area.height = py(WINDOW.yMin) - area.y;

    const grid = svg('g', { 'stroke-width': 1 });
    const ticks = svg('g', { fill: c.text, 'font-size': 12, 'font-family': 'system-ui, sans-serif' });
    const gridLine = (at, attributes) =>
      grid.append(
        svg('line', { stroke: at === 0 ? c.text : c.grid, 'stroke-opacity': at === 0 ? 0.45 : 1, ...attributes }),
      );
    for (const x of X_TICKS) {
      gridLine(x, { x1: px(x), x2: px(x), y1: area.y, y2: area.y + area.height });
      ticks.append(svg('text', { x: px(x), y: height - 7, 'text-anchor': 'middle' }, tickText(x)));
    }
    for (const y of Y_TICKS) {
      gridLine(y, { x1: area.x, x2: area.x + area.width, y1: py(y), y2: py(y) });
      ticks.append(svg('text', { x: MARGIN.left - 6, y: py(y) + 4, 'text-anchor': 'end' }, tickText(y)));
    }
    const shade = zeroRuns.map(([x0, x1]) => {
      const left = Math.max(px(x0), area.x);
      const right = Math.min(px(x1), area.x + area.width);
      return svg('rect', { x: left, y: area.y, width: Math.max(0, right - left), height: area.height, fill: c.shade });
    });
    let d = '';
    for (let i = 0; i < curve.xs.length; i++) {
      if (!Number.isFinite(curve.ys[i])) continue;
      d += `${d ? 'L' : 'M'}${px(curve.xs[i]).toFixed(2)} ${py(clampY(curve.ys[i])).toFixed(2)}`;
    }
    const residuals = points.map((p) =>
      svg('line', { x1: px(p.x), x2: px(p.x), y1: py(clampY(p.y)), y2: py(p.target) }),
    );
    const inside = points.filter((p) => p.y >= WINDOW.yMin && p.y <= WINDOW.yMax);

    this.#root.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.#root.setAttribute('width', width);
    this.#root.setAttribute('height', height);
    this.#root.replaceChildren(
      svg('defs', {}, svg('clipPath', { id: this.#clipId }, svg('rect', area))),
      svg('rect', { x: 0, y: 0, width, height, fill: c.background }),
      ...shade,
      grid,
      ticks,
      svg('path', { d, fill: 'none', stroke: c.function, 'stroke-width': 2.5, 'clip-path': `url(#${this.#clipId})` }),
      svg(
        'g',
        { stroke: c.text, 'stroke-opacity': 0.55, 'stroke-width': 1.25, 'stroke-dasharray': '3 3' },
        ...residuals,
      ),
      svg(
        'g',
        { fill: 'none', stroke: c.text, 'stroke-width': 2 },
        ...points.map((p) => svg('circle', { cx: px(p.x), cy: py(p.target), r: 6 })),
      ),
      svg('g', { fill: c.function }, ...inside.map((p) => svg('circle', { cx: px(p.x), cy: py(p.y), r: 4 }))),
    );

    const shaded = zeroRuns.length
      ? ` Shaded where f′(z) = 0: ${zeroRuns.map(([x0, x1]) => `x from ${formatNumber(x0, 3)} to ${formatNumber(x1, 3)}`).join(', ')}.`
      : ' f′(z) is not 0 anywhere in the plot.';
    this.#root.setAttribute(
      'aria-label',
      `The ${points.length} targets on t = 2x + 2 and the unit's output f(w·x + b), w = ${formatNumber(w, 4)}, b = ${formatNumber(b, 4)}.${shaded} The table below lists the numbers.`,
    );
    this.#drawKey(c);
  }

  // The legend: each entry a small picture drawn as in the plot.
  #drawKey(c) {
    const entry = (picture, text) => {
      const item = document.createElement('span');
      item.className = 'key';
      item.append(svg('svg', { viewBox: '0 0 24 14', width: 24, height: 14, 'aria-hidden': 'true' }, picture), text);
      return item;
    };
    this.#key.replaceChildren(
      entry(svg('circle', { cx: 12, cy: 7, r: 5, fill: 'none', stroke: c.text, 'stroke-width': 2 }), 'target t'),
      entry(svg('circle', { cx: 12, cy: 7, r: 4, fill: c.function }), 'output y = f(z)'),
      entry(svg('line', { x1: 1, x2: 23, y1: 7, y2: 7, stroke: c.function, 'stroke-width': 2.5 }), 'f(w·x + b)'),
      entry(svg('rect', { x: 1, y: 1, width: 22, height: 12, fill: c.shade, stroke: c.grid }), 'f′(z) = 0'),
    );
  }
}
