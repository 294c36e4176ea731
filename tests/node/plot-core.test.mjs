// The plots' core (build/wasm/activation_lab_plot.wasm, CMakeLists.txt), which
// the explorer and the widget run: the JS API built against it as
// scripts/build-web.mjs builds their bundles (scripts/plot-core.mjs) gives
// the whole core's bits for every golden case, and says it cannot train.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { build } from 'esbuild';
import { loadActivationLab } from 'activation-lab';
import { plotCore } from '../../scripts/plot-core.mjs';
import { loadGolden, numbers } from './golden.mjs';

// Beside the plots' wasm, which the API finds next to itself.
const bundle = new URL('../../build/wasm/plot-core-test.mjs', import.meta.url);
const { outputFiles } = await build({
  entryPoints: ['dist/lib/activation-lab.mjs'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  outfile: bundle.pathname,
  plugins: [plotCore],
  logLevel: 'warning',
});
writeFileSync(bundle, outputFiles[0].contents);
after(() => rmSync(bundle, { force: true }));

const whole = await loadActivationLab();
const plots = await (await import(bundle.href)).loadActivationLab();
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('the plots’ core is its own instance, without the training engine', () => {
  assert.notEqual(plots, whole);
  assert.deepEqual(
    plots.activations.map((a) => a.id),
    whole.activations.map((a) => a.id),
  );
  assert.deepEqual(plots.lab, whole.lab, 'the presets and limits (the Embed dialog links to the lab with them)');
  assert.throws(() => plots.createTrainer({}), /no training engine/);
  assert.throws(() => plots.bornDead({}), /no training engine/);
});

for (const activation of whole.activations) {
  test(`${activation.id}: the plots' core gives the whole core's bits`, () => {
    for (const c of loadGolden(activation.id).cases) {
      const x = numbers(c.x, c.dtype === 'float32' ? Float32Array : Float64Array);
      const params = Object.fromEntries(
        activation.params.map((p) => [p.name, p.choices ? p.choices[c.params[p.name]] : c.params[p.name]]),
      );
      for (const kind of ['evaluate', 'gradient']) {
        assert.ok(
          bytes(plots[kind](activation.id, x, params)).equals(bytes(whole[kind](activation.id, x, params))),
          kind,
        );
      }
      assert.deepEqual(plots.kinks(activation.id, params), whole.kinks(activation.id, params));
    }
  });
}
