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
