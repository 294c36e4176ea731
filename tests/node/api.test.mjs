// The JS API: argument types, clear errors (never silent zeros), no leaks,
// one shared instance, and a build without eval.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadActivationLab, ParseValuesError } from 'activation-lab';

const lab = await loadActivationLab();

test('README example: leaky_relu on [-2, 0, 3]', () => {
  assert.deepEqual(Array.from(lab.evaluate('leaky_relu', [-2, 0, 3])), [-0.02, 0, 3]);
});

test('metadata comes from the C++ table', () => {
  // One entry per golden file (tests/cpp checks the files against the table).
  const golden = readdirSync(new URL('../golden/', import.meta.url)).map((f) => f.replace(/\.json$/, ''));
  assert.deepEqual(lab.activations.map((a) => a.id).sort(), golden.sort());
  const leaky = lab.activation('leaky_relu');
  assert.deepEqual(
    leaky.params.map((p) => [p.name, p.default]),
    [['negative_slope', 0.01]],
  );
  assert.deepEqual(lab.activation('gelu').params[0].choices, ['none', 'tanh']);
  assert.equal(lab.activation('gelu').params[0].default, 'none');
  for (const a of lab.activations) {
    for (const key of ['id', 'label', 'group', 'formula', 'gradientFormula', 'note']) {
      assert.equal(typeof a[key], 'string', `${a.id}.${key}`);
      assert.ok(a[key].length > 0, `${a.id}.${key}`);
    }
    assert.ok(a.xRange[0] < a.xRange[1]);
  }
  assert.ok(Object.isFrozen(lab.activations) && Object.isFrozen(leaky.params[0]));
});

test('kinks come from the table and follow the parameters', () => {
  assert.deepEqual(Array.from(lab.kinks('relu')), [0]);
  assert.deepEqual(Array.from(lab.kinks('hardtanh', { min_val: -2, max_val: 0.5 })), [-2, 0.5]);
  assert.deepEqual(Array.from(lab.kinks('softshrink', { lambd: 1 })), [-1, 1]);
  assert.deepEqual(Array.from(lab.kinks('sigmoid')), []);
  assert.throws(() => lab.kinks('softshrink', { lambd: -1 }), RangeError);
});

test('result type follows the input type', () => {
  assert.ok(lab.evaluate('relu', [1, -1]) instanceof Float64Array);
  assert.ok(lab.evaluate('relu', new Float64Array([1])) instanceof Float64Array);
  const f32 = lab.gradient('sigmoid', new Float32Array([0.1, 2]));
  assert.ok(f32 instanceof Float32Array);
  assert.equal(f32.length, 2);
  assert.deepEqual(lab.evaluate('relu', []), new Float64Array(0));
});

test('parameters by PyTorch name; missing keys take defaults', () => {
  assert.deepEqual(Array.from(lab.evaluate('leaky_relu', [-2], { negative_slope: 0.5 })), [-1]);
  assert.deepEqual(Array.from(lab.gradient('leaky_relu', [-2, 0])), [0.01, 0.01]);
  assert.deepEqual(Array.from(lab.evaluate('hardtanh', [-5, 5], { max_val: 2 })), [-1, 2]);
  const tanhForm = lab.evaluate('gelu', [1], { approximate: 'tanh' })[0];
  const erfForm = lab.evaluate('gelu', [1])[0];
  assert.notEqual(tanhForm, erfForm);
  assert.ok(Math.abs(tanhForm - erfForm) < 1e-3);
});

test('the input array is not modified', () => {
  const xs = new Float64Array([-1, 2]);
  lab.evaluate('relu', xs);
  assert.deepEqual(Array.from(xs), [-1, 2]);
});

const errors = [
  ['unknown id', () => lab.evaluate('relu7', [1]), RangeError, /Unknown activation "relu7".*leaky_relu/],
  ['id not a string', () => lab.gradient(3, [1]), RangeError, /Unknown activation 3/],
  [
    'unknown parameter',
    () => lab.evaluate('leaky_relu', [1], { slope: 1 }),
    RangeError,
    /Unknown parameter "slope" for leaky_relu\. Valid parameters: negative_slope/,
  ],
  [
    'parameter on a parameterless activation',
    () => lab.evaluate('relu', [1], { alpha: 1 }),
    RangeError,
    /Valid parameters: none/,
  ],
  [
    'non-numeric parameter',
    () => lab.evaluate('elu', [1], { alpha: 'abc' }),
    TypeError,
    /elu parameter alpha must be a number, got "abc"/,
  ],
  ['NaN parameter', () => lab.evaluate('elu', [1], { alpha: NaN }), RangeError, /alpha must be a finite number/],
  [
    'parameter outside its domain',
    () => lab.evaluate('softshrink', [1], { lambd: -1 }),
    RangeError,
    /lambd must lie in \[0, inf\], got -1/,
  ],
  [
    'parameters that contradict',
    () => lab.evaluate('hardtanh', [1], { min_val: 2, max_val: 1 }),
    RangeError,
    /min_val must be less than max_val/,
  ],
  ['celu alpha 0', () => lab.evaluate('celu', [1], { alpha: 0 }), RangeError, /alpha must not be 0/],
  [
    'bad choice',
    () => lab.evaluate('gelu', [1], { approximate: 'fast' }),
    RangeError,
    /approximate must be one of "none", "tanh"/,
  ],
  ['params not an object', () => lab.evaluate('elu', [1], 5), TypeError, /params must be a plain object/],
  ['params a Map', () => lab.evaluate('elu', [1], new Map([['alpha', 2]])), TypeError, /params must be a plain object/],
  [
    'params with an inherited key',
    () => lab.evaluate('elu', [1], Object.create({ alpha: 3 })),
    TypeError,
    /params must be a plain object/,
  ],
  [
    'xs a string',
    () => lab.evaluate('relu', 'abc'),
    TypeError,
    /xs must be a Float64Array, a Float32Array or an array of numbers/,
  ],
  [
    'xs with a string',
    () => lab.evaluate('relu', [1, 'abc']),
    TypeError,
    /xs\[1\] is "abc" \(a string\), not a number/,
  ],
  ['xs an Int32Array', () => lab.evaluate('relu', new Int32Array(2)), TypeError, /got an Int32Array/],
  ['parseValues of a number', () => lab.parseValues(5), TypeError, /expects a string/],
];
for (const [name, call, Type, message] of errors) {
  test(`error: ${name}`, () => {
    assert.throws(call, (error) => {
      assert.ok(error instanceof Type, `${error.name}: ${error.message}`);
      assert.match(error.message, message);
      return true;
    });
  });
}

test('parseValues returns numbers or names the token and its position', () => {
  assert.deepEqual(Array.from(lab.parseValues('-2, −0.5; 1e-3\n3 inf')), [-2, -0.5, 1e-3, 3, Infinity]);
  assert.deepEqual(Array.from(lab.parseValues('1,5')), [1, 5]);
  assert.throws(
    () => lab.parseValues('1, 2, 1e'),
    (error) => {
      assert.ok(error instanceof ParseValuesError && error instanceof RangeError);
      assert.equal(error.message, '"1e" is not a number (line 1, column 7)');
      assert.deepEqual([error.code, error.token, error.line, error.column], ['not_a_number', '1e', 1, 7]);
      assert.match(error.help, /1,5 is read as two numbers/);
      return true;
    },
  );
  assert.throws(() => lab.parseValues('1 '.repeat(lab.maxValues + 1)), { code: 'too_many' });
  assert.throws(() => lab.parseValues('1'.repeat(65)), { code: 'too_long' });
});

test('no leaks: 100,000 calls over 1,000 points leave the wasm heap unchanged', () => {
  const xs = Float64Array.from({ length: 1000 }, (_, i) => i / 100 - 5);
  const xs32 = Float32Array.from(xs);
  const warm = () => {
    lab.evaluate('gelu', xs, { approximate: 'tanh' });
    lab.gradient('gelu', xs32);
    lab.parseValues('1, 2, 3');
  };
  warm();
  const before = lab.heapBytes;
  for (let i = 0; i < 50000; i++) {
    lab.evaluate('leaky_relu', xs, { negative_slope: 0.1 });
    lab.gradient('silu', i % 2 ? xs : xs32);
  }
  assert.equal(lab.heapBytes, before);
});

test('loading twice gives the same instance; a second module copy works too', async () => {
  assert.equal(await loadActivationLab(), lab);
  const copy = await import(`${import.meta.resolve('activation-lab')}?second`);
  const other = await copy.loadActivationLab();
  assert.notEqual(other, lab);
  assert.deepEqual(other.evaluate('relu', [-1, 2]), lab.evaluate('relu', [-1, 2]));
});

test('the built JS uses no eval and no new Function (strict CSP)', () => {
  const dir = new URL('../../dist/lib/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
  assert.ok(files.length >= 2);
  for (const file of files) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    assert.doesNotMatch(source, /new Function/, file);
    assert.doesNotMatch(source, /\beval\(/, file);
  }
});

test('the README example runs and prints [ -0.02, 0, 3 ]', async () => {
  const { execFileSync } = await import('node:child_process');
  const { writeFileSync, rmSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readme.match(/```js\n(import \{ loadActivationLab \}[\s\S]*?)```/)[1];
  assert.ok(example.split('\n').filter(Boolean).length <= 5, 'five lines at most');
  const file = new URL('../../example-readme.tmp.mjs', import.meta.url);
  writeFileSync(file, example);
  try {
    const out = execFileSync(process.execPath, [file.pathname], { encoding: 'utf8' });
    assert.equal(out.split('\n')[0], '[ -0.02, 0, 3 ]');
  } finally {
    rmSync(file);
  }
});

test('text that is not well-formed is refused at the lone surrogate, not read as another character', () => {
  for (const [text, line, column] of [
    ['1\uD800, 2', 1, 2],
    ['1, 2\n3 \uDC00', 2, 3],
  ]) {
    assert.throws(
      () => lab.parseValues(text),
      (error) => {
        assert.ok(error instanceof ParseValuesError);
        assert.deepEqual([error.code, error.line, error.column], ['not_well_formed', line, column]);
        assert.match(error.message, /lone UTF-16 surrogate \(U\+D[8C]00\) is not a character/);
        return true;
      },
    );
  }
  // A real pair (one character outside the BMP) is an ordinary bad token.
  assert.throws(() => lab.parseValues('1, 😀'), { code: 'not_a_number', column: 4 });
});

test('each parameter is read once, before the shared buffer is written', () => {
  let reads = 0;
  const params = {
    min_val: -1,
    get max_val() {
      reads++;
      lab.evaluate('leaky_relu', [1], { negative_slope: 0.5 }); // re-entrant use of the API
      return 2;
    },
  };
  assert.deepEqual(Array.from(lab.evaluate('hardtanh', [5, -5], params)), [2, -1]);
  assert.equal(reads, 1);
});

test('typed arrays are taken by their real length and type, from any realm', async () => {
  class Longer extends Float64Array {
    get length() {
      return 400;
    }
  }
  class Shorter extends Float64Array {
    get length() {
      return 1;
    }
  }
  lab.evaluate('relu', new Float64Array(500).fill(7)); // leaves 7s in the scratch buffer
  assert.deepEqual(Array.from(lab.evaluate('relu', new Longer([-1]))), [0]);
  const many = new Shorter(100000).fill(-3);
  assert.equal(lab.evaluate('relu', many).length, 100000);
  const { runInNewContext } = await import('node:vm');
  const foreign = runInNewContext('new Float64Array([-1, 2])');
  const fromForeign = lab.evaluate('relu', foreign);
  assert.ok(fromForeign instanceof Float64Array);
  assert.deepEqual(Array.from(fromForeign), [0, 2]);
  assert.ok(lab.gradient('sigmoid', runInNewContext('new Float32Array([0])')) instanceof Float32Array);
  assert.throws(() => lab.evaluate('relu', {}), { name: 'TypeError', message: /got an Object$/ });
});

test('a parameter getter that shrinks xs cannot bring back stale values', () => {
  lab.evaluate(
    'leaky_relu',
    Float64Array.from({ length: 10 }, (_, i) => 1000 + i),
  ); // fills the scratch
  const buffer = new ArrayBuffer(80, { maxByteLength: 80 });
  const xs = new Float64Array(buffer).fill(-1); // length tracks the buffer
  const ys = lab.evaluate('leaky_relu', xs, {
    get negative_slope() {
      buffer.resize(16);
      return 0.5;
    },
  });
  assert.deepEqual(Array.from(ys), [-0.5, -0.5]);
});

test('any length runs through a bounded scratch buffer: the heap has a ceiling', () => {
  lab.evaluate('relu', [1]);
  const before = lab.heapBytes;
  const xs = new Float64Array(2 ** 22).map((_, i) => i - 2 ** 21);
  const ys = lab.evaluate('relu', xs);
  assert.equal(ys.length, xs.length);
  assert.equal(ys[0], 0);
  assert.equal(ys.at(-1), 2 ** 21 - 1);
  assert.equal(lab.heapBytes, before, 'the wasm heap did not grow for 32 MiB of input');
});

test('parameters are checked in the dtype they run in', () => {
  const [big] = lab.evaluate('elu', [-1], { alpha: 1e39 }); // fine in float64
  assert.ok(Math.abs(big / (-1e39 * (1 - Math.exp(-1))) - 1) < 1e-15, String(big));
  assert.throws(() => lab.evaluate('elu', new Float32Array([-1]), { alpha: 1e39 }), {
    name: 'RangeError',
    message: 'elu parameter alpha must be a finite number (1e+39 is inf in float32)',
  });
  assert.equal(lab.checkParams('elu', { alpha: 1e39 }), null);
  assert.match(lab.checkParams('elu', { alpha: 1e39 }, 'float32'), /is inf in float32/);
  assert.match(lab.checkParams('celu', { alpha: 1e-310 }), /1 \/ alpha overflows/);
  assert.throws(() => lab.checkParams('elu', {}, 'toString'), RangeError);
});
