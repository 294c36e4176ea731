// The chart: f, f', comparisons and typed values on one Chart.js line chart.
// Created once, then updated in place (chart.data mutated, update('none')).
// All numbers come from the wasm core through the JS API; the y range is
// Chart.js's own (Y_AXIS: beginAtZero, grace) unless the view sets it.
// Zoom and pan (chart-zoom.js) do not move the chart themselves: they hand
// the new view to onView, the page puts it in its state, and update()
// re-samples the curves for it.
import { Chart, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip } from 'chart.js';
import { BackdropPlugin } from './chart-backdrop-plugin.js';
import { KEYS_HELP, keyboardZoom, lazyZoom, viewOf, wheelHint, zoomOptions } from './chart-zoom.js';
import { curve, linspace, sampleXs, zeroRuns } from './curves.js';
import { formatNumber, paramSummary } from './format.js';
import { DF_DASH, F_DASH, legendKey, renderLegend } from './html-legend.js';
import { yRangeSet } from './state.js';
import { themeColors } from './theme.js';
import { Y_AXIS, tickCallback, tooltipX, tooltipY } from './ticks.js';
import { defaultView } from './zoom-view.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Tooltip, BackdropPlugin);

const SAMPLES = 600;
// Line widths: the activation being studied drawn heavier than its compares.
const WIDTH = { main: 2.5, mainGradient: 2, compare: 1.75, compareGradient: 1.5 };

/** " (negative_slope = 0.2)" for the parameters off their defaults, or "". */
function changedParams(meta, params) {
  const changed = meta.params.filter((p) => params[p.name] !== p.default);
  return changed.length ? paramSummary({ params: changed }, params) : '';
}

// A theme's colours into chart options: a chart's (Chart.js's option
// proxies, which must be mutated: spreading one copies internal keys and
// breaks its resolver) or those a chart is about to be made with.
function applyTheme(o, theme) {
  const c = themeColors(theme);
  for (const axis of [o.scales.x, o.scales.y]) {
    axis.grid.color = c.grid;
    axis.border.color = c.axis; // Chart.js's default is near-black, even on a dark chart
    axis.ticks.color = c.text;
    axis.title.color = c.text;
  }
  Object.assign(o.plugins.activationBackdrop, { background: c.background, shade: c.shade, shadeEdge: c.shadeEdge });
}

const step = (ticks) => (ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0);

export class ActivationChart {
  #lab;
  #buffers = new Map(); // name -> Float64Array reused across re-plots ({out})
  #datasets = new Map(); // role -> the dataset object drawn for it (#dataset)
  #curves = new Map(); // role -> {key, points, dots, blank}: a curve's last samples
  #drawnKey = null; // #viewKey of the view drawn
  #drawn = null; // and what update() returned for it
  #chart;
  #theme;
  #view = null;
  #legend;
  #zoomable;
  #stopKeys = null;
  #zoom = null;

  /**
   * @param canvas a <canvas> with role="img"; its aria-label is kept current
   * @param options.legend {list, key}: a <ul> for the legend entries and an
   *   element for the solid/dashed key; by default both are made after the
   *   canvas's parent
   * @param options.onView called with {xMin, xMax, yMin, yMax} when a reader
   *   zooms or pans; without it the chart does not zoom
   * @param options.wheelModifier null: the wheel zooms; 'ctrl' (the widget):
   *   only Ctrl + wheel does, so a wheel over an article scrolls it
   * @param options.view the first view to draw (as update() takes it), so
   *   that the chart is drawn once as it is made, not empty and then again
   */
  constructor(
    canvas,
    lab,
    { theme = 'light', compact = false, legend, onView, wheelModifier = null, view = null } = {},
  ) {
    this.#lab = lab;
    this.canvas = canvas;
    this.#theme = theme;
    this.#zoomable = typeof onView === 'function';
    this.#legend = legend ?? this.#makeLegend();
    const colors = themeColors(theme);
    // After a zoom or pan step: hand the view to the page, or put the last
    // one back when the new one cannot be plotted.
    const changed = ({ chart }) => {
      const view = viewOf(chart);
      if (view) onView(view);
      else if (this.#view) {
        this.#drawnKey = null; // the plugin moved the scales: put them back
        this.update(this.#view);
      }
    };
    const data = { datasets: [] };
    const options = {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      // Every curve at the x nearest the pointer (they share their samples).
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hoverRadius: 4 }, line: { tension: 0, borderWidth: 2 } },
      scales: {
        // Own grid/ticks objects, so that setTheme() mutates ours, not defaults.
        x: {
          type: 'linear',
          title: { display: !compact, text: 'x' },
          grid: {},
          border: {},
          ticks: { includeBounds: false, callback: tickCallback },
        },
        y: {
          type: 'linear',
          beginAtZero: Y_AXIS.beginAtZero,
          grace: Y_AXIS.grace,
          title: { display: false },
          grid: {},
          border: {},
          // No extra ticks at a set range's ends (4.25 crowding 4.00): the
          // ends of an auto range are ticks anyway (bounds: 'ticks').
          ticks: { maxTicksLimit: Y_AXIS.maxTicks, callback: tickCallback, includeBounds: false },
        },
      },
      plugins: {
        activationBackdrop: { background: colors.background, shade: colors.shade, shadeEdge: colors.shadeEdge },
        // The legend is HTML beside the canvas (html-legend.js).
        zoom: this.#zoomable
          ? zoomOptions({
              wheelModifier,
              changed,
              rejected: wheelModifier ? wheelHint(canvas.parentElement ?? canvas, wheelModifier) : undefined,
            })
          : { pan: { enabled: false } },
        tooltip: {
          // The curves share their x samples; typed values have their own.
          filter: (item, _i, items) => item.parsed.x === items[0].parsed.x,
          // In legend order (each activation's f, then its f′), not drawing order.
          itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
          callbacks: {
            // Digits the axes need, not 17: x to the tick step, y to tell
            // neighbouring samples apart. A typed x reads as typed.
            title: (items) => {
              if (!items.length) return '';
              const [first] = items;
              const x = first.parsed.x;
              const typed = first.dataset.kind === 'values';
              return `x = ${typed ? formatNumber(x) : tooltipX(x, step(first.chart.scales.x.ticks))}`;
            },
            label: (item) => {
              const data = item.dataset.data;
              const i = item.dataIndex;
              const y = item.parsed.y;
              const text =
                item.dataset.kind === 'values' ? formatNumber(y, 6) : tooltipY(y, [data[i - 1]?.y, data[i + 1]?.y]);
              return `${item.dataset.label}: ${text}`;
            },
          },
        },
      },
    };
    // The theme's colours, and given a first view its curves, go in before
    // the chart is made: Chart.js draws as it is made, and a cold first
    // draw of an empty chart cost as much as the first plot's.
    applyTheme(options, theme);
    const first = view && this.#plot(view, data, options);
    this.#chart = new Chart(canvas, { type: 'line', data, options });
    if (this.#zoomable) {
      canvas.tabIndex = 0; // the keys zoom and pan: the canvas takes focus
      canvas.setAttribute('aria-keyshortcuts', '+ - 0 ArrowLeft ArrowRight ArrowUp ArrowDown');
      this.#zoom = lazyZoom(this.#chart, { wheelModifier });
      this.#stopKeys = keyboardZoom(
        canvas,
        this.#chart,
        () => {
          if (this.#view) onView(defaultView(lab.activation(this.#view.activation)));
        },
        this.#zoom.whenReady,
      );
    }
    this.setTheme(theme);
    if (first) this.#finish(view, first);
  }

  #makeLegend() {
    const list = document.createElement('ul');
    list.className = 'chart-legend';
    list.setAttribute('aria-label', 'Legend');
    const key = document.createElement('p');
    key.className = 'chart-legend-key';
    (this.canvas.parentElement ?? this.canvas).after(list, key);
    return { list, key };
  }

  /** Re-plot. view: {activation, params, compare, xMin, xMax, yMin, yMax
   *  (both null: auto), show, values}.
   *  Returns {zeroGradient: [[x0, x1]...], blank: labels of curves with no
   *  finite point here (overflow), which the page must say in words}. */
  update(view) {
    // The view drawn already (the one given to the constructor, say): nothing to do.
    if (this.#viewKey(view) === this.#drawnKey && view.values === this.#view.values) return this.#drawn;
    const chart = this.#chart;
    const plot = this.#plot(view, chart.data, chart.options);
    chart.update('none');
    return this.#finish(view, plot);
  }

  #viewKey(view) {
    const { activation, params, compare, xMin, xMax, yMin, yMax, show } = view;
    return JSON.stringify([activation, params, compare, xMin, xMax, yMin, yMax, show, this.#theme]);
  }

  // The curves, markers and shading of a view, put into Chart.js's data and
  // options (the chart's, or those it is about to be made with).
  #plot(view, data, options) {
    const lab = this.#lab;
    const meta = lab.activation(view.activation);
    const colors = themeColors(this.#theme);
    const uniform = linspace(view.xMin, view.xMax, SAMPLES);
    const datasets = [];
    const roles = new Set(); // the roles drawn this time; the others' datasets go
    const dataset = (role, fields) => {
      roles.add(role);
      datasets.push(this.#dataset(role, fields));
    };
    // One hue per activation; solid = f, dashed = f′ (the legend's key).
    // f′ is drawn over f and typed values over both (lower `order` is
    // drawn later).
    const blank = []; // labels of curves with no finite point in the range
    const legend = [];
    const plotCurve = (id, params, kind, label, color, style) => {
      const role = `${style.kind}:${id}:${kind}`;
      // A slider step moves the main curves only: a compared curve whose
      // activation, range and parameters are unchanged keeps its samples.
      const key = JSON.stringify([id, params, view.xMin, view.xMax]);
      let drawn = this.#curves.get(role);
      if (drawn?.key !== key) {
        const sampled = sampleXs(uniform, lab.kinks(id, params));
        // One shared buffer: curve() copies the values into its points.
        const out = { out: this.#buffer('curve', sampled.xs.length) };
        const ys = kind === 'f' ? lab.evaluate(id, sampled.xs, params, out) : lab.gradient(id, sampled.xs, params, out);
        const { points, dots } = curve(sampled, ys);
        drawn = { key, points, dots, blank: !points.some((p) => Number.isFinite(p.y)) };
        this.#curves.set(role, drawn);
      }
      const { points, dots } = drawn;
      if (drawn.blank) blank.push(label);
      dataset(role, {
        label,
        data: points,
        borderColor: color,
        backgroundColor: color,
        // Drawn bottom to top (higher order first): the main f, the compared
        // f, the main f′, the compared f′. A compared curve lies over the
        // main one, thinner, so where two coincide (ReLU and Leaky ReLU for
        // x > 0) both stay visible.
        order: (kind === 'f' ? 4 : 2) + (style.kind === 'compare' ? 0 : 1),
        group: id,
        borderDash: kind === 'f' ? F_DASH : DF_DASH,
        ...style,
      });
      if (dots.length) {
        dataset(`${role}:jumps`, {
          type: 'scatter',
          label: `${label} at a jump`,
          data: dots,
          borderColor: color,
          backgroundColor: color,
          pointRadius: 4,
          pointHoverRadius: 6,
          order: 1,
          clip: 8,
          hideInLegend: true,
          kind: 'jump',
        });
      }
    };
    const main = colors.function;
    legend.push({
      id: meta.id,
      label: `${meta.label}${changedParams(meta, view.params)}`,
      color: main,
      width: WIDTH.main,
    });
    if (view.show.function) {
      plotCurve(meta.id, view.params, 'f', `${meta.label} f(x)`, main, { borderWidth: WIDTH.main, kind: 'function' });
    }
    if (view.show.gradient) {
      plotCurve(meta.id, view.params, 'df', `${meta.label} f′(x)`, main, {
        borderWidth: WIDTH.mainGradient,
        kind: 'gradient',
      });
    }
    view.compare.forEach((id, k) => {
      const other = lab.activation(id);
      const color = colors.compare[k % colors.compare.length];
      legend.push({ id, label: other.label, color, width: WIDTH.compare });
      if (view.show.function) {
        plotCurve(id, undefined, 'f', `${other.label} f(x)`, color, { borderWidth: WIDTH.compare, kind: 'compare' });
      }
      if (view.show.gradient) {
        plotCurve(id, undefined, 'df', `${other.label} f′(x)`, color, {
          borderWidth: WIDTH.compareGradient,
          kind: 'compare',
        });
      }
    });
    // Uniform samples of the main f and f′: the shading and the summary.
    const xs = uniform;
    const f = lab.evaluate(meta.id, xs, view.params, { out: this.#buffer('f', xs.length) });
    const g = lab.gradient(meta.id, xs, view.params, { out: this.#buffer('g', xs.length) });
    let marked = 0;
    if (view.values && view.values.length) {
      const vx = view.values.filter((v) => v >= view.xMin && v <= view.xMax);
      marked = vx.length;
      const vf = lab.evaluate(meta.id, vx, view.params, { out: this.#buffer('vf', vx.length) });
      const vg = lab.gradient(meta.id, vx, view.params, { out: this.#buffer('vg', vx.length) });
      const marker = (label, ys, color, style) => {
        const data = [];
        for (let i = 0; i < vx.length; i++) if (Number.isFinite(ys[i])) data.push({ x: vx[i], y: ys[i] });
        dataset(`values:${label}`, {
          type: 'scatter',
          label,
          data,
          borderColor: color,
          backgroundColor: color,
          pointStyle: style,
          pointRadius: 5,
          pointHoverRadius: 7,
          order: 0,
          clip: 8, // a value at the edge of the range stays whole
          hideInLegend: true,
          kind: 'values',
        });
      };
      // The main activation's hue; f and f′ told apart by the marker's shape.
      if (view.show.function) marker('Values: f(x)', vf, main, 'circle');
      if (view.show.gradient) marker('Values: f′(x)', vg, main, 'rectRot');
    }
    // Run ends snap to the kinks, where f′ really changes (not half a sample past them).
    const runs = zeroRuns(xs, g, lab.kinks(meta.id, view.params));
    data.datasets = datasets;
    for (const map of [this.#datasets, this.#curves])
      for (const role of map.keys()) if (!roles.has(role)) map.delete(role);
    Object.assign(options.scales.x, { min: view.xMin, max: view.xMax });
    // A set y range is drawn as given; auto is Chart.js's fit (Y_AXIS).
    const y = options.scales.y;
    if (yRangeSet(view)) Object.assign(y, { min: view.yMin, max: view.yMax, beginAtZero: false, grace: 0 });
    else Object.assign(y, { min: undefined, max: undefined, beginAtZero: Y_AXIS.beginAtZero, grace: Y_AXIS.grace });
    options.plugins.activationBackdrop.zeroGradient = runs;
    this.#view = view;
    return { meta, legend, f, g, runs, marked, blank };
  }

  // What goes with a drawn view: the legend and the canvas's description.
  #finish(view, { meta, legend, f, g, runs, marked, blank }) {
    renderLegend(this.#legend.list, this.#legend.key, legend, view.show);
    this.legendEntries = legend;
    const summary = this.#describe(meta, view, f, g, runs, marked);
    this.canvas.setAttribute('aria-label', this.#zoomable ? `${summary} ${KEYS_HELP}` : summary);
    this.#drawnKey = this.#viewKey(view);
    return (this.#drawn = { zeroGradient: runs, blank });
  }

  /** The y range drawn, {min, max} (auto or set). */
  get yRange() {
    const { min, max } = this.#chart.scales.y;
    return { min, max };
  }

  // The dataset object of a role ("compare:elu:f"), the same from one
  // update to the next with its fields replaced: Chart.js keeps a dataset's
  // controller, elements and option resolvers by the object's identity, and
  // a new object each re-plot made it build them all again (~2.5 ms of a
  // 12 ms slider step with 3 compares).
  #dataset(role, fields) {
    let dataset = this.#datasets.get(role);
    if (!dataset) this.#datasets.set(role, (dataset = {}));
    return Object.assign(dataset, fields);
  }

  // A result array kept per name and reused while its length holds, so a
  // re-plot allocates no result arrays (they are read within update() only).
  #buffer(name, n) {
    let buffer = this.#buffers.get(name);
    if (!buffer || buffer.length !== n) this.#buffers.set(name, (buffer = new Float64Array(n)));
    return buffer;
  }

  // A sentence for screen readers; the values table is the data alternative.
  #describe(meta, view, f, g, runs, marked) {
    const finite = (a) => Array.from(a).filter(Number.isFinite);
    const range = (a) => {
      const v = finite(a);
      return v.length
        ? `goes from ${formatNumber(Math.min(...v), 4)} to ${formatNumber(Math.max(...v), 4)}`
        : 'is not finite anywhere here';
    };
    const parts = [
      `Plot of ${meta.label}${paramSummary(meta, view.params)} for x from ${formatNumber(view.xMin)} to ${formatNumber(view.xMax)}.`,
    ];
    if (view.show.function) parts.push(`f(x) ${range(f)}.`);
    if (view.show.gradient) parts.push(`f′(x) ${range(g)}.`);
    parts.push(
      runs.length
        ? `The gradient is exactly 0 on ${runs.map(([a, b]) => `[${formatNumber(a, 3)}, ${formatNumber(b, 3)}]`).join(', ')}: shaded, no learning there.`
        : 'The gradient is never exactly 0 here.',
    );
    if (view.compare.length)
      parts.push(`Compared with ${view.compare.map((id) => this.#lab.activation(id).label).join(', ')}.`);
    if (marked) parts.push(`${marked} typed value${marked === 1 ? '' : 's'} marked; see the Values table.`);
    return parts.join(' ');
  }

  setTheme(theme) {
    this.#theme = theme;
    applyTheme(this.#chart.options, theme);
  }

  /** The ticks drawn on each axis, {value, label} (for tests). */
  get ticks() {
    const { x, y } = this.#chart.scales;
    const of = (scale) => scale.ticks.map((t) => ({ value: t.value, label: t.label }));
    return { x: of(x), y: of(y) };
  }

  /** The tooltip shown, {title, lines}, or null (for tests). */
  get tooltip() {
    const t = this.#chart.tooltip;
    if (!t?.opacity || !t.getActiveElements().length) return null;
    return { title: t.title.join(' '), lines: t.body.flatMap((b) => b.lines) };
  }

  /** The plot area in CSS pixels and the ranges at its edges (for tests). */
  get area() {
    const { chartArea: a, scales } = this.#chart;
    const { x, y } = scales;
    return { left: a.left, right: a.right, top: a.top, bottom: a.bottom, x: [x.min, x.max], y: [y.min, y.max] };
  }

  /** Data of the drawn datasets (for tests and exports). */
  get datasets() {
    return this.#chart.data.datasets.map((d) => ({
      label: d.label,
      kind: d.kind,
      group: d.group,
      color: d.borderColor,
      dash: d.borderDash ?? [],
      data: d.data,
    }));
  }

  destroy() {
    this.#stopKeys?.();
    this.#zoom?.stop();
    this.#chart.destroy();
  }

  // Exports (web/src/explorer/export.js): what the chart draws as plain
  // data (the SVG and the PNG's bands), and the chart drawn at 2x.

  /** What the chart draws, for web/src/shared/chart-svg.js: CSS sizes, the
   *  theme's colours, the axes with the ticks drawn, each visible curve and
   *  marker with its resolved style in Chart.js's drawing order, the
   *  shading, the legend entries (one per activation, with a line sample
   *  per curve shown) and their key (solid f, dashed f′), and whether the
   *  chart draws its own legend on the canvas. */
  picture() {
    const chart = this.#chart;
    const axis = (scale) => ({
      min: scale.min,
      max: scale.max,
      ticks: scale.ticks.map((t) => ({ value: t.value, label: String(t.label) })),
      title: scale.options.title.display ? scale.options.title.text : '',
    });
    // Chart.js draws the highest `order` first, and within one order the last dataset first.
    const shown = chart.data.datasets
      .map((d, i) => ({ d, i, meta: chart.getDatasetMeta(i) }))
      .filter(({ i }) => chart.isDatasetVisible(i))
      .sort((a, b) => (b.d.order ?? 0) - (a.d.order ?? 0) || b.i - a.i);
    const lineOf = (meta) => {
      const o = meta.dataset.options;
      return { color: o.borderColor, width: o.borderWidth, dash: [...(o.borderDash ?? [])] };
    };
    const curves = [];
    const dots = [];
    for (const { d, meta } of shown) {
      if (meta.dataset) curves.push({ ...lineOf(meta), label: d.label, points: d.data });
      else {
        meta.data.forEach((point, k) => {
          const o = point.options;
          dots.push({ ...d.data[k], color: o.backgroundColor, radius: o.radius, style: o.pointStyle });
        });
      }
    }
    // One entry per activation (the datasets' group), named as the page's legend names it.
    const groups = new Map();
    for (const { d, meta } of [...shown].sort((a, b) => a.i - b.i)) {
      if (!meta.dataset || d.hideInLegend) continue;
      const name = d.label.replace(/\s*f′?\(x\)$/, '');
      const id = d.group ?? name;
      const text = this.legendEntries?.find((e) => e.id === id)?.label ?? name;
      if (!groups.has(id)) groups.set(id, { text, lines: [] });
      groups.get(id).lines.push(lineOf(meta));
    }
    const legend = [...groups.values()];
    const legendOptions = chart.options.plugins.legend; // undefined: the legend is HTML (html-legend.js)
    return {
      width: chart.width,
      height: chart.height,
      font: chart.options.font.family,
      colors: themeColors(this.#theme),
      x: axis(chart.scales.x),
      y: axis(chart.scales.y),
      curves,
      dots,
      shade: chart.options.plugins.activationBackdrop.zeroGradient.map(([a, b]) => [a, b]),
      legend,
      legendKey: this.#view ? legendKey(this.#view.show) : '',
      legendOnCanvas: legendOptions?.display !== false && (chart.legend?.legendItems?.length ?? 0) > 0,
    };
  }

  /** A copy of the chart drawn at pixelRatio device pixels per CSS pixel,
   *  whatever the screen's (Chart.js redraws it; the page's canvas is back
   *  at its own ratio before the browser paints). */
  toCanvas(pixelRatio = 2) {
    const chart = this.#chart;
    const own = chart.config.options.devicePixelRatio;
    try {
      chart.options.devicePixelRatio = pixelRatio;
      chart.resize();
      const copy = document.createElement('canvas');
      copy.width = chart.canvas.width;
      copy.height = chart.canvas.height;
      copy.getContext('2d').drawImage(chart.canvas, 0, 0);
      return copy;
    } finally {
      if (own === undefined) delete chart.options.devicePixelRatio;
      else chart.options.devicePixelRatio = own;
      chart.resize();
    }
  }
}
