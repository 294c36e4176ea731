// View state and its text form, from one schema: stateKeys() below. Its keys
// are the table's ids and PyTorch parameter names (#activation=leaky_relu&
// negative_slope=0.2&values=-2,0,3); a key's widget attribute is the key with
// "_" written "-". The page's URL, the widget's attributes, the iframe view's
// hash and the embed dialog's snippets all read and write state here, and
// nothing else parses or names a key. No DOM: tests/node/state.test.mjs runs
// it in Node.
//
// State flows one way: URL (or attributes) -> state -> controls and chart;
// a control changes state, never the chart.

export const MAX_COMPARE = 4;
/** Typed values longer than this many characters stay out of links (and
 *  widget snippets): the CSV carries them instead. */
export const MAX_LINK_VALUES = 2000;
const SHOW_PARTS = ['function', 'gradient'];

/** What a notice is about, for code; its `message` is for people. */
export const NOTICE = Object.freeze({
  unknownActivation: 'unknown_activation',
  invalidParam: 'invalid_param',
  foreignParam: 'foreign_param', // a parameter of another activation
  unknownKey: 'unknown_key',
  invalidRange: 'invalid_range',
  unknownCompare: 'unknown_compare',
  tooManyCompare: 'too_many_compare',
  invalidShow: 'invalid_show',
  repeatedKey: 'repeated_key',
});

/** The widget attribute of a state key: negative_slope -> negative-slope. */
export const attributeOf = (key) => key.replace(/_/g, '-');

// What a person gave, as a notice quotes it: cut, as the parser cuts tokens.
export const quoted = (text) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

// A number in a link or attribute goes through the core's parser, with the
// Values field's rules and messages (no 0x10, no 1,5). Not a number: a
// Problem, which the key's group check reports.
export class Problem {
  constructor(message) {
    this.message = message;
  }
}
export function readNumber(text, lab) {
  try {
    const values = lab.parseValues(text);
    if (values.length === 1) return values[0];
    return new Problem(values.length ? `"${quoted(text)}" is ${values.length} numbers, not one` : 'no number given');
  } catch (error) {
    return new Problem(error.message);
  }
}
const words = (text) => text.split(/[\s,]+/).filter(Boolean);

/**
 * The keys of a view of one activation, in URL order: its id, its
 * parameters, then the view. Each key has
 *   key        the URL key (its widget attribute is attributeOf(key));
 *   get(state) where the value lives in the state;
 *   parse(text, lab) -> value, serialise(value) -> text;
 *   isDefault(state, meta, lab): left out of URLs and attributes when true;
 *   group: keys checked together by CHECKS[group] (rrelu's lower and upper
 *          are valid only as a pair; so are x_min and x_max).
 */
export function stateKeys(meta) {
  return [
    {
      key: 'activation',
      get: (s) => s.activation,
      parse: (text) => text,
      serialise: String,
      isDefault: () => false,
      group: 'activation',
    },
    ...meta.params.map((p) => ({
      key: p.name,
      get: (s) => s.params[p.name],
      parse: p.choices ? (text) => text : readNumber,
      serialise: String,
      isDefault: () => false, // always written: a link keeps its meaning if a default changes
      group: 'params',
    })),
    {
      key: 'compare',
      get: (s) => s.compare,
      parse: words,
      serialise: (ids) => ids.join(','),
      isDefault: (s) => s.compare.length === 0,
      group: 'compare',
    },
    ...[
      ['x_min', 'xMin'],
      ['x_max', 'xMax'],
    ].map(([key, field]) => ({
      key,
      get: (s) => s[field],
      parse: readNumber,
      serialise: String,
      // Written as a pair, so a shared range stays whole.
      isDefault: (s, m) => s.xMin === m.xRange[0] && s.xMax === m.xRange[1],
      group: 'range',
    })),
    // The y range: both null is "auto" (Chart.js fits the curves drawn);
    // set, it is a pair like the x range, and is written only when set.
    ...[
      ['y_min', 'yMin'],
      ['y_max', 'yMax'],
    ].map(([key, field]) => ({
      key,
      get: (s) => s[field],
      parse: readNumber,
      serialise: String,
      isDefault: (s) => !yRangeSet(s),
      group: 'yRange',
    })),
    {
      key: 'values',
      get: (s) => s.values,
      parse: (text) => text,
      serialise: String,
      // Also left out when it cannot go into a link (linkProblem).
      isDefault: (s, m, lab) => !s.values.trim() || Boolean(linkProblem(lab, s)),
      group: 'values',
    },
    {
      key: 'show',
      get: (s) => s.show,
      parse: words,
      serialise: (show) => SHOW_PARTS.filter((k) => show[k]).join(','),
      isDefault: (s) => SHOW_PARTS.every((k) => s.show[k]),
      group: 'show',
    },
  ];
}

/** Every key a view of some activation can have: the widget's state
 *  attributes are these, through attributeOf. */
export function allKeys(lab) {
  const params = new Set(lab.activations.flatMap((a) => a.params.map((p) => p.name)));
  const view = stateKeys({ params: [] }).map((k) => k.key);
  return [view[0], ...params, ...view.slice(1)];
}

/** The state a first visit sees. */
export function defaultState(lab, id = lab.activations[0].id) {
  const meta = lab.activation(id);
  return {
    activation: id,
    params: Object.fromEntries(meta.params.map((p) => [p.name, p.default])),
    compare: [],
    xMin: meta.xRange[0],
    xMax: meta.xRange[1],
    values: '',
    show: { function: true, gradient: true },
    yMin: null,
    yMax: null,
  };
}

/** True when the state sets its y range (false: auto). */
export const yRangeSet = (s) => s.yMin !== null && s.yMax !== null;

/** Message for an invalid x (or, with axis 'y', y) range, or ''. */
export function rangeProblem(min, max, axis = 'x') {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return `${axis} min and ${axis} max must be finite numbers.`;
  if (!(min < max)) return `${axis} min must be less than ${axis} max.`;
  if (!Number.isFinite(max - min)) return `The ${axis} range is too wide to plot.`;
  if (max - min < 1e-9 * Math.max(1, Math.abs(min))) return `The ${axis} range is too narrow to plot.`;
  return '';
}

// Each group's check: takes the parsed values of the group's given keys
// (key -> value), sets what is valid on the state, and reports the rest.
// The activation itself is settled first, in stateFromEntries.
const CHECKS = {
  activation: () => {},
  params({ lab, meta, state, given, parsed, notice }) {
    for (const [name, value] of parsed) {
      if (!(value instanceof Problem)) continue;
      notice(NOTICE.invalidParam, name, `Ignored ${name}=${quoted(given.get(name))}: ${value.message}`);
      parsed.delete(name);
    }
    // All given parameters together first (rrelu lower=0.5&upper=0.9 is
    // valid only as a pair), then one by one, each on top of those kept.
    const together = { ...state.params, ...Object.fromEntries(parsed) };
    if (!lab.checkParams(meta.id, together)) {
      state.params = together;
      return;
    }
    for (const [name, value] of parsed) {
      const trial = { ...state.params, [name]: value };
      const problem = lab.checkParams(meta.id, trial);
      if (problem) notice(NOTICE.invalidParam, name, `Ignored ${name}=${quoted(given.get(name))}: ${problem}`);
      else state.params = trial;
    }
  },
  range({ state, given, parsed, notice }) {
    const bad = [...parsed].find(([, value]) => value instanceof Problem);
    if (bad) {
      notice(
        NOTICE.invalidRange,
        bad[0],
        `Ignored the x range in the link: ${bad[0]}=${quoted(given.get(bad[0]))}: ${bad[1].message}`,
      );
      return;
    }
    const xMin = parsed.get('x_min') ?? state.xMin;
    const xMax = parsed.get('x_max') ?? state.xMax;
    const problem = rangeProblem(xMin, xMax);
    if (problem) notice(NOTICE.invalidRange, 'x_min', `Ignored the x range in the link: ${problem}`);
    else Object.assign(state, { xMin, xMax });
  },
  yRange({ state, given, parsed, notice }) {
    const bad = [...parsed].find(([, value]) => value instanceof Problem);
    if (bad) {
      notice(
        NOTICE.invalidRange,
        bad[0],
        `Ignored the y range in the link: ${bad[0]}=${quoted(given.get(bad[0]))}: ${bad[1].message}`,
      );
      return;
    }
    // A pair or nothing: half a y range has no "auto" other half to lean on.
    const missing = ['y_min', 'y_max'].find((key) => !parsed.has(key));
    if (missing) {
      notice(
        NOTICE.invalidRange,
        missing,
        `Ignored the y range in the link: ${missing} is missing (give both, or neither for auto).`,
      );
      return;
    }
    const yMin = parsed.get('y_min');
    const yMax = parsed.get('y_max');
    const problem = rangeProblem(yMin, yMax, 'y');
    if (problem) notice(NOTICE.invalidRange, 'y_min', `Ignored the y range in the link: ${problem}`);
    else Object.assign(state, { yMin, yMax });
  },
  compare({ lab, state, parsed, notice }) {
    const known = new Set(lab.activations.map((a) => a.id));
    for (const other of parsed.get('compare')) {
      if (!known.has(other)) {
        notice(NOTICE.unknownCompare, 'compare', `Unknown activation "${quoted(other)}" in compare; left out.`);
      } else if (other !== state.activation && !state.compare.includes(other)) {
        if (state.compare.length < MAX_COMPARE) state.compare = [...state.compare, other];
        else notice(NOTICE.tooManyCompare, 'compare', `At most ${MAX_COMPARE} comparisons; "${other}" left out.`);
      }
    }
  },
  values({ state, parsed }) {
    state.values = parsed.get('values');
  },
  show({ state, given, parsed, notice }) {
    const parts = parsed.get('show');
    if (!parts.length || parts.some((s) => !SHOW_PARTS.includes(s))) {
      notice(
        NOTICE.invalidShow,
        'show',
        `Ignored show=${quoted(given.get('show'))}: use "function", "gradient" or both.`,
      );
    } else {
      state.show = Object.fromEntries(SHOW_PARTS.map((k) => [k, parts.includes(k)]));
    }
  },
};

/**
 * State from key/value pairs (a URL hash, or a widget's attributes). Bad or
 * unknown entries fall back to defaults, each with a notice
 * {code: NOTICE.*, key, message}.
 */
export function stateFromEntries(lab, entries) {
  const notices = [];
  const notice = (code, key, message) => notices.push({ code, key, message });
  const given = new Map();
  for (const [key, value] of entries) {
    if (given.has(key))
      notice(NOTICE.repeatedKey, key, `"${quoted(key)}" is given more than once; the last one counts.`);
    given.set(key, value);
  }
  let id = given.get('activation');
  if (id !== undefined && !lab.activations.some((a) => a.id === id)) {
    notice(
      NOTICE.unknownActivation,
      'activation',
      `Unknown activation "${quoted(id)}"; showing ${lab.activations[0].label} instead.`,
    );
    id = undefined;
  }
  const state = defaultState(lab, id);
  const meta = lab.activation(state.activation);
  const keys = stateKeys(meta);
  for (const group of Object.keys(CHECKS)) {
    const parsed = new Map(
      keys.filter((k) => k.group === group && given.has(k.key)).map((k) => [k.key, k.parse(given.get(k.key), lab)]),
    );
    if (parsed.size) CHECKS[group]({ lab, meta, state, given, parsed, notice });
  }
  const known = new Set(keys.map((k) => k.key));
  const otherParams = new Set(allKeys(lab));
  for (const key of given.keys()) {
    if (known.has(key)) continue;
    if (otherParams.has(key)) notice(NOTICE.foreignParam, key, `Ignored ${key}: ${meta.label} has no such parameter.`);
    else notice(NOTICE.unknownKey, key, `Ignored unknown setting "${quoted(key)}".`);
  }
  return { state, notices };
}

/** Key/value pairs of a state, in URL order; defaults left out. */
export function stateEntries(lab, state) {
  const meta = lab.activation(state.activation);
  return stateKeys(meta)
    .filter((k) => !k.isDefault(state, meta, lab))
    .map((k) => [k.key, k.serialise(k.get(state))]);
}

/** Why the typed values stay out of links and snippets, or '': text that
 *  is not valid (a link must not carry a typo to the next reader, nor a
 *  lone surrogate, which URLs cannot encode), or longer than MAX_LINK_VALUES
 *  (checked first, so a 10 MB paste is never parsed here). */
export function linkProblem(lab, state) {
  if (!state.values.trim()) return '';
  if (state.values.length > MAX_LINK_VALUES) {
    return `Your values are not in the link: it holds at most ${MAX_LINK_VALUES.toLocaleString('en-US')} characters of them. Download CSV to share them.`;
  }
  try {
    lab.parseValues(state.values);
    return '';
  } catch {
    return 'Your values are not in the link until they are valid.';
  }
}

/** The widget attributes of a state: [attribute, value] pairs. */
export function stateAttributes(lab, state) {
  return stateEntries(lab, state).map(([key, value]) => [attributeOf(key), value]);
}

/** State from a location hash such as "#activation=elu&alpha=0.5". */
export function stateFromHash(lab, hash) {
  return stateFromEntries(lab, hashEntries(hash));
}

/** Decoded [key, value] pairs of a location hash, in order. */
export function hashEntries(hash) {
  return hash
    .replace(/^#/, '')
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return [decode(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? '' : decode(part.slice(eq + 1))];
    });
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The URL hash of a state (commas and minus signs kept readable). */
export function hashOf(lab, state) {
  return hashFromEntries(stateEntries(lab, state));
}

/** A location hash (without "#") of [key, value] pairs. */
export function hashFromEntries(entries) {
  return entries.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`).join('&');
}

/** `show` after a reader sets f or f′ (key) to `checked`: unticking the
 *  last one shows the other instead, so the chart is never empty. */
export function toggledShow(show, key, checked) {
  const other = key === 'function' ? 'gradient' : 'function';
  return { [key]: checked, [other]: show[other] || !checked };
}

/** The one curve shown when only one is ('function' or 'gradient'), else
 *  null: its checkbox is disabled, since unticking it would hide both. */
export const ONLY_SHOWN_TITLE = 'At least one of f(x) and f′(x) stays shown: show the other to hide this one.';
export function onlyShown(show) {
  if (show.function && !show.gradient) return 'function';
  if (show.gradient && !show.function) return 'gradient';
  return null;
}
