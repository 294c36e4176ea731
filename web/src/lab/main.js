// The dying-ReLU lab page (and its iframe view, lab-embed.html). State flows
// one way: URL hash -> settings -> controls and the training worker; a
// control changes the settings, never a chart. The worker trains; this
// thread only draws the snapshots it posts.
import { loadActivationLab } from 'activation-lab';
import { formatNumber } from '../shared/format.js';
import { buildParamControls } from '../shared/param-controls.js';
import { resolveTheme, watchSystemTheme } from '../shared/theme.js';
import { HEIGHT_MESSAGE } from '../widget/height-message.js';
import { BornDeadChart, History, LabCharts } from './lab-charts.js';
import {
  CUSTOM,
  INITS,
  MAX_STEPS,
  NETWORKS,
  X_RANGE,
  labHash,
  labStateFromHash,
  matchingPreset,
  pointCount,
  presetState,
  readPairs,
  trainerOptionsOf,
} from './lab-state.js';
import { labIframeSnippet } from './lab-snippet.js';
import { drawUnitMap, unitSummary } from './unit-map.js';

const $ = (id) => document.getElementById(id);
const embedded = document.body.dataset.view === 'embed';
const WORKER_URL = new URL('lab-worker.js', import.meta.url).href;
const PLOT_SAMPLES = 200;
const CHART_INTERVAL_MS = 50; // while training, one chart redraws at most this often
const CHARTS = ['loss', 'dead', 'fit'];
let nextChart = 0;
const BORN_WIDTHS = [2, 3, 4, 5, 8];
const BORN_DEPTHS = 20;

let lab;
let state;
let theme = resolveTheme();
let trainer; // the training worker
let bornWorker = null;
let running = false;
let latest = null; // last snapshot, drawn on the next frame
let frame = 0;
let lastChartDraw = 0;
const paramControls = {};
const histories = {
  lossA: new History(),
  lossB: new History(),
  deadA: new History(),
  deadB: new History(),
  satA: new History(),
  satB: new History(),
};
let fit = null; // {targetCurve, points, a, b}
let charts;
let bornChart;
let stepCount = 0;
let generation = 0; // of the networks: see worker.js
let plotX = new Float64Array(0); // where the fit is drawn: the data's x range

// The fit is drawn over the training data's x range (X_RANGE for a target).
function plotRange(s) {
  if (s.target !== CUSTOM) return X_RANGE;
  let lo = Math.min(...s.data.x);
  let hi = Math.max(...s.data.x);
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

// Worker scripts are a Trusted Types sink: one policy that allows only ours.
const workerPolicy = globalThis.trustedTypes?.createPolicy('activation-lab-worker', {
  createScriptURL(url) {
    if (url !== WORKER_URL) throw new TypeError(`Refused worker script ${url}`);
    return url;
  },
});
const startWorker = () =>
  new Worker(workerPolicy ? workerPolicy.createScriptURL(WORKER_URL) : WORKER_URL, { type: 'module' });

function showNotices(notices) {
  $('notices').replaceChildren(
    ...notices.map((n) => {
      const p = document.createElement('p');
      p.textContent = n.message;
      p.dataset.code = n.code;
      return p;
    }),
  );
}

function fail(message) {
  const box = $('load-error');
  box.textContent = message;
  box.hidden = false;
}

// ---- settings -> URL and worker -----------------------------------------

let hashTimer = 0;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    hashTimer = 0;
    const hash = labHash(lab, state);
    if (location.hash.replace(/^#/, '') !== hash)
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    updateEmbedCode();
  }, 150);
}

/** New settings: controls, URL, and fresh networks (training restarts). */
function setState(next, { run = running } = {}) {
  state = next;
  syncControls();
  writeHash();
  configure(run);
}

function configure(run) {
  for (const h of Object.values(histories)) h.clear();
  fit = null;
  latest = null;
  stepCount = 0;
  running = false;
  $('settings-error').textContent = '';
  const [lo, hi] = plotRange(state);
  plotX = Float64Array.from({ length: PLOT_SAMPLES }, (_, i) => lo + ((hi - lo) * i) / (PLOT_SAMPLES - 1));
  trainer.postMessage({
    type: 'configure',
    generation: ++generation,
    a: trainerOptionsOf(state, 'a'),
    b: trainerOptionsOf(state, 'b'),
    steps: state.steps,
    plotX,
  });
  if (run) trainer.postMessage({ type: 'run' });
  running = Boolean(run);
  updateTransport();
}

// ---- controls ----------------------------------------------------------

const numberFields = {
  depth: {
    get: (s) => s.hidden.length,
    set: (s, v) => (s.hidden = Array(v).fill(s.hidden[0])),
    min: 1,
    max: () => lab.lab.limits.maxHiddenLayers,
    integer: true,
  },
  width: {
    get: (s) => s.hidden[0],
    set: (s, v) => (s.hidden = s.hidden.map(() => v)),
    min: 1,
    max: () => lab.lab.limits.maxWidth,
    integer: true,
  },
  lr: { get: (s) => s.lr, set: (s, v) => (s.lr = v), min: 0 },
  momentum: { get: (s) => s.momentum, set: (s, v) => (s.momentum = v), min: 0 },
  bias: { get: (s) => s.bias, set: (s, v) => (s.bias = v) },
  points: {
    get: (s) => s.points,
    set: (s, v) => (s.points = v),
    min: 1,
    max: () => lab.lab.limits.maxPoints,
    integer: true,
  },
  batch: { get: (s) => s.batch, set: (s, v) => (s.batch = v), min: 0, max: (s) => pointCount(s), integer: true },
  seed: { get: (s) => s.seed, set: (s, v) => (s.seed = v), min: 0, max: () => Number.MAX_SAFE_INTEGER, integer: true },
  steps: { get: (s) => s.steps, set: (s, v) => (s.steps = v), min: 1, max: () => MAX_STEPS, integer: true },
};

function fieldProblem(name, spec, v) {
  const label = document.querySelector(`label[for="${name}"]`).textContent;
  if (!Number.isFinite(v)) return `${label}: enter a number.`;
  if (spec.integer && !Number.isInteger(v)) return `${label}: enter a whole number.`;
  const max = spec.max?.(state) ?? Infinity;
  if (v < (spec.min ?? -Infinity) || v > max) {
    return `${label}: enter a number from ${spec.min}${max < Infinity ? ` to ${max.toLocaleString('en-US')}` : ' up'}.`;
  }
  return '';
}

function buildControls() {
  for (const [name, spec] of Object.entries(numberFields)) {
    const input = $(name);
    if (spec.max) input.max = String(spec.max(state));
    // Validate on change (blur or Enter), not on every keystroke: "1e-" is
    // normal while typing. The text stays as typed when it is invalid.
    input.addEventListener('change', () => {
      const v = input.value.trim() === '' ? NaN : Number(input.value);
      const problem = fieldProblem(name, spec, v);
      $('settings-error').textContent = problem;
      if (problem) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      input.removeAttribute('aria-invalid');
      const next = structuredClone(state);
      spec.set(next, v);
      if (next.batch > pointCount(next)) next.batch = 0;
      setState(next);
    });
  }
  for (const [name, values] of [
    ['optimizer', null],
    ['init', INITS],
    ['target', lab.lab.targets.map((t) => t.id)],
  ]) {
    if (name === 'target') {
      for (const t of lab.lab.targets) $('target').append(new Option(t.label, t.id));
      $('target').append(new Option('Your points…', CUSTOM));
      values.push(CUSTOM);
    }
    $(name).addEventListener('change', () => {
      const next = structuredClone(state);
      next[name] = $(name).value;
      // Adam at SGD's rate rarely makes sense: switch to the optimiser's default.
      if (name === 'optimizer') next.lr = next.optimizer === 'adam' ? 0.003 : 0.1;
      // Your points start as 16 of the target's, to edit.
      if (name === 'target' && next.target === CUSTOM && !next.data) next.data = sampledTarget(state.target, 16);
      if (name === 'target' && next.target !== CUSTOM) next.data = null;
      if (next.batch > pointCount(next)) next.batch = 0;
      if (values && !values.includes(next[name])) return;
      setState(next);
    });
  }
  // Your points: applied on change (leaving the field), the text kept when wrong.
  $('data').addEventListener('change', () => {
    const pairs = readPairs($('data').value, lab);
    if (pairs.x === undefined) {
      $('data-error').textContent = `Your points: ${pairs.message}. Nothing changed.`;
      $('data').setAttribute('aria-invalid', 'true');
      return;
    }
    $('data-error').textContent = '';
    $('data').removeAttribute('aria-invalid');
    const next = structuredClone(state);
    next.data = pairs;
    if (next.batch > pointCount(next)) next.batch = 0;
    setState(next);
  });
  for (const net of NETWORKS) {
    const select = $(`activation-${net}`);
    const groups = new Map();
    for (const a of lab.activations) {
      if (!groups.has(a.group))
        groups.set(a.group, Object.assign(document.createElement('optgroup'), { label: a.group }));
      groups.get(a.group).append(new Option(a.label, a.id));
    }
    select.append(...groups.values());
    select.addEventListener('change', () => {
      const next = structuredClone(state);
      const meta = lab.activation(select.value);
      next[net] = { activation: meta.id, params: Object.fromEntries(meta.params.map((p) => [p.name, p.default])) };
      setState(next);
    });
  }
  // The buttons are in the page from the build (labPagePlaceholders), so
  // that the panel does not grow when the core has loaded.
  for (const preset of lab.lab.presets) {
    const button = $('presets').querySelector(`[data-preset="${preset.id}"]`);
    button.addEventListener('click', () => setState(presetState(lab, preset), { run: true }));
    button.disabled = false;
  }
  $('run').addEventListener('click', () => {
    if (running) trainer.postMessage({ type: 'pause' });
    else {
      if (stepCount >= state.steps) configure(true);
      else trainer.postMessage({ type: 'run' });
    }
    running = !running;
    updateTransport();
  });
  $('step').addEventListener('click', () => {
    running = false;
    trainer.postMessage({ type: 'step', n: 1 });
    updateTransport();
  });
  $('reset').addEventListener('click', () => {
    running = false;
    for (const h of Object.values(histories)) h.clear();
    stepCount = 0;
    trainer.postMessage({ type: 'reset', generation: ++generation });
    updateTransport();
  });
  $('born-run')?.addEventListener('click', runBornDead);
  $('embed-copy')?.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('embed-code').textContent);
      $('embed-copy').textContent = 'Copied';
    } catch {
      $('embed-copy').textContent = 'Select the code and copy it';
    }
    setTimeout(() => ($('embed-copy').textContent = 'Copy iframe embed'), 1500);
  });
}

function syncControls() {
  for (const [name, spec] of Object.entries(numberFields)) {
    const input = $(name);
    if (spec.max) input.max = String(spec.max(state));
    input.value = String(spec.get(state));
    input.removeAttribute('aria-invalid');
  }
  $('optimizer').value = state.optimizer;
  $('init').value = state.init;
  $('target').value = state.target;
  $('momentum-field').hidden = state.optimizer !== 'sgd';
  $('points-field').hidden = state.target === CUSTOM;
  $('data-field').hidden = state.target !== CUSTOM;
  if (state.data) {
    // Shown as pairs, one per line, unless the field holds these points already (as typed).
    const shown = readPairs($('data').value, lab);
    const same = shown.x && shown.x.join() === state.data.x.join() && shown.y.join() === state.data.y.join();
    if (!same) $('data').value = state.data.x.map((x, i) => `${x} ${state.data.y[i]}`).join('\n');
    $('data-error').textContent = '';
    $('data').removeAttribute('aria-invalid');
  }
  $('bias-field').hidden = state.init !== 'constant_bias';
  for (const net of NETWORKS) {
    const { activation } = state[net];
    $(`activation-${net}`).value = activation;
    const meta = lab.activation(activation);
    if (paramControls[net]?.id !== activation) {
      paramControls[net]?.controls.dispose();
      const controls = buildParamControls($(`params-${net}`), meta, {
        params: () => state[net].params,
        onChange: (name, value) => {
          const next = structuredClone(state);
          next[net].params = { ...next[net].params, [name]: value };
          setState(next);
        },
        problemOf: (params) => lab.checkParams(activation, params),
      });
      paramControls[net] = { id: activation, controls };
    }
    paramControls[net].controls.sync(state[net].params);
    $(`network-${net}-title`).lastChild.textContent = ` Network ${net.toUpperCase()}: ${meta.label}`;
  }
  const preset = matchingPreset(lab, state);
  for (const b of $('presets').children) b.setAttribute('aria-pressed', String(b.dataset.preset === preset?.id));
  $('preset-watch').textContent = preset ? preset.watch : 'Your own settings: pick a preset to see a story.';
}

// Text is written only when it changes (each write costs a style pass).
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function updateTransport() {
  setText($('run'), running ? 'Pause' : stepCount >= state.steps ? 'Train again' : stepCount ? 'Resume' : 'Train');
  $('run').setAttribute('aria-pressed', String(running));
  setText($('step-count'), `Step ${stepCount.toLocaleString('en-US')} of ${state.steps.toLocaleString('en-US')}`);
}

// ---- snapshots -> charts -------------------------------------------------

function onSnapshot(message) {
  if (message.generation !== generation) return; // from networks since replaced
  const first = stepCount;
  for (const net of NETWORKS) {
    const { losses, stats } = message[net];
    const loss = net === 'a' ? histories.lossA : histories.lossB;
    losses.forEach((l, i) => loss.push(first + i + 1, l > 0 && Number.isFinite(l) ? l : null));
    const dead = stats.layers.reduce((s, l) => s + l.dead, 0);
    const saturated = stats.layers.reduce((s, l) => s + l.saturated, 0);
    (net === 'a' ? histories.deadA : histories.deadB).push(stats.step, dead);
    (net === 'a' ? histories.satA : histories.satB).push(stats.step, saturated);
  }
  stepCount = message.a.stats.step;
  if (message.done) running = false;
  latest = message;
  // Paused, done, stepped or new networks: every chart shows this snapshot.
  if (!message.running) redrawAll();
  if (!frame) frame = requestAnimationFrame(draw);
}

// Charts still to redraw. Each frame redraws at most one (a Chart.js render
// of a chart takes up to ~30 ms here), so no frame is a long task.
const pendingCharts = new Set();
let drawn = null; // the snapshot whose unit maps and status are shown

function draw(now) {
  frame = 0;
  const message = latest;
  if (!message) return;
  if (drawn !== message) {
    drawn = message;
    // Layout is read once, before anything is written: reading it after a
    // write would force a synchronous layout of the whole page every frame.
    const widths = NETWORKS.map((net) => $(`units-${net}`).clientWidth);
    updateTransport();
    NETWORKS.forEach((net, i) => {
      const { stats } = message[net];
      drawUnitMap($(`units-${net}`), stats, theme, widths[i]);
      setText($(`status-${net}`), statusText(stats));
      const label = `Unit map of ${net.toUpperCase()}: ${unitSummary(stats)}`;
      if ($(`units-${net}`).getAttribute('aria-label') !== label) $(`units-${net}`).setAttribute('aria-label', label);
    });
    reportHeight();
  }
  // While training, the charts take turns.
  if (message.running && !pendingCharts.size && now - lastChartDraw > CHART_INTERVAL_MS) {
    pendingCharts.add(CHARTS[nextChart++ % CHARTS.length]);
  }
  const [which] = pendingCharts;
  if (which) {
    pendingCharts.delete(which);
    lastChartDraw = now;
    if (which === 'fit' || !fit) fit = fitData(message);
    charts.update(
      which,
      histories,
      fit,
      state.hidden.reduce((s, w) => s + w, 0),
    );
  }
  if (pendingCharts.size) frame = requestAnimationFrame(draw);
}

/** Redraw every chart (one per frame) with the latest snapshot. */
function redrawAll() {
  for (const which of CHARTS) pendingCharts.add(which);
  if (latest && !frame) frame = requestAnimationFrame(draw);
}

// n points of a built-in target, from the core.
function sampledTarget(target, n) {
  const t = lab.createTrainer({ hidden: [1], data: { target, n, xRange: X_RANGE } });
  const data = { x: Array.from(t.data.x), y: Array.from(t.data.y) };
  t.dispose();
  return data;
}

const MAX_DOTS = 256; // training points drawn (all of them train)
let targetCache = null;
function fitData(message) {
  const custom = state.target === CUSTOM;
  const key = custom ? `custom|${state.data.x.join()}|${state.data.y.join()}` : `${state.target}|${state.points}`;
  if (targetCache?.key !== key) {
    // The training points and the target come from the core (a trainer's data).
    const data = custom ? state.data : sampledTarget(state.target, state.points);
    const stride = Math.max(1, Math.ceil(data.x.length / MAX_DOTS));
    const points = [];
    for (let i = 0; i < data.x.length; i += stride) points.push({ x: data.x[i], y: data.y[i] });
    let targetCurve = [];
    if (!custom) {
      const curve = sampledTarget(state.target, PLOT_SAMPLES);
      targetCurve = curve.x.map((x, i) => ({ x, y: curve.y[i] }));
    }
    targetCache = { key, points, targetCurve };
  }
  const series = (ys) => Array.from(plotX, (x, i) => ({ x, y: Number.isFinite(ys[i]) ? ys[i] : null }));
  return {
    targetCurve: targetCache.targetCurve,
    points: targetCache.points,
    a: series(message.a.fit),
    b: series(message.b.fit),
  };
}

function statusText(stats) {
  const units = stats.layers.reduce((s, l) => s + l.units, 0);
  const dead = stats.layers.reduce((s, l) => s + l.dead, 0);
  const saturated = stats.layers.reduce((s, l) => s + l.saturated, 0);
  const parts = [
    Number.isFinite(stats.loss)
      ? `loss ${formatNumber(stats.loss, 3)}`
      : 'loss is not finite: training diverged; lower the learning rate',
    `${dead} of ${units} units dead (${Math.round((100 * dead) / units)}%)`,
  ];
  if (saturated) parts.push(`${saturated} saturated`);
  if (stats.step > 0) {
    // How much gradient reaches each layer: exactly 0 below a dead layer.
    parts.push(`gradient norm by layer ${stats.layers.map((l) => formatNumber(l.gradNorm, 2)).join(', ')}`);
  }
  let text = parts.join(' · ') + '.';
  if (stats.deadLayer >= 0) {
    text += ` Layer ${stats.deadLayer + 1} is entirely dead: the output no longer depends on x, and no gradient reaches the layers below it.`;
  }
  return text;
}

// ---- born dead -----------------------------------------------------------

function runBornDead() {
  bornWorker?.terminate();
  bornWorker = startWorker();
  const samples = Number($('born-samples').value);
  const nets = NETWORKS.map((net) => state[net]);
  const labels = nets.map((n, k) => `${'AB'[k]} ${lab.activation(n.activation).label}`);
  bornChart.reset(labels, BORN_WIDTHS);
  const runs = [];
  for (let depth = 1; depth <= BORN_DEPTHS; depth++) {
    for (const width of BORN_WIDTHS) {
      nets.forEach((n, k) =>
        runs.push({
          key: { k, width, depth },
          options: {
            activation: n.activation,
            params: n.params,
            depth,
            width,
            init: state.init,
            ...(state.init === 'constant_bias' ? { bias: state.bias } : {}),
            inputs: 256,
            xRange: X_RANGE,
            samples,
            seed: state.seed,
          },
        }),
      );
    }
  }
  $('born-progress').value = 0;
  $('born-empty').hidden = true;
  $('born-status').textContent = `Running ${runs.length} points of ${samples} networks each…`;
  $('born-run').textContent = 'Run again';
  bornWorker.addEventListener('message', ({ data }) => {
    if (data.type === 'error') $('born-status').textContent = data.message;
    if (data.type !== 'bornDead') return;
    bornChart.add(data.key.k, data.key.width, data.key.depth, data.result);
    $('born-progress').value = data.done / data.total;
    if (data.done === data.total) {
      $('born-status').textContent = `Done: ${runs.length} points, ${samples} networks each (± is one standard error).`;
      bornWorker.terminate();
      bornWorker = null;
    }
  });
  bornWorker.postMessage({ type: 'bornDead', runs });
}

// ---- embed ---------------------------------------------------------------

function updateEmbedCode() {
  if ($('embed-code')) $('embed-code').textContent = labIframeSnippet(lab, state, new URL('.', location.href));
}

function reportHeight() {
  if (!embedded || window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
}

// ---- start -----------------------------------------------------------------

// Lets the browser run what waits (input, a frame) before going on.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function start() {
  try {
    lab = await loadActivationLab();
  } catch (error) {
    fail(`The lab could not start: ${error.message}`);
    return;
  }
  const restored = labStateFromHash(lab, location.hash);
  state = restored.state;
  showNotices(restored.notices);
  charts = new LabCharts({ loss: $('loss-chart'), dead: $('dead-chart'), fit: $('fit-chart') }, theme);
  await nextTask(); // each new Chart.js chart draws once: three are one task already
  bornChart = $('born-chart') ? new BornDeadChart($('born-chart'), theme) : null;
  // A chart's first render (layout, fonts, scales) is its slowest: pay it
  // now, before training starts, not in the first frames of a run; one
  // chart per task, so that no task is long (Lighthouse's TBT: the three
  // in one task were 500 ms at its 4x slowdown).
  const empty = [
    { x: X_RANGE[0], y: 1 },
    { x: X_RANGE[1], y: 1 },
  ];
  const warm = {
    lossA: { points: empty },
    lossB: { points: empty },
    deadA: { points: empty },
    deadB: { points: empty },
    satA: { points: [] },
    satB: { points: [] },
  };
  for (const which of CHARTS) {
    await nextTask();
    charts.update(which, warm, { targetCurve: empty, points: empty, a: empty, b: empty }, 1);
  }
  trainer = startWorker();
  trainer.addEventListener('message', ({ data }) => {
    if (data.type === 'snapshot') onSnapshot(data);
    else if (data.type === 'error') {
      running = false;
      $('settings-error').textContent = data.message;
      updateTransport();
    }
  });
  trainer.addEventListener('error', (event) => fail(`The training worker failed: ${event.message ?? 'unknown error'}`));
  buildControls();
  syncControls();
  updateEmbedCode();
  for (const id of ['run', 'step', 'reset', 'born-run']) if ($(id)) $(id).disabled = false;
  // The full page starts training at once (unless the reader prefers less
  // motion); an embed waits for its reader.
  const autoplay = !embedded && !matchMedia('(prefers-reduced-motion: reduce)').matches;
  configure(autoplay);
  window.addEventListener('hashchange', () => {
    if (location.hash.replace(/^#/, '') === labHash(lab, state)) return;
    const next = labStateFromHash(lab, location.hash);
    showNotices(next.notices);
    setState(next.state);
  });
  watchSystemTheme((t) => {
    theme = t;
    charts.create(theme);
    bornChart?.create(theme);
    drawn = null;
    redrawAll();
  });
  document.body.dataset.ready = 'true';
  // For tests and curious developers: the settings and what has been drawn.
  window.dyingReluLab = {
    lab,
    get state() {
      return state;
    },
    get running() {
      return running;
    },
    get step() {
      return stepCount;
    },
    losses: (net) => (net === 'a' ? histories.lossA : histories.lossB).points.map((p) => p.y),
    dead: (net) => (net === 'a' ? histories.deadA : histories.deadB).points.map((p) => p.y),
    stats: (net) => latest?.[net].stats,
    fit: () => fit,
    bornDead: () => bornChart?.chart.data.datasets.map((d) => ({ label: d.label, points: d.data })),
  };
  new ResizeObserver(() => {
    reportHeight();
    drawn = null; // the unit maps follow their canvas's new width
    if (latest && !frame) frame = requestAnimationFrame(draw);
  }).observe(document.documentElement);
}

start();
