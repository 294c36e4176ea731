// The kernel benchmark itself (issue #11), the same file in Node and in the
// browser (bench/bundle.mjs bundles it for each). For each size n, one
// interleaved measurement (bench/measure.mjs) of every contender at that
// size, so that every ratio the goals need is between samples taken side by
// side:
//   (a) our kernel alone, on buffers already in the wasm heap (the core's
//       apply_batch export, called as the API calls it);
//   (b) end to end through the API, lab.evaluate(id, xs, params), with and
//       without {out};
//   (c) one call at n = 1 (its own measurement);
// against TypedArray.prototype.set (one copy, and in + out: the least any
// copy-in, copy-out API can do), a plain JS loop, tfjs-wasm (op alone, and
// op + dataSync()) and tfjs-cpu (op + dataSync()). Inputs: uniform on
// [-10, 10]. One unit of work = one call on n values.
import * as tf from '@tensorflow/tfjs-core';
import { loadActivationLab } from 'activation-lab';
import { FUNCTIONS, GOAL_N, SWEPT } from './kernels-list.mjs';
import { measure } from './measure.mjs';
import { initTfjs } from './tfjs-setup.mjs';

const byName = Object.fromEntries(FUNCTIONS.map((f) => [f.name, f]));
// The plain JS loops (the same formula as the kernel, into a given array).
const JS_LOOPS = {
  relu: (xs, out) => {
    for (let i = 0; i < xs.length; i++) out[i] = xs[i] > 0 ? xs[i] : 0;
  },
  sigmoid: (xs, out) => {
    for (let i = 0; i < xs.length; i++) out[i] = 1 / (1 + Math.exp(-xs[i]));
  },
};
const DTYPES = { float32: Float32Array, float64: Float64Array };

// n values uniform on [-10, 10] (a fixed LCG: the same inputs every run).
function uniform(n) {
  const xs = new Float64Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    xs[i] = -10 + (20 * s) / 2 ** 32;
  }
  return xs;
}

async function loadCore(coreUrl) {
  const { default: create } = await import(/* webpackIgnore: true */ coreUrl);
  const wasmUrl = new URL('activation_lab_core.wasm', new URL(coreUrl, globalThis.location?.href)).href;
  if (typeof process === 'object' && process.versions?.node) {
    const { readFile } = process.getBuiltinModule('node:fs/promises');
    return create({ wasmBinary: await readFile(new URL(wasmUrl)) });
  }
  return create({ locateFile: () => wasmUrl });
}

// Case (a): the core's export on x and y in its heap, with the parameters
// the API would pass (checked once, here).
class Kernels {
  constructor(core, lab) {
    this.core = core;
    this.ids = lab.activations.map((a) => a.id);
    this.lab = lab;
    core._apply_batch(-1, 0, 64, 0, 0, 0, 0); // the export wrapper replaces itself with the raw function
    this.apply = core._apply_batch;
    this.buffers = {};
  }

  // x (holding the input) and y in each dtype, shared by every contender
  // of one size. inputs: {float32: Float32Array, float64: Float64Array}.
  reserve(inputs) {
    this.free();
    for (const [dtype, xs] of Object.entries(inputs)) {
      const size = DTYPES[dtype].BYTES_PER_ELEMENT;
      const x = this.core._malloc(size * xs.length);
      const y = this.core._malloc(size * xs.length);
      if (!x || !y) throw new Error(`cannot allocate 2 x ${size * xs.length} bytes in the wasm heap`);
      this.buffers[dtype] = { x, y };
      // After both allocations: growth replaces the views.
      (dtype === 'float32' ? this.core.HEAPF32 : this.core.HEAPF64).set(xs, x / size);
    }
  }

  free() {
    for (const { x, y } of Object.values(this.buffers)) {
      this.core._free(x);
      this.core._free(y);
    }
    this.buffers = {};
  }

  contender(fn, dtype, n, kind = 0) {
    const index = this.ids.indexOf(fn.id ?? fn.name);
    const meta = this.lab.activation(fn.id ?? fn.name);
    const precision = dtype === 'float32' ? 32 : 64;
    const params = this.core._malloc(8 * this.core.maxParams);
    const values = meta.params.map((p) => {
      const v = fn.params?.[p.name] ?? p.default;
      return p.choices ? p.choices.indexOf(v) : v;
    });
    this.core.HEAPF64.fill(0, params / 8, params / 8 + this.core.maxParams);
    this.core.HEAPF64.set(values, params / 8);
    const problem = this.core.validateParams(index, params, precision);
    if (problem) throw new Error(`${fn.name}: ${problem}`);
    const { apply } = this;
    let x = 0;
    let y = 0;
    return {
      prepare: () => {
        ({ x, y } = this.buffers[dtype]);
      },
      run: (k) => {
        for (let i = 0; i < k; i++) if (!apply(index, kind, precision, x, y, n, params)) throw new Error(fn.name);
      },
    };
  }
}

// tfjs contenders on their own input tensor, made under their backend on
// first use (a tensor used under the other backend would be moved, inside
// the timing). mode: 'op' (the op alone), 'sync' (op + dataSync()) or
// 'fresh' (tensor1d from the array + op + dataSync(): copy in, op, copy
// out, what lab.evaluate does).
function tfjsContender(backend, [op, ...args], xs32, mode) {
  let input = null;
  return {
    prepare: async () => {
      await tf.setBackend(backend);
      input ??= tf.tensor1d(xs32, 'float32');
    },
    run: (k) => {
      for (let i = 0; i < k; i++) {
        const x = mode === 'fresh' ? tf.tensor1d(xs32, 'float32') : input;
        const y = tf[op](x, ...args);
        if (mode !== 'op') y.dataSync();
        y.dispose();
        if (x !== input) x.dispose();
      }
    },
    dispose: () => input?.dispose(),
  };
}

// Every contender at size n, as {name, fn, dtype, case, impl, ...contender}.
function contendersAt(n, { lab, kernels, sweptOnly }) {
  const list = [];
  const add = (fields, contender) => list.push({ ...fields, ...contender });
  const xs64 = uniform(n);
  const inputs = { float64: xs64, float32: Float32Array.from(xs64) };
  kernels.reserve(inputs);
  for (const [dtype, Type] of Object.entries(DTYPES)) {
    const src = inputs[dtype];
    const mid = new Type(n);
    const dst = new Type(n);
    add({ fn: '-', dtype, case: 'copy', impl: 'set' }, { run: (k) => repeat(k, () => dst.set(src)) });
    const inOut = () => {
      mid.set(src);
      dst.set(mid);
    };
    add({ fn: '-', dtype, case: 'copy in+out', impl: 'set' }, { run: (k) => repeat(k, inOut) });
  }

  // What each goal needs, and the sweep; no more (every contender costs
  // about 0.6 s of the run, whatever n).
  const atGoal = n === GOAL_N && !sweptOnly;
  const names = atGoal ? FUNCTIONS.map((f) => f.name) : SWEPT;
  const relus = n >= GOAL_N && !sweptOnly ? FUNCTIONS.filter((f) => f.group === 'relu').map((f) => f.name) : [];
  for (const name of new Set([...names, ...relus])) {
    const fn = byName[name];
    const id = fn.id ?? fn.name;
    const swept = SWEPT.includes(name);
    for (const [dtype, Type] of Object.entries(DTYPES)) {
      // float64 kernels where the goals compare them with float32 (at
      // GOAL_N) and along the sweep.
      if (dtype === 'float64' && !(atGoal || swept)) continue;
      add({ fn: name, dtype, case: 'kernel', impl: 'ours' }, kernels.contender(fn, dtype, n));
      const xs = inputs[dtype];
      const out = new Type(n);
      const options = { out };
      // End to end: along the sweep in both dtypes (relu's float64 too, for
      // the with-out goal), and against tfjs's op + dataSync() at GOAL_N.
      const endToEnd =
        (swept && (dtype === 'float32' || name === 'relu')) || (atGoal && fn.tfjs && dtype === 'float32');
      if (endToEnd) {
        add(
          { fn: name, dtype, case: 'api', impl: 'ours' },
          { run: (k) => repeat(k, () => lab.evaluate(id, xs, fn.params)) },
        );
      }
      if (swept && endToEnd) {
        add(
          { fn: name, dtype, case: 'api out', impl: 'ours' },
          { run: (k) => repeat(k, () => lab.evaluate(id, xs, fn.params, options)) },
        );
      }
      if (JS_LOOPS[name] && dtype === 'float32') {
        add({ fn: name, dtype, case: 'loop', impl: 'js' }, { run: (k) => repeat(k, () => JS_LOOPS[name](xs, out)) });
      }
    }
    if (fn.tfjs && (swept || atGoal)) {
      // The op alone where a goal compares kernels with it.
      if (swept || ['tanh', 'softplus'].includes(name)) {
        add(
          { fn: name, dtype: 'float32', case: 'op', impl: 'tfjs-wasm' },
          tfjsContender('wasm', fn.tfjs, inputs.float32, 'op'),
        );
      }
      add(
        { fn: name, dtype: 'float32', case: 'op+dataSync', impl: 'tfjs-wasm' },
        tfjsContender('wasm', fn.tfjs, inputs.float32, 'sync'),
      );
      if (swept) {
        add(
          { fn: name, dtype: 'float32', case: 'tensor+op+dataSync', impl: 'tfjs-wasm' },
          tfjsContender('wasm', fn.tfjs, inputs.float32, 'fresh'),
        );
        add(
          { fn: name, dtype: 'float32', case: 'op+dataSync', impl: 'tfjs-cpu' },
          tfjsContender('cpu', fn.tfjs, inputs.float32, 'sync'),
        );
      }
    }
  }
  return list.map((c) => ({ ...c, name: `${c.impl} ${c.fn} ${c.dtype} ${c.case}` }));
}

function repeat(k, f) {
  for (let i = 0; i < k; i++) f();
}

// Case (c): one call at n = 1, through the API (without and with out, with
// parameters the cache has seen) and its peers.
function singleCalls({ lab, kernels }) {
  const x64 = new Float64Array([0.5]);
  const x32 = new Float32Array([0.5]);
  const out64 = { out: new Float64Array(1) };
  const slope = { negative_slope: 0.2 };
  kernels.reserve({ float64: x64 });
  const list = [
    ['ours relu float64 api', () => lab.evaluate('relu', x64)],
    ['ours relu float32 api', () => lab.evaluate('relu', x32)],
    ['ours relu float64 api out', () => lab.evaluate('relu', x64, undefined, out64)],
    ['ours leaky_relu float64 api params', () => lab.evaluate('leaky_relu', x64, slope)],
    ['js Math.max', () => Math.max(0, x64[0])],
  ].map(([name, f]) => ({ name, run: (k) => repeat(k, f) }));
  list.push({ name: 'ours relu float64 kernel', ...kernels.contender(byName.relu, 'float64', 1) });
  list.push({ name: 'tfjs-wasm relu float32 op+dataSync', ...tfjsContender('wasm', byName.relu.tfjs, x32, 'sync') });
  return list;
}

/**
 * Runs every size; returns {tfjs, sizes: [{n, results}], single: results},
 * results being measure()'s entries (calls/s) with the contender's fields.
 */
export async function runKernelSuite({
  coreUrl,
  wasmPaths,
  wasmFiles,
  sizes,
  sweptOnly = false,
  measureOptions,
  log = () => {},
}) {
  const tfjs = await initTfjs({ wasmPaths, wasmFiles });
  const lab = await loadActivationLab();
  const kernels = new Kernels(await loadCore(coreUrl), lab);
  const tensorsBefore = tf.memory().numTensors;
  const out = { tfjs, sizes: [] };
  const fields = ({ name, fn, dtype, case: c, impl }) => ({ name, fn, dtype, case: c, impl });
  for (const n of sizes) {
    const contenders = contendersAt(n, { lab, kernels, sweptOnly });
    log(`  n = ${n}: ${contenders.length} contenders`);
    const results = await measure(contenders, measureOptions);
    out.sizes.push({ n, results: results.map((r, i) => ({ ...fields(contenders[i]), ...r })) });
    for (const c of contenders) c.dispose?.();
    kernels.free();
  }
  log('  n = 1: one call');
  const single = singleCalls({ lab, kernels });
  out.single = (await measure(single, measureOptions)).map((r) => ({ ...r }));
  for (const c of single) c.dispose?.();
  kernels.free();
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked > 0) throw new Error(`tfjs leaked ${leaked} tensors`);
  return out;
}
