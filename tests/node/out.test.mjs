// evaluate and gradient with {out} (the caller's array receives the result),
// and the cache of checked parameters behind every call: results the same
// bits as without out, clear errors naming out, in place, overlaps, n = 0,
// both dtypes, and a params object changed between calls seen changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { loadActivationLab } from 'activation-lab';

const lab = await loadActivationLab();
// The API works in passes of CHUNK values through the heap; LARGE takes three.
const CHUNK = 2 ** 17;
const LARGE = 300_001;

// n values spread over [-10, 10] in no order (the same every run).
function inputs(n, Type = Float64Array) {
  return Type.from({ length: n }, (_, i) => 10 * Math.sin(i * 12.9898));
}

// Bit for bit, NaN included.
function assertSame(got, want, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: [${i}] is ${got[i]}, want ${want[i]}`);
  }
}

test('every activation, f and f′, float64 and float32: out gets the same bits as a fresh result, and is returned', () => {
  for (const { id } of lab.activations) {
    for (const fn of ['evaluate', 'gradient']) {
      for (const Type of [Float64Array, Float32Array]) {
        const xs = inputs(1000, Type);
        const out = new Type(xs.length).fill(NaN);
        const returned = lab[fn](id, xs, undefined, { out });
        assert.equal(returned, out, `${id} ${fn}: returns out itself`);
        assertSame(out, lab[fn](id, xs), `${id} ${fn} ${Type.name}`);
      }
    }
  }
});

test('an array of numbers writes into a Float64Array out', () => {
  const out = new Float64Array(3);
  lab.evaluate(lab.activations[0].id, [-1, 0, 2], undefined, { out });
  assertSame(out, lab.evaluate(lab.activations[0].id, [-1, 0, 2]), 'array in');
});

test('out of the wrong type: a TypeError naming out, the type it needs and what it got', () => {
  const id = lab.activations[0].id;
  const cases = [
    [
      new Float64Array(2),
      new Float32Array(2),
      'out must be a Float64Array (the result type for a Float64Array xs), got a Float32Array',
    ],
    [
      new Float32Array(2),
      new Float64Array(2),
      'out must be a Float32Array (the result type for a Float32Array xs), got a Float64Array',
    ],
    [[1, 2], new Float32Array(2), 'out must be a Float64Array (the result type for an array xs), got a Float32Array'],
    [new Float64Array(2), [0, 0], 'out must be a Float64Array (the result type for a Float64Array xs), got an array'],
    [
      new Float64Array(2),
      new Int32Array(2),
      'out must be a Float64Array (the result type for a Float64Array xs), got an Int32Array',
    ],
    [new Float64Array(2), null, 'out must be a Float64Array (the result type for a Float64Array xs), got null'],
    [new Float64Array(2), 7, 'out must be a Float64Array (the result type for a Float64Array xs), got 7 (number)'],
  ];
  for (const [xs, out, message] of cases) {
    assert.throws(() => lab.evaluate(id, xs, undefined, { out }), { name: 'TypeError', message });
    assert.throws(() => lab.gradient(id, xs, undefined, { out }), { name: 'TypeError', message });
  }
});

test('out of the wrong length: a RangeError giving both lengths', () => {
  const id = lab.activations[0].id;
  for (const Type of [Float64Array, Float32Array]) {
    for (const length of [0, 2, 4, LARGE]) {
      assert.throws(() => lab.evaluate(id, new Type(3), undefined, { out: new Type(length) }), {
        name: 'RangeError',
        message: `out has length ${length} but xs has length 3: they must be equal`,
      });
    }
  }
  // A subclass's length getter is not what counts: its real length is.
  const Liar = class extends Float64Array {
    get length() {
      return 3;
    }
  };
  assert.throws(() => lab.evaluate(id, new Float64Array(3), undefined, { out: new Liar(5) }), {
    name: 'RangeError',
    message: 'out has length 5 but xs has length 3: they must be equal',
  });
});

test('options: a plain object whose one key is out', () => {
  const id = lab.activations[0].id;
  const xs = new Float64Array(2);
  assert.throws(() => lab.evaluate(id, xs, undefined, null), {
    name: 'TypeError',
    message: 'options must be a plain object such as {out: new Float64Array(n)}, got null',
  });
  assert.throws(() => lab.evaluate(id, xs, undefined, new Float64Array(2)), {
    name: 'TypeError',
    message: 'options must be a plain object such as {out: new Float64Array(n)}, got a Float64Array',
  });
  assert.throws(() => lab.evaluate(id, xs, undefined, { output: new Float64Array(2) }), {
    name: 'RangeError',
    message: 'Unknown option "output". Valid options: out',
  });
  // {} and {out: undefined} allocate a result, as no options do.
  for (const options of [{}, { out: undefined }]) {
    const got = lab.evaluate(id, xs, undefined, options);
    assert.ok(got instanceof Float64Array && got.length === 2);
  }
});

test('in place (out === xs), in one pass and in several, both dtypes', () => {
  for (const { id } of lab.activations) {
    for (const Type of [Float64Array, Float32Array]) {
      for (const n of [7, LARGE]) {
        if (n === LARGE && Type === Float32Array && id !== lab.activations[0].id) continue; // time
        const xs = inputs(n, Type);
        const want = lab.gradient(id, xs);
        assert.equal(lab.gradient(id, xs, undefined, { out: xs }), xs);
        assertSame(xs, want, `${id} in place, n = ${n}, ${Type.name}`);
      }
    }
  }
});

test('out overlapping xs without being it: the result is as if xs were read first', () => {
  const id = lab.activations.find((a) => a.params.length === 0).id;
  for (const shift of [-1, 1, -(CHUNK + 1), CHUNK + 1, 5]) {
    for (const n of [10, LARGE]) {
      if (Math.abs(shift) >= n) continue;
      const memory = new Float64Array(n + Math.abs(shift));
      memory.set(inputs(n), shift > 0 ? 0 : -shift);
      const xs = memory.subarray(shift > 0 ? 0 : -shift, (shift > 0 ? 0 : -shift) + n);
      const out = memory.subarray(shift > 0 ? shift : 0, (shift > 0 ? shift : 0) + n);
      const want = lab.evaluate(id, xs);
      lab.evaluate(id, xs, undefined, { out });
      assertSame(out, want, `out shifted by ${shift}, n = ${n}`);
    }
  }
});

test('n = 0: out returned, the parameters still checked', () => {
  const withParam = lab.activations.find((a) => a.params.some((p) => !p.choices));
  const name = withParam.params.find((p) => !p.choices).name;
  for (const Type of [Float64Array, Float32Array]) {
    const out = new Type(0);
    assert.equal(lab.evaluate(withParam.id, new Type(0), undefined, { out }), out);
    assert.throws(() => lab.evaluate(withParam.id, new Type(0), { [name]: NaN }, { out }), RangeError);
  }
});

test('out of another realm or a subclass: written by the intrinsics, its own methods not called', () => {
  const id = lab.activations[0].id;
  const xs = inputs(20);
  const want = lab.evaluate(id, xs);
  const foreign = runInNewContext('new Float64Array(20)');
  assert.equal(lab.evaluate(id, xs, undefined, { out: foreign }), foreign);
  assertSame(foreign, want, 'other realm');
  class Spy extends Float64Array {
    set() {
      throw new Error('set() of the caller was called');
    }
  }
  const spy = new Spy(20);
  lab.evaluate(id, xs, undefined, { out: spy });
  assertSame(spy, want, 'subclass');
});

test('getters run once each, parameters first, then options.out, then the elements of xs', () => {
  const entry = lab.activations.find((a) => a.params.some((p) => !p.choices));
  const param = entry.params.find((p) => !p.choices);
  const reads = [];
  const params = {
    get [param.name]() {
      reads.push('param');
      return param.default;
    },
  };
  const options = {
    get out() {
      reads.push('out');
      return new Float64Array(1);
    },
  };
  const xs = [];
  Object.defineProperty(xs, 0, {
    get() {
      reads.push('xs[0]');
      return 0.5;
    },
  });
  lab.evaluate(entry.id, xs, params, options);
  assert.deepEqual(reads, ['param', 'out', 'xs[0]']);
});

// The cache of checked parameters is keyed by the values read, so a params
// object changed between calls must give the new results or the new error.
test('a params object changed between calls: the new values are used, and checked', () => {
  const xs = inputs(100);
  for (const entry of lab.activations) {
    for (const p of entry.params) {
      const params = {};
      const candidates = p.choices ?? [p.min, p.default, p.max];
      for (const value of candidates) {
        params[p.name] = value;
        if (lab.checkParams(entry.id, params) !== null) continue;
        assertSame(
          lab.evaluate(entry.id, xs, params),
          lab.evaluate(entry.id, xs, { ...params }),
          `${entry.id} ${p.name} = ${value}`,
        );
        assertSame(
          lab.gradient(entry.id, xs, params),
          lab.gradient(entry.id, xs, { ...params }),
          `${entry.id} ${p.name} = ${value}'`,
        );
      }
      if (p.choices) continue;
      params[p.name] = NaN; // invalid: must throw, though the same object just ran
      assert.throws(() => lab.evaluate(entry.id, xs, params), RangeError, `${entry.id} ${p.name} = NaN`);
      params[p.name] = 'one';
      assert.throws(() => lab.evaluate(entry.id, xs, params), TypeError);
      delete params[p.name];
      params.not_a_parameter = 1;
      assert.throws(() => lab.evaluate(entry.id, xs, params), {
        name: 'RangeError',
        message: /Unknown parameter "not_a_parameter"/,
      });
    }
  }
});

test('the same values are checked again in the other dtype (valid in float64, inf in float32)', () => {
  // Found in the table, not named: a parameter whose 1e39 is finite in
  // float64 and overflows float32.
  const found = lab.activations
    .flatMap((a) => a.params.filter((p) => !p.choices).map((p) => ({ id: a.id, params: { [p.name]: 1e39 } })))
    .find(
      ({ id, params }) => lab.checkParams(id, params, 'float64') === null && lab.checkParams(id, params, 'float32'),
    );
  assert.ok(found, 'the table has such a parameter');
  const { id, params } = found;
  lab.evaluate(id, new Float64Array([1, -1]), params); // checked and cached for float64
  assert.throws(() => lab.evaluate(id, new Float32Array([1, -1]), params), {
    name: 'RangeError',
    message: lab.checkParams(id, params, 'float32'),
  });
  lab.evaluate(id, new Float64Array([1, -1]), params); // float64 still fine
});

test('a getter that calls the API with other values of the same activation does not change this call', () => {
  const entry = lab.activations.find((a) => a.params.filter((p) => !p.choices).length >= 1);
  const param = entry.params.find((p) => !p.choices);
  const xs = inputs(50);
  const other = { [param.name]: param.default === param.max ? param.min : param.max };
  const want = lab.evaluate(entry.id, xs, { [param.name]: param.default });
  lab.evaluate(entry.id, xs, { [param.name]: param.default }); // the cache now holds the defaults
  const hostile = {
    get [param.name]() {
      lab.evaluate(entry.id, xs, other); // the cache now holds `other`
      return param.default;
    },
  };
  assertSame(lab.evaluate(entry.id, xs, hostile), want, 'reentrant getter');
});

test('a loop of calls with out does not grow the wasm heap', () => {
  const xs = inputs(LARGE);
  const out = new Float64Array(LARGE);
  lab.evaluate(lab.activations[0].id, xs, undefined, { out });
  const before = lab.heapBytes;
  for (let i = 0; i < 20; i++) lab.evaluate(lab.activations[i % lab.activations.length].id, xs, undefined, { out });
  assert.equal(lab.heapBytes, before);
});

test('after the wasm memory grows, calls of every size still read and write the live heap', () => {
  const id = lab.activations[0].id;
  const before = lab.heapBytes;
  // Embind copies the text into the heap: a long one makes it grow.
  for (let size = 2 ** 20; lab.heapBytes === before; size *= 2) lab.parseValues(`1${' '.repeat(size)}`);
  for (const n of [1, 16, 17, 1000]) {
    const xs = inputs(n);
    const want = Array.from(xs, (x) => lab.evaluate(id, [x])[0]);
    assertSame(lab.evaluate(id, xs), want, `n = ${n}`);
    assertSame(lab.evaluate(id, xs, undefined, { out: new Float64Array(n) }), want, `n = ${n}, out`);
  }
});
