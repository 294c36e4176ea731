// What the chart writes: axis tick labels with the digits their step needs
// (shared/ticks.js), and zero-gradient intervals that end at the kinks
// (shared/curves.js).
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

test('zero-gradient runs end at the kinks, not half a sample past them', async () => {
  const { loadActivationLab } = await import('activation-lab');
  const { linspace, zeroRuns } = await import('../../web/src/shared/curves.js');
  const lab = await loadActivationLab();
  const xs = linspace(-5, 5, 600);
  const runs = (id, params) => zeroRuns(xs, lab.gradient(id, xs, params), lab.kinks(id, params));
  // relu'(x) = 0 exactly for x <= 0 (PyTorch: relu'(0) = 0); relu'(0.00833) = 1.
  assert.deepEqual(runs('relu'), [[-5, 0]]);
  assert.deepEqual(runs('hardshrink', { lambd: 0.5 }), [[-0.5, 0.5]]);
  assert.deepEqual(runs('hardtanh', { min_val: -2, max_val: 1.3 }), [
    [-5, -2],
    [1.3, 5],
  ]);
  assert.deepEqual(runs('threshold', { threshold: 1, value: 0 }), [[-5, 1]]);
  assert.deepEqual(runs('leaky_relu'), []);
  // Without kinks (a smooth curve sampled), the old rule: halfway to the next sample.
  const half = (xs[1] - xs[0]) / 2;
  assert.deepEqual(zeroRuns(xs, lab.gradient('relu', xs)), [[-5, 0 + half]]);
});

test('the zero-gradient shading has an edge of at least 3:1 against the background, in both themes', async () => {
  const { themeColors } = await import('../../web/src/shared/theme.js');
  // WCAG 2 relative luminance and contrast ratio of two #rrggbb colours.
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const linear = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  for (const theme of ['light', 'dark']) {
    const c = themeColors(theme);
    const ratio = contrast(c.shadeEdge, c.background);
    assert.ok(ratio >= 3, `${theme}: ${c.shadeEdge} on ${c.background} is ${ratio.toFixed(2)}:1`);
  }
});
