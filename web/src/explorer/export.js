// Downloads: the chart as PNG, the values table as CSV.
import { formatNumber } from '../shared/format.js';

/** CSV of x, f(x), f'(x) for every value (not only the rows shown). */
export function valuesCsv(lab, state, xs) {
  const f = lab.evaluate(state.activation, xs, state.params);
  const g = lab.gradient(state.activation, xs, state.params);
  const lines = ["x,f(x),f'(x)"];
  // Exact values, spelt as the Values table's data-value (shortest exact
  // form, inf, NaN).
  for (let i = 0; i < xs.length; i++) lines.push([xs[i], f[i], g[i]].map((v) => formatNumber(v)).join(','));
  return lines.join('\n') + '\n';
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
