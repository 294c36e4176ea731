// The training benchmark itself, the same file in Node and in the browser
// (bench/bundle.mjs bundles it for each): the default network of the lab
// (1-64-64-1, ReLU, MSE, 256 points of the sine target, full batch), trained
// by the core and by TensorFlow.js (wasm backend, SIMD, one thread; and the
// cpu backend), from the same initial weights with the same optimiser.
// One step = forward + backward + update.
import * as tf from '@tensorflow/tfjs-core';
// The gradients live only in tfjs-core's ES module tree (the union package
// @tensorflow/tfjs imports this file), hence the bundle, in Node too.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { loadActivationLab } from 'activation-lab';
import { measure } from './measure.mjs';
import { initTfjs } from './tfjs-setup.mjs';

export const NETWORK = {
  activation: 'relu',
  hidden: [64, 64],
  seed: 1,
  data: { target: 'sine', n: 256, xRange: [-1, 1] },
};

// torch.optim's defaults where tfjs's differ (tfjs's Adam epsilon is 1e-7).
export const WORKLOADS = [
  { name: 'sgd', label: 'SGD, lr 0.01', optimizer: { optimizer: 'sgd', lr: 0.01 }, tfjs: () => tf.train.sgd(0.01) },
  {
    name: 'adam',
    label: 'Adam, lr 0.001',
    optimizer: { optimizer: 'adam', lr: 0.001, betas: [0.9, 0.999], eps: 1e-8 },
    tfjs: () => tf.train.adam(0.001, 0.9, 0.999, 1e-8),
  },
];

const CHECK_STEPS = 100;

function oursContender(lab, workload) {
  const trainer = lab.createTrainer({ ...NETWORK, ...workload.optimizer });
  return {
    name: 'ours',
    trainer,
    prepare: () => trainer.reset(),
    run: (k) => trainer.step(k),
    // The loss at step 0 and after CHECK_STEPS steps (step() returns the loss before each step).
    check() {
      trainer.reset();
      const losses = trainer.step(CHECK_STEPS + 1);
      return [losses[0], losses[CHECK_STEPS]];
    },
    dispose: () => trainer.dispose(),
  };
}

// The same MLP in tfjs: nn.Linear's weight is out x in, tfjs's matMul wants
// in x out, so each layer's weight is transposed on the way in. fused.matMul
// (matMul + bias + relu in one kernel, with its gradient) is what tf.layers'
// Dense runs.
async function tfjsContender(backend, workload, trainer) {
  await tf.setBackend(backend);
  const { x, y } = trainer.data;
  const xs = tf.tensor2d(Float32Array.from(x), [x.length, 1]);
  const ys = tf.tensor2d(Float32Array.from(y), [y.length, 1]);
  const initial = trainer.weights().map((l) => {
    const w = new Float32Array(l.in * l.out);
    for (let o = 0; o < l.out; o++) for (let i = 0; i < l.in; i++) w[i * l.out + o] = l.weight[o * l.in + i];
    return { w: tf.tensor2d(w, [l.in, l.out]), b: tf.tensor1d(Float32Array.from(l.bias)) };
  });
  const vars = initial.map(({ w, b }) => ({ w: tf.variable(w.clone()), b: tf.variable(b.clone()) }));
  const varList = vars.flatMap((v) => [v.w, v.b]);
  const last = vars.length - 1;
  const loss = () => {
    let h = xs;
    vars.forEach((v, i) => {
      h = tf.fused.matMul({ a: h, b: v.w, bias: v.b, activation: i < last ? 'relu' : 'linear' });
    });
    return tf.losses.meanSquaredError(ys, h);
  };
  let optimizer = null;
  const reset = async () => {
    await tf.setBackend(backend);
    vars.forEach((v, i) => {
      v.w.assign(initial[i].w);
      v.b.assign(initial[i].b);
    });
    optimizer?.dispose();
    optimizer = workload.tfjs(); // a fresh one: Adam's moments back to zero
  };
  // k steps; the cost of the last is read back (dataSync) before the clock
  // stops, so every step has been computed. (wasm and cpu run kernels
  // synchronously anyway.)
  const run = (k) => {
    let cost = null;
    for (let s = 0; s < k; s++) {
      cost?.dispose();
      cost = optimizer.minimize(loss, true, varList);
    }
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  };
  return {
    name: `tfjs-${backend}`,
    prepare: reset,
    run,
    async check() {
      await reset();
      const before = tf.tidy(() => loss().dataSync()[0]);
      run(CHECK_STEPS);
      return [before, tf.tidy(() => loss().dataSync()[0])];
    },
    async dispose() {
      optimizer?.dispose();
      tf.dispose([xs, ys, ...varList, ...initial.flatMap(({ w, b }) => [w, b])]);
    },
    tensors: () => tf.memory().numTensors,
  };
}

/**
 * Runs every workload; returns {tfjs, workloads: [{name, label, results,
 * check}]}. results: measure()'s entries (steps/s); check: each contender's
 * loss at step 0 and after CHECK_STEPS steps, to show it is the same problem.
 */
export async function runTrainingSuite({ wasmPaths, wasmFiles, measureOptions, log = () => {} } = {}) {
  const tfjs = await initTfjs({ wasmPaths, wasmFiles });
  const lab = await loadActivationLab();
  const workloads = [];
  for (const workload of WORKLOADS) {
    log(`  ${workload.label}`);
    const ours = oursContender(lab, workload);
    const contenders = [
      ours,
      await tfjsContender('wasm', workload, ours.trainer),
      await tfjsContender('cpu', workload, ours.trainer),
    ];
    const check = {};
    for (const c of contenders) check[c.name] = await c.check();
    const tensorsBefore = tf.memory().numTensors;
    const results = await measure(contenders, measureOptions);
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked > 0) throw new Error(`tfjs leaked ${leaked} tensors while training`);
    for (const c of contenders) await c.dispose();
    workloads.push({ name: workload.name, label: workload.label, results, check, checkSteps: CHECK_STEPS });
  }
  return { tfjs, workloads };
}
