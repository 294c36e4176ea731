// How the JS API reads what a caller hands it, and names it in messages:
// arrays of x by their real type and length, and any value described
// without calling a getter or toString of the caller's. Shared by the
// activation calls (activation-lab.mjs) and the training engine
// (training.mjs).

// The intrinsics of typed arrays, which a subclass or another realm cannot
// override: the element type (undefined for anything that is not a typed
// array), and the real buffer, offset and length.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const intrinsic = (name) => Object.getOwnPropertyDescriptor(TypedArray, name).get;
const typedArrayTag = intrinsic(Symbol.toStringTag);
const typedArrayBuffer = intrinsic('buffer');
const typedArrayOffset = intrinsic('byteOffset');
const typedArrayLength = intrinsic('length');
const KINDS_OF_XS = { Float64Array, Float32Array };

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
    const tag = Reflect.apply(typedArrayTag, value, []);
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

// xs as {array, tag, length, view()}: a Float64Array or Float32Array of
// any realm or subclass with its intrinsic type and length (not getters it
// may override), view() a plain array of this realm on the same memory;
// an array of numbers is copied, each element read once.
export function readXs(xs, name = 'xs') {
  if (xs !== null && typeof xs === 'object') {
    const tag = Reflect.apply(typedArrayTag, xs, []);
    if (tag === 'Float64Array' || tag === 'Float32Array') {
      const length = Reflect.apply(typedArrayLength, xs, []);
      const view = () =>
        new KINDS_OF_XS[tag](Reflect.apply(typedArrayBuffer, xs, []), Reflect.apply(typedArrayOffset, xs, []), length);
      return { array: xs, tag, length, view };
    }
    if (Array.isArray(xs)) {
      const copy = new Float64Array(xs.length);
      for (let i = 0; i < copy.length; i++) {
        const v = xs[i];
        if (typeof v !== 'number') throw new TypeError(`${name}[${i}] is ${describe(v)}, not a number`);
        copy[i] = v;
      }
      return { array: copy, tag: 'Float64Array', length: copy.length, view: () => copy };
    }
  }
  throw new TypeError(`${name} must be a Float64Array, a Float32Array or an array of numbers, got ${describe(xs)}`);
}
