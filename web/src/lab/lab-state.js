// The lab's settings and their URL form, in the shape of the explorer's
// schema (shared/state.js): one list of keys, each with get, parse,
// serialise and isDefault, read by the page, the embed and the tests. The
// defaults are the first preset of the core (cpp/src/nn/presets.cpp). No DOM.
//
//   #a=relu&b=leaky_relu&b.negative_slope=0.05&hidden=64,64&optimizer=sgd&lr=0.5
import { Problem, hashEntries, hashFromEntries, quoted, readNumber } from '../shared/state.js';

export const NETWORKS = ['a', 'b'];
export const OPTIMIZERS = ['sgd', 'adam'];
export const INITS = ['pytorch', 'he', 'constant_bias'];
export const MAX_STEPS = 100000;
// The training data's x range: the born-dead grid uses the same.
export const X_RANGE = [-1, 1];
/** The target value of "your own points" (state.data holds them). */
export const CUSTOM = 'custom';

/** What a lab notice is about (its `message` is for people). */
export const LAB_NOTICE = Object.freeze({
  unknownActivation: 'unknown_activation',
  invalidParam: 'invalid_param',
  invalidSetting: 'invalid_setting',
  unknownKey: 'unknown_key',
  repeatedKey: 'repeated_key',
});

const network = (lab, id) => ({
  activation: id,
  params: Object.fromEntries(lab.activation(id).params.map((p) => [p.name, p.default])),
});

/** The settings of a preset (the core's), as lab state. */
export function presetState(lab, preset) {
  return {
    a: network(lab, preset.a),
    b: network(lab, preset.b),
    hidden: [...preset.hidden],
    optimizer: preset.optimizer,
    lr: preset.lr,
    momentum: preset.momentum,
    init: preset.init,
    bias: preset.bias,
    target: preset.target,
    data: null, // {x, y} when target is CUSTOM
    points: preset.n,
    seed: preset.seed,
    steps: preset.steps,
    batch: 0,
  };
}

export const defaultLabState = (lab) => presetState(lab, lab.lab.presets[0]);

const escapeHtml = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The lab page's preset buttons (disabled until the core has loaded) and
 *  the default preset's story, as HTML that scripts/build-web.mjs writes
 *  into lab.html ({{lab_preset_buttons}}, {{lab_default_watch}}): the panel
 *  has its size before the core loads, so nothing under it moves then. */
export function labPagePlaceholders(lab) {
  return {
    lab_preset_buttons: lab.lab.presets
      .map(
        (p) =>
          `<button type="button" class="secondary preset" data-preset="${escapeHtml(p.id)}" aria-pressed="false" disabled>${escapeHtml(p.label)}</button>`,
      )
      .join(''),
    lab_default_watch: escapeHtml(lab.lab.presets[0].watch),
  };
}

/** The preset these settings are, or null. */
export function matchingPreset(lab, state) {
  const text = hashFromEntries(labEntries(lab, state, { all: true }));
  return (
    lab.lab.presets.find((p) => hashFromEntries(labEntries(lab, presetState(lab, p), { all: true })) === text) ?? null
  );
}

const integer = (min, max) => (text, lab) => {
  const v = readNumber(text, lab);
  if (v instanceof Problem) return v;
  return Number.isInteger(v) && v >= min && v <= max ? v : new Problem(`must be a whole number from ${min} to ${max}`);
};
const atLeastZero = (text, lab) => {
  const v = readNumber(text, lab);
  if (v instanceof Problem) return v;
  return v >= 0 && Number.isFinite(v) ? v : new Problem('must be a number ≥ 0');
};
const oneOf = (choices) => (text) =>
  choices.includes(text) ? text : new Problem(`use ${choices.map((c) => `"${c}"`).join(', ')}`);

/** Your own points from text: x y pairs in the core parser's format
 *  ("-1 1, 0 0, 1 1" or one pair per line), or a Problem naming what is
 *  wrong (the parser's token and position, or the odd count). */
export function readPairs(text, lab) {
  let values;
  try {
    values = lab.parseValues(text);
  } catch (error) {
    return new Problem(error.message);
  }
  if (values.length < 2) return new Problem('give at least one x y pair');
  if (values.length % 2) {
    return new Problem(`${values.length} numbers is not a list of x y pairs: the last x (${values.at(-1)}) has no y`);
  }
  const x = [];
  const y = [];
  for (let i = 0; i < values.length; i += 2) {
    if (!Number.isFinite(values[i]) || !Number.isFinite(values[i + 1])) {
      return new Problem(`pair ${i / 2 + 1} (${values[i]}, ${values[i + 1]}) is not finite`);
    }
    x.push(values[i]);
    y.push(values[i + 1]);
  }
  if (x.length > lab.lab.limits.maxPoints) return new Problem(`at most ${lab.lab.limits.maxPoints} pairs`);
  return { x, y };
}

/** How many training points the settings have. */
export const pointCount = (s) => (s.target === CUSTOM ? s.data.x.length : s.points);

/**
 * Keys in URL order. Each: key, get(state), parse(text, lab) -> value or a
 * Problem, set(state, value), serialise(value), isDefault(state, lab), and
 * for a network's parameter, the network it belongs to.
 */
export function labKeys(lab, state) {
  const { limits } = lab.lab;
  const defaults = defaultLabState(lab);
  const keys = [];
  for (const net of NETWORKS) {
    keys.push({
      key: net,
      get: (s) => s[net].activation,
      parse: (text) =>
        lab.activations.some((a) => a.id === text) ? text : new Problem(`unknown activation "${quoted(text)}"`),
      set: (s, id) => (s[net] = network(lab, id)),
      serialise: String,
      isDefault: (s) => s[net].activation === defaults[net].activation,
    });
    for (const p of lab.activation(state[net].activation).params) {
      keys.push({
        key: `${net}.${p.name}`,
        network: net,
        param: p.name,
        get: (s) => s[net].params[p.name],
        parse: p.choices ? oneOf(p.choices) : readNumber,
        set: (s, v) => (s[net].params = { ...s[net].params, [p.name]: v }),
        serialise: String,
        isDefault: (s) => s[net].params[p.name] === p.default,
      });
    }
  }
  const simple = (key, field, parse, serialise = String) =>
    keys.push({
      key,
      get: (s) => s[field],
      parse,
      set: (s, v) => (s[field] = v),
      serialise,
      isDefault: (s) => serialise(s[field]) === serialise(defaults[field]),
    });
  simple(
    'hidden',
    'hidden',
    (text, l) => {
      const widths = text.split(',').map((w) => integer(1, limits.maxWidth)(w.trim(), l));
      const bad = widths.find((w) => w instanceof Problem);
      if (bad) return new Problem(`each layer width ${bad.message}`);
      if (widths.length > limits.maxHiddenLayers) return new Problem(`at most ${limits.maxHiddenLayers} layers`);
      return widths;
    },
    (w) => w.join(','),
  );
  simple('optimizer', 'optimizer', oneOf(OPTIMIZERS));
  simple('lr', 'lr', atLeastZero);
  keys.push({
    ...keys.at(-1),
    key: 'momentum',
    get: (s) => s.momentum,
    set: (s, v) => (s.momentum = v),
    isDefault: (s) => s.optimizer !== 'sgd' || s.momentum === defaults.momentum,
  });
  simple('init', 'init', oneOf(INITS));
  simple('bias', 'bias', readNumber);
  keys.at(-1).isDefault = (s) => s.init !== 'constant_bias' || s.bias === defaults.bias;
  simple('target', 'target', oneOf([...lab.lab.targets.map((t) => t.id), CUSTOM]));
  simple('points', 'points', integer(1, limits.maxPoints));
  keys.at(-1).isDefault = (s) => s.target === CUSTOM || s.points === defaults.points;
  keys.push({
    key: 'data',
    get: (s) => s.data,
    parse: (text, l) => readPairs(text, l),
    set: (s, v) => (s.data = v),
    // x1,y1,x2,y2,...: the parser's own format, commas kept readable in links.
    serialise: (d) => (d ? d.x.flatMap((x, i) => [x, d.y[i]]).join(',') : ''),
    isDefault: (s) => s.target !== CUSTOM,
  });
  simple('seed', 'seed', integer(0, Number.MAX_SAFE_INTEGER));
  simple('steps', 'steps', integer(1, MAX_STEPS));
  simple('batch', 'batch', integer(0, limits.maxPoints));
  return keys;
}

/** [key, value] pairs of the settings in URL order (defaults left out unless all). */
export function labEntries(lab, state, { all = false } = {}) {
  return labKeys(lab, state)
    .filter((k) => all || !k.isDefault(state, lab))
    .map((k) => [k.key, k.serialise(k.get(state))]);
}

export const labHash = (lab, state) => hashFromEntries(labEntries(lab, state));

/** Settings from a location hash; what cannot be used is named in notices
 *  {code, key, message} and left at its default. */
export function labStateFromHash(lab, hash) {
  const notices = [];
  const notice = (code, key, message) => notices.push({ code, key, message });
  const given = new Map();
  for (const [key, value] of hashEntries(hash)) {
    if (given.has(key))
      notice(LAB_NOTICE.repeatedKey, key, `"${quoted(key)}" is given more than once; the last one counts.`);
    given.set(key, value);
  }
  const state = defaultLabState(lab);
  // The activations first: they decide which parameter keys exist.
  for (const net of NETWORKS) {
    if (!given.has(net)) continue;
    const key = labKeys(lab, state).find((k) => k.key === net);
    const id = key.parse(given.get(net), lab);
    if (id instanceof Problem) {
      notice(LAB_NOTICE.unknownActivation, net, `Ignored ${net}=${quoted(given.get(net))}: ${id.message}.`);
    } else key.set(state, id);
  }
  const keys = labKeys(lab, state);
  for (const k of keys) {
    if (NETWORKS.includes(k.key) || !given.has(k.key)) continue;
    const text = given.get(k.key);
    const value = k.parse(text, lab);
    if (value instanceof Problem) {
      const code = k.network ? LAB_NOTICE.invalidParam : LAB_NOTICE.invalidSetting;
      notice(code, k.key, `Ignored ${k.key}=${quoted(text)}: ${value.message}.`);
      continue;
    }
    const trial = structuredClone(state);
    k.set(trial, value);
    const problem = k.network ? lab.checkParams(trial[k.network].activation, trial[k.network].params) : null;
    if (problem) notice(LAB_NOTICE.invalidParam, k.key, `Ignored ${k.key}=${quoted(text)}: ${problem}`);
    else k.set(state, value);
  }
  // Settings that the others make meaningless are named, not dropped silently.
  if (given.has('momentum') && state.optimizer !== 'sgd') {
    notice(
      LAB_NOTICE.invalidSetting,
      'momentum',
      `Ignored momentum: it is an option of optimizer "sgd", not "${state.optimizer}".`,
    );
    state.momentum = defaultLabState(lab).momentum;
  }
  if (given.has('bias') && state.init !== 'constant_bias') {
    notice(
      LAB_NOTICE.invalidSetting,
      'bias',
      `Ignored bias: it is used only with init "constant_bias", not "${state.init}".`,
    );
    state.bias = defaultLabState(lab).bias;
  }
  if (state.target === CUSTOM && !state.data) {
    notice(LAB_NOTICE.invalidSetting, 'target', 'Ignored target=custom: it needs data=x1,y1,x2,y2,… (your points).');
    state.target = defaultLabState(lab).target;
  }
  if (given.has('data') && state.target !== CUSTOM) {
    notice(LAB_NOTICE.invalidSetting, 'data', `Ignored data: it is used only with target=${CUSTOM}.`);
    state.data = null;
  }
  if (state.batch > pointCount(state)) {
    notice(
      LAB_NOTICE.invalidSetting,
      'batch',
      `Ignored batch=${state.batch}: more than the ${pointCount(state)} points.`,
    );
    state.batch = 0;
  }
  const known = new Set(keys.map((k) => k.key));
  for (const key of given.keys()) {
    if (!known.has(key)) notice(LAB_NOTICE.unknownKey, key, `Ignored unknown setting "${quoted(key)}".`);
  }
  return { state, notices };
}

/** createTrainer options of network A or B. */
export function trainerOptionsOf(state, net) {
  const { activation, params } = state[net];
  return {
    activation,
    params,
    hidden: state.hidden,
    optimizer: state.optimizer,
    lr: state.lr,
    ...(state.optimizer === 'sgd' ? { momentum: state.momentum } : {}),
    init: state.init,
    ...(state.init === 'constant_bias' ? { bias: state.bias } : {}),
    seed: state.seed,
    batch_size: state.batch,
    data:
      state.target === CUSTOM
        ? { x: state.data.x, y: state.data.y }
        : { target: state.target, n: state.points, xRange: X_RANGE },
  };
}
