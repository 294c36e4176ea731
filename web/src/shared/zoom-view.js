// The chart's view (x and y ranges) as zooming changes it: no DOM and no
// Chart.js, so tests/node/chart-view.test.mjs runs it in Node. Zooming writes
// the view into the state (URL hash -> state -> chart), so a shared link
// restores a zoomed view and the x and y fields always show what is drawn.
import { linspace, sampleXs } from './curves.js';
import { rangeProblem, yRangeSet } from './state.js';
import { linearTicks } from './ticks.js';

/** A zoomed range, its ends rounded to 1/10,000 of its span: a wheel step
 *  gives x min = -3.142, not -3.1415926535897927, in the field and the URL,
 *  and the rounding moves the ends by under a tenth of a pixel. */
export function roundRange(min, max) {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min, max];
  const decimals = -Math.floor(Math.log10(span * 1e-4));
  const round = (v) => {
    if (decimals > 0) return decimals <= 100 ? Number(v.toFixed(decimals)) : v;
    const unit = 10 ** -decimals;
    return Math.round(v / unit) * unit;
  };
  const [a, b] = [round(min), round(max)];
  return a < b ? [a, b] : [min, max];
}

/** The view a first visit sees: the table's x range, y auto. */
export function defaultView(meta) {
  return { xMin: meta.xRange[0], xMax: meta.xRange[1], yMin: null, yMax: null };
}

/** True when the state's view is not the default one ("Reset zoom" then
 *  has something to do). */
export function isZoomed(state, meta) {
  return state.xMin !== meta.xRange[0] || state.xMax !== meta.xRange[1] || yRangeSet(state);
}

/** A view from Chart.js's scales after a zoom or pan, rounded (roundRange),
 *  or null when it cannot be plotted (zoomed in past what a double holds). */
export function viewFromScales(x, y) {
  const [xMin, xMax] = roundRange(x.min, x.max);
  const [yMin, yMax] = roundRange(y.min, y.max);
  if (rangeProblem(xMin, xMax) || rangeProblem(yMin, yMax, 'y')) return null;
  return { xMin, xMax, yMin, yMax };
}

/**
 * "Zoom to the negative side": x from the left end of the view (or of the
 * table's range, or one view width, when the view has no negative side) to
 * 0, and y fitted to what the main activation's shown curves take there,
 * with the ticks Chart.js would draw (ticks.js linearTicks: 0 included,
 * 5% grace). At negative_slope 0.01 Leaky ReLU's f then spans most of the
 * plot's height instead of 1% of it. The y range comes from the curves'
 * values, so it fits any activation and any parameters.
 */
export function negativeSideView(lab, state) {
  const meta = lab.activation(state.activation);
  const left = state.xMin < 0 ? state.xMin : meta.xRange[0] < 0 ? meta.xRange[0] : -(state.xMax - state.xMin);
  const xMin = left;
  const xMax = 0;
  const { xs } = sampleXs(linspace(xMin, xMax, 600), lab.kinks(meta.id, state.params));
  const values = [];
  if (state.show.function) values.push(...lab.evaluate(meta.id, xs, state.params));
  if (state.show.gradient) values.push(...lab.gradient(meta.id, xs, state.params));
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return { xMin, xMax, yMin: null, yMax: null };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const { min, max } = linearTicks(lo, hi);
  if (rangeProblem(min, max, 'y')) return { xMin, xMax, yMin: null, yMax: null };
  return { xMin, xMax, yMin: min, yMax: max };
}
