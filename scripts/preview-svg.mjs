// Static SVG pictures of each activation (defaults, suggested range), drawn
// at build time from the wasm core in Node. The iframe embed shows one where
// no script may run (sandbox=""), with a link to the interactive version.
// Axes follow the chart's tick rule (web/src/shared/ticks.js); the SVG is
// written by the explorer's own SVG writer (web/src/shared/chart-svg.js).
import { chartSvg } from '../web/src/shared/chart-svg.js';
import { DF_DASH, F_DASH } from '../web/src/shared/html-legend.js';
import { themeColors } from '../web/src/shared/theme.js';
import { Y_AXIS, linearTicks, tickLabel } from '../web/src/shared/ticks.js';

const W = 640;
const H = 360;

// Ticks as the chart labels them: the digits of the axis step.
const labelled = (values) => values.map((value) => ({ value, label: tickLabel(value, values[1] - values[0]) }));

export function previewSvg(lab, meta) {
  const [x0, x1] = meta.xRange;
  const n = 240;
  const xs = Float64Array.from({ length: n + 1 }, (_, i) => x0 + ((x1 - x0) * i) / n);
  const f = lab.evaluate(meta.id, xs);
  const g = lab.gradient(meta.id, xs);
  const finite = [...f, ...g].filter(Number.isFinite);
  const y = linearTicks(Math.min(...finite), Math.max(...finite));
  // x: the range is fixed, as on the chart (its min and max are set).
  const xTicks = linearTicks(x0, x1, { ...Y_AXIS, beginAtZero: false, grace: 0 }).ticks.filter(
    (t) => t >= x0 && t <= x1,
  );
  const colors = themeColors('light');
  const points = (ys) => Array.from(xs, (x, i) => ({ x, y: ys[i] }));
  return chartSvg({
    width: W,
    height: H,
    colors,
    title: `${meta.label}: f(x) (solid) and f′(x) (dashed)`,
    label: `${meta.label} f(x) and its gradient f′(x) for x from ${x0} to ${x1}`,
    x: { min: x0, max: x1, ticks: labelled(xTicks) },
    y: { min: y.min, max: y.max, ticks: labelled(y.ticks) },
    // As the chart draws an activation: one hue, f solid and f′ dashed.
    curves: [
      { color: colors.function, width: 2.5, dash: F_DASH, points: points(f) },
      { color: colors.function, width: 2, dash: DF_DASH, points: points(g) },
    ],
  });
}
