// How numbers and parameters are written for people.

/** Shortest exact form by default (String round-trips a double); with
 *  `digits`, that many significant digits. Minus as U+2212 is left to CSS
 *  fonts: we keep ASCII "-" so copied text parses again. */
export function formatNumber(v, digits) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (digits === undefined) return Object.is(v, -0) ? '-0' : String(v);
  return String(Number(v.toPrecision(digits)));
}

/** " (negative_slope = 0.2)" or "" for an activation without parameters. */
export function paramSummary(meta, params) {
  if (!meta.params.length) return '';
  return ` (${meta.params.map((p) => `${p.name} = ${params[p.name]}`).join(', ')})`;
}
