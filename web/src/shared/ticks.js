// The y axis rule of the chart (Chart.js's linear scale with beginAtZero,
// grace and bounds: 'ticks'), for pictures that are not Chart.js charts: the
// build-time SVG previews. The chart itself lets Chart.js apply these
// options; this file holds them once and repeats Chart.js's tick rule
// (scale.linearbase.js, generateTicks, without min/max/count/precision
// options) with Chart.js's own helpers.
import { _addGrace, niceNum } from 'chart.js/helpers';

/** Options shared by the chart's y axis and the previews. */
export const Y_AXIS = Object.freeze({ beginAtZero: true, grace: '5%', maxTicks: 11 });

/** The ticks Chart.js draws for data in [lo, hi] (finite), by default under Y_AXIS:
 *  {min, max, ticks}. */
export function linearTicks(lo, hi, { beginAtZero, grace, maxTicks } = Y_AXIS) {
  let min = beginAtZero ? Math.min(lo, 0) : lo;
  let max = beginAtZero ? Math.max(hi, 0) : hi;
  if (min === max) {
    // Chart.js's handleTickRangeOptions for a flat line.
    const offset = max === 0 ? 1 : Math.abs(max * 0.05);
    max += offset;
    if (!beginAtZero) min -= offset;
  }
  ({ min, max } = _addGrace({ min, max }, grace, beginAtZero));
  const maxSpaces = maxTicks - 1;
  let spacing = niceNum((max - min) / maxSpaces);
  const spaces = Math.ceil(max / spacing) - Math.floor(min / spacing);
  if (spaces > maxSpaces) spacing = niceNum((spaces * spacing) / maxSpaces);
  const first = Math.floor(min / spacing);
  const last = Math.ceil(max / spacing);
  const ticks = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * spacing).toPrecision(12)));
  return { min: ticks[0], max: ticks.at(-1), ticks };
}

/**
 * A tick's label with the digits its axis step needs, the same on every tick
 * of the axis: at step 0.25 the ticks read -0.25, 0.25, 0.75 (Chart.js's own
 * formatter reads "-0.3", "0.3", "0.8": one decimal, from the step's
 * magnitude alone). Very large or small magnitudes go in exponent form with
 * as many digits as the step resolves (1.5e306, not "1E306").
 */
export function tickLabel(value, step) {
  if (!Number.isFinite(value)) return String(value);
  const size = Number.isFinite(step) && step ? Math.abs(step) : Math.abs(value);
  const magnitude = Math.abs(value);
  // A tick that is 0 up to rounding in the tick arithmetic is 0.
  if (magnitude <= 1e-9 * size || value === 0) return '0';
  // The whole axis in one form, decided by its step.
  if (size >= 1e5 || size < 1e-4) {
    const digits = Math.min(17, Math.max(1, Math.floor(Math.log10(magnitude)) - Math.floor(Math.log10(size)) + 1));
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    return `${trimmed}e${Number(exponent)}`;
  }
  // The decimals of the step (nice steps are 1, 2, 2.5 or 5 times a power of ten).
  let decimals = 0;
  while (decimals < 15) {
    const scaled = size * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * scaled) break;
    decimals++;
  }
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Chart.js ticks.callback with tickLabel: the step is that of the ticks drawn. */
export function tickCallback(value, index, ticks) {
  const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0;
  return tickLabel(value, step);
}

/** A tooltip's x: the decimals of the x tick step and two more. The curves
 *  are sampled about 60 times per tick step (600 samples, about 10 steps),
 *  so two more decimals tell neighbouring samples apart, and no more are
 *  shown than the axis can mean (not 17 digits of -1.9833333333333334). */
export function tooltipX(x, step) {
  return tickLabel(x, step / 100);
}

/** A tooltip's y: 4 significant digits, or up to 6 where fewer would read
 *  the same as a neighbouring sample (a flat tail of sigmoid); shortest
 *  form, so 0.5 stays "0.5". */
export function tooltipY(y, neighbours = []) {
  if (!Number.isFinite(y)) return String(y);
  const rounded = (v, d) => Number(v.toPrecision(d));
  let digits = 4;
  while (
    digits < 6 &&
    neighbours.some((n) => Number.isFinite(n) && n !== y && rounded(n, digits) === rounded(y, digits))
  ) {
    digits++;
  }
  return String(rounded(y, digits));
}
