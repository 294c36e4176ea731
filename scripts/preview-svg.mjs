// Static SVG pictures of each activation (defaults, suggested range), drawn
// at build time from the wasm core in Node. The iframe embed shows one where
// no script may run (sandbox=""), with a link to the interactive version.
// Axes follow the chart's tick rule (web/src/shared/ticks.js).
import { Y_AXIS, linearTicks, tickLabel } from '../web/src/shared/ticks.js';

const W = 640;
const H = 360;
const PAD = { left: 48, right: 16, top: 36, bottom: 36 };

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function previewSvg(lab, meta) {
  const [x0, x1] = meta.xRange;
  const n = 240;
  const xs = Float64Array.from({ length: n + 1 }, (_, i) => x0 + ((x1 - x0) * i) / n);
  const f = lab.evaluate(meta.id, xs);
  const g = lab.gradient(meta.id, xs);
  const finite = [...f, ...g].filter(Number.isFinite);
  const y = linearTicks(Math.min(...finite), Math.max(...finite));
  const [y0, y1] = [y.min, y.max];
  const px = (x) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const path = (ys) =>
    Array.from(xs, (x, i) =>
      Number.isFinite(ys[i]) ? `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(ys[i]).toFixed(1)}` : '',
    ).join('');
  // x: the range is fixed, as on the chart (its min and max are set).
  const xTicks = linearTicks(x0, x1, { ...Y_AXIS, beginAtZero: false, grace: 0 }).ticks.filter(
    (t) => t >= x0 && t <= x1,
  );
  const grid = [
    ...xTicks.map(
      (t) =>
        `<line x1="${px(t)}" x2="${px(t)}" y1="${PAD.top}" y2="${H - PAD.bottom}"/><text stroke="none" x="${px(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${tickLabel(t, xTicks[1] - xTicks[0])}</text>`,
    ),
    ...y.ticks.map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(t)}" y2="${py(t)}"/><text stroke="none" x="${PAD.left - 6}" y="${py(t) + 4}" text-anchor="end">${tickLabel(t, y.ticks[1] - y.ticks[0])}</text>`,
    ),
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`${meta.label} f(x) and its gradient f′(x) for x from ${x0} to ${x1}`)}">
<rect width="${W}" height="${H}" fill="#fff"/>
<g stroke="#e5e7eb" font-family="system-ui,sans-serif" font-size="12" fill="#374151">${grid}</g>
<text x="${PAD.left}" y="22" font-family="system-ui,sans-serif" font-size="15" font-weight="600" fill="#1f2937">${esc(meta.label)}: f(x) (solid) and f′(x) (dashed)</text>
<path d="${path(f)}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>
<path d="${path(g)}" fill="none" stroke="#c2410c" stroke-width="2" stroke-dasharray="6 4"/>
</svg>
`;
}
