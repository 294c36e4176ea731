// The chart: f, f', comparisons and typed values on one Chart.js line chart.
// Created once, then updated in place (chart.data mutated, update('none')).
// All numbers come from the wasm core through the JS API.
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
import { formatNumber, paramSummary } from './format.js';
import { themeColors } from './theme.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Tooltip, Legend);

const SAMPLES = 600;
// Overlays: distinguishable by colour and by dash (colour-blind safe pairs).
const COMPARE_DASHES = [
  [10, 4],
  [2, 3],
  [12, 3, 2, 3],
  [5, 5],
];

/** Fills the canvas background (so a downloaded PNG is not transparent) and
 *  shades the x intervals where the main f' is exactly 0. */
const backdropPlugin = {
  id: 'activationBackdrop',
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.fillStyle = options.shade;
    for (const [a, b] of options.zeroGradient ?? []) {
      const left = Math.max(scales.x.getPixelForValue(a), chartArea.left);
      const right = Math.min(scales.x.getPixelForValue(b), chartArea.right);
      if (right > left) ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
    }
    ctx.restore();
  },
};

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

function linspace(a, b, n) {
  const xs = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) xs[i] = a + ((b - a) * i) / n;
  xs[n] = b;
  return xs;
}

// The x values to evaluate: the uniform samples, and each kink k inside the
// range with its two close neighbours k -+ eps (a sample closer than eps to
// k is dropped, so k's neighbours in the sorted list are exactly those).
function sampleXs(xs, kinks) {
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  const eps = (hi - lo) * 1e-9;
  const inside = Array.from(kinks).filter((k) => k > lo + eps && k < hi - eps);
  const near = (x) => inside.some((k) => Math.abs(x - k) <= eps);
  const all = Array.from(xs).filter((x) => !near(x));
  for (const k of inside) all.push(k - eps, k, k + eps);
  return { xs: Float64Array.from(all).sort(), kinks: new Set(inside) };
}

// A curve as chart points. Where it jumps at a kink (relu' at 0, threshold
// at its threshold), the line breaks instead of drawing a vertical segment,
// and the value the function takes exactly there (PyTorch's convention) is
// returned as a dot.
function curve(sampled, ys) {
  const { xs, kinks } = sampled;
  let scale = 1;
  for (const y of ys) if (Number.isFinite(y)) scale = Math.max(scale, Math.abs(y));
  const points = [];
  const dots = [];
  for (let i = 0; i < xs.length; i++) {
    const y = Number.isFinite(ys[i]) ? ys[i] : NaN;
    if (kinks.has(xs[i]) && Math.abs(ys[i + 1] - ys[i - 1]) > 1e-6 * scale) {
      points.push({ x: xs[i], y: NaN });
      if (Number.isFinite(y)) dots.push({ x: xs[i], y });
      continue;
    }
    points.push({ x: xs[i], y });
  }
  return { points, dots };
}

// Runs of samples where f' is exactly 0, as [x0, x1] intervals.
function zeroRuns(xs, gs) {
  const runs = [];
  const half = (xs[1] - xs[0]) / 2;
  let start = -1;
  for (let i = 0; i <= xs.length; i++) {
    const zero = i < xs.length && gs[i] === 0;
    if (zero && start < 0) start = i;
    if (!zero && start >= 0) {
      runs.push([xs[start] - (start ? half : 0), xs[i - 1] + (i < xs.length ? half : 0)]);
      start = -1;
    }
  }
  return runs;
}

function niceRange(values, fallback) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = fallback;
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  if (hi - lo < 1e-12) [lo, hi] = [lo - 1, hi + 1];
  // Round outwards to a tick step so the axis ends on labelled lines.
  const rough = (hi - lo) / 6;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rough) * magnitude;
  return [Math.floor(lo / step - 0.2) * step, Math.ceil(hi / step + 0.2) * step, step];
}

export class ActivationPlot {
  #lab;
  #chart;
  #theme;
  #summary = '';

  /** @param canvas a <canvas> with role="img"; its aria-label is kept current */
  constructor(canvas, lab, { theme = 'light', compact = false } = {}) {
    this.#lab = lab;
    this.canvas = canvas;
    this.#theme = theme;
    const colors = themeColors(theme);
    this.#chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [backdropPlugin],
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
          x: { type: 'linear', title: { display: !compact, text: 'x' }, grid: {}, ticks: { includeBounds: false } },
          y: { type: 'linear', title: { display: false }, grid: {}, ticks: {} },
        },
        plugins: {
          activationBackdrop: { background: colors.background, shade: colors.shade, zeroGradient: [] },
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

  /** Re-plot. view: {activation, params, compare, xMin, xMax, show, values} */
  update(view) {
    const lab = this.#lab;
    const meta = lab.activation(view.activation);
    const colors = themeColors(this.#theme);
    const uniform = linspace(view.xMin, view.xMax, SAMPLES);
    const datasets = [];
    // Solid = f, dashed = f′; one hue per activation. f′ is drawn over f and
    // typed values over both (lower `order` is drawn later).
    const plotCurve = (id, params, kind, label, color, style) => {
      const sampled = sampleXs(uniform, lab.kinks(id, params));
      const ys = kind === 'f' ? lab.evaluate(id, sampled.xs, params) : lab.gradient(id, sampled.xs, params);
      const { points, dots } = curve(sampled, ys);
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
    const runs = zeroRuns(xs, g);
    const chart = this.#chart;
    chart.data.datasets = datasets;
    const shown = datasets.flatMap((d) => d.data.map((p) => p.y));
    const [yMin, yMax, yStep] = niceRange(shown, [-1, 1]);
    Object.assign(chart.options.scales.x, { min: view.xMin, max: view.xMax });
    Object.assign(chart.options.scales.y, { min: yMin, max: yMax });
    chart.options.scales.y.ticks.stepSize = yStep;
    chart.options.plugins.activationBackdrop.zeroGradient = runs;
    chart.update('none');
    this.#summary = this.#describe(meta, view, f, g, runs, marked);
    this.canvas.setAttribute('aria-label', this.#summary);
    return { f, g, xs, zeroGradient: runs };
  }

  // A sentence for screen readers; the values table is the data alternative.
  #describe(meta, view, f, g, runs, marked) {
    const finite = (a) => Array.from(a).filter(Number.isFinite);
    const range = (a) => {
      const v = finite(a);
      return v.length ? `from ${formatNumber(Math.min(...v), 4)} to ${formatNumber(Math.max(...v), 4)}` : 'not finite';
    };
    const parts = [
      `Plot of ${meta.label}${paramSummary(meta, view.params)} for x from ${formatNumber(view.xMin)} to ${formatNumber(view.xMax)}.`,
    ];
    if (view.show.function) parts.push(`f(x) goes ${range(f)}.`);
    if (view.show.gradient) parts.push(`f′(x) goes ${range(g)}.`);
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

  get summary() {
    return this.#summary;
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
    Object.assign(o.plugins.activationBackdrop, { background: c.background, shade: c.shade });
  }

  /** PNG data URL of the chart as drawn. */
  toPNG() {
    return this.#chart.toBase64Image('image/png', 1);
  }

  /** Data of the drawn datasets (for tests and exports). */
  get datasets() {
    return this.#chart.data.datasets.map((d) => ({ label: d.label, kind: d.kind, data: d.data }));
  }

  destroy() {
    this.#chart.destroy();
  }
}
