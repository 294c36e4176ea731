// The lab's URL state (web/src/lab/lab-state.js): defaults from the core's
// presets, round trips, and a notice naming every setting it cannot use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import {
  LAB_NOTICE,
  defaultLabState,
  labEntries,
  labHash,
  labStateFromHash,
  matchingPreset,
  presetState,
  readPairs,
  trainerOptionsOf,
} from '../../web/src/lab/lab-state.js';

const lab = await loadActivationLab();

test('the default is the first preset, and a default link is empty', () => {
  const state = defaultLabState(lab);
  assert.equal(matchingPreset(lab, state).id, lab.lab.presets[0].id);
  assert.equal(labHash(lab, state), '');
  assert.deepEqual(labStateFromHash(lab, '').state, state);
});

test('every preset survives its link, and trains', () => {
  for (const preset of lab.lab.presets) {
    const state = presetState(lab, preset);
    const { state: back, notices } = labStateFromHash(lab, `#${labHash(lab, state)}`);
    assert.deepEqual(notices, [], preset.id);
    assert.deepEqual(back, state, preset.id);
    assert.equal(matchingPreset(lab, back).id, preset.id);
    for (const net of ['a', 'b']) lab.createTrainer(trainerOptionsOf(back, net)).dispose();
  }
});

test('a full link restores every setting', () => {
  const hash =
    '#a=elu&a.alpha=0.5&b=leaky_relu&b.negative_slope=0.05&hidden=8,4,2&optimizer=adam&lr=0.002&init=constant_bias&bias=-0.5&target=abs&points=64&seed=7&steps=300&batch=16';
  const { state, notices } = labStateFromHash(lab, hash);
  assert.deepEqual(notices, []);
  assert.deepEqual(state.a, { activation: 'elu', params: { alpha: 0.5 } });
  assert.deepEqual(state.b, { activation: 'leaky_relu', params: { negative_slope: 0.05 } });
  assert.deepEqual(state.hidden, [8, 4, 2]);
  assert.equal(state.optimizer, 'adam');
  assert.equal(state.bias, -0.5);
  assert.equal(state.batch, 16);
  assert.equal(matchingPreset(lab, state), null);
  assert.deepEqual(labStateFromHash(lab, `#${labHash(lab, state)}`).state, state);
  assert.equal(`#${labHash(lab, state)}`, hash.replace('b=leaky_relu&', ''), 'B is leaky_relu by default');
  const options = trainerOptionsOf(state, 'a');
  assert.equal(options.momentum, undefined, 'no SGD option for Adam');
  assert.deepEqual(options.data, { target: 'abs', n: 64, xRange: [-1, 1] });
  lab.createTrainer(options).dispose();
});

test('what cannot be used is named, and the rest is kept', () => {
  const cases = [
    ['a=nope', 'a', LAB_NOTICE.unknownActivation],
    ['b.negative_slope=x', 'b.negative_slope', LAB_NOTICE.invalidParam],
    ['a=celu&a.alpha=0', 'a.alpha', LAB_NOTICE.invalidParam],
    ['hidden=3,0', 'hidden', LAB_NOTICE.invalidSetting],
    ['hidden=' + Array(13).fill(2).join(','), 'hidden', LAB_NOTICE.invalidSetting],
    ['hidden=200', 'hidden', LAB_NOTICE.invalidSetting],
    ['optimizer=rmsprop', 'optimizer', LAB_NOTICE.invalidSetting],
    ['lr=-1', 'lr', LAB_NOTICE.invalidSetting],
    ['lr=1e999', 'lr', LAB_NOTICE.invalidSetting],
    ['init=xavier', 'init', LAB_NOTICE.invalidSetting],
    ['target=zigzag', 'target', LAB_NOTICE.invalidSetting],
    ['points=0', 'points', LAB_NOTICE.invalidSetting],
    ['seed=1.5', 'seed', LAB_NOTICE.invalidSetting],
    ['steps=0', 'steps', LAB_NOTICE.invalidSetting],
    ['batch=9999', 'batch', LAB_NOTICE.invalidSetting],
    ['optimizer=adam&momentum=0.9', 'momentum', LAB_NOTICE.invalidSetting],
    ['bias=-1', 'bias', LAB_NOTICE.invalidSetting],
    ['a.alpha=1', 'a.alpha', LAB_NOTICE.unknownKey],
    ['zap=1', 'zap', LAB_NOTICE.unknownKey],
    ['lr=0.1&lr=0.2', 'lr', LAB_NOTICE.repeatedKey],
  ];
  const defaults = defaultLabState(lab);
  for (const [hash, key, code] of cases) {
    const [keptKey, keptValue] = key === 'target' ? ['seed', 5] : ['target', 'square'];
    const { state, notices } = labStateFromHash(lab, `#${hash}&${keptKey}=${keptValue}`);
    assert.equal(notices.length, 1, `${hash}: ${JSON.stringify(notices)}`);
    assert.equal(notices[0].key, key, hash);
    assert.equal(notices[0].code, code, hash);
    assert.ok(notices[0].message.includes(key.split('.').pop()), notices[0].message);
    assert.equal(state[keptKey], keptValue, `${hash}: the good setting is kept`);
    if (code !== LAB_NOTICE.repeatedKey) {
      const k = key.split('.')[0];
      if (k in defaults && k !== 'a' && k !== 'b') assert.deepEqual(state[k], defaults[k], hash);
    }
  }
  // The last of a repeated key counts.
  assert.equal(labStateFromHash(lab, '#lr=0.1&lr=0.2').state.lr, 0.2);
});

test('your own points: a link carries them, bad ones are named', () => {
  const { state, notices } = labStateFromHash(lab, '#target=custom&data=-2,1,0,0,2,1.5&batch=2');
  assert.deepEqual(notices, []);
  assert.deepEqual(state.data, { x: [-2, 0, 2], y: [1, 0, 1.5] });
  assert.equal(labHash(lab, state), 'target=custom&data=-2,1,0,0,2,1.5&batch=2');
  assert.deepEqual(trainerOptionsOf(state, 'a').data, { x: [-2, 0, 2], y: [1, 0, 1.5] });
  const t = lab.createTrainer(trainerOptionsOf(state, 'a'));
  assert.deepEqual(Array.from(t.data.x), [-2, 0, 2]);
  t.dispose();
  for (const [hash, key, pattern] of [
    ['target=custom&data=1,2,3', 'data', /3 numbers is not a list of x y pairs: the last x \(3\) has no y/],
    ['target=custom&data=1,2,x,4', 'data', /"x" is not a number \(line 1, column 5\)/],
    ['target=custom&data=1,inf', 'data', /pair 1 \(1, Infinity\) is not finite/],
    ['target=custom', 'target', /needs data=/],
    ['data=1,2', 'data', /only with target=custom/],
    ['target=custom&data=1,2,3,4&batch=3', 'batch', /more than the 2 points/],
  ]) {
    const r = labStateFromHash(lab, `#${hash}`);
    const n = r.notices.find((x) => x.key === key);
    assert.ok(n && pattern.test(n.message), `${hash}: ${JSON.stringify(r.notices)}`);
    assert.ok(r.state.target !== 'custom' || r.state.data, hash);
  }
  assert.equal(readPairs('-1 1\n0 0\n1 1', lab).x.length, 3);
});

test('entries list every key in URL order with all: true', () => {
  const keys = labEntries(lab, defaultLabState(lab), { all: true }).map(([k]) => k);
  assert.deepEqual(keys.slice(0, 3), ['a', 'b', 'b.negative_slope']);
  assert.ok(keys.includes('hidden') && keys.includes('seed') && keys.includes('steps'));
});
