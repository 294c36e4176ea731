// Activation Lab's JS API: the C++ core (compiled to WebAssembly) behind a
// small, idiomatic interface. Same code in the browser and in Node 20.
//
//   const lab = await loadActivationLab();
//   lab.evaluate('leaky_relu', [-2, 0, 3]);   // Float64Array [-0.02, 0, 3]
//
// Everything handed back is a plain value or a typed array: nothing to free.
// Bulk data crosses into wasm with one copy in and one copy out through a
// scratch buffer that is reused, so the wasm heap stops growing after warm-up;
// with {out}, the copy out goes into the caller's array and nothing at all
// is allocated.
import createActivationLabCore from './activation_lab_core.mjs';
import { Trainer, bornDeadOptions, runBornDead, trainerOptions } from './training.mjs';
import { describe, overlaps, plainObject, readOut, readXs, sameStart, setInto } from './values.mjs';

const WASM_FILE = 'activation_lab_core.wasm';
const WHOLE_FILE = 'activation_lab_core.wasm'; // the core with the training engine (sharedCore)
const KIND = { function: 0, gradient: 1 };
const PRECISION = { float64: 64, float32: 32 };
// Values per pass through the wasm heap: any length is processed in chunks
// of this many, so the scratch buffer (x and y, 2 MiB in float64) is the
// heap's whole cost whatever the input.
const CHUNK = 2 ** 17;
// Up to this many values, copies go element by element: set(), slice() and
// subarray() cost more than that at n = 1 (about 0.05 us each).
const SMALL = 16;

let shared = null;

/** One shared instance per JS realm; safe to call many times. */
export function loadActivationLab() {
  if (!shared) {
    shared = sharedCore()
      .then((core) => new ActivationLab(core))
      .catch((error) => {
        shared = null; // let a later call try again
        throw error;
      });
  }
  return shared;
}

// The wasm instance is shared by every copy of this module in the realm, not
// only by this one: a page that loads the widget's bundle beside a script of
// its own that bundles this module too (the tutorial does) would otherwise
// fetch, compile and instantiate the wasm twice, with two heaps. The copies
// meet on a global named by the wasm's URL, so only builds of one wasm share.
// The explorer's and the widget's bundles are built against the plots' core,
// the same one less the training engine (scripts/build-web.mjs): such a build
// takes the whole core instead when the page has started one already (the
// tutorial's own script does, before its widgets), so the page still has one
// download and one heap. In this file as published both names are the same.
function sharedCore() {
  const key = Symbol.for(`activation-lab core ${wasmUrl().href}`);
  // Not the literal form of wasmUrl(): a bundler must not go looking for it.
  const whole = Symbol.for(`activation-lab core ${new URL(WHOLE_FILE, import.meta.url).href}`);
  globalThis[key] ??=
    globalThis[whole] ??
    instantiate().catch((error) => {
      delete globalThis[key]; // let a later call try again
      throw error;
    });
  return globalThis[key];
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
  return createActivationLabCore(options);
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

// evaluate's and gradient's options: undefined or {out}; out read once.
function outOption(options) {
  if (options === undefined) return undefined;
  if (!plainObject(options)) {
    throw new TypeError(`options must be a plain object such as {out: new Float64Array(n)}, got ${describe(options)}`);
  }
  // for-in and hasOwn: Object.keys's own enumerable keys, in its order,
  // without allocating an array on every call.
  for (const key in options) {
    if (key !== 'out' && Object.hasOwn(options, key)) {
      throw new RangeError(`Unknown option "${key}". Valid options: out`);
    }
  }
  return Object.hasOwn(options, 'out') ? options.out : undefined;
}

// The core's table (which = 0) or lab metadata (1), parsed: its bytes
// through json_text, a plain export, and one TextDecoder call (bindings.cpp).
function coreJson(core, which) {
  const size = core._malloc(4);
  try {
    const text = core._json_text(which, size);
    // The views after the allocation: growth replaces them.
    const bytes = core.HEAPU8.subarray(text, text + core.HEAPU32[size / 4]);
    return JSON.parse(new TextDecoder().decode(bytes));
  } finally {
    core._free(size);
  }
}

class ActivationLab {
  #core;
  // id -> {index, meta, names, defaults, slot, last, checked}: slot points to
  // the entry's own maxParams doubles in the heap, which hold the parameters
  // it last ran with (last mirrors them); checked has bit 1 set when they
  // passed the core's float32 checks, bit 2 for float64.
  #entries = new Map();
  #params; // pointer to maxParams doubles (checkParams, kinks, training)
  #scratch = 0; // pointer to the reused in/out buffer (2 CHUNKs of float64)
  #applyBatch; // the core's apply_batch, a raw wasm export
  #lastEntry = null; // the entry #entry found last
  // The heap's views, re-read from the module only once memory growth has
  // detached them (a detached view has length 0): a property of the module
  // object costs more to read than the rest of a call at n = 1.
  #heap64;
  #heap32;

  constructor(core) {
    this.#core = core;
    const table = coreJson(core, 0);
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
        this.#entries.set(entry.id, { index, meta, names: meta.params.map((p) => p.name) });
        return meta;
      }),
    );
    this.#params = core._malloc(8 * core.maxParams);
    this.#heap64 = core.HEAPF64;
    this.#heap32 = core.HEAPF32;
    const slots = core._malloc(8 * core.maxParams * table.length);
    core.HEAPF64.fill(0, slots / 8, slots / 8 + core.maxParams * table.length); // what `last` says
    for (const entry of this.#entries.values()) {
      entry.slot = slots + 8 * core.maxParams * entry.index;
      entry.last = new Float64Array(core.maxParams);
      entry.checked = 0;
      entry.defaults = this.#paramValues(entry, {});
    }
    // Emscripten's wrapper of an export replaces itself with the raw wasm
    // function on its first call; one harmless call (index -1 is unknown and
    // writes nothing) makes every later one direct: no Embind invoker, no
    // wrapper (about 0.02 us a call).
    core._apply_batch(-1, 0, 64, 0, 0, 0, 0);
    this.#applyBatch = core._apply_batch;
    this.parseHelp = core.parseHelp();
    this.maxUlps = core.maxUlps;
    this.pytorchVersion = core.pytorchVersion();
    this.maxValues = core.maxValues;
    // The training engine's targets, presets and limits (cpp/src/nn).
    this.lab = deepFreeze(coreJson(core, 1));
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

  /** f(x) elementwise. Float32Array in: float32 kernel and Float32Array out.
   *  options.out: the array to write the result into, and return (its type
   *  and length must be the result's; xs itself is fine). */
  evaluate(id, xs, params, options) {
    return this.#run(KIND.function, id, xs, params, options);
  }

  /** f'(x) elementwise, same conventions as evaluate(). */
  gradient(id, xs, params, options) {
    return this.#run(KIND.gradient, id, xs, params, options);
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
    // The last id asked for, first: a call in a loop names the same one.
    if (id === this.#lastEntry?.meta.id) return this.#lastEntry;
    const entry = typeof id === 'string' ? this.#entries.get(id) : undefined;
    if (!entry) {
      const valid = [...this.#entries.keys()].join(', ');
      throw new RangeError(
        `Unknown activation ${typeof id === 'string' ? JSON.stringify(id) : describe(id)}. Valid ids: ${valid}`,
      );
    }
    this.#lastEntry = entry;
    return entry;
  }

  // Parameter values as doubles in table order; throws on unknown names,
  // non-numbers and values outside the domain (checked again by the core).
  // No params: the defaults, read once per entry (nothing to walk).
  #paramValues(entry, params) {
    if (params === undefined && entry.defaults) return entry.defaults;
    const { meta, names } = entry;
    if (params !== undefined && !plainObject(params)) {
      throw new TypeError(
        `params must be a plain object such as {${meta.params[0]?.name ?? 'name'}: value}, got ${describe(params)}`,
      );
    }
    const given = params ?? {};
    for (const key in given) {
      if (!names.includes(key) && Object.hasOwn(given, key)) {
        const valid = names.length ? names.join(', ') : 'none (it has no parameters)';
        throw new RangeError(`Unknown parameter "${key}" for ${meta.id}. Valid parameters: ${valid}`);
      }
    }
    // Each value is read exactly once, into a snapshot the caller returns to
    // #writeParams: a getter that calls the API itself cannot change what
    // this call uses.
    // (A copy of the defaults is the cheapest fresh array of that length.)
    const values = entry.defaults ? entry.defaults.slice() : new Array(this.#core.maxParams).fill(0);
    for (let i = 0; i < meta.params.length; i++) {
      const p = meta.params[i];
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
        continue;
      }
      if (typeof value !== 'number') {
        throw new TypeError(`${meta.id} parameter ${p.name} must be a number, got ${describe(value)}`);
      }
      values[i] = value;
    }
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
  // kernel runs in (64 or 32), with its message; params: a heap pointer.
  #check(entry, precision, params = this.#params) {
    const problem = this.#core.validateParams(entry.index, params, precision);
    if (problem) throw new RangeError(problem);
  }

  // The entry's heap slot, holding `values` checked for `precision`. The
  // cache is keyed by the values themselves, not by the object they came
  // in: a params object changed between two calls is seen changed, and a
  // fresh object with the same values costs no check. Reading the 0-4
  // values is all a repeated call does; writing and checking them happens
  // only when they differ from the last call's.
  #checkedSlot(entry, values, precision) {
    const { last } = entry;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // Object.is, inlined: -0 and 0 differ (a kernel may tell them apart).
      if (v !== last[i] || (v === 0 && 1 / v !== 1 / last[i])) {
        this.#core.HEAPF64.set(values, entry.slot / 8);
        last.set(values);
        entry.checked = 0;
        break;
      }
    }
    const bit = precision === 32 ? 1 : 2;
    if (!(entry.checked & bit)) {
      this.#check(entry, precision, entry.slot);
      entry.checked |= bit;
    }
    return entry.slot;
  }

  #run(kind, id, xs, params, options) {
    const entry = this.#entry(id);
    // The caller's getters (parameters first, then options.out, then array
    // elements) all run before the length is final and anything is written
    // to the heap: a getter that resizes xs or calls the API cannot change
    // this call.
    const values = this.#paramValues(entry, params);
    const given = outOption(options);
    const input = readXs(xs);
    const Out = input.tag === 'Float32Array' ? Float32Array : Float64Array;
    const precision = Out === Float32Array ? 32 : 64;
    const n = input.length;
    const out = given === undefined ? undefined : readOut(given, input);
    // Checked even when there is nothing to compute.
    const slot = this.#checkedSlot(entry, values, precision);
    if (n === 0) return out ?? new Out(0);
    const size = Out.BYTES_PER_ELEMENT;
    this.#reserveScratch();
    // After any allocation: growth replaces the views.
    if (this.#heap64.length === 0) {
      this.#heap64 = this.#core.HEAPF64;
      this.#heap32 = this.#core.HEAPF32;
    }
    const heap = Out === Float32Array ? this.#heap32 : this.#heap64;
    const x = this.#scratch / size;
    const y = x + CHUNK;
    if (n <= SMALL) {
      // A typed array's indices are its own whatever its class or realm:
      // no getter of the caller's runs here.
      const source = input.array;
      for (let i = 0; i < n; i++) heap[x + i] = source[i];
      this.#apply(entry, kind, precision, x * size, y * size, n, slot);
      const result = out ?? new Out(n);
      for (let i = 0; i < n; i++) result[i] = heap[y + i];
      return result;
    }
    if (n <= CHUNK) {
      heap.set(input.array, x); // set() reads internal slots, never getters
      this.#apply(entry, kind, precision, x * size, y * size, n, slot);
      if (!out) return heap.slice(y, y + n);
      setInto(out, heap.subarray(y, y + n));
      return out;
    }
    // Chunk by chunk, each read into the heap before its results are
    // written: out === xs works in place. Any other overlap would let a
    // chunk's results overwrite inputs of a later chunk, so xs is copied
    // first.
    let view = input.view();
    if (out && overlaps(view, out) && !sameStart(view, out)) view = view.slice();
    const target = out ?? new Out(n);
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      heap.set(view.subarray(start, start + m), x);
      this.#apply(entry, kind, precision, x * size, y * size, m, slot);
      setInto(target, heap.subarray(y, y + m), start);
    }
    return target;
  }

  #apply(entry, kind, precision, x, y, n, slot) {
    // The core checks the parameters again; it refuses only what #checkedSlot
    // let through, which would be a bug: its message then says what.
    if (!this.#applyBatch(entry.index, kind, precision, x, y, n, slot)) {
      this.#check(entry, precision, slot);
      throw new Error(`the core refused to run ${entry.meta.id}`);
    }
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
