// The wasm module reproduces PyTorch's golden data through the JS API, in
// float64 (Float64Array and plain arrays) and float32 (Float32Array).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import { checkCase, loadGolden, numbers } from './golden.mjs';

const lab = await loadActivationLab();

for (const activation of lab.activations) {
  test(`${activation.id} matches PyTorch in float64 and float32`, () => {
    const golden = loadGolden(activation.id);
    const dtypes = new Set();
    for (const c of golden.cases) {
      dtypes.add(c.dtype);
      const Type = c.dtype === 'float32' ? Float32Array : Float64Array;
      const x = numbers(c.x, Type);
      const params = Object.fromEntries(
        activation.params.map((p) => [p.name, p.choices ? p.choices[c.params[p.name]] : c.params[p.name]]),
      );
      for (const [kind, run] of [
        ['f', lab.evaluate],
        ['df', lab.gradient],
      ]) {
        const got = run.call(lab, activation.id, x, params);
        assert.ok(got instanceof Type, `result is a ${Type.name}`);
        const { problems } = checkCase(activation, c, kind, got);
        assert.deepEqual(problems.slice(0, 5), [], `${problems.length} points fail`);
      }
      if (Type === Float64Array) {
        // A plain array takes the float64 path and gives the same numbers.
        const fromArray = lab.evaluate(activation.id, Array.from(x), params);
        assert.ok(fromArray instanceof Float64Array);
        assert.deepEqual(fromArray, lab.evaluate(activation.id, x, params));
      }
    }
    assert.deepEqual([...dtypes].sort(), ['float32', 'float64']);
  });
}
