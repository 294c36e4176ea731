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

const WASM_FILE = 'activation_lab_core.wasm';
const KIND = { function: 0, gradient: 1 };
const MAX_SCRATCH = 2 ** 30; // bytes: x and y of one call together

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
    locateFile: (path) => new URL(path, import.meta.url).href,
    print: () => {},
    printErr: (text) => console.warn(text),
  };
  if (isNode()) {
    // Emscripten 3.1.6's web loader would fetch() a file path in Node: hand it
    // the bytes instead.
    const { readFile } = await import(/* webpackIgnore: true */ 'node:fs/promises');
    options.wasmBinary = await readFile(new URL(WASM_FILE, import.meta.url));
  }
  const core = await createActivationLabCore(options);
  return new ActivationLab(core);
}

function isNode() {
  return typeof process === 'object' && process.versions != null && process.versions.node != null;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 20 ? value.slice(0, 20) + '…' : value}" (a string)`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `${String(value)} (${typeof value})`;
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
  #scratch = 0; // pointer to the reused in/out buffer
  #capacity = 0; // its size in bytes

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
    this.pytorchVersion = core.pytorchVersion();
    this.maxValues = core.maxValues;
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
   *  valid. Throws only for an unknown id. */
  checkParams(id, params) {
    const entry = this.#entry(id);
    try {
      this.#paramValues(entry, params);
    } catch (error) {
      return error.message;
    }
    return this.#core.validateParams(entry.index, this.#params) || null;
  }

  /** Sorted x where f or f' is not smooth (kinks, jumps) for these params. */
  kinks(id, params) {
    const entry = this.#entry(id);
    this.#paramValues(entry, params);
    this.#check(entry);
    return Float64Array.from(this.#core.kinks(entry.index, this.#params)).sort();
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
    const heap = this.#core.HEAPF64;
    const base = this.#params / 8;
    heap.fill(0, base, base + this.#core.maxParams);
    meta.params.forEach((p, i) => {
      const value = Object.hasOwn(given, p.name) && given[p.name] !== undefined ? given[p.name] : p.default;
      if (p.choices) {
        const choice = p.choices.indexOf(value);
        if (choice < 0) {
          throw new RangeError(
            `${meta.id} parameter ${p.name} must be one of ${p.choices.map((c) => `"${c}"`).join(', ')}, got ${describe(value)}`,
          );
        }
        heap[base + i] = choice;
        return;
      }
      if (typeof value !== 'number') {
        throw new TypeError(`${meta.id} parameter ${p.name} must be a number, got ${describe(value)}`);
      }
      heap[base + i] = value;
    });
  }

  // Cross-parameter and domain checks of the core, with its message.
  #check(entry) {
    const problem = this.#core.validateParams(entry.index, this.#params);
    if (problem) throw new RangeError(problem);
  }

  #run(kind, id, xs, params) {
    const entry = this.#entry(id);
    let input;
    if (xs instanceof Float64Array || xs instanceof Float32Array) {
      input = xs;
    } else if (Array.isArray(xs)) {
      for (let i = 0; i < xs.length; i++) {
        if (typeof xs[i] !== 'number') {
          throw new TypeError(`xs[${i}] is ${describe(xs[i])}, not a number`);
        }
      }
      input = Float64Array.from(xs);
    } else {
      throw new TypeError(`xs must be a Float64Array, a Float32Array or an array of numbers, got ${describe(xs)}`);
    }
    this.#paramValues(entry, params);
    const n = input.length;
    const Out = input instanceof Float32Array ? Float32Array : Float64Array;
    if (n === 0) {
      this.#check(entry); // nothing to compute, but the parameters are still checked
      return new Out(0);
    }
    const bytes = n * Out.BYTES_PER_ELEMENT;
    this.#reserve(2 * bytes);
    const core = this.#core;
    // Re-read the heap view after any allocation: growth replaces it.
    const heap = Out === Float32Array ? core.HEAPF32 : core.HEAPF64;
    const xPtr = this.#scratch;
    const yPtr = this.#scratch + bytes;
    heap.set(input, xPtr / Out.BYTES_PER_ELEMENT);
    const precision = Out === Float32Array ? 32 : 64;
    // The core checks the parameters itself (cheaply); the message is asked
    // for only when they are wrong.
    if (!core.applyBatch(entry.index, kind, precision, xPtr, yPtr, n, this.#params)) this.#check(entry);
    return heap.slice(yPtr / Out.BYTES_PER_ELEMENT, yPtr / Out.BYTES_PER_ELEMENT + n);
  }

  #reserve(bytes) {
    if (bytes <= this.#capacity) return;
    // wasm32: one allocation must stay well below 4 GiB (and _malloc's size_t).
    const size = Math.max(bytes, Math.min(2 * this.#capacity, MAX_SCRATCH), 4096);
    if (size > MAX_SCRATCH) {
      throw new RangeError(
        `xs is too long: ${bytes / 2} bytes per array exceed the ${MAX_SCRATCH / 2} bytes the wasm heap allows`,
      );
    }
    if (this.#scratch) this.#core._free(this.#scratch);
    this.#scratch = 0; // never leave a freed pointer behind, even if malloc fails
    this.#capacity = 0;
    const pointer = this.#core._malloc(size);
    if (!pointer) throw new RangeError(`cannot allocate ${size} bytes in the wasm heap`);
    this.#scratch = pointer;
    this.#capacity = size;
  }

  /** Current size of the wasm memory in bytes (for leak checks). */
  get heapBytes() {
    return this.#core.HEAPU8.length;
  }
}
