// The bad-input catalogue (tests/bad-inputs/cases.json) through the JS API
// and URL state: values cases through parseValues, hash cases through
// stateFromHash (and back through hashOf, which must never throw), call
// cases through the API with the hostile objects they name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { loadActivationLab } from 'activation-lab';
import { hashOf, stateFromHash } from '../../web/src/shared/state.js';
import { cases, hashText, number, valuesText } from '../bad-inputs/catalogue.mjs';

const lab = await loadActivationLab();

// The objects "call" cases name: each tries to make the API read something
// other than what it was given.
const HOSTILE = {
  int32: () => new Int32Array(2),
  object: () => ({}),
  'length-longer': () =>
    new (class extends Float64Array {
      get length() {
        return 400; // more than it holds: stale scratch values must not come back
      }
    })([-1]),
  'length-shorter': () =>
    new (class extends Float64Array {
      get length() {
        return 1;
      }
    })([-1, -2, 2]),
  'other-realm': () => runInNewContext('new Float64Array([-1, 2])'),
  'reentrant-getter': () => ({
    min_val: -1,
    get max_val() {
      lab.evaluate('hardtanh', [0], { min_val: -7, max_val: 9 }); // writes the shared buffer
      return 2;
    },
  }),
  'flip-flop-getter': () => {
    let reads = 0;
    return {
      get alpha() {
        return reads++ === 0 ? 1 : 'two';
      },
    };
  },
  array: () => [1],
  inherited: () => Object.create({ alpha: 3 }),
};

const build = (v) => (v && typeof v === 'object' && !Array.isArray(v) && v.hostile ? HOSTILE[v.hostile]() : v);
const numbers = (list) => list.map(number);

function runCall({ fn, id, xs, params, dtype, text }) {
  if (fn === 'parseValues') return lab.parseValues(text);
  const input = build(xs);
  const values =
    params && !params.hostile
      ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, number(v)]))
      : build(params);
  const array = dtype === 'float32' ? Float32Array.from(numbers(input)) : Array.isArray(input) ? numbers(input) : input;
  return lab[fn](id, array, values);
}

for (const c of cases) {
  if ('values' in c) {
    test(`values: ${c.name}`, () => {
      const text = valuesText(c.values);
      if (c.expect.count) {
        assert.equal(lab.parseValues(text).length, c.expect.count);
        return;
      }
      if (c.expect.values) {
        assert.deepEqual(Array.from(lab.parseValues(text)), numbers(c.expect.values));
        return;
      }
      assert.throws(
        () => lab.parseValues(text),
        (error) => {
          assert.equal(error.name, 'ParseValuesError');
          assert.equal(error.code, c.expect.code);
          assert.equal(error.message, c.expect.message);
          return true;
        },
      );
    });
  } else if ('hash' in c) {
    test(`hash: ${c.name}`, () => {
      const { state, notices } = stateFromHash(lab, `#${hashText(c.hash)}`);
      assert.deepEqual(
        notices.map((n) => [n.code, n.key]),
        c.expect.notices,
      );
      for (const n of notices) assert.ok(n.message.length > 0);
      for (const [field, want] of Object.entries(c.expect.state ?? {})) {
        assert.deepEqual(state[field], field === 'xMin' || field === 'xMax' ? number(want) : want, field);
      }
      assert.equal(typeof hashOf(lab, state), 'string'); // writing it back never throws
    });
  } else {
    test(`call: ${c.name}`, () => {
      const { expect } = c;
      if (expect.error) {
        assert.throws(
          () => runCall(c.call),
          (error) => {
            assert.ok(error instanceof globalThis[expect.error], `${error.name}: ${error.message}`);
            // Messages may go on (an unknown id lists the valid ones).
            assert.ok(error.message.startsWith(expect.message), error.message);
            return true;
          },
        );
        return;
      }
      const got = Array.from(runCall(c.call));
      const want = expect.sameAs ? Array.from(runCall({ ...c.call, ...expect.sameAs })) : numbers(expect.values);
      assert.deepEqual(got, want);
    });
  }
}
