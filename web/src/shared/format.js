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

/** The sentence for curves the chart cannot draw ('' when it draws all). */
export function blankNote(blank) {
  if (!blank.length) return '';
  const which = blank.join(' and ');
  return `Nothing to draw for ${which}: ${blank.length > 1 ? 'they are' : 'it is'} not finite anywhere in this x range (the values overflow).`;
}

/** " (negative_slope = 0.2)" or "" for an activation without parameters. */
export function paramSummary(meta, params) {
  if (!meta.params.length) return '';
  return ` (${meta.params.map((p) => `${p.name} = ${params[p.name]}`).join(', ')})`;
}

/** Where an activation's numbers are checked against, in one sentence for
 *  the page (the table's `reference`: the UI claims PyTorch only for those
 *  whose golden data PyTorch made). */
export function referenceNote(lab, meta) {
  if (meta.reference === 'mpmath') {
    return `PyTorch has no ${meta.id}: its values are checked against exact ones (mpmath), to within ${lab.maxUlps} ulp.`;
  }
  const call = meta.snippets.torch.replace(/\(.*$/s, '');
  return meta.bitExact
    ? `Equal to PyTorch ${lab.pytorchVersion}'s ${call} to the bit, gradient included.`
    : `Within ${lab.maxUlps} ulp of PyTorch ${lab.pytorchVersion}'s ${call}, or of the exact value where PyTorch loses digits.`;
}
