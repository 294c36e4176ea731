// The chart's view and tooltips as numbers (no browser): the y range in the
// state and the URL, zoomed ranges rounded for fields and links, "Zoom to
// x < 0" fitted from the curves' values for every activation, and tooltip
// digits. Runs the real core; ids come from the table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import { NOTICE, defaultState, hashOf, rangeProblem, stateFromHash, yRangeSet } from '../../web/src/shared/state.js';
import { tooltipX, tooltipY } from '../../web/src/shared/ticks.js';
import { defaultView, isZoomed, negativeSideView, roundRange, viewFromScales } from '../../web/src/shared/zoom-view.js';

const lab = await loadActivationLab();
const first = lab.activations[0];

test('the y range is auto by default, and a set one round-trips through the hash', () => {
  const state = defaultState(lab, first.id);
  assert.equal(yRangeSet(state), false);
  assert.doesNotMatch(hashOf(lab, state), /y_min|y_max/, 'auto is not written');
  const set = { ...state, yMin: -0.25, yMax: 1.5 };
  assert.match(hashOf(lab, set), /y_min=-0.25&y_max=1.5/);
  const back = stateFromHash(lab, hashOf(lab, set));
  assert.deepEqual(back.notices, []);
  assert.deepEqual([back.state.yMin, back.state.yMax], [-0.25, 1.5]);
});

test('a bad y range in a link is ignored with a notice that names it; x is untouched', () => {
  for (const [hash, key, message] of [
    ['y_min=1&y_max=1', 'y_min', /y min must be less than y max/],
    ['y_min=2&y_max=1', 'y_min', /y min must be less than y max/],
    ['y_min=-1', 'y_max', /y_max is missing/],
    ['y_max=1', 'y_min', /y_min is missing/],
    ['y_min=0x10&y_max=1', 'y_min', /y_min=0x10/],
    ['y_min=-1e308&y_max=1e308', 'y_min', /too wide/],
  ]) {
    const { state, notices } = stateFromHash(lab, `activation=${first.id}&x_min=-2&x_max=3&${hash}`);
    assert.equal(notices.length, 1, `${hash}: ${JSON.stringify(notices)}`);
    assert.equal(notices[0].code, NOTICE.invalidRange, hash);
    assert.equal(notices[0].key, key, hash);
    assert.match(notices[0].message, message, hash);
    assert.equal(yRangeSet(state), false, hash);
    assert.deepEqual([state.xMin, state.xMax], [-2, 3], hash);
  }
});

test('rangeProblem names its axis, with the x range rules', () => {
  assert.equal(rangeProblem(1, 0, 'y'), 'y min must be less than y max.');
  assert.equal(rangeProblem(NaN, 0, 'y'), 'y min and y max must be finite numbers.');
  assert.equal(rangeProblem(0, 1e-12, 'y'), 'The y range is too narrow to plot.');
  assert.equal(rangeProblem(1, 0), 'x min must be less than x max.');
  assert.equal(rangeProblem(-1, 1, 'y'), '');
});

test('zoomed ranges are rounded to 1/10,000 of their span, never collapsed', () => {
  assert.deepEqual(roundRange(-3.1415926535897927, 2.718281828459045), [-3.1416, 2.7183]);
  assert.deepEqual(roundRange(123456.789, 987654.321), [123460, 987650]); // to 10 in a span of 864,198
  assert.deepEqual(roundRange(0.001234567891, 0.001237891234), [0.0012345679, 0.0012378912]);
  for (const [a, b] of [
    [-5, 5],
    [1e-300, 2e-300],
    [-1e300, 1e300],
    [0.1, 0.1 + 1e-12],
  ]) {
    const [x, y] = roundRange(a, b);
    assert.ok(x < y, `${a}, ${b}`);
    assert.ok(Math.abs(x - a) <= (b - a) * 1e-4 && Math.abs(y - b) <= (b - a) * 1e-4, `${a}, ${b} -> ${x}, ${y}`);
  }
  assert.equal(viewFromScales({ min: 0, max: Infinity }, { min: 0, max: 1 }), null, 'unplottable: refused');
  assert.deepEqual(viewFromScales({ min: -2.00004, max: 2.00004 }, { min: 0, max: 1 }), {
    xMin: -2,
    xMax: 2,
    yMin: 0,
    yMax: 1,
  });
});

test('isZoomed: the view differs from the table range or sets y', () => {
  const state = defaultState(lab, first.id);
  assert.equal(isZoomed(state, first), false);
  assert.equal(isZoomed({ ...state, xMin: state.xMin + 1 }, first), true);
  assert.equal(isZoomed({ ...state, yMin: 0, yMax: 1 }, first), true);
  assert.equal(isZoomed({ ...state, ...defaultView(first) }, first), false);
});

test('"Zoom to x < 0" for every activation: x up to 0, y fitted to the curves there', () => {
  for (const meta of lab.activations) {
    for (const show of [
      { function: true, gradient: true },
      { function: true, gradient: false },
      { function: false, gradient: true },
    ]) {
      const state = { ...defaultState(lab, meta.id), show };
      const view = negativeSideView(lab, state);
      assert.equal(view.xMax, 0, meta.id);
      assert.ok(view.xMin < 0, meta.id);
      assert.equal(rangeProblem(view.xMin, view.xMax), '', meta.id);
      assert.equal(rangeProblem(view.yMin, view.yMax, 'y'), '', `${meta.id}: ${view.yMin}, ${view.yMax}`);
      // Every shown value over the new range is inside, and fills a good part of it.
      const xs = Float64Array.from({ length: 201 }, (_, i) => view.xMin + (i / 200) * (view.xMax - view.xMin));
      const ys = [
        ...(show.function ? lab.evaluate(meta.id, xs, state.params) : []),
        ...(show.gradient ? lab.gradient(meta.id, xs, state.params) : []),
      ].filter(Number.isFinite);
      for (const y of ys) assert.ok(y >= view.yMin && y <= view.yMax, `${meta.id}: ${y} outside`);
      // Unless they are flat there (ReLU: 0 and 0), they fill a good part of it.
      const [lo, hi] = [Math.min(...ys, 0), Math.max(...ys, 0)];
      if (hi > lo) {
        const used = (hi - lo) / (view.yMax - view.yMin);
        assert.ok(used > 0.4, `${meta.id} ${JSON.stringify(show)}: the curves use ${used} of the height`);
      }
    }
  }
  // Leaky ReLU at 0.01: f goes from -0.05 to 0, y from the ticks around it.
  const leaky = negativeSideView(lab, defaultState(lab, 'leaky_relu'));
  assert.ok(leaky.yMax - leaky.yMin < 0.1, JSON.stringify(leaky));
  // A view with no negative side: one view width to the left of 0.
  const right = negativeSideView(lab, { ...defaultState(lab, 'relu'), xMin: 1, xMax: 3 });
  assert.equal(right.xMax, 0);
  assert.ok(right.xMin < 0);
});

test('tooltip digits: x to the tick step and two more, y with 4 to 6 significant digits', () => {
  assert.equal(tooltipX(-1.9833333333333334, 1), '-1.98');
  assert.equal(tooltipX(0.25833333333333336, 0.25), '0.2583');
  assert.equal(tooltipX(0, 1), '0');
  assert.equal(tooltipX(1e-17, 1), '0');
  assert.equal(tooltipY(-1.4996999999999998), '-1.5');
  assert.equal(tooltipY(0.5), '0.5');
  assert.equal(tooltipY(0.123456789), '0.1235');
  // Neighbours that 4 digits would merge get more, up to 6.
  assert.equal(tooltipY(0.99330714, [0.99332, 0.99329]), '0.99331');
  assert.equal(tooltipY(0.9999999, [0.99999991, 0.99999989]), '1');
  assert.equal(tooltipY(NaN), 'NaN');
  for (const y of [Math.PI, -Math.E * 1e-7, 12345.678901, 1 / 3]) {
    const digits = tooltipY(y)
      .replace(/^-?0\.0*|[-.]|e.*$/g, '')
      .replace(/^0+/, '');
    assert.ok(digits.length <= 6, `${y}: ${tooltipY(y)}`);
  }
});
