// Rows of the values table (page and widget): x, f(x), f′(x) for each x.
import { formatNumber } from './format.js';

/** Significant digits shown in tables; the exact value is in the cell's
 *  data-value and title, the tooltip and the CSV. */
export const TABLE_DIGITS = 10;

/** Table rows x, f(x), f′(x) for each x. */
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
function numberCell(v) {
  const td = document.createElement('td');
  td.textContent = formatNumber(v, TABLE_DIGITS);
  td.dataset.value = formatNumber(v);
  td.title = td.dataset.value;
  return td;
}
