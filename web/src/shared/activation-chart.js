// The chart: f, f', comparisons and typed values on one Chart.js line chart.
// Created once, then updated in place (chart.data mutated, update('none')).
// All numbers come from the wasm core through the JS API; the y range and
// ticks are Chart.js's own (Y_AXIS: beginAtZero, grace).
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { BackdropPlugin } from './chart-backdrop-plugin.js';
import { curve, linspace, sampleXs, zeroRuns } from './curves.js';
import { formatNumber, paramSummary } from './format.js';
import { themeColors } from './theme.js';
import { Y_AXIS, tickCallback } from './ticks.js';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  Tooltip,
  Legend,
  BackdropPlugin,
);

const SAMPLES = 600;
// Overlays: distinguishable by colour and by dash (colour-blind safe pairs).
const COMPARE_DASHES = [
  [10, 4],
  [2, 3],
  [12, 3, 2, 3],
  [5, 5],
];

const swatches = new Map();
function swatch(color, dash = [], width = 2) {
  const key = `${color}|${dash}|${width}`;
  if (!swatches.has(key)) {
    const canvas = document.createElement('canvas');
    canvas.width = 36;
    canvas.height = 10;
    const ctx = canvas.getContext('2d');
    ctx.strokeStyle = color;
    ctx.lineWidth = width ?? 2;
    ctx.setLineDash(dash ?? []);
    ctx.beginPath();
    ctx.moveTo(1, 5);
    ctx.lineTo(35, 5);
    ctx.stroke();
    swatches.set(key, canvas);
  }
  return swatches.get(key);
}

export class ActivationChart {
  #lab;
  #chart;
  #theme;

  /** @param canvas a <canvas> with role="img"; its aria-label is kept current */
  constructor(canvas, lab, { theme = 'light', compact = false } = {}) {
    this.#lab = lab;
    this.canvas = canvas;
    this.#theme = theme;
    const colors = themeColors(theme);
    this.#chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
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
            ticks: { includeBounds: false, callback: tickCallback },
          },
          y: {
            type: 'linear',
            beginAtZero: Y_AXIS.beginAtZero,
            grace: Y_AXIS.grace,
            title: { display: false },
            grid: {},
            ticks: { maxTicksLimit: Y_AXIS.maxTicks, callback: tickCallback },
          },
        },
        plugins: {
          activationBackdrop: { background: colors.background, shade: colors.shade, shadeEdge: colors.shadeEdge },
          legend: {
            position: 'bottom',
            // Each entry is a small picture of its curve: colour, width, dash.
            labels: {
              usePointStyle: true,
              pointStyleWidth: 36,
              generateLabels: (chart) =>
                Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                  const d = chart.data.datasets[item.datasetIndex];
                  return { ...item, pointStyle: swatch(d.borderColor, d.borderDash, d.borderWidth) };
                }),
              filter: (item, data) => !data.datasets[item.datasetIndex].hideInLegend,
              sort: (a, b) => a.datasetIndex - b.datasetIndex,
            },
          },
          tooltip: {
            // The curves share their x samples; typed values have their own.
            filter: (item, _i, items) => item.parsed.x === items[0].parsed.x,
            callbacks: {
              title: (items) => (items.length ? `x = ${formatNumber(items[0].parsed.x)}` : ''),
              label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}`,
            },
          },
        },
      },
    });
    this.setTheme(theme);
  }

  /** Re-plot. view: {activation, params, compare, xMin, xMax, show, values}.
   *  Returns {zeroGradient: [[x0, x1]...], blank: labels of curves with no
   *  finite point here (overflow), which the page must say in words}. */
  update(view) {
    const lab = this.#lab;
    const meta = lab.activation(view.activation);
    const colors = themeColors(this.#theme);
    const uniform = linspace(view.xMin, view.xMax, SAMPLES);
    const datasets = [];
    // Solid = f, dashed = f′; one hue per activation. f′ is drawn over f and
    // typed values over both (lower `order` is drawn later).
    const blank = []; // labels of curves with no finite point in the range
    const plotCurve = (id, params, kind, label, color, style) => {
      const sampled = sampleXs(uniform, lab.kinks(id, params));
      const ys = kind === 'f' ? lab.evaluate(id, sampled.xs, params) : lab.gradient(id, sampled.xs, params);
      const { points, dots } = curve(sampled, ys);
      if (!points.some((p) => Number.isFinite(p.y))) blank.push(label);
      datasets.push({
        label,
        data: points,
        borderColor: color,
        backgroundColor: color,
        order: kind === 'f' ? 3 : 2,
        ...style,
      });
      if (dots.length) {
        datasets.push({
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
    if (view.show.function) {
      plotCurve(meta.id, view.params, 'f', `${meta.label} f(x)`, colors.function, {
        borderWidth: 2.5,
        kind: 'function',
      });
    }
    if (view.show.gradient) {
      plotCurve(meta.id, view.params, 'df', `${meta.label} f′(x)`, colors.gradient, {
        borderDash: [6, 4],
        kind: 'gradient',
      });
    }
    view.compare.forEach((id, k) => {
      const other = lab.activation(id);
      const color = colors.compare[k % colors.compare.length];
      if (view.show.function) {
        plotCurve(id, undefined, 'f', `${other.label} f(x)`, color, { borderWidth: 1.75, kind: 'compare' });
      }
      if (view.show.gradient) {
        plotCurve(id, undefined, 'df', `${other.label} f′(x)`, color, {
          borderDash: COMPARE_DASHES[k % COMPARE_DASHES.length],
          borderWidth: 1.5,
          kind: 'compare',
        });
      }
    });
    // Uniform samples of the main f and f′: the shading and the summary.
    const xs = uniform;
    const f = lab.evaluate(meta.id, xs, view.params);
    const g = lab.gradient(meta.id, xs, view.params);
    let marked = 0;
    if (view.values && view.values.length) {
      const vx = view.values.filter((v) => v >= view.xMin && v <= view.xMax);
      marked = vx.length;
      const vf = lab.evaluate(meta.id, vx, view.params);
      const vg = lab.gradient(meta.id, vx, view.params);
      const marker = (label, ys, color, style) => {
        const data = [];
        for (let i = 0; i < vx.length; i++) if (Number.isFinite(ys[i])) data.push({ x: vx[i], y: ys[i] });
        datasets.push({
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
      if (view.show.function) marker('Values: f(x)', vf, colors.function, 'circle');
      if (view.show.gradient) marker('Values: f′(x)', vg, colors.gradient, 'rectRot');
    }
    // Run ends snap to the kinks, where f′ really changes (not half a sample past them).
    const runs = zeroRuns(xs, g, lab.kinks(meta.id, view.params));
    const chart = this.#chart;
    chart.data.datasets = datasets;
    Object.assign(chart.options.scales.x, { min: view.xMin, max: view.xMax });
    chart.options.plugins.activationBackdrop.zeroGradient = runs;
    chart.update('none');
    this.canvas.setAttribute('aria-label', this.#describe(meta, view, f, g, runs, marked));
    return { zeroGradient: runs, blank };
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
    const c = themeColors(theme);
    const o = this.#chart.options;
    for (const axis of [o.scales.x, o.scales.y]) {
      // Mutate: these are Chart.js option proxies (spreading one copies
      // internal keys and breaks its resolver).
      axis.grid.color = c.grid;
      axis.ticks.color = c.text;
      axis.title.color = c.text;
    }
    o.plugins.legend.labels.color = c.text;
    Object.assign(o.plugins.activationBackdrop, { background: c.background, shade: c.shade, shadeEdge: c.shadeEdge });
  }

  /** PNG data URL of the chart as drawn. */
  toPNG() {
    return this.#chart.toBase64Image('image/png', 1);
  }

  /** The ticks drawn on each axis, {value, label} (for tests). */
  get ticks() {
    const { x, y } = this.#chart.scales;
    const of = (scale) => scale.ticks.map((t) => ({ value: t.value, label: t.label }));
    return { x: of(x), y: of(y) };
  }

  /** Data of the drawn datasets (for tests and exports). */
  get datasets() {
    return this.#chart.data.datasets.map((d) => ({ label: d.label, kind: d.kind, data: d.data }));
  }

  destroy() {
    this.#chart.destroy();
  }

  // Exports (web/src/explorer/export.js): what the chart draws as plain
  // data (the SVG and the PNG's bands), and the chart drawn at 2x.

  /** What the chart draws, for web/src/shared/chart-svg.js: CSS sizes, the
   *  theme's colours, the axes with the ticks drawn, each visible curve and
   *  marker with its resolved style in Chart.js's drawing order, the
   *  shading, the legend entries (one per activation, with a line sample
   *  per curve shown), and whether the
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
