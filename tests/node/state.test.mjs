// View state and its text form (web/src/shared/state.js): URL hashes and
// widget attributes round-trip, defaults are left out, bad links fall back
// with coded notices. Runs the real core; ids and parameters come from the
// table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import {
  MAX_COMPARE,
  MAX_LINK_VALUES,
  NOTICE,
  allKeys,
  attributeOf,
  defaultState,
  hashEntries,
  hashOf,
  linkProblem,
  rangeProblem,
  stateAttributes,
  stateEntries,
  stateFromEntries,
  stateFromHash,
  toggledShow,
  onlyShown,
} from '../../web/src/shared/state.js';

const lab = await loadActivationLab();
const ids = lab.activations.map((a) => a.id);
const VIEW_KEYS = ['compare', 'x_min', 'x_max', 'y_min', 'y_max', 'values', 'show'];

/** Every parameter name in the table, each once, in table order. */
const paramNames = [...new Set(lab.activations.flatMap((a) => a.params.map((p) => p.name)))];

/** A state unlike the default in every part. */
function changedState(meta, index) {
  let params = Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
  for (const p of meta.params) {
    const value = p.choices ? p.choices[p.choices.length - 1] : p.max;
    const trial = { ...params, [p.name]: value };
    if (p.choices || lab.checkParams(meta.id, trial) === null) params = trial;
  }
  assert.equal(lab.checkParams(meta.id, params), null, `${meta.id}: the test state is valid`);
  return {
    activation: meta.id,
    params,
    compare: [ids[(index + 1) % ids.length], ids[(index + 2) % ids.length]],
    xMin: meta.xRange[0] - 1.5,
    xMax: meta.xRange[1] + 2,
    values: '-1,0,2',
    show: { function: false, gradient: true },
    yMin: -0.5,
    yMax: 2.25,
  };
}

/** Parses `hash`, expects exactly one notice with this code and key. */
function oneNotice(hash, code, key) {
  const { state, notices } = stateFromHash(lab, hash);
  assert.equal(notices.length, 1, `${hash}: ${JSON.stringify(notices)}`);
  const [n] = notices;
  assert.deepEqual([n.code, n.key], [code, key], hash);
  assert.equal(typeof n.message, 'string');
  assert.ok(n.message.length > 0, hash);
  return { state, notice: n };
}

test('the table gives what these tests rely on', () => {
  assert.ok(ids.length >= MAX_COMPARE + 2, 'enough ids to overfill compare');
  assert.ok(new Set(Object.values(NOTICE)).size === Object.keys(NOTICE).length, 'notice codes are distinct');
  assert.ok(Object.isFrozen(NOTICE));
});

test('every activation: a non-default state round-trips through the hash and through entries', () => {
  ids.forEach((id, index) => {
    const meta = lab.activation(id);
    const state = changedState(meta, index);
    if (meta.params.length) {
      assert.ok(
        meta.params.some((p) => state.params[p.name] !== p.default),
        `${id}: at least one parameter moved off its default`,
      );
    }
    const hash = hashOf(lab, state);
    assert.ok(hash.startsWith(`activation=${id}&`), hash);
    for (const withMark of [hash, `#${hash}`]) {
      const back = stateFromHash(lab, withMark);
      assert.deepEqual(back.notices, [], `${id}: ${withMark}`);
      assert.deepEqual(back.state, state, `${id}: ${withMark}`);
    }
    const entries = stateEntries(lab, state);
    assert.deepEqual(
      entries.map(([k]) => k),
      ['activation', ...meta.params.map((p) => p.name), ...VIEW_KEYS],
      `${id}: every key written, in URL order`,
    );
    const fromEntries = stateFromEntries(lab, entries);
    assert.deepEqual(fromEntries.notices, [], id);
    assert.deepEqual(fromEntries.state, state, id);
  });
});

test('defaults are left out, parameters are always written', () => {
  for (const meta of lab.activations) {
    const state = defaultState(lab, meta.id);
    const expected = [`activation=${meta.id}`, ...meta.params.map((p) => `${p.name}=${p.default}`)].join('&');
    assert.equal(hashOf(lab, state), expected);
    const back = stateFromHash(lab, `#${expected}`);
    assert.deepEqual(back, { state, notices: [] });
  }
  assert.deepEqual(stateFromHash(lab, ''), { state: defaultState(lab), notices: [] });
  assert.equal(defaultState(lab).activation, ids[0]);
});

test('the x range is written as a pair; one end alone takes the other from the default', () => {
  const meta = lab.activations.find((a) => a.params.length > 0);
  const [lo, hi] = meta.xRange;
  const onlyMax = { ...defaultState(lab, meta.id), xMax: hi + 3 };
  const onlyMin = { ...defaultState(lab, meta.id), xMin: lo - 3 };
  const range = (s) => stateEntries(lab, s).filter(([k]) => k === 'x_min' || k === 'x_max');
  assert.deepEqual(range(onlyMax), [
    ['x_min', String(lo)],
    ['x_max', String(hi + 3)],
  ]);
  assert.deepEqual(range(onlyMin), [
    ['x_min', String(lo - 3)],
    ['x_max', String(hi)],
  ]);
  assert.deepEqual(range(defaultState(lab, meta.id)), []);
  assert.ok(hashOf(lab, onlyMax).endsWith(`&x_min=${lo}&x_max=${hi + 3}`));

  const fromMax = stateFromHash(lab, `activation=${meta.id}&x_max=${hi + 3}`);
  assert.deepEqual(fromMax, { state: onlyMax, notices: [] });
  const fromMin = stateFromHash(lab, `activation=${meta.id}&x_min=${lo - 3}`);
  assert.deepEqual(fromMin, { state: onlyMin, notices: [] });
  // One end alone is still checked against the default other end.
  const { state } = oneNotice(`activation=${meta.id}&x_max=${lo - 1}`, NOTICE.invalidRange, 'x_min');
  assert.deepEqual([state.xMin, state.xMax], [lo, hi]);
});

test('notice: unknown activation falls back to the first table entry; the rest still applies', () => {
  const first = lab.activations[0];
  const { state, notice } = oneNotice('activation=relu7&values=1,2', NOTICE.unknownActivation, 'activation');
  assert.deepEqual(state, { ...defaultState(lab), values: '1,2' });
  assert.equal(state.activation, first.id);
  assert.match(notice.message, /relu7/);
  assert.ok(notice.message.includes(first.label), notice.message);
  oneNotice('activation=', NOTICE.unknownActivation, 'activation');
});

test('notice: unknown key', () => {
  const id = ids[1];
  const { state, notice } = oneNotice(`activation=${id}&colour=red`, NOTICE.unknownKey, 'colour');
  assert.deepEqual(state, defaultState(lab, id));
  assert.match(notice.message, /colour/);
  // An attribute spelling is not a URL key.
  oneNotice(`activation=${id}&x-min=-1`, NOTICE.unknownKey, 'x-min');
});

test('notice: a parameter of another activation (foreign_param), for every activation', () => {
  for (const meta of lab.activations) {
    const own = new Set(meta.params.map((p) => p.name));
    const foreign = paramNames.find((name) => !own.has(name));
    assert.ok(foreign, `${meta.id}: some table parameter it lacks`);
    const { state, notice } = oneNotice(`activation=${meta.id}&${foreign}=1`, NOTICE.foreignParam, foreign);
    assert.deepEqual(state, defaultState(lab, meta.id));
    assert.ok(notice.message.includes(foreign), notice.message);
  }
});

test('notice: invalid parameter keeps the default and names the parameter', () => {
  const lambd = lab.activation('softshrink').params.find((p) => p.name === 'lambd');
  const { state, notice } = oneNotice('activation=softshrink&lambd=-1', NOTICE.invalidParam, 'lambd');
  assert.equal(state.params.lambd, lambd.default);
  assert.deepEqual(state, defaultState(lab, 'softshrink'));
  assert.match(notice.message, /lambd/);

  const alpha = lab.activation('elu').params.find((p) => p.name === 'alpha');
  assert.equal(oneNotice('activation=elu&alpha=abc', NOTICE.invalidParam, 'alpha').state.params.alpha, alpha.default);
  assert.equal(oneNotice('activation=elu&alpha', NOTICE.invalidParam, 'alpha').state.params.alpha, alpha.default);
  const approximate = lab.activation('gelu').params.find((p) => p.name === 'approximate');
  const gelu = oneNotice('activation=gelu&approximate=fast', NOTICE.invalidParam, 'approximate');
  assert.equal(gelu.state.params.approximate, approximate.default);
  assert.deepEqual(stateFromHash(lab, `activation=gelu&approximate=${approximate.choices.at(-1)}`).notices, []);
});

test('notice: invalid range keeps the default range', () => {
  const meta = lab.activation(ids[1]);
  // The notice names the key that is not a number, else x_min for the pair.
  for (const [bad, key] of [
    ['x_min=5&x_max=1', 'x_min'],
    ['x_min=1&x_max=1', 'x_min'],
    ['x_min=abc&x_max=1', 'x_min'],
    ['x_min=0&x_max=1e400', 'x_max'],
    ['x_min=0x10&x_max=20', 'x_min'],
  ]) {
    const { state } = oneNotice(`activation=${meta.id}&${bad}`, NOTICE.invalidRange, key);
    assert.deepEqual([state.xMin, state.xMax], meta.xRange, bad);
  }
  // A unicode minus is read as a minus.
  const { state, notices } = stateFromHash(lab, `activation=${meta.id}&x_min=%E2%88%922&x_max=2`);
  assert.deepEqual(notices, []);
  assert.deepEqual([state.xMin, state.xMax], [-2, 2]);
});

test('notice: unknown id in compare is left out, known ones kept', () => {
  const [id, a, b] = ids;
  const { state, notice } = oneNotice(`activation=${id}&compare=${a},nope,${b}`, NOTICE.unknownCompare, 'compare');
  assert.deepEqual(state.compare, [a, b]);
  assert.match(notice.message, /nope/);
  // The activation itself and repeats are dropped quietly.
  assert.deepEqual(stateFromHash(lab, `activation=${id}&compare=${id},${a},${a}`), {
    state: { ...defaultState(lab, id), compare: [a] },
    notices: [],
  });
});

test('notice: more than MAX_COMPARE compares keeps the first MAX_COMPARE', () => {
  const [id, ...others] = ids;
  const full = others.slice(0, MAX_COMPARE);
  assert.deepEqual(stateFromHash(lab, `activation=${id}&compare=${full.join(',')}`).notices, []);
  const over = others.slice(0, MAX_COMPARE + 1);
  const { state, notice } = oneNotice(`activation=${id}&compare=${over.join(',')}`, NOTICE.tooManyCompare, 'compare');
  assert.deepEqual(state.compare, full);
  assert.ok(notice.message.includes(over.at(-1)), notice.message);
});

test('notice: bad show value keeps both curves', () => {
  for (const bad of ['show=both', 'show=function,slope', 'show=', 'show']) {
    const { state, notice } = oneNotice(bad, NOTICE.invalidShow, 'show');
    assert.deepEqual(state.show, { function: true, gradient: true }, bad);
    assert.match(notice.message, /function/);
  }
  assert.deepEqual(stateFromHash(lab, 'show=function').state.show, { function: true, gradient: false });
  assert.deepEqual(stateFromHash(lab, 'show=gradient,function'), { state: defaultState(lab), notices: [] });
});

test('several problems give several notices, in a stable form', () => {
  const { notices } = stateFromHash(lab, 'activation=softshrink&lambd=-1&x_min=5&x_max=1&colour=red&show=x');
  assert.deepEqual(
    notices.map((n) => n.code).sort(),
    [NOTICE.invalidParam, NOTICE.invalidRange, NOTICE.invalidShow, NOTICE.unknownKey].sort(),
  );
  for (const n of notices) assert.deepEqual(Object.keys(n).sort(), ['code', 'key', 'message']);
});

test('parameters valid only together: rrelu lower and upper', () => {
  const defaults = defaultState(lab, 'rrelu').params;
  // Premise: lower=0.5 alone, against the default upper, is invalid.
  assert.notEqual(lab.checkParams('rrelu', { ...defaults, lower: 0.5 }), null);
  assert.deepEqual(stateFromHash(lab, 'activation=rrelu&lower=0.5&upper=0.9'), {
    state: { ...defaultState(lab, 'rrelu'), params: { lower: 0.5, upper: 0.9 } },
    notices: [],
  });
  const { state, notice } = oneNotice('activation=rrelu&lower=0.9&upper=0.5', NOTICE.invalidParam, 'lower');
  assert.deepEqual(state.params, { lower: defaults.lower, upper: 0.5 });
  assert.match(notice.message, /lower/);
  // hardtanh: whatever is kept, the state is valid.
  const hardtanh = oneNotice('activation=hardtanh&min_val=0.5&max_val=0.2', NOTICE.invalidParam, 'max_val');
  assert.equal(lab.checkParams('hardtanh', hardtanh.state.params), null);
});

test('allKeys: activation, every parameter name once, then the view keys', () => {
  const keys = allKeys(lab);
  assert.equal(keys[0], 'activation');
  assert.equal(new Set(keys).size, keys.length, 'no key twice');
  assert.deepEqual(keys.slice(-VIEW_KEYS.length), VIEW_KEYS);
  const middle = keys.slice(1, -VIEW_KEYS.length);
  assert.deepEqual([...middle].sort(), [...paramNames].sort());
  for (const meta of lab.activations) {
    for (const p of meta.params) assert.equal(keys.filter((k) => k === p.name).length, 1, p.name);
  }
});

test('attributes: "_" written "-"; stateAttributes is stateEntries renamed', () => {
  assert.equal(attributeOf('negative_slope'), 'negative-slope');
  assert.equal(attributeOf('x_min'), 'x-min');
  assert.equal(attributeOf('activation'), 'activation');
  ids.forEach((id, index) => {
    for (const state of [defaultState(lab, id), changedState(lab.activation(id), index)]) {
      const entries = stateEntries(lab, state);
      assert.deepEqual(
        stateAttributes(lab, state),
        entries.map(([k, v]) => [attributeOf(k), v]),
      );
    }
  });
  const hardtanh = changedState(lab.activation('hardtanh'), 0);
  const names = stateAttributes(lab, hardtanh).map(([k]) => k);
  for (const name of ['min-val', 'max-val', 'x-min', 'x-max']) assert.ok(names.includes(name), name);
});

test('hashEntries: decodes, keeps bad escapes as text, reads keys without "="', () => {
  assert.deepEqual(hashEntries('#activation=elu&alpha=0.5'), [
    ['activation', 'elu'],
    ['alpha', '0.5'],
  ]);
  assert.deepEqual(hashEntries('activation=elu'), [['activation', 'elu']]);
  assert.deepEqual(hashEntries('%61ctivation=%65lu&values=1%202%2C3'), [
    ['activation', 'elu'],
    ['values', '1 2,3'],
  ]);
  assert.deepEqual(hashEntries('values=%E0%A4%A&x=%zz&ok=%41'), [
    ['values', '%E0%A4%A'],
    ['x', '%zz'],
    ['ok', 'A'],
  ]);
  assert.deepEqual(hashEntries('show&compare=&&values=a=b&'), [
    ['show', ''],
    ['compare', ''],
    ['values', 'a=b'],
  ]);
  assert.deepEqual(hashEntries(''), []);
  assert.deepEqual(hashEntries('#'), []);
  assert.doesNotThrow(() => stateFromHash(lab, '#values=%&%=%'));
});

test('hashOf keeps commas and minus signs readable and encodes the rest', () => {
  const [id, a, b] = ids;
  const state = { ...defaultState(lab, id), values: '-2,0,3', compare: [a, b] };
  const hash = hashOf(lab, state);
  assert.ok(hash.includes('values=-2,0,3'), hash);
  assert.ok(hash.includes(`compare=${a},${b}`), hash);
  assert.ok(!/%2C/i.test(hash), hash);
  const awkward = { ...defaultState(lab, id), values: '1 2;\t3\n−4' };
  const awkwardHash = hashOf(lab, awkward);
  assert.ok(!/[ \t\n]/.test(awkwardHash) && awkwardHash.split('&').length === 2, awkwardHash);
  assert.deepEqual(stateFromHash(lab, `#${awkwardHash}`), { state: awkward, notices: [] });
});

test('values that are invalid, not well-formed or too long stay out of the hash, with a reason', () => {
  const id = ids[0];
  for (const [values, reason] of [
    ['1, 2, 1e', /until they are valid/],
    ['1\uD800, 2', /until they are valid/],
    ['1 '.repeat(MAX_LINK_VALUES), /at most 2,000 characters.*Download CSV/],
  ]) {
    const state = { ...defaultState(lab, id), values };
    assert.doesNotMatch(hashOf(lab, state), /values=/);
    assert.ok(!stateEntries(lab, state).some(([key]) => key === 'values'));
    assert.match(linkProblem(lab, state), reason);
  }
  assert.equal(linkProblem(lab, { ...defaultState(lab, id), values: '1, 2' }), '');
});

test('numbers in a hash follow the Values parser: no other bases, no decimal commas', () => {
  const withParam = lab.activations.find((a) => a.params.some((p) => !p.choices && p.domain[0] < 0));
  const p = withParam.params.find((q) => !q.choices);
  for (const text of ['0x10', '0b11', '1,5', '', '1e']) {
    const { state, notices } = stateFromHash(lab, `activation=${withParam.id}&${p.name}=${encodeURIComponent(text)}`);
    assert.equal(state.params[p.name], p.default, text);
    assert.deepEqual(
      notices.map((n) => [n.code, n.key]),
      [[NOTICE.invalidParam, p.name]],
      text,
    );
  }
  const { state } = stateFromHash(lab, `activation=${withParam.id}&${p.name}=%E2%88%920.5`);
  assert.equal(state.params[p.name], -0.5, 'Unicode minus, as in the Values field');
});

test('toggledShow: unticking the last shown curve shows the other', () => {
  const both = { function: true, gradient: true };
  assert.deepEqual(toggledShow(both, 'gradient', false), { function: true, gradient: false });
  assert.deepEqual(toggledShow(both, 'function', false), { function: false, gradient: true });
  assert.deepEqual(toggledShow({ function: true, gradient: false }, 'function', false), {
    function: false,
    gradient: true,
  });
  assert.deepEqual(toggledShow({ function: false, gradient: true }, 'gradient', false), {
    function: true,
    gradient: false,
  });
  assert.deepEqual(toggledShow({ function: false, gradient: true }, 'function', true), both);
  // The box of the one curve shown is disabled (onlyShown), so unticking it cannot happen from the page.
  assert.equal(onlyShown(both), null);
  assert.equal(onlyShown({ function: true, gradient: false }), 'function');
  assert.equal(onlyShown({ function: false, gradient: true }), 'gradient');
  assert.deepEqual(toggledShow({ function: true, gradient: false }, 'gradient', true), both);
});

test('rangeProblem: finite, ordered, not too wide, not too narrow', () => {
  assert.equal(rangeProblem(-1, 1), '');
  assert.equal(rangeProblem(0, 1e-8), '');
  assert.equal(rangeProblem(-1e307, 1e307), '');
  for (const [lo, hi] of [
    [NaN, 1],
    [0, Infinity],
    [-Infinity, 0],
    [0, NaN],
  ]) {
    assert.match(rangeProblem(lo, hi), /finite/, `${lo}..${hi}`);
  }
  assert.match(rangeProblem(2, 1), /less than/);
  assert.match(rangeProblem(1, 1), /less than/);
  assert.match(rangeProblem(-1e308, 1e308), /too wide/);
  assert.match(rangeProblem(0, 1e-10), /too narrow/);
  assert.match(rangeProblem(1e6, 1e6 + 1e-4), /too narrow/);
});
