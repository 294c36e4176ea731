// Downloads: the chart as PNG (2x, with its title and keys) and as SVG, the
// values table as CSV.
import { chartSvg, keyBand, paintItems, titleBand } from '../shared/chart-svg.js';

/** A number in a CSV cell: the shortest decimal that reads back to the same
 *  double (ECMAScript's Number-to-String is exactly that: -1.4997, 5e-324),
 *  and spellings that both Number() and pandas.read_csv read back: -0,
 *  Infinity, -Infinity, NaN. */
export function csvNumber(v) {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** "leaky_relu(x; negative_slope=0.01)": the call with its parameters (a
 *  number as in the cells; a choice such as GELU's approximate=tanh as
 *  is), with no comma, so the header cell needs no quotes. */
export function callOf(meta, params) {
  const value = (v) => (typeof v === 'number' ? csvNumber(v) : v);
  return `${meta.id}(${['x', ...meta.params.map((p) => `${p.name}=${value(params[p.name])}`)].join('; ')})`;
}

/** CSV of x, f(x), f'(x) for every value (not only the rows shown). The
 *  header names the activation and its parameters in its cells (so that
 *  spreadsheets and pandas.read_csv need no options):
 *  x,leaky_relu(x; negative_slope=0.01),leaky_relu'(x; negative_slope=0.01) */
export function valuesCsv(lab, state, xs) {
  const meta = lab.activation(state.activation);
  const f = lab.evaluate(meta.id, xs, state.params);
  const g = lab.gradient(meta.id, xs, state.params);
  const call = callOf(meta, state.params);
  const lines = [`x,${call},${call.replace('(', "'(")}`];
  for (let i = 0; i < xs.length; i++) lines.push(`${csvNumber(xs[i])},${csvNumber(f[i])},${csvNumber(g[i])}`);
  return lines.join('\n') + '\n';
}

/** The chart as an SVG document: what it draws, with its title, legend and
 *  the shading key (when key is not ''). */
export function chartSvgText(chart, { title, key = '' }) {
  const picture = chart.picture();
  // The legend and key rows under the plot: the picture grows by their height.
  const band = keyBand(picture.width, picture.legend, key, undefined, picture.legendKey);
  const top = titleBand(picture.width, title);
  return chartSvg({ ...picture, title, key, height: picture.height + band.height + top.height });
}

/** The chart as a PNG data URL at `scale` device pixels per CSS pixel (2,
 *  whatever the screen's), with the title above and, below, the legend
 *  (when the chart does not draw its own on the canvas) and the shading key.
 *  Chart.js draws the chart; only the bands are drawn here. */
export function chartPng(chart, { title, key = '', scale = 2 }) {
  const picture = chart.picture();
  const image = chart.toCanvas(scale);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  const font = picture.font;
  const measure = (text, size, weight) => {
    ctx.font = `${weight} ${size}px ${font}`;
    return ctx.measureText(text).width;
  };
  const { width, height, colors } = picture;
  const top = titleBand(width, title, measure);
  const onCanvas = picture.legendOnCanvas;
  const bottom = keyBand(width, onCanvas ? [] : picture.legend, key, measure, onCanvas ? '' : picture.legendKey);
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round((top.height + height + bottom.height) * scale);
  ctx.scale(scale, scale);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, top.height + height + bottom.height);
  paintItems(ctx, top.items, colors, 0, font);
  ctx.drawImage(image, 0, top.height, width, height);
  paintItems(ctx, bottom.items, colors, top.height + height, font);
  return canvas.toDataURL('image/png');
}

export function downloadDataUrl(url, filename) {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

export function downloadText(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadDataUrl(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
