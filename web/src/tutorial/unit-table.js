// The per-point table of the unit: x, z, f′(z) and the point's shares of
// ∂L/∂w and ∂L/∂b; the footer holds the sums, as the core adds them (the
// gradient the step uses). Cells show 3 digits (compact()); the exact
// value is in the cell's data-value and title.
import { formatNumber } from '../shared/format.js';
import { compact } from './unit-text.js';

function cell(tag, v) {
  const td = document.createElement(tag);
  if (v === undefined) return td;
  td.textContent = compact(v);
  td.dataset.value = formatNumber(v);
  td.title = td.dataset.value;
  return td;
}

/** Fills table's tbody and tfoot from evaluate()'s result. */
export function renderUnitTable(table, unit) {
  const rows = unit.points.map((p) => {
    const tr = document.createElement('tr');
    // A point whose f′(z) is 0 gives nothing to the gradient.
    if (p.slope === 0) tr.className = 'no-gradient';
    tr.append(cell('td', p.x), cell('td', p.z), cell('td', p.slope), cell('td', p.dw), cell('td', p.db));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  const sum = document.createElement('tr');
  const label = document.createElement('th');
  label.scope = 'row';
  label.colSpan = 3;
  label.textContent = 'Sum: the gradient';
  sum.append(label, cell('td', unit.gradient.w), cell('td', unit.gradient.b));
  table.tFoot.replaceChildren(sum);
}
