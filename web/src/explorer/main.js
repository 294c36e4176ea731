// The explorer page. State flows one way: URL hash -> state -> controls,
// chart, table. A control calls setState(); nothing else touches the chart.
import { labLoading } from './start-core.js'; // first: see there
import { ActivationChart } from '../shared/activation-chart.js';
import { blankNote, formatNumber, paramSummary, referenceNote } from '../shared/format.js';
import { prefetchFormulas, showFormulas } from '../shared/formula-template.js';
import { buildParamControls } from '../shared/param-controls.js';
import {
  MAX_COMPARE,
  ONLY_SHOWN_TITLE,
  defaultState,
  hashOf,
  linkProblem,
  onlyShown,
  rangeProblem,
  stateFromHash,
  yRangeSet,
  toggledShow,
} from '../shared/state.js';
import { resolveTheme, watchSystemTheme } from '../shared/theme.js';
import { defaultView, isZoomed, negativeSideView } from '../shared/zoom-view.js';
import { showsProblem, typingPause } from '../shared/typing-pause.js';
import { ValueTable } from '../shared/value-table.js';
import { valuesReader } from '../shared/values-reader.js';
import '../widget/iframe-resizer.js'; // sizes the dialog's iframe preview
import { copy } from './copy.js';
import { openEmbedDialog } from './embed-dialog.js';
import { pinChartWhileAdjusting } from './pin-chart.js';
import { chartPng, chartSvgText, downloadDataUrl, downloadText, valuesCsv } from './export.js';
import { LANGUAGES } from './snippets.js';

const $ = (id) => document.getElementById(id);
const TABLE_ROWS_SHOWN = 1000;

let lab;
let chart;
let state;
let readValues; // valuesReader(lab)
let valueTable; // ValueTable of #values-table
let lastValues = null; // last valid parse of state.values (kept while the text is invalid)
let renderedActivation = null;
let paramControls = null;
let codeLanguage = LANGUAGES[0].id;
let valuesTyping = { typing: false }; // typingPause of the values field

// A step re-renders everything; text that did not change is not written
// again (each write would make the browser lay its box out again).
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function showNotices(notices) {
  const box = $('notices');
  box.replaceChildren(
    ...notices.map((notice) => {
      const p = document.createElement('p');
      p.textContent = notice.message;
      p.dataset.code = notice.code;
      return p;
    }),
  );
}

// The URL follows the state at most every URL_WRITE_MS: a dragged slider
// fires 60 inputs a second, and each history.replaceState costs a
// millisecond or two and feeds Chromium's navigation flood guard.
const URL_WRITE_MS = 150;
let urlTimer = 0;
function writeUrl() {
  clearTimeout(urlTimer);
  urlTimer = 0;
  history.replaceState(null, '', `#${hashOf(lab, state)}`);
}

function setState(patch) {
  state = { ...state, ...patch };
  if (!urlTimer) urlTimer = setTimeout(writeUrl, URL_WRITE_MS);
  render();
}

function buildActivationSelect(select, exclude = []) {
  const groups = new Map();
  for (const a of lab.activations) {
    if (exclude.includes(a.id)) continue;
    if (!groups.has(a.group)) {
      const group = document.createElement('optgroup');
      group.label = a.group;
      groups.set(a.group, group);
    }
    groups.get(a.group).append(new Option(a.label, a.id));
  }
  select.replaceChildren(...groups.values());
}

let renderedCompare = ''; // what the compare controls show: rebuilt only when it changes
function renderCompare() {
  const shown = JSON.stringify([state.activation, state.compare]);
  if (shown === renderedCompare) return; // a slider step changes neither
  renderedCompare = shown;
  const add = $('compare-add');
  buildActivationSelect(add, [state.activation, ...state.compare]);
  add.prepend(new Option(state.compare.length >= MAX_COMPARE ? `Up to ${MAX_COMPARE}` : 'Add…', ''));
  add.value = '';
  add.disabled = state.compare.length >= MAX_COMPARE;
  $('compare-list').replaceChildren(
    ...state.compare.map((id) => {
      const li = document.createElement('li');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'chip';
      remove.textContent = `${lab.activation(id).label} ✕`;
      remove.setAttribute('aria-label', `Remove ${lab.activation(id).label} from the comparison`);
      remove.addEventListener('click', () => {
        setState({ compare: state.compare.filter((c) => c !== id) });
        $('compare-add').focus(); // the chip is gone; keep keyboard focus nearby
      });
      li.append(remove);
      return li;
    }),
  );
}

function renderValuesTable(xs) {
  const table = $('values-table');
  if (!xs || !xs.length) {
    table.hidden = true;
    $('values-empty').hidden = false;
    $('values-more').textContent = '';
    valueTable.update(lab, state.activation, state.params, new Float64Array(0));
    return;
  }
  table.hidden = false;
  valueTable.update(lab, state.activation, state.params, xs.subarray(0, TABLE_ROWS_SHOWN));
  $('values-empty').hidden = true;
  setText(
    $('values-more'),
    xs.length > TABLE_ROWS_SHOWN
      ? `Showing the first ${TABLE_ROWS_SHOWN} of ${xs.length} values; the CSV has them all.`
      : '',
  );
}

function renderValues(force) {
  const field = $('values');
  if ((force || document.activeElement !== field) && field.value !== state.values) field.value = state.values;
  const { values, error } = readValues(state.values);
  lastValues = values;
  const show = showsProblem(error, valuesTyping, $('values-error').textContent);
  setText($('values-error'), show ? error.message : '');
  if (show) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
  setText($('values-link'), linkProblem(lab, state));
  // Results of an earlier text are marked as such, in the table and by the chart.
  const stale = show && values !== null && values.length > 0;
  $('values-table').classList.toggle('stale', stale);
  $('values-stale').hidden = !stale;
  $('chart-stale').hidden = !stale;
  if (stale) {
    const n = values.length === 1 ? '1 value' : `${values.length.toLocaleString('en')} values`;
    setText($('values-stale'), `From your last valid input (${n}): fix the text above to update.`);
  }
}

function renderFormulas(meta) {
  // Typeset at build time (scripts/formulas.mjs, formula-template.js).
  showFormulas(meta, { f: $('formula'), df: $('gradient-formula') });
}

function renderCode(meta) {
  const language = LANGUAGES.find((l) => l.id === codeLanguage);
  setText($('code'), language.make(meta, state.params, lastValues));
  for (const tab of $('code-tabs').children) {
    const selected = tab.dataset.language === codeLanguage;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
}

// force: the state came from outside (URL edited): overwrite every field,
// even the focused one, and clear their messages.
function render({ force = false } = {}) {
  const meta = lab.activation(state.activation);
  // The chart first, while the page's style is clean: Chart.js sets its
  // canvas's font, which makes the browser compute any style the writes
  // below had changed, so a step would compute it twice (the second time
  // in the next frame).
  lastValues = readValues(state.values).values;
  const drawn = chart.update({ ...state, values: lastValues });
  $('activation').value = state.activation;
  if (renderedActivation !== state.activation) {
    paramControls?.dispose();
    paramControls = buildParamControls($('params'), meta, {
      params: () => state.params,
      onChange: (name, value) => setState({ params: { ...state.params, [name]: value } }),
      problemOf: (params) => lab.checkParams(meta.id, params),
    });
    renderFormulas(meta);
    $('plot-title').textContent = meta.label;
    // The table is of the main activation only: its heading says which.
    $('values-title').textContent = `Your values: ${meta.label}`;
    $('note').textContent = meta.note;
    $('reference-note').textContent = referenceNote(lab, meta);
    renderedActivation = state.activation;
  } else {
    paramControls.sync(state.params, force);
  }
  $('show-function').checked = state.show.function;
  $('show-gradient').checked = state.show.gradient;
  // The last curve shown cannot be hidden: its box is disabled, and says why.
  for (const [id, key] of [
    ['show-function', 'function'],
    ['show-gradient', 'gradient'],
  ]) {
    $(id).disabled = onlyShown(state.show) === key;
    $(id).title = $(id).disabled ? ONLY_SHOWN_TITLE : '';
  }
  for (const [id, v] of [
    ['x-min', state.xMin],
    ['x-max', state.xMax],
  ]) {
    if ((force || document.activeElement !== $(id)) && $(id).value !== String(v)) $(id).value = String(v);
    if (force) $(id).removeAttribute('aria-invalid');
  }
  if (force) $('range-error').textContent = '';
  renderCompare();
  renderValues(force);
  renderView(meta, force);
  setText($('chart-note'), blankNote(drawn.blank));
  renderOutside();
  $('shade-key').hidden = drawn.zeroGradient.length === 0;
  setText($('shade-text'), `Shaded: ${meta.label} f′(x) = 0. No gradient flows there, so a unit stops learning.`);
  renderValuesTable(lastValues);
  renderCode(meta);
}

// Typed values the x range leaves out are named, with a way to include them.
function finiteValues() {
  return lastValues ? Array.from(lastValues).filter(Number.isFinite) : [];
}

function renderOutside() {
  const values = finiteValues();
  const outside = values.filter((x) => x < state.xMin || x > state.xMax).length;
  $('outside-note').hidden = outside === 0;
  setText(
    $('outside-text'),
    outside === 1
      ? `1 of your ${values.length} values lies outside the x range, so the chart does not show it.`
      : `${outside} of your ${values.length} values lie outside the x range, so the chart does not show them.`,
  );
}

// The y range control and the zoom buttons follow the view drawn. The y
// fields show the range drawn, set or auto (Chart.js's fit), except while
// they hold a typed range with a problem: that text stays until fixed.
function renderView(meta, force) {
  const set = yRangeSet(state);
  $('y-auto').checked = !set;
  $('y-set').checked = set;
  if (force) $('y-range-error').textContent = '';
  const drawn = set ? { min: state.yMin, max: state.yMax } : chart.yRange;
  const keepTyped = !force && $('y-range-error').textContent !== '';
  for (const [id, v] of [
    ['y-min', drawn.min],
    ['y-max', drawn.max],
  ]) {
    if (!keepTyped && (force || document.activeElement !== $(id))) $(id).value = String(v);
    if (!keepTyped) $(id).removeAttribute('aria-invalid');
  }
  $('zoom-reset').disabled = !isZoomed(state, meta);
}

// A zoom, a pan or a button set the whole view: the x and y fields take it,
// and messages about what was typed there before no longer apply.
function setView(view) {
  for (const id of ['range-error', 'y-range-error']) $(id).textContent = '';
  for (const id of ['x-min', 'x-max', 'y-min', 'y-max']) $(id).removeAttribute('aria-invalid');
  $('x-min').value = String(view.xMin);
  $('x-max').value = String(view.xMax);
  setState(view);
}

function fitRangeToValues() {
  const values = finiteValues();
  if (!values.length) return;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  // A margin of 5% of the span (or 1 around a single value), so no value sits on the edge.
  const pad = hi > lo ? 0.05 * (hi - lo) : 1;
  [lo, hi] = [lo - pad, hi + pad];
  if (rangeProblem(lo, hi)) return;
  $('range-error').textContent = '';
  $('x-min').value = String(lo);
  $('x-max').value = String(hi);
  setState({ xMin: lo, xMax: hi });
}

// The x or y range's two fields (#x-min, #x-max, #x-range-error...): a
// valid pair is applied at once; a problem shows after a pause in typing
// (typingPause), with what the chart keeps (kept(), '' if nothing to say).
function wireRange(axis, apply, kept = () => '') {
  const ids = [`${axis}-min`, `${axis}-max`];
  const error = $(axis === 'x' ? 'range-error' : `${axis}-range-error`);
  const read = (id) => ($(id).value === '' ? NaN : Number($(id).value));
  const onInput = () => {
    const [lo, hi] = ids.map(read);
    const problem = rangeProblem(lo, hi, axis);
    const show = showsProblem(problem, { typing: watches.some((w) => w.typing) }, error.textContent);
    error.textContent = show ? `${problem}${kept()}` : '';
    for (const id of ids) {
      if (show) $(id).setAttribute('aria-invalid', 'true');
      else $(id).removeAttribute('aria-invalid');
    }
    if (!problem) apply(lo, hi);
  };
  const watches = ids.map((id) => typingPause($(id), onInput));
  for (const id of ids) $(id).addEventListener('input', onInput);
}

function wireControls() {
  $('fit-range').addEventListener('click', fitRangeToValues);
  pinChartWhileAdjusting($('params'), document.querySelector('.chart-box'));
  $('zoom-reset').addEventListener('click', () => {
    setView(defaultView(lab.activation(state.activation)));
    $('chart').focus(); // the button is disabled now; keep keyboard focus on what was zoomed
  });
  $('zoom-negative').addEventListener('click', () => setView(negativeSideView(lab, state)));
  $('y-auto').addEventListener('change', () => {
    $('y-range-error').textContent = '';
    setState({ yMin: null, yMax: null });
  });
  // "Set" starts from the range drawn, so nothing jumps.
  $('y-set').addEventListener('change', () => {
    const { min, max } = chart.yRange;
    $('y-range-error').textContent = '';
    setState({ yMin: min, yMax: max });
  });
  // Typing a valid y range sets it (the Set choice follows).
  wireRange('y', (yMin, yMax) => setState({ yMin, yMax }));
  $('activation').addEventListener('change', (e) => {
    const next = defaultState(lab, e.target.value);
    setState({
      activation: next.activation,
      params: next.params,
      compare: state.compare.filter((c) => c !== next.activation),
    });
  });
  // At least one of f and f' stays shown (toggledShow).
  for (const [id, key] of [
    ['show-function', 'function'],
    ['show-gradient', 'gradient'],
  ]) {
    $(id).addEventListener('change', (e) => setState({ show: toggledShow(state.show, key, e.target.checked) }));
  }
  $('compare-add').addEventListener('change', (e) => {
    if (e.target.value) setState({ compare: [...state.compare, e.target.value].slice(0, MAX_COMPARE) });
  });
  wireRange(
    'x',
    (xMin, xMax) => setState({ xMin, xMax }),
    () => ` The chart keeps x from ${formatNumber(state.xMin)} to ${formatNumber(state.xMax)}.`,
  );
  $('x-reset').addEventListener('click', () => {
    const [xMin, xMax] = lab.activation(state.activation).xRange;
    $('range-error').textContent = '';
    $('x-min').value = String(xMin);
    $('x-max').value = String(xMax);
    setState({ xMin, xMax });
  });
  let timer = 0;
  valuesTyping = typingPause($('values'), () => {
    clearTimeout(timer);
    setState({ values: $('values').value });
  });
  $('values').addEventListener('input', (e) => {
    clearTimeout(timer);
    // Typing is parsed after 150 ms; a paste (or a script's value) is whole: at once.
    if (valuesTyping.typing) timer = setTimeout(() => setState({ values: e.target.value }), 150);
    else setState({ values: e.target.value });
  });
  $('values-help').textContent = lab.parseHelp;

  const tabs = $('code-tabs');
  for (const language of LANGUAGES) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.role = 'tab';
    tab.id = `tab-${language.id}`;
    tab.dataset.language = language.id;
    tab.textContent = language.label;
    tab.setAttribute('aria-controls', 'code');
    tab.addEventListener('click', () => {
      codeLanguage = language.id;
      renderCode(lab.activation(state.activation));
    });
    tabs.append(tab);
  }
  tabs.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    const i = LANGUAGES.findIndex((l) => l.id === codeLanguage);
    codeLanguage = LANGUAGES[(i + step + LANGUAGES.length) % LANGUAGES.length].id;
    renderCode(lab.activation(state.activation));
    tabs.querySelector(`[data-language="${codeLanguage}"]`).focus();
  });
  $('code').parentElement.setAttribute('role', 'tabpanel');
  $('code').parentElement.tabIndex = 0; // it scrolls at 375 px: reachable by keyboard
  $('code-copy').addEventListener('click', () => copy($('code').textContent, $('code-copy')));

  // The exports carry what the page says around the chart: the activation
  // with its parameters, and the shading's key when the chart shades.
  const exportText = () => {
    const meta = lab.activation(state.activation);
    return {
      title: `${meta.label}${paramSummary(meta, state.params)}`,
      key: $('shade-key').hidden ? '' : $('shade-text').textContent,
    };
  };
  $('download-png').addEventListener('click', () =>
    downloadDataUrl(chartPng(chart, exportText()), `${state.activation}.png`),
  );
  $('download-svg').addEventListener('click', () =>
    downloadText(chartSvgText(chart, exportText()), `${state.activation}.svg`, 'image/svg+xml'),
  );
  $('download-csv').addEventListener('click', () => {
    const xs = lastValues && lastValues.length ? lastValues : null;
    if (!xs) {
      $('values-error').textContent = 'Type some values first: the CSV holds the Values table.';
      return;
    }
    downloadText(valuesCsv(lab, state, xs), `${state.activation}-values.csv`, 'text/csv');
  });
  $('embed-open').addEventListener('click', () => openEmbedDialog($('embed-dialog'), $('embed-body'), lab, state));

  // Leaving the page within URL_WRITE_MS of a change still records it.
  window.addEventListener('pagehide', () => urlTimer && writeUrl());
  window.addEventListener('hashchange', () => {
    clearTimeout(urlTimer); // the reader's new hash wins over a pending write
    urlTimer = 0;
    const parsed = stateFromHash(lab, location.hash);
    state = parsed.state;
    showNotices(parsed.notices);
    render({ force: true });
  });
  watchSystemTheme((theme) => {
    chart.setTheme(theme);
    render();
  });
}

async function main() {
  try {
    lab = await labLoading;
  } catch (error) {
    const box = $('load-error');
    box.hidden = false;
    box.textContent =
      typeof WebAssembly !== 'object'
        ? 'This browser cannot run WebAssembly, which Activation Lab needs to compute the functions. Try a current Firefox, Chrome, Safari or Edge.'
        : `The WebAssembly core failed to load (${error.message ?? error}). Reload the page; if that fails, the server may not be sending activation_lab_core.wasm.`;
    document.body.classList.add('failed');
    $('loading').hidden = true;
    document.querySelector('.chart-loading').textContent = 'Not loaded';
    return;
  }
  readValues = valuesReader(lab);
  valueTable = new ValueTable($('values-table').tBodies[0], { scroller: $('values-table').parentElement });
  buildActivationSelect($('activation'));
  prefetchFormulas($('activation'));
  const parsed = stateFromHash(lab, location.hash);
  state = parsed.state;
  showNotices(parsed.notices);
  chart = new ActivationChart($('chart'), lab, {
    theme: resolveTheme('auto'),
    legend: { list: $('chart-legend'), key: $('chart-legend-key') },
    onView: setView,
    view: { ...state, values: readValues(state.values).values }, // drawn as it is made; render() finds it drawn
  });
  wireControls();
  render();
  // The loading state (index.html) ends: the controls work from here on.
  document.querySelector('main').inert = false;
  $('embed-open').disabled = false;
  $('loading').hidden = true;
  document.querySelector('.chart-loading').hidden = true;
  document.body.dataset.ready = 'true';
  // For tests and curious developers: the same API the page uses.
  window.activationLab = {
    lab,
    chart,
    get state() {
      return state;
    },
  };
}

main();
