// Axis tick labels (web/src/shared/ticks.js): the digits the step needs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linearTicks, tickLabel } from '../../web/src/shared/ticks.js';

test('a tick label shows its value with the digits of the axis step', () => {
  const cases = [
    // The step 0.25 needs two decimals (Chart.js's default wrote -0.3, 0.3, 0.8, 1.3).
    [[-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25], 0.25, ['-0.25', '0', '0.25', '0.50', '0.75', '1.00', '1.25']],
    [[-1, -0.5, 0, 0.5, 1], 0.5, ['-1.0', '-0.5', '0', '0.5', '1.0']],
    [[-6, -4, -2, 0, 2], 2, ['-6', '-4', '-2', '0', '2']],
    [[0.1, 0.2, 0.30000000000000004], 0.1, ['0.1', '0.2', '0.3']],
    // Exponent form for the whole axis when the step is huge or tiny.
    [[0, 5e305, 1e306, 1.5e306], 5e305, ['0', '5e305', '1e306', '1.5e306']],
    [[0, 2e5, 4e5, 1.2e6], 2e5, ['0', '2e5', '4e5', '1.2e6']],
    [[1e-7, 2.5e-7], 5e-8, ['1e-7', '2.5e-7']],
    // Rounding noise in the tick arithmetic is not a value.
    [[-1e-17], 0.25, ['0']],
  ];
  for (const [values, step, labels] of cases) {
    assert.deepEqual(
      values.map((v) => tickLabel(v, step)),
      labels,
      `step ${step}`,
    );
  }
});

test('every tick of an axis reads back as its value (to the step)', () => {
  for (const [lo, hi] of [
    [-0.1, 1.1],
    [-5, 5],
    [-1e-3, 3e-3],
    [0, 1.7e306],
    [-123.4, 0.7],
  ]) {
    const { ticks } = linearTicks(lo, hi);
    const step = ticks[1] - ticks[0];
    const labels = ticks.map((t) => tickLabel(t, step));
    ticks.forEach((t, i) => assert.ok(Math.abs(Number(labels[i]) - t) <= step * 1e-6, `${t} read as ${labels[i]}`));
    assert.equal(new Set(labels).size, labels.length, `distinct labels for [${lo}, ${hi}]: ${labels}`);
  }
});
