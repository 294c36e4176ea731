// The training engine's JS side: option checking with errors that name the
// option, and the Trainer handle. Loaded by activation-lab.mjs; the engine
// itself is C++ (cpp/src/nn), so nothing here computes a network.
import { describe, readXs } from './values.mjs';

const INITS = ['pytorch', 'he', 'constant_bias'];
const OPTIMIZERS = ['sgd', 'adam'];
const OUTPUTS = ['linear', 'none'];
// PyTorch's defaults (torch.optim.SGD requires lr; 0.01 here).
const DEFAULTS = {
  sgd: { lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
  adam: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weight_decay: 0 },
};
const COMMON = ['activation', 'params', 'hidden', 'output', 'init', 'bias', 'optimizer', 'seed', 'batch_size', 'data'];
const DEFAULT_DATA = { target: 'sine', n: 256, xRange: [-1, 1] };
const BORN_DEAD = [
  'activation',
  'params',
  'depth',
  'width',
  'init',
  'bias',
  'inputs',
  'xRange',
  'samples',
  'seed',
  'onProgress',
];
const LOSS_CHUNK = 4096;

const plainObject = (v) =>
  v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function number(name, value, { min = -Infinity, integer = false, max = Infinity } = {}) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a finite number';
    const range = max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` >= ${min}` : '';
    throw new RangeError(`${name} must be ${kind}${range}, got ${describe(value)}`);
  }
  return value;
}

function choice(name, value, choices) {
  if (!choices.includes(value)) {
    throw new RangeError(`${name} must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${describe(value)}`);
  }
  return value;
}

function boolean(name, value) {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

// A float64 copy of an array or typed array (read as readXs reads xs) of
// 1 to maxLength finite numbers.
function finiteArray(name, value, { maxLength }) {
  const input = readXs(value, name);
  if (input.length < 1 || input.length > maxLength) {
    throw new RangeError(`${name} must have 1 to ${maxLength} values, got ${input.length}`);
  }
  const out = Float64Array.from(input.view());
  for (let i = 0; i < out.length; i++) number(`${name}[${i}]`, out[i]);
  return out;
}

function known(what, given, allowed, hint = '') {
  if (!plainObject(given)) throw new TypeError(`${what} must be a plain object, got ${describe(given)}`);
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key)) {
      throw new RangeError(`Unknown ${what} "${key}"${hint}. Valid: ${allowed.join(', ')}`);
    }
  }
}

function range(name, value) {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${name} must be [min, max], got ${describe(value)}`);
  }
  const [lo, hi] = value.map((v, i) => number(`${name}[${i}]`, v));
  if (!(lo < hi)) throw new RangeError(`${name} must have min < max, got [${lo}, ${hi}]`);
  return [lo, hi];
}

function initOptions(o) {
  const init = choice('init', o.init ?? 'pytorch', INITS);
  const bias = number('bias', o.bias ?? 0);
  if (o.bias !== undefined && init !== 'constant_bias') {
    throw new RangeError(`bias is used only with init "constant_bias", not "${init}"`);
  }
  return { init, bias };
}

const seedOf = (value) => number('seed', value ?? 0, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });

/** The core's form of createTrainer's options. `activation(id, params)`
 *  resolves the table entry: {index, values} (it throws for bad ones). */
export function trainerOptions(options, lab, activation) {
  const o = options ?? {};
  const optimizer = choice('optimizer', o.optimizer ?? 'sgd', OPTIMIZERS);
  const defaults = DEFAULTS[optimizer];
  const other = OPTIMIZERS.find((k) => k !== optimizer);
  if (plainObject(o)) {
    for (const key of Object.keys(o)) {
      if (!COMMON.includes(key) && !(key in defaults) && key in DEFAULTS[other]) {
        throw new RangeError(`${key} is an option of optimizer "${other}", not "${optimizer}"`);
      }
    }
  }
  known('option', o, [...COMMON, ...Object.keys(defaults)], ` for optimizer "${optimizer}"`);
  const { limits } = lab;
  const entry = activation(o.activation ?? 'relu', o.params);
  const hidden = o.hidden ?? [64, 64];
  if (!Array.isArray(hidden)) throw new TypeError(`hidden must be an array of layer widths, got ${describe(hidden)}`);
  if (hidden.length < 1 || hidden.length > limits.maxHiddenLayers) {
    throw new RangeError(`hidden must have 1 to ${limits.maxHiddenLayers} layers, got ${hidden.length}`);
  }
  hidden.forEach((w, i) => number(`hidden[${i}]`, w, { min: 1, max: limits.maxWidth, integer: true }));
  const output = choice('output', o.output ?? 'linear', OUTPUTS);
  if (output === 'none' && hidden[hidden.length - 1] !== 1) {
    throw new RangeError('output "none" needs a last hidden layer of 1 unit: it is the output');
  }
  const value = (key) => (o[key] === undefined ? defaults[key] : o[key]);
  const core = {
    activation: entry.index,
    params: entry.values,
    hidden: [...hidden],
    output,
    ...initOptions(o),
    optimizer,
    lr: number('lr', value('lr'), { min: 0 }),
    weight_decay: number('weight_decay', value('weight_decay'), { min: 0 }),
    momentum: 0,
    dampening: 0,
    nesterov: false,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    amsgrad: false,
    seed: seedOf(o.seed),
    batch_size: number('batch_size', o.batch_size ?? 0, { min: 0, max: limits.maxPoints, integer: true }),
  };
  if (optimizer === 'sgd') {
    core.momentum = number('momentum', value('momentum'), { min: 0 });
    core.dampening = number('dampening', value('dampening'));
    core.nesterov = boolean('nesterov', value('nesterov'));
    if (core.nesterov && (core.momentum <= 0 || core.dampening !== 0)) {
      throw new RangeError('nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)');
    }
  } else {
    const betas = value('betas');
    if (!Array.isArray(betas) || betas.length !== 2)
      throw new TypeError(`betas must be [beta1, beta2], got ${describe(betas)}`);
    [core.beta1, core.beta2] = betas.map((b, i) => number(`betas[${i}]`, b, { min: 0 }));
    if (core.beta1 >= 1 || core.beta2 >= 1) throw new RangeError(`betas must both be in [0, 1), got [${betas}]`);
    core.eps = number('eps', value('eps'), { min: 0 });
    core.amsgrad = boolean('amsgrad', value('amsgrad'));
  }
  const data = o.data ?? DEFAULT_DATA;
  if (!plainObject(data)) throw new TypeError(`data must be {target, n, xRange} or {x, y}, got ${describe(data)}`);
  if ('x' in data || 'y' in data) {
    known('data field', data, ['x', 'y']);
    core.x = finiteArray('data.x', data.x, { maxLength: limits.maxPoints });
    core.y = finiteArray('data.y', data.y, { maxLength: limits.maxPoints });
    if (core.x.length !== core.y.length) {
      throw new RangeError(`data.x and data.y must have the same length, got ${core.x.length} and ${core.y.length}`);
    }
  } else {
    known('data field', data, ['target', 'n', 'xRange']);
    core.target = choice(
      'data.target',
      data.target ?? DEFAULT_DATA.target,
      lab.targets.map((t) => t.id),
    );
    core.n = number('data.n', data.n ?? DEFAULT_DATA.n, { min: 1, max: limits.maxPoints, integer: true });
    [core.xMin, core.xMax] = range('data.xRange', data.xRange ?? DEFAULT_DATA.xRange);
  }
  const points = core.x ? core.x.length : core.n;
  if (core.batch_size > points) {
    throw new RangeError(`batch_size must be at most the number of points (${points}), or 0 for full batch`);
  }
  return core;
}

/** The core's form of bornDead's options, and the run's size. */
export function bornDeadOptions(options, lab, activation) {
  const o = options ?? {};
  known('option', o, BORN_DEAD);
  const entry = activation(o.activation ?? 'relu', o.params);
  const [xMin, xMax] = range('xRange', o.xRange ?? [-1, 1]);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new TypeError(`onProgress must be a function, got ${describe(o.onProgress)}`);
  }
  return {
    activation: entry.index,
    params: entry.values,
    depth: number('depth', o.depth ?? 1, { min: 1, max: lab.limits.maxBornDeadDepth, integer: true }),
    width: number('width', o.width ?? 2, { min: 1, max: lab.limits.maxWidth, integer: true }),
    ...initOptions(o),
    inputs: number('inputs', o.inputs ?? 256, { min: 1, max: lab.limits.maxPoints, integer: true }),
    xMin,
    xMax,
    samples: number('samples', o.samples ?? 1000, { min: 1, max: 1e7, integer: true }),
    seed: seedOf(o.seed),
    onProgress: o.onProgress,
  };
}

// Trainers that were never disposed are freed when collected.
const unreleased = new FinalizationRegistry(({ core, handle }) => core.trainerDestroy(handle));

/** A network being trained; see createTrainer in activation-lab.d.ts. */
export class Trainer {
  #core;
  #handle;
  #token = {};
  #data = null;

  constructor(core, handle) {
    this.#core = core;
    this.#handle = handle;
    unreleased.register(this, { core, handle }, this.#token);
  }

  #live() {
    if (!this.#handle) throw new Error('This trainer has been disposed');
    return this.#handle;
  }

  /** n optimiser steps; the loss before each, as a PyTorch loop records it. */
  step(n = 1) {
    number('n', n, { min: 0, max: 1e9, integer: true });
    const handle = this.#live();
    const core = this.#core;
    const losses = new Float64Array(n);
    const chunk = Math.min(n, LOSS_CHUNK);
    if (!chunk) return losses;
    const pointer = core._malloc(8 * chunk);
    try {
      for (let start = 0; start < n; start += chunk) {
        const m = Math.min(chunk, n - start);
        core.trainerSteps(handle, m, pointer);
        losses.set(core.HEAPF64.subarray(pointer / 8, pointer / 8 + m), start);
      }
    } finally {
      core._free(pointer);
    }
    return losses;
  }

  /** Steps taken since creation or reset (cheap: stats() runs a forward pass). */
  get steps() {
    return this.#core.trainerStepCount(this.#live());
  }

  /** Loss, dead and saturated units per layer and per unit, at the current weights. */
  stats() {
    return this.#core.trainerStats(this.#live());
  }

  /** The network's output at each x. */
  predict(xs) {
    const handle = this.#live();
    const input = readXs(xs);
    const x = input.tag === 'Float64Array' ? input.view() : Float64Array.from(input.view());
    const core = this.#core;
    const out = new Float64Array(x.length);
    if (!x.length) return out;
    const pointer = core._malloc(16 * x.length);
    try {
      core.HEAPF64.set(x, pointer / 8);
      core.trainerPredict(handle, pointer, pointer + 8 * x.length, x.length);
      out.set(core.HEAPF64.subarray(pointer / 8 + x.length, pointer / 8 + 2 * x.length));
    } finally {
      core._free(pointer);
    }
    return out;
  }

  /** [{in, out, weight (out x in, row-major, as nn.Linear), bias}] per layer. */
  weights() {
    return this.#core.trainerWeights(this.#live());
  }

  /** Replace the weights (same shapes); clears the optimiser's state. */
  setWeights(layers) {
    const handle = this.#live();
    if (!Array.isArray(layers)) throw new TypeError(`weights must be an array of layers, got ${describe(layers)}`);
    const copy = layers.map((l, i) => {
      if (!plainObject(l)) throw new TypeError(`weights[${i}] must be {in, out, weight, bias}, got ${describe(l)}`);
      return {
        in: number(`weights[${i}].in`, l.in, { min: 1, integer: true }),
        out: number(`weights[${i}].out`, l.out, { min: 1, integer: true }),
        weight: finiteArray(`weights[${i}].weight`, l.weight, { maxLength: 1 << 20 }),
        bias: finiteArray(`weights[${i}].bias`, l.bias, { maxLength: 1 << 20 }),
      };
    });
    const problem = this.#core.trainerSetWeights(handle, copy);
    if (problem) throw new RangeError(problem);
  }

  /** Back to the seed's initial weights, step 0. */
  reset() {
    this.#core.trainerReset(this.#live());
  }

  /** Every value of one forward and backward pass over all training points. */
  trace() {
    return this.#core.trainerTrace(this.#live());
  }

  /** The training points {x, y}. */
  get data() {
    this.#data ??= Object.freeze(this.#core.trainerData(this.#live()));
    return this.#data;
  }

  dispose() {
    if (!this.#handle) return;
    unreleased.unregister(this.#token);
    this.#core.trainerDestroy(this.#handle);
    this.#handle = 0;
  }

  [Symbol.dispose]() {
    this.dispose();
  }
}

/** The born-dead experiment in chunks, reporting progress after each. */
export function runBornDead(core, options) {
  const { samples, onProgress, ...spec } = options;
  const chunk = Math.max(1, Math.min(samples, 250));
  let dead = 0;
  for (let first = 0; first < samples; first += chunk) {
    const count = Math.min(chunk, samples - first);
    const r = core.bornDead(spec, first, count);
    if (r.error) throw new RangeError(r.error);
    dead += r.bornDead;
    onProgress?.((first + count) / samples);
  }
  const p = dead / samples;
  return { samples, bornDead: dead, probability: p, standardError: Math.sqrt((p * (1 - p)) / samples) };
}
