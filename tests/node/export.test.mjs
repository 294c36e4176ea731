// The explorer's CSV (web/src/explorer/export.js) and the SVG writer's
// output for every activation (web/src/shared/chart-svg.js through the
// build's previews): every cell reads back to the double computed, in its
// shortest spelling, under a header that names the call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import { csvNumber, valuesCsv } from '../../web/src/explorer/export.js';
import { previewSvg } from '../../scripts/preview-svg.mjs';
import { DF_DASH } from '../../web/src/shared/html-legend.js';

const lab = await loadActivationLab();

// Doubles a CSV must not bend: a decimal that needs all 17 digits in
// naive printing, the extremes of the range, signed zero, non-finite ones.
const HARD = [-1.4997, 0.1 + 0.2, 1e-300, -0, 0, 5e-324, -5e-324, 1e308, -1e308, 1.7976931348623157e308];
const SPECIAL = [Infinity, -Infinity, NaN];

// The shortest decimal that reads back to v, found independently of
// String(): the fewest significant digits that round-trip (as the core's
// shortest_number.hpp does).
function digitsNeeded(v) {
  for (let digits = 1; digits <= 17; digits++) if (Number(v.toPrecision(digits)) === v) return digits;
  return 17;
}
const significant = (cell) => cell.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;

const parse = (text) => {
  assert.ok(text.endsWith('\n'));
  const [header, ...rows] = text.slice(0, -1).split('\n');
  return { header: header.split(','), rows: rows.map((r) => r.split(',')) };
};

test('every CSV cell reads back (Number) to the float64 computed, in the fewest digits', () => {
  const xs = Float64Array.from([...HARD, ...SPECIAL]);
  for (const meta of lab.activations) {
    const params = Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
    const { header, rows } = parse(valuesCsv(lab, { activation: meta.id, params }, xs));
    assert.equal(header.length, 3, meta.id);
    const columns = [xs, lab.evaluate(meta.id, xs, params), lab.gradient(meta.id, xs, params)];
    assert.equal(rows.length, xs.length);
    rows.forEach((cells, i) => {
      assert.equal(cells.length, 3);
      cells.forEach((cell, k) => {
        const v = columns[k][i];
        assert.ok(
          Object.is(Number(cell), v),
          `${meta.id} row ${i} column ${k}: "${cell}" reads ${Number(cell)}, not ${v}`,
        );
        if (Number.isFinite(v) && v !== 0) {
          assert.equal(
            significant(cell),
            digitsNeeded(v),
            `${meta.id}: "${cell}" is not the shortest spelling of ${v}`,
          );
        }
      });
    });
  }
});

test('CSV numbers: shortest decimals, -0, Infinity and NaN as Number() and pandas read them', () => {
  assert.deepEqual([-1.4997, 0.1 + 0.2, 1e-300, 5e-324, 1e308, -0, 0, Infinity, -Infinity, NaN].map(csvNumber), [
    '-1.4997',
    '0.30000000000000004',
    '1e-300',
    '5e-324',
    '1e+308',
    '-0',
    '0',
    'Infinity',
    '-Infinity',
    'NaN',
  ]);
  // -1.4997 * 1 as leaky_relu computes it: the value a person typed comes back as typed.
  const { rows } = parse(valuesCsv(lab, { activation: 'leaky_relu', params: { negative_slope: 0.01 } }, [-1.4997]));
  assert.equal(rows[0][0], '-1.4997');
  assert.equal(rows[0][1], csvNumber(lab.evaluate('leaky_relu', [-1.4997], { negative_slope: 0.01 })[0]));
});

test('the CSV header names the activation and each parameter with its value, in cells without quotes', () => {
  for (const meta of lab.activations) {
    // Not the defaults: values that need digits (a choice: its last), so
    // the header shows the ones in use.
    const params = Object.fromEntries(
      meta.params.map((p) => [p.name, p.choices ? p.choices.at(-1) : p.min + (p.max - p.min) / 3]),
    );
    assert.equal(lab.checkParams(meta.id, params), null);
    const { header } = parse(valuesCsv(lab, { activation: meta.id, params }, [1]));
    const call = `${meta.id}(${['x', ...meta.params.map((p) => `${p.name}=${String(params[p.name])}`)].join('; ')})`;
    assert.deepEqual(header, ['x', call, call.replace('(', "'(")], meta.id);
    for (const cell of header) assert.doesNotMatch(cell, /[",\n\r]/, 'a header cell that would need quotes');
  }
});

test('the SVG writer draws each activation: one path per curve, ticks as the chart labels them', () => {
  for (const meta of lab.activations) {
    const svg = previewSvg(lab, meta);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/<path /g) ?? []).length, 2, meta.id);
    assert.equal(svg.split(`stroke-dasharray="${DF_DASH.join(' ')}"`).length - 1, 1, `${meta.id}: f′ is dashed`);
    // No coordinate a reader cannot hold (an overflowing curve is clamped, not written as 1e+308).
    assert.doesNotMatch(svg, /\d[eE][+-]?\d|NaN|Infinity/, meta.id);
  }
});
