// Activation Lab's JS API: the C++ core (compiled to WebAssembly) behind a
// small, idiomatic interface. Same code in the browser and in Node 20.
//
//   const lab = await loadActivationLab();
//   lab.evaluate('leaky_relu', [-2, 0, 3]);   // Float64Array [-0.02, 0, 3]
//
// Everything handed back is a plain value or a typed array: nothing to free.
// Bulk data crosses into wasm with one copy in and one copy out through a
// scratch buffer that is reused, so the wasm heap stops growing after warm-up.
import createActivationLabCore from './activation_lab_core.mjs';
import { Trainer, bornDeadOptions, runBornDead, trainerOptions } from './training.mjs';
import { describe, readXs } from './values.mjs';

const WASM_FILE = 'activation_lab_core.wasm';
const KIND = { function: 0, gradient: 1 };
const PRECISION = { float64: 64, float32: 32 };
// Values per pass through the wasm heap: any length is processed in chunks
// of this many, so the scratch buffer (x and y, 2 MiB in float64) is the
// heap's whole cost whatever the input.
const CHUNK = 2 ** 17;

let shared = null;

/** One shared instance per JS realm; safe to call many times. */
export function loadActivationLab() {
  if (!shared) {
    shared = instantiate().catch((error) => {
      shared = null; // let a later call try again
      throw error;
    });
  }
  return shared;
}

async function instantiate() {
  if (typeof WebAssembly !== 'object') {
    throw new Error('This browser has no WebAssembly support, which Activation Lab needs.');
  }
  const options = {
    locateFile: (path) => (path === WASM_FILE ? wasmUrl() : new URL(path, import.meta.url)).href,
    print: () => {},
    printErr: (text) => console.warn(text),
  };
  if (isNode()) {
    // Emscripten 3.1.6's web loader would fetch() a file path in Node: hand it
    // the bytes instead. getBuiltinModule (Node 20.16+), not import('node:fs'):
    // a bundler building this module for browsers would have to resolve that
    // import, and a minifier drops the webpackIgnore comment that said not to.
    const { readFile } = process.getBuiltinModule('node:fs/promises');
    options.wasmBinary = await readFile(wasmUrl());
  }
  const core = await createActivationLabCore(options);
  return new ActivationLab(core);
}

// The wasm beside this module, spelled as a literal new URL('./…',
// import.meta.url): bundlers (webpack 5, Vite, Parcel) copy the file into
// their output and rewrite the URL; unbundled, or bundled by esbuild, it is
// the file next to the script (the widget's bundle, the CDN's folder).
function wasmUrl() {
  return new URL('./activation_lab_core.wasm', import.meta.url);
}

function isNode() {
  return typeof process === 'object' && process.versions != null && process.versions.node != null;
}

// The first lone UTF-16 surrogate of a string that is not well-formed, as a
// parse error: its code, line and column (in code points, as the core's).
function loneSurrogate(text) {
  let line = 1;
  let column = 1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (high && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      i++; // a pair: one character
    } else if (high || low) {
      const token = `U+${unit.toString(16).toUpperCase()}`;
      const message = `A lone UTF-16 surrogate (${token}) is not a character (line ${line}, column ${column})`;
      return { code: 'not_well_formed', token, line, column, message };
    }
    if (unit === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return null;
}

function deepFreeze(object) {
  for (const value of Object.values(object)) {
    if (value && typeof value === 'object') deepFreeze(value);
  }
  return Object.freeze(object);
}

/** Error thrown by parseValues; carries the parser's code, token and position. */
export class ParseValuesError extends RangeError {
  constructor(detail, help) {
    super(detail.message);
    this.name = 'ParseValuesError';
    this.code = detail.code;
    this.token = detail.token;
    this.line = detail.line;
    this.column = detail.column;
    this.help = help;
  }
}

class ActivationLab {
  #core;
  #entries = new Map(); // id -> { index, meta }
  #params; // pointer to maxParams doubles
  #scratch = 0; // pointer to the reused in/out buffer (2 CHUNKs of float64)

  constructor(core) {
    this.#core = core;
    const table = JSON.parse(core.tableJson());
    this.activations = deepFreeze(
      table.map((entry, index) => {
        const meta = {
          id: entry.id,
          label: entry.label,
          group: entry.group,
          formula: entry.formula,
          gradientFormula: entry.gradientFormula,
          note: entry.note,
          snippets: entry.snippets,
          xRange: entry.xRange,
          reference: entry.reference,
          bitExact: entry.bitExact,
          params: entry.params.map((p) => {
            const param = { name: p.name, default: p.default, min: p.min, max: p.max, step: p.step };
            param.domain = p.domain.map((v, i) => (v === null ? (i ? Infinity : -Infinity) : v));
            if (p.choices) {
              param.choices = p.choices;
              param.default = p.choices[p.default];
            }
            return param;
          }),
        };
        this.#entries.set(entry.id, { index, meta });
        return meta;
      }),
    );
    this.#params = core._malloc(8 * core.maxParams);
    this.parseHelp = core.parseHelp();
    this.maxUlps = core.maxUlps;
    this.pytorchVersion = core.pytorchVersion();
    this.maxValues = core.maxValues;
    // The training engine's targets, presets and limits (cpp/src/nn).
    this.lab = deepFreeze(JSON.parse(core.labJson()));
  }

  /** A network to train: see activation-lab.d.ts for the options. */
  createTrainer(options) {
    const spec = trainerOptions(options, this.lab, (id, params) => this.#resolve(id, params));
    const made = this.#core.trainerCreate(spec);
    if (made.error) throw new RangeError(made.error);
    return new Trainer(this.#core, made.handle);
  }

  /** The fraction of networks born dead, with its standard error. */
  bornDead(options) {
    return runBornDead(
      this.#core,
      bornDeadOptions(options, this.lab, (id, params) => this.#resolve(id, params)),
    );
  }

  // An activation and its valid parameters (float64) for the engine.
  #resolve(id, params) {
    const entry = this.#entry(id);
    const values = this.#paramValues(entry, params);
    this.#writeParams(values);
    this.#check(entry, 64);
    return { index: entry.index, values };
  }

  /** f(x) elementwise. Float32Array in: float32 kernel and Float32Array out. */
  evaluate(id, xs, params) {
    return this.#run(KIND.function, id, xs, params);
  }

  /** f'(x) elementwise, same conventions as evaluate(). */
  gradient(id, xs, params) {
    return this.#run(KIND.gradient, id, xs, params);
  }

  /** Numbers from what a person typed, or a ParseValuesError (a RangeError). */
  parseValues(text) {
    if (typeof text !== 'string') {
      throw new TypeError(`parseValues expects a string, got ${describe(text)}`);
    }
    // Embind would turn a lone surrogate into a character nobody typed.
    if (!text.isWellFormed()) throw new ParseValuesError(loneSurrogate(text), this.parseHelp);
    const result = this.#core.parseValues(text);
    if (!result.ok) throw new ParseValuesError(result, this.parseHelp);
    return result.values;
  }

  /** Table metadata of one activation; RangeError for an unknown id. */
  activation(id) {
    return this.#entry(id).meta;
  }

  /** Why these parameters are invalid for `id` (unknown or mistyped names,
   *  values outside the domain, contradictions), or null when they are
   *  valid, in the dtype they would run in ('float64', or 'float32' for a
   *  Float32Array). Throws only for an unknown id or dtype. */
  checkParams(id, params, dtype = 'float64') {
    const entry = this.#entry(id);
    const precision = Object.hasOwn(PRECISION, dtype) ? PRECISION[dtype] : 0;
    if (!precision) throw new RangeError(`dtype must be "float64" or "float32", got ${describe(dtype)}`);
    try {
      this.#writeParams(this.#paramValues(entry, params));
    } catch (error) {
      return error.message;
    }
    return this.#core.validateParams(entry.index, this.#params, precision) || null;
  }

  /** Sorted x where f or f' is not smooth (kinks, jumps) for these params. */
  kinks(id, params) {
    const entry = this.#entry(id);
    this.#writeParams(this.#paramValues(entry, params));
    this.#check(entry, 64);
    return Float64Array.from(this.#core.kinks(entry.index, this.#params)); // sorted by the core
  }

  #entry(id) {
    const entry = typeof id === 'string' ? this.#entries.get(id) : undefined;
    if (!entry) {
      const valid = [...this.#entries.keys()].join(', ');
      throw new RangeError(
        `Unknown activation ${typeof id === 'string' ? JSON.stringify(id) : describe(id)}. Valid ids: ${valid}`,
      );
    }
    return entry;
  }

  // Parameter values as doubles in table order; throws on unknown names,
  // non-numbers and values outside the domain (checked again by the core).
  #paramValues(entry, params) {
    const { meta, index } = entry;
    const plain =
      params !== null && typeof params === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(params));
    if (params !== undefined && !plain) {
      throw new TypeError(
        `params must be a plain object such as {${meta.params[0]?.name ?? 'name'}: value}, got ${describe(params)}`,
      );
    }
    const given = params ?? {};
    const names = meta.params.map((p) => p.name);
    for (const key of Object.keys(given)) {
      if (!names.includes(key)) {
        const valid = names.length ? names.join(', ') : 'none (it has no parameters)';
        throw new RangeError(`Unknown parameter "${key}" for ${meta.id}. Valid parameters: ${valid}`);
      }
    }
    // Each value is read exactly once, into a snapshot the caller returns to
    // #writeParams: a getter that calls the API itself cannot change what
    // this call uses.
    const values = new Array(this.#core.maxParams).fill(0);
    meta.params.forEach((p, i) => {
      const own = Object.hasOwn(given, p.name) ? given[p.name] : undefined;
      const value = own === undefined ? p.default : own;
      if (p.choices) {
        const choice = p.choices.indexOf(value);
        if (choice < 0) {
          throw new RangeError(
            `${meta.id} parameter ${p.name} must be one of ${p.choices.map((c) => `"${c}"`).join(', ')}, got ${describe(value)}`,
          );
        }
        values[i] = choice;
        return;
      }
      if (typeof value !== 'number') {
        throw new TypeError(`${meta.id} parameter ${p.name} must be a number, got ${describe(value)}`);
      }
      values[i] = value;
    });
    return values;
  }

  // Into the shared buffer the core reads, once nothing of the caller's can
  // run any more.
  #writeParams(values) {
    const heap = this.#core.HEAPF64;
    const base = this.#params / 8;
    for (let i = 0; i < values.length; i++) heap[base + i] = values[i];
  }

  // Cross-parameter and domain checks of the core, in the precision the
  // kernel runs in (64 or 32), with its message.
  #check(entry, precision) {
    const problem = this.#core.validateParams(entry.index, this.#params, precision);
    if (problem) throw new RangeError(problem);
  }

  #run(kind, id, xs, params) {
    const entry = this.#entry(id);
    // The caller's getters (parameters first, then array elements) all run
    // before the length is final and anything is written to the heap: a
    // getter that resizes xs or calls the API cannot change this call.
    const values = this.#paramValues(entry, params);
    const input = readXs(xs);
    this.#writeParams(values);
    const Out = input.tag === 'Float32Array' ? Float32Array : Float64Array;
    const precision = Out === Float32Array ? 32 : 64;
    const n = input.length;
    if (n === 0) {
      this.#check(entry, precision); // nothing to compute, but the parameters are still checked
      return new Out(0);
    }
    const core = this.#core;
    const size = Out.BYTES_PER_ELEMENT;
    this.#reserveScratch();
    // Re-read the heap view after any allocation: growth replaces it.
    const heap = Out === Float32Array ? core.HEAPF32 : core.HEAPF64;
    const x = this.#scratch / size;
    const y = x + CHUNK;
    // The core checks the parameters itself (cheaply); the message is asked
    // for only when they are wrong.
    const apply = (m) => {
      if (!core.applyBatch(entry.index, kind, precision, x * size, y * size, m, this.#params)) {
        this.#check(entry, precision);
      }
    };
    if (n <= CHUNK) {
      heap.set(input.array, x); // set() reads internal slots, never getters
      apply(n);
      return heap.slice(y, y + n);
    }
    const view = input.view();
    const out = new Out(n);
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      heap.set(view.subarray(start, start + m), x);
      apply(m);
      out.set(heap.subarray(y, y + m), start);
    }
    return out;
  }

  // One chunk of x and one of y, in float64 (float32 uses half of it),
  // allocated on first use and kept.
  #reserveScratch() {
    if (this.#scratch) return;
    const size = 2 * CHUNK * Float64Array.BYTES_PER_ELEMENT;
    const pointer = this.#core._malloc(size);
    if (!pointer) throw new RangeError(`cannot allocate ${size} bytes in the wasm heap`);
    this.#scratch = pointer;
  }

  /** Current size of the wasm memory in bytes (for leak checks). */
  get heapBytes() {
    return this.#core.HEAPU8.length;
  }
}
