// How the JS API reads what a caller hands it, and names it in messages:
// arrays of x by their real type and length, and any value described
// without calling a getter or toString of the caller's. Shared by the
// activation calls (activation-lab.mjs) and the training engine
// (training.mjs).

// The intrinsics of typed arrays, which a subclass or another realm cannot
// override: the element type (undefined for anything that is not a typed
// array), and the real buffer, offset and length.
// Each is a plain function of the array, uncurried once at load
// (Function.prototype.call bound to the getter): a later change to
// Function.prototype.call or Reflect.apply cannot reach it, and V8 inlines
// it, where Reflect.apply(getter, array, []) cost about 30 ns a use (four
// uses in a call of evaluate).
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const uncurry = (f) => Function.prototype.call.bind(f);
const intrinsic = (name) => uncurry(Object.getOwnPropertyDescriptor(TypedArray, name).get);
const typedArrayTag = intrinsic(Symbol.toStringTag);
const typedArrayBuffer = intrinsic('buffer');
const typedArrayOffset = intrinsic('byteOffset');
const typedArrayLength = intrinsic('length');
const typedArrayByteLength = intrinsic('byteLength');
const typedArraySet = uncurry(TypedArray.set);
const KINDS_OF_XS = { Float64Array, Float32Array };

/** An object literal or Object.create(null): what params and options must be. */
export function plainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const article = (noun) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

// How a value is named in a message. It calls no getter and no toString of
// the caller's (a Proxy's getPrototypeOf trap still runs).
export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 20 ? value.slice(0, 20) + '…' : value;
    return `${JSON.stringify(shown.toWellFormed())} (a string)`;
  }
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const tag = typedArrayTag(value);
    if (tag) return article(tag);
    // The nearest constructor up the prototype chain, read as data only.
    for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
      const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
      const name = typeof constructor === 'function' && Object.getOwnPropertyDescriptor(constructor, 'name')?.value;
      if (typeof name === 'string' && name) return article(name);
    }
    return 'an object';
  }
  return `${String(value)} (${typeof value})`;
}

// What readXs read: the array, its element type and length, and view(), a
// plain array of this realm on the same memory. A class, not a closure per
// call: this runs on every call of evaluate.
class Xs {
  constructor(array, tag, typed, length) {
    this.array = array;
    this.tag = tag;
    this.typed = typed;
    this.length = length;
  }

  view() {
    const { array, tag, length } = this;
    return this.typed ? new KINDS_OF_XS[tag](typedArrayBuffer(array), typedArrayOffset(array), length) : array;
  }
}

// xs as an Xs: a Float64Array or Float32Array of any realm or subclass with
// its intrinsic type and length (not getters it may override); an array of
// numbers is copied, each element read once (typed: false).
export function readXs(xs, name = 'xs') {
  if (xs !== null && typeof xs === 'object') {
    const tag = typedArrayTag(xs);
    if (tag === 'Float64Array' || tag === 'Float32Array') {
      return new Xs(xs, tag, true, typedArrayLength(xs));
    }
    if (Array.isArray(xs)) {
      const copy = new Float64Array(xs.length);
      for (let i = 0; i < copy.length; i++) {
        const v = xs[i];
        if (typeof v !== 'number') throw new TypeError(`${name}[${i}] is ${describe(v)}, not a number`);
        copy[i] = v;
      }
      return new Xs(copy, 'Float64Array', false, copy.length);
    }
  }
  throw new TypeError(`${name} must be a Float64Array, a Float32Array or an array of numbers, got ${describe(xs)}`);
}

// The out option of evaluate and gradient, once it is known to be what the
// result of `input` (readXs's) is: the same type (Float32Array for a
// Float32Array, else Float64Array), of any realm or subclass, and the same
// length, both read by the intrinsics as xs's are. Its elements can be
// written directly (a typed array's indices are its own, whatever its
// class); its methods are not called.
export function readOut(out, input) {
  const tag = out !== null && typeof out === 'object' ? typedArrayTag(out) : undefined;
  if (tag !== input.tag) {
    const source = input.typed ? article(input.tag) : 'an array';
    throw new TypeError(`out must be ${article(input.tag)} (the result type for ${source} xs), got ${describe(out)}`);
  }
  const length = typedArrayLength(out);
  if (length !== input.length) {
    throw new RangeError(`out has length ${length} but xs has length ${input.length}: they must be equal`);
  }
  return out;
}

/** a.set(source, offset) by the intrinsic, for a typed array of any realm or class. */
export function setInto(a, source, offset = 0) {
  typedArraySet(a, source, offset);
}

/** Whether two typed arrays (any realm or class) share any byte of memory. */
export function overlaps(a, b) {
  const start = (t) => typedArrayOffset(t);
  const end = (t) => start(t) + typedArrayByteLength(t);
  return typedArrayBuffer(a) === typedArrayBuffer(b) && start(a) < end(b) && start(b) < end(a);
}

/** Whether two typed arrays start at the same byte of the same memory. */
export function sameStart(a, b) {
  return typedArrayBuffer(a) === typedArrayBuffer(b) && typedArrayOffset(a) === typedArrayOffset(b);
}
