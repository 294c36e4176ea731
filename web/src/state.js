// View state and its URL form. One table drives both: the keys are the
// table's ids and PyTorch parameter names (#activation=leaky_relu&
// negative_slope=0.2&values=-2,0,3). State flows one way: URL -> state ->
// controls and chart; controls change state, never the chart.

export const MAX_COMPARE = 4;
const SHOW_KEYS = ['function', 'gradient'];
const FIXED_KEYS = ['activation', 'compare', 'x_min', 'x_max', 'values', 'show'];

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
  };
}

/** Message for invalid parameters of an activation, or '' when valid. */
export function paramProblem(lab, id, params) {
  try {
    lab.evaluate(id, [], params);
    return '';
  } catch (error) {
    return error.message;
  }
}

/** Message for an invalid x range, or ''. */
export function rangeProblem(xMin, xMax) {
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) return 'x min and x max must be finite numbers.';
  if (!(xMin < xMax)) return 'x min must be less than x max.';
  if (!Number.isFinite(xMax - xMin)) return 'The x range is too wide to plot.';
  if (xMax - xMin < 1e-9 * Math.max(1, Math.abs(xMin))) return 'The x range is too narrow to plot.';
  return '';
}

function parseNumber(text) {
  return /^\s*$/.test(text) ? NaN : Number(text.replace(/\u2212/g, '-'));
}

/**
 * State from key/value pairs (a URL hash, or a widget's attributes). Bad or
 * unknown entries fall back to defaults and produce a notice for a person.
 */
export function stateFromEntries(lab, entries) {
  const notices = [];
  const given = new Map();
  for (const [key, value] of entries) given.set(key, value);
  let id = given.get('activation');
  const known = new Set(lab.activations.map((a) => a.id));
  if (id !== undefined && !known.has(id)) {
    notices.push(`Unknown activation "${id}"; showing ${lab.activations[0].label} instead.`);
    id = undefined;
  }
  const state = defaultState(lab, id);
  const meta = lab.activation(state.activation);
  const paramNames = new Set(meta.params.map((p) => p.name));
  const allParamNames = new Set(lab.activations.flatMap((a) => a.params.map((p) => p.name)));

  // All given parameters together first (rrelu lower=0.5&upper=0.9 is valid
  // only as a pair), then one by one against the defaults.
  const givenParams = meta.params.filter((p) => given.has(p.name));
  const read = (p) => (p.choices ? given.get(p.name) : parseNumber(given.get(p.name)));
  const together = { ...state.params, ...Object.fromEntries(givenParams.map((p) => [p.name, read(p)])) };
  if (!paramProblem(lab, state.activation, together)) {
    state.params = together;
  } else {
    for (const p of givenParams) {
      const trial = { ...state.params, [p.name]: read(p) };
      const problem = paramProblem(lab, state.activation, trial);
      if (problem) notices.push(`Ignored ${p.name}=${given.get(p.name)}: ${problem}`);
      else state.params = trial;
    }
  }

  if (given.has('x_min') || given.has('x_max')) {
    const xMin = given.has('x_min') ? parseNumber(given.get('x_min')) : state.xMin;
    const xMax = given.has('x_max') ? parseNumber(given.get('x_max')) : state.xMax;
    const problem = rangeProblem(xMin, xMax);
    if (problem) notices.push(`Ignored the x range in the link: ${problem}`);
    else Object.assign(state, { xMin, xMax });
  }

  if (given.has('compare')) {
    for (const other of given
      .get('compare')
      .split(/[\s,]+/)
      .filter(Boolean)) {
      if (!known.has(other)) notices.push(`Unknown activation "${other}" in compare; left out.`);
      else if (other !== state.activation && !state.compare.includes(other)) {
        if (state.compare.length < MAX_COMPARE) state.compare.push(other);
        else notices.push(`At most ${MAX_COMPARE} comparisons; "${other}" left out.`);
      }
    }
  }

  if (given.has('values')) state.values = given.get('values');

  if (given.has('show')) {
    const parts = given
      .get('show')
      .split(/[\s,]+/)
      .filter(Boolean);
    const bad = parts.filter((s) => !SHOW_KEYS.includes(s));
    if (bad.length || !parts.length) {
      notices.push(`Ignored show=${given.get('show')}: use "function", "gradient" or both.`);
    } else {
      state.show = { function: parts.includes('function'), gradient: parts.includes('gradient') };
    }
  }

  for (const key of given.keys()) {
    if (FIXED_KEYS.includes(key) || paramNames.has(key)) continue;
    notices.push(
      allParamNames.has(key)
        ? `Ignored ${key}: ${meta.label} has no such parameter.`
        : `Ignored unknown setting "${key}".`,
    );
  }
  return { state, notices };
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

/** `show` after a reader sets f or f′ (key) to `checked`: unticking the
 *  last one shows the other instead, so the chart is never empty. */
export function toggledShow(show, key, checked) {
  const other = key === 'function' ? 'gradient' : 'function';
  return { [key]: checked, [other]: show[other] || !checked };
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Key/value pairs of a state, in a stable order; defaults left out. */
export function stateEntries(lab, state) {
  const meta = lab.activation(state.activation);
  const entries = [['activation', state.activation]];
  for (const p of meta.params) entries.push([p.name, String(state.params[p.name])]);
  if (state.compare.length) entries.push(['compare', state.compare.join(',')]);
  if (state.xMin !== meta.xRange[0] || state.xMax !== meta.xRange[1]) {
    entries.push(['x_min', String(state.xMin)], ['x_max', String(state.xMax)]);
  }
  if (state.values.trim()) entries.push(['values', state.values]);
  if (!state.show.function || !state.show.gradient) {
    entries.push(['show', SHOW_KEYS.filter((k) => state.show[k]).join(',')]);
  }
  return entries;
}

/** The URL hash of a state (commas and minus signs kept readable). */
export function hashOf(lab, state) {
  return stateEntries(lab, state)
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`)
    .join('&');
}
