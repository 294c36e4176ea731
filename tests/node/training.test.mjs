// The training engine through the JS API: the same bits as the native
// build, errors that name the option, no leaks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';

const lab = await loadActivationLab();
const NATIVE = new URL('../../build/native/activation_lab_nn', import.meta.url).pathname;

// The native CLI's run of the same network: losses as %a, then the dead
// units, then the final weights.
function native(options) {
  const args = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  const lines = execFileSync(NATIVE, ['train', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .trim()
    .split('\n');
  const weights = JSON.parse(lines.pop());
  lines.pop(); // dead units
  return { losses: lines.map(parseHexFloat), weights };
}

// C's %a ("0x1.8p-1", "-0x0p+0", "inf", "nan") back to a double, exactly.
function parseHexFloat(text) {
  if (/nan/.test(text)) return NaN;
  if (/inf/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const m = /^(-?)0x([01])\.?([0-9a-f]*)p([+-]\d+)$/.exec(text);
  assert.ok(m, `not a hex float: ${text}`);
  const mantissa = BigInt(`0x${m[2]}${m[3]}`);
  const value = Number(mantissa) * 2 ** (Number(m[4]) - 4 * m[3].length);
  return m[1] ? -value : value;
}

const same = (a, b) => Object.is(a, b) || (a === b && 1 / a === 1 / b);

test(
  'the same seed gives bit-identical losses and weights natively and in wasm over 1,000 steps (ReLU family)',
  {
    skip: !existsSync(NATIVE) && 'native build missing (npm test builds it)',
  },
  () => {
    for (const activation of ['relu', 'leaky_relu', 'relu6', 'hardtanh', 'prelu']) {
      for (const optimizer of [
        { optimizer: 'sgd', lr: 0.05, momentum: 0.9 },
        { optimizer: 'adam', lr: 0.01 },
      ]) {
        const { optimizer: kind, ...rest } = optimizer;
        const expected = native({ activation, hidden: '16,16', n: 64, seed: 5, steps: 1000, optimizer: kind, ...rest });
        const t = lab.createTrainer({
          activation,
          hidden: [16, 16],
          data: { target: 'sine', n: 64 },
          seed: 5,
          ...optimizer,
        });
        const losses = t.step(1000);
        const name = `${activation} ${kind}`;
        assert.equal(expected.losses.length, 1000, name);
        for (let i = 0; i < 1000; i++)
          assert.ok(same(losses[i], expected.losses[i]), `${name} step ${i}: ${losses[i]} vs ${expected.losses[i]}`);
        const weights = t.weights();
        expected.weights.forEach((layer, l) => {
          assert.deepEqual(Array.from(weights[l].weight), layer.weight, `${name} layer ${l}`);
          assert.deepEqual(Array.from(weights[l].bias), layer.bias, `${name} layer ${l}`);
        });
        t.dispose();
      }
    }
  },
);

test('bornDead counts what the native build counts', { skip: !existsSync(NATIVE) && 'native build missing' }, () => {
  const counts = execFileSync(NATIVE, ['born', 'depth=8', 'width=3', 'samples=500', 'seed=9'], { encoding: 'utf8' });
  const [dead, samples] = counts.trim().split(' ').map(Number);
  const progress = [];
  const r = lab.bornDead({ depth: 8, width: 3, samples: 500, seed: 9, onProgress: (f) => progress.push(f) });
  assert.equal(r.bornDead, dead);
  assert.equal(r.samples, samples);
  assert.equal(r.probability, dead / samples);
  assert.ok(Math.abs(r.standardError - Math.sqrt((r.probability * (1 - r.probability)) / samples)) < 1e-15);
  assert.equal(progress.at(-1), 1);
  assert.ok(progress.length >= 2 && progress.every((f, i) => i === 0 || f > progress[i - 1]));
  assert.equal(lab.bornDead({ activation: 'leaky_relu', depth: 20, width: 2, samples: 300 }).bornDead, 0);
});

test('a trainer steps, reports, predicts, and resets to its seed', () => {
  const t = lab.createTrainer({ hidden: [8, 8], data: { target: 'abs', n: 32 }, seed: 3, optimizer: 'adam', lr: 0.01 });
  const before = t.stats();
  assert.equal(before.step, 0);
  assert.equal(before.layers.length, 2);
  assert.equal(before.units.length, 16);
  assert.ok(before.units instanceof Uint8Array);
  const losses = t.step(100);
  assert.equal(losses.length, 100);
  assert.ok(losses[99] < losses[0] / 2, `${losses[0]} -> ${losses[99]}`);
  const after = t.stats();
  assert.equal(after.step, 100);
  assert.equal(t.steps, 100);
  assert.ok(after.layers.every((l) => l.gradNorm > 0 && l.updateNorm > 0));
  // predict on the training points is the output the loss is computed from.
  const trace = t.trace();
  const y = t.predict(t.data.x);
  assert.deepEqual(Array.from(y), Array.from(trace.output));
  const mse = trace.output.reduce((s, v, i) => s + (v - t.data.y[i]) ** 2, 0) / 32;
  assert.ok(Math.abs(mse - after.loss) < 1e-15);
  t.reset();
  assert.equal(t.stats().step, 0);
  assert.equal(t.steps, 0);
  assert.deepEqual(Array.from(t.step(100)), Array.from(losses));
  t.dispose();
});

test('trace: per-point dL/dz of a single unit sums to its gradient', () => {
  const t = lab.createTrainer({
    activation: 'leaky_relu',
    hidden: [1],
    output: 'none',
    optimizer: 'sgd',
    lr: 0.1,
    data: { x: [-1, -0.5, 0.5, 1], y: [0, 0, 0.5, 1] },
  });
  t.setWeights([{ in: 1, out: 1, weight: [0.5], bias: [-2] }]);
  const { layers, gradient, x } = t.trace();
  assert.ok(layers[0].z.every((z) => z < 0));
  assert.ok(layers[0].slope.every((s) => s === 0.01));
  const dw = layers[0].dz.reduce((s, d, i) => s + d * x[i], 0);
  const db = layers[0].dz.reduce((s, d) => s + d, 0);
  assert.ok(Math.abs(dw - gradient[0].weight[0]) < 1e-15 && Math.abs(db - gradient[0].bias[0]) < 1e-15);
  // One SGD step moves w by -lr * dL/dw.
  t.step(1);
  const w = t.weights()[0];
  assert.ok(Math.abs(w.weight[0] - (0.5 - 0.1 * gradient[0].weight[0])) < 1e-15);
  // The same unit with ReLU is dead: no gradient, no change.
  const relu = lab.createTrainer({ activation: 'relu', hidden: [1], output: 'none', data: { x: [-1, 1], y: [0, 1] } });
  relu.setWeights([{ in: 1, out: 1, weight: [0.5], bias: [-2] }]);
  assert.equal(relu.trace().gradient[0].weight[0], 0);
  relu.step(5);
  assert.deepEqual(Array.from(relu.weights()[0].weight), [0.5]);
  assert.equal(relu.stats().deadLayer, 0);
  t.dispose();
  relu.dispose();
});

test('bad options: a TypeError or RangeError that names the option', () => {
  const cases = [
    [{ activation: 'nope' }, RangeError, /nope/],
    [{ params: { negative_slope: 1 } }, RangeError, /negative_slope/],
    [{ activation: 'celu', params: { alpha: 0 } }, RangeError, /alpha/],
    [{ hidden: 64 }, TypeError, /hidden/],
    [{ hidden: [] }, RangeError, /hidden/],
    [{ hidden: Array(13).fill(2) }, RangeError, /hidden/],
    [{ hidden: [2.5] }, RangeError, /hidden\[0\]/],
    [{ hidden: [129] }, RangeError, /hidden\[0\]/],
    [{ output: 'none' }, RangeError, /output/],
    [{ init: 'xavier' }, RangeError, /init/],
    [{ bias: -1 }, RangeError, /bias/],
    [{ init: 'constant_bias', bias: Infinity }, RangeError, /bias/],
    [{ optimizer: 'rmsprop' }, RangeError, /optimizer/],
    [{ lr: -0.1 }, RangeError, /lr/],
    [{ lr: '0.1' }, TypeError, /lr/],
    [{ lr: NaN }, RangeError, /lr/],
    [{ momentum: -1 }, RangeError, /momentum/],
    [{ nesterov: true }, RangeError, /nesterov/],
    [{ nesterov: 1, momentum: 0.9 }, TypeError, /nesterov/],
    [{ betas: [0.9, 0.999] }, RangeError, /betas is an option of optimizer "adam"/],
    [{ optimizer: 'adam', momentum: 0.9 }, RangeError, /momentum is an option of optimizer "sgd"/],
    [{ optimizer: 'adam', betas: [0.9, 1] }, RangeError, /betas/],
    [{ optimizer: 'adam', betas: 0.9 }, TypeError, /betas/],
    [{ optimizer: 'adam', eps: -1 }, RangeError, /eps/],
    [{ seed: -1 }, RangeError, /seed/],
    [{ seed: 2 ** 53 }, RangeError, /seed/],
    [{ batch_size: 1000 }, RangeError, /batch_size/],
    [{ data: { target: 'zigzag' } }, RangeError, /data.target/],
    [{ data: { n: 0 } }, RangeError, /data.n/],
    [{ data: { xRange: [1, -1] } }, RangeError, /data.xRange/],
    [{ data: { x: [1, 2], y: [1] } }, RangeError, /same length/],
    [{ data: { x: [1, NaN], y: [1, 2] } }, RangeError, /data.x\[1\]/],
    [{ data: { x: [1], y: ['a'] } }, TypeError, /data.y\[0\]/],
    [{ data: { x: [1], y: [1], n: 3 } }, RangeError, /data field "n"/],
    [{ learning_rate: 0.1 }, RangeError, /learning_rate/],
    ['fast', TypeError, /option/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => lab.createTrainer(options),
      (e) => e instanceof type && message.test(e.message),
      JSON.stringify(options),
    );
  }
  for (const [options, message] of [
    [{ depth: 0 }, /depth/],
    [{ width: 200 }, /width/],
    [{ samples: 0 }, /samples/],
    [{ xRange: [0, 0] }, /xRange/],
    [{ onProgress: 1 }, /onProgress/],
    [{ hidden: [2] }, /hidden/],
  ]) {
    assert.throws(() => lab.bornDead(options), message, JSON.stringify(options));
  }
  const t = lab.createTrainer({ hidden: [2] });
  const [first, second] = t.weights();
  assert.throws(() => t.setWeights([{ in: 1, out: 3, weight: [1, 2, 3], bias: [0, 0, 0] }, second]), /weights\[0\]/);
  assert.throws(() => t.setWeights([first]), /weights must have 2 layers/);
  assert.throws(() => t.setWeights([{}, second]), /weights\[0\]/);
  assert.throws(() => t.step(-1), /n must/);
  assert.throws(() => t.predict('1,2'), TypeError);
  t.dispose();
  t.dispose(); // twice is harmless
  assert.throws(() => t.step(), /disposed/);
});

test('10,000 create/dispose cycles leave the wasm heap flat', () => {
  const cycle = () => {
    const t = lab.createTrainer({ hidden: [16, 16], data: { target: 'sine', n: 64 } });
    t.step(1);
    t.stats();
    t.trace();
    t[Symbol.dispose]();
  };
  for (let i = 0; i < 100; i++) cycle(); // warm-up
  const before = lab.heapBytes;
  for (let i = 0; i < 10000; i++) cycle();
  // Each trainer holds ~60 KB of heap: a leak would grow it by ~600 MB.
  assert.equal(lab.heapBytes, before);
});

test('presets and targets come from the core', () => {
  assert.deepEqual(
    lab.lab.presets.map((p) => p.id),
    ['high_lr', 'negative_bias', 'deep_narrow', 'healthy'],
  );
  for (const p of lab.lab.presets) {
    assert.ok(p.watch.length > 20 && p.label.length > 3);
    assert.ok(lab.activations.some((a) => a.id === p.a) && lab.activations.some((a) => a.id === p.b));
    assert.ok(lab.lab.targets.some((t) => t.id === p.target));
  }
  assert.ok(lab.lab.targets.length >= 4);
});
