// The core's raw export apply_batch, as the JS API calls it: it runs a
// kernel only on parameters that pass the core's own check, and it checks
// each new (activation, precision, parameter bits) once. A call with other
// parameters after a valid one is checked again, not let through.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

const { default: create } = await import('../../dist/lib/activation_lab_core.mjs');
const core = await create({
  wasmBinary: await readFile(new URL('../../dist/lib/activation_lab_core.wasm', import.meta.url)),
});
const table = JSON.parse(core.tableJson());
const index = (id) => table.findIndex((a) => a.id === id);
const n = 5;
const x = core._malloc(8 * n);
const y = core._malloc(8 * n);
const params = core._malloc(8 * core.maxParams);

// apply_batch(index, kind, precision, x, y, n, params) on xs, with y first
// filled with a marker; returns [the export's result, what y holds].
function run(id, values, precision = 64, xs = [-2, -0.5, 0, 0.5, 2]) {
  const heap = precision === 64 ? core.HEAPF64 : core.HEAPF32;
  const size = precision / 8;
  core.HEAPF64.fill(0, params / 8, params / 8 + core.maxParams);
  core.HEAPF64.set(values, params / 8);
  heap.set(xs, x / size);
  heap.fill(7, y / size, y / size + n);
  const ok = core._apply_batch(index(id), 0, precision, x, y, n, params);
  return [ok, Array.from(heap.subarray(y / size, y / size + n))];
}

test('valid parameters run the kernel; invalid ones run nothing, even right after valid ones', () => {
  for (const precision of [64, 32]) {
    assert.deepEqual(run('hardtanh', [-1, 1], precision), [1, [-1, -0.5, 0, 0.5, 1]]);
    // min_val > max_val: the core's check refuses it, and y keeps its marker.
    assert.deepEqual(run('hardtanh', [1, -1], precision), [0, [7, 7, 7, 7, 7]]);
    assert.deepEqual(run('hardtanh', [-1, 1], precision), [1, [-1, -0.5, 0, 0.5, 1]]);
    // The same bits under another activation are that activation's to
    // check: hardtanh(0, 20) is valid, softplus(beta 0, threshold 20) not.
    assert.deepEqual(run('hardtanh', [0, 20], precision), [1, [0, 0, 0, 0.5, 2]]);
    assert.deepEqual(run('softplus', [0, 20], precision), [0, [7, 7, 7, 7, 7]], 'softplus beta 0');
    assert.deepEqual(run('hardtanh', [-0.5, 0.5], precision), [1, [-0.5, -0.5, 0, 0.5, 0.5]]);
  }
});

test('each new value is checked: a refused alpha after a valid one, and -0 after 0', () => {
  assert.deepEqual(run('celu', [1])[0], 1);
  assert.deepEqual(run('celu', [0]), [0, [7, 7, 7, 7, 7]]);
  assert.deepEqual(run('celu', [-0]), [0, [7, 7, 7, 7, 7]]);
  assert.deepEqual(run('celu', [1])[0], 1);
});

test('the same bits in another precision are checked again', () => {
  // celu alpha 1e-50 is valid in float64 and 0 in float32, which is refused.
  assert.deepEqual(run('celu', [1e-50], 64)[0], 1);
  assert.deepEqual(run('celu', [1e-50], 32), [0, [7, 7, 7, 7, 7]]);
});

test('an unknown index writes nothing', () => {
  core.HEAPF64.fill(7, y / 8, y / 8 + n);
  assert.equal(core._apply_batch(table.length, 0, 64, x, y, n, params), 0);
  assert.equal(core._apply_batch(-1, 0, 64, x, y, n, params), 0);
  assert.deepEqual(Array.from(core.HEAPF64.subarray(y / 8, y / 8 + n)), [7, 7, 7, 7, 7]);
});
