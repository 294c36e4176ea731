// How numbers and parameters are written for people.

/** Shortest exact form by default (String round-trips a double); with
 *  `digits`, that many significant digits. Minus as U+2212 is left to CSS
 *  fonts: we keep ASCII "-" so copied text parses again. */
export function formatNumber(v, digits) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  if (digits === undefined) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** Significant digits shown in tables; the exact value is in the cell's
 *  data-value and title, the tooltip and the CSV. */
export const TABLE_DIGITS = 10;

/** Table rows x, f(x), f′(x) for each x (page and widget tables). */
export function valueRows(lab, id, params, xs) {
  const f = lab.evaluate(id, xs, params);
  const g = lab.gradient(id, xs, params);
  return Array.from(xs, (x, i) => {
    const tr = document.createElement('tr');
    tr.append(numberCell(x), numberCell(f[i]), numberCell(g[i]));
    return tr;
  });
}

/** A table cell showing v to TABLE_DIGITS digits, exact on hover. */
export function numberCell(v) {
  const td = document.createElement('td');
  td.textContent = formatNumber(v, TABLE_DIGITS);
  td.dataset.value = formatNumber(v);
  td.title = td.dataset.value;
  return td;
}

/** " (negative_slope = 0.2)" or "" for an activation without parameters. */
export function paramSummary(meta, params) {
  if (!meta.params.length) return '';
  return ` (${meta.params.map((p) => `${p.name} = ${params[p.name]}`).join(', ')})`;
}
