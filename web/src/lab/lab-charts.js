// The lab's live charts (Chart.js, created once and updated in place): loss
// on a log axis, dead and saturated units over time, the current fit, and
// the born-dead curves. Colours: network A and B take the explorer's f and
// f' hues, a colour-blind-safe pair; B is also dashed.
import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { themeColors } from '../shared/theme.js';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Tooltip,
  Legend,
  Decimation,
);

const MAX_POINTS = 600;
export const networkColors = (theme) => {
  const c = themeColors(theme);
  return { a: c.function, b: c.gradient };
};
const DASH = { a: [], b: [7, 4] };

/** A growing series kept to at most MAX_POINTS: when full, every other
 *  point is dropped and the stride doubles (early steps stay visible). */
export class History {
  constructor() {
    this.clear();
  }
  clear() {
    this.points = [];
    this.stride = 1;
    this.count = 0;
  }
  push(x, y) {
    if (this.count++ % this.stride === 0) this.points.push({ x, y });
    if (this.points.length > MAX_POINTS) {
      this.points = this.points.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }
}

function baseOptions(theme, { x, y }) {
  const c = themeColors(theme);
  const axis = (title, extra = {}) => ({
    title: { display: true, text: title, color: c.text },
    ticks: { color: c.text, maxTicksLimit: 6 },
    grid: { color: c.grid },
    border: { color: c.grid },
    ...extra,
  });
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: {
      // Hidden series (no saturated units yet) stay out of the legend.
      legend: { labels: { color: c.text, boxWidth: 24, boxHeight: 2, filter: (item) => !item.hidden } },
      tooltip: { enabled: true },
      // Histories hold up to MAX_POINTS per series; draw about one per pixel column.
      decimation: { enabled: true, algorithm: 'min-max' },
    },
    scales: { x: axis(x.title, x.extra), y: axis(y.title, y.extra) },
  };
}

// Log-axis labels: 0.5, 0.1, 1e-3 (not 0.00100000).
function logTick(value) {
  const v = Number(value);
  if (!(v > 0)) return '';
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = v / 10 ** exponent;
  // Only 1, 2 and 5 times a power of ten, as the axis would crowd otherwise.
  if (![1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)) return '';
  return exponent >= -2 && exponent <= 3 ? String(Number(v.toPrecision(1))) : `${Math.round(mantissa)}e${exponent}`;
}

const line = (label, color, dash = [], extra = {}) => ({
  label,
  data: [],
  borderColor: color,
  backgroundColor: color,
  borderDash: dash,
  borderWidth: 2,
  pointRadius: 0,
  ...extra,
});

export class LabCharts {
  constructor({ loss, dead, fit }, theme) {
    this.canvases = { loss, dead, fit };
    this.create(theme);
  }

  create(theme) {
    this.destroy();
    this.theme = theme;
    const color = networkColors(theme);
    const c = themeColors(theme);
    this.loss = new Chart(this.canvases.loss, {
      type: 'line',
      data: { datasets: ['a', 'b'].map((k) => line(k.toUpperCase(), color[k], DASH[k])) },
      options: baseOptions(theme, {
        x: { title: 'step', extra: { type: 'linear', min: 0 } },
        y: {
          title: 'loss (MSE, log scale)',
          extra: { type: 'logarithmic', ticks: { color: c.text, callback: logTick } },
        },
      }),
    });
    this.dead = new Chart(this.canvases.dead, {
      type: 'line',
      data: {
        datasets: [
          line('A dead', color.a, DASH.a),
          line('B dead', color.b, DASH.b),
          line('A saturated', color.a, [2, 3], { borderWidth: 1.5 }),
          line('B saturated', color.b, [2, 3], { borderWidth: 1.5 }),
        ],
      },
      options: baseOptions(theme, {
        x: { title: 'step', extra: { type: 'linear', min: 0 } },
        y: { title: 'units', extra: { type: 'linear', min: 0, ticks: { color: c.text, precision: 0 } } },
      }),
    });
    this.fit = new Chart(this.canvases.fit, {
      type: 'line',
      data: {
        datasets: [
          line('target', c.text, [], { borderWidth: 1, borderColor: c.grid.replace(/[\d.]+\)$/, '0.55)') }),
          {
            ...line('training points', c.text),
            type: 'scatter',
            pointRadius: 1.5,
            borderWidth: 0,
            backgroundColor: c.grid.replace(/[\d.]+\)$/, '0.6)'),
          },
          line('A', color.a, DASH.a),
          line('B', color.b, DASH.b),
        ],
      },
      options: baseOptions(theme, {
        x: { title: 'x', extra: { type: 'linear' } },
        y: { title: 'y', extra: { type: 'linear' } },
      }),
    });
  }

  /**
   * Redraw one chart ('loss', 'dead' or 'fit'): one Chart.js render per
   * frame keeps every frame well under 50 ms while training.
   * histories: {lossA, lossB, deadA, deadB, satA, satB} of History;
   * fit: {targetCurve, points, a, b}; units: hidden units per network.
   */
  update(which, histories, fit, units) {
    if (which === 'loss') {
      this.loss.data.datasets[0].data = histories.lossA.points;
      this.loss.data.datasets[1].data = histories.lossB.points;
      this.loss.update('none');
    } else if (which === 'dead') {
      const d = this.dead.data.datasets;
      d[0].data = histories.deadA.points;
      d[1].data = histories.deadB.points;
      d[2].data = histories.satA.points;
      d[3].data = histories.satB.points;
      // Saturation lines only where a network has saturated units at all.
      d[2].hidden = !histories.satA.points.some((p) => p.y > 0);
      d[3].hidden = !histories.satB.points.some((p) => p.y > 0);
      this.dead.options.scales.y.suggestedMax = units;
      this.dead.update('none');
    } else if (fit) {
      const d = this.fit.data.datasets;
      d[0].data = fit.targetCurve;
      d[0].hidden = !fit.targetCurve.length; // your own points have no curve
      d[1].data = fit.points;
      // A handful of points of your own stand out; 256 of a target are a trace.
      d[1].pointRadius = fit.points.length <= 64 ? 3.5 : 1.5;
      // The x axis spans exactly the range the fit is drawn over.
      this.fit.options.scales.x.min = fit.a[0]?.x;
      this.fit.options.scales.x.max = fit.a.at(-1)?.x;
      d[2].data = fit.a;
      d[3].data = fit.b;
      this.fit.update('none');
    }
  }

  destroy() {
    this.loss?.destroy();
    this.dead?.destroy();
    this.fit?.destroy();
  }
}

const WIDTH_COLORS = ['#2563eb', '#dc2626', '#059669', '#9333ea', '#d97706'];
const WIDTH_COLORS_DARK = ['#60a5fa', '#f87171', '#34d399', '#c084fc', '#fbbf24'];

/** P(born dead) against depth, one curve per width and activation. */
export class BornDeadChart {
  constructor(canvas, theme) {
    this.canvas = canvas;
    this.create(theme, [], []);
  }

  create(theme, widths = this.widths, labels = this.labels) {
    this.chart?.destroy();
    this.theme = theme;
    this.widths = widths;
    this.labels = labels;
    const palette = theme === 'dark' ? WIDTH_COLORS_DARK : WIDTH_COLORS;
    const datasets = [];
    labels.forEach((label, k) => {
      widths.forEach((w, i) =>
        datasets.push(
          line(`${label}, width ${w}`, palette[i % palette.length], k ? [7, 4] : [], {
            pointRadius: 2,
            key: `${k}:${w}`,
          }),
        ),
      );
    });
    const options = baseOptions(theme, {
      x: { title: 'depth (hidden layers)', extra: { type: 'linear', min: 1, max: 20, ticks: { precision: 0 } } },
      y: { title: 'P(born dead)', extra: { type: 'linear', min: 0, max: 1 } },
    });
    options.plugins.tooltip.callbacks = {
      label: (item) => `${item.dataset.label}: ${item.raw.y.toFixed(3)} ± ${item.raw.se.toFixed(3)}`,
    };
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
  }

  /** A new run: labels of the two activations, and the widths. */
  reset(labels, widths) {
    this.create(this.theme, widths, labels);
  }

  add(k, width, depth, result) {
    const set = this.chart.data.datasets.find((d) => d.key === `${k}:${width}`);
    if (!set) return;
    set.data.push({ x: depth, y: result.probability, se: result.standardError });
    set.data.sort((p, q) => p.x - q.x);
    this.chart.update('none');
  }
}
