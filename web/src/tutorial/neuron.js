// The tutorial page's own script (bundled as tutorial.js): the typed inputs
// of section 2 and the live unit of section 3, z = w·x + b and y = f(z),
// fitting the lesson's points. State flows one way: a control changes
// `state`, render() draws everything from it; the unit's numbers come from
// the core's trainer (unit-model.js).
import { loadActivationLab } from 'activation-lab';
import { linspace, zeroRuns } from '../shared/curves.js';
import { formatNumber, paramSummary } from '../shared/format.js';
import { resolveTheme, watchSystemTheme } from '../shared/theme.js';
import { wireTypedInputs } from './typed-inputs.js';
import { CHOICES, LR_LIMIT, START, WEIGHT_LIMIT, WINDOW } from './unit-lesson.js';
import { UnitModel } from './unit-model.js';
import { UnitPlot } from './unit-plot.js';
import { renderUnitTable } from './unit-table.js';
import { shown, statusText } from './unit-text.js';

const CURVE_SAMPLES = 500;
const BATCH = 10; // the "Take 10 steps" button
const $ = (id) => document.getElementById(id);

// A typed number, or why it is refused.
function readNumber(input, name, ok, rule) {
  const v = input.value.trim() === '' ? NaN : Number(input.value);
  return Number.isFinite(v) && ok(v) ? { value: v } : { problem: `${name} must be ${rule}.` };
}

function showProblem(input, error, problem) {
  error.textContent = problem ?? '';
  if (problem) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function startUnit(lab) {
  const model = new UnitModel(lab);
  const plot = new UnitPlot($('unit-plot'), $('unit-key'));
  const select = $('unit-activation');
  CHOICES.forEach((choice, i) => {
    const meta = lab.activation(choice.id);
    select.append(new Option(`${meta.label}${paramSummary(meta, choice.params)}`, String(i)));
  });
  const weights = {
    w: { slider: $('unit-w-slider'), number: $('unit-w'), error: $('unit-w-error') },
    b: { slider: $('unit-b-slider'), number: $('unit-b'), error: $('unit-b-error') },
  };
  const lr = { number: $('unit-lr'), error: $('unit-lr-error') };

  // last: what the last step button did (null once the reader sets the
  // unit); inactiveSteps: steps taken so far with every z <= 0.
  let state = { ...START, last: null, inactiveSteps: 0 };
  const readerSets = (patch) => {
    state = { ...state, ...patch, last: null, inactiveSteps: 0 };
    render();
  };

  function takeSteps(n) {
    const choice = CHOICES[state.choice];
    let inactive = !model.evaluate(choice, state).points.some((p) => p.z > 0);
    const { w, b, above } = model.step(choice, state, n);
    let count = state.inactiveSteps;
    let revivedAfter = null;
    for (const alive of above) {
      if (inactive) {
        count++;
        if (alive) revivedAfter ??= count;
      }
      inactive = !alive;
      if (alive) count = 0;
    }
    state = {
      ...state,
      w,
      b,
      inactiveSteps: count,
      last: { steps: n, dw: w - state.w, db: b - state.b, revivedAfter },
    };
    render();
  }

  function render() {
    const choice = CHOICES[state.choice];
    const unit = model.evaluate(choice, state);
    const xs = linspace(WINDOW.xMin, WINDOW.xMax, CURVE_SAMPLES);
    const curve = model.curve(choice, state, xs);
    plot.update({
      points: unit.points,
      curve: { xs, ys: curve.y },
      zeroRuns: zeroRuns(xs, curve.slope),
      w: state.w,
      b: state.b,
      theme: resolveTheme(),
    });
    renderUnitTable($('unit-table'), unit);
    $('unit-loss').textContent = `Loss L = ${shown(unit.loss)}.`;
    $('unit-status').textContent = statusText(unit, state.last);
    $('unit').dataset.dead = String(unit.dead);
    select.value = String(state.choice);
    for (const [name, { slider, number, error }] of Object.entries(weights)) {
      slider.value = String(state[name]);
      if (document.activeElement !== number) {
        number.value = formatNumber(state[name], 6);
        showProblem(number, error, null);
      }
    }
    if (document.activeElement !== lr.number) lr.number.value = String(state.lr);
  }

  select.addEventListener('change', () => readerSets({ choice: Number(select.value) }));
  for (const [name, { slider, number, error }] of Object.entries(weights)) {
    slider.addEventListener('input', () => readerSets({ [name]: Number(slider.value) }));
    number.addEventListener('input', () => {
      const { value, problem } = readNumber(
        number,
        name,
        (v) => Math.abs(v) <= WEIGHT_LIMIT,
        `a number from −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}`,
      );
      showProblem(number, error, problem);
      if (!problem) readerSets({ [name]: value });
    });
    number.addEventListener('change', () => render()); // shows the value in force
  }
  lr.number.addEventListener('input', () => {
    let { value, problem } = readNumber(
      lr.number,
      'The learning rate',
      (v) => v > 0 && v <= LR_LIMIT,
      `above 0 and at most ${LR_LIMIT}`,
    );
    problem ??= model.problemOf(CHOICES[state.choice], value);
    showProblem(lr.number, lr.error, problem);
    if (!problem) readerSets({ lr: value });
  });
  lr.number.addEventListener('change', () => {
    showProblem(lr.number, lr.error, null);
    render();
  });
  $('unit-step').addEventListener('click', () => takeSteps(1));
  $('unit-steps').addEventListener('click', () => takeSteps(BATCH));
  $('unit-reset').addEventListener('click', () => readerSets({ ...START }));
  watchSystemTheme(() => render());

  render();
  for (const control of $('unit').querySelectorAll('[disabled]')) control.disabled = false;
  $('unit').dataset.ready = 'true';
}

loadActivationLab().then(
  (lab) => {
    wireTypedInputs(lab, $('relu-inputs'), $('relu-inputs-plot'));
    startUnit(lab);
  },
  (error) => {
    $('unit-status').textContent = `The live unit could not load its WebAssembly core: ${error.message ?? error}`;
  },
);
