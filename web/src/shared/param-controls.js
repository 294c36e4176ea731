// One slider + number input per parameter (a select for a choice), built
// from the table's names, ranges and steps. The controls hold no state of
// their own: they read the current parameters through params(), report a
// reader's change to onChange(name, value), and show state through sync().
// A typed number that is invalid stays in its field with the reason,
// shown after a pause in typing (typing-pause.js).
import { showsProblem, typingPause } from './typing-pause.js';

let uid = 0;

/**
 * @param fieldset  the <fieldset> to fill (its <legend> is kept)
 * @param meta      the activation's table entry
 * @param params    () => the current parameters (state.params)
 * @param onChange  (name, value) => void, only for valid values
 * @param problemOf (params) => reason or null (lab.checkParams)
 * @returns {{sync(params, force?): void, dispose(): void}}
 */
export function buildParamControls(fieldset, meta, { params, onChange, problemOf }) {
  const legend = fieldset.querySelector('legend');
  const listeners = new AbortController();
  const { signal } = listeners;
  fieldset.replaceChildren(legend);
  fieldset.hidden = meta.params.length === 0;
  const syncers = [];
  for (const p of meta.params) {
    const id = `param-${p.name}-${++uid}`;
    const row = document.createElement('div');
    row.className = 'param';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = p.name;
    label.className = 'param-name';
    row.append(label);
    if (p.choices) {
      const select = document.createElement('select');
      select.id = id;
      for (const choice of p.choices) select.append(new Option(choice, choice));
      select.value = params()[p.name];
      select.addEventListener('change', () => onChange(p.name, select.value), { signal });
      row.append(select);
      syncers.push((values) => (select.value = values[p.name]));
    } else {
      const value = params()[p.name];
      const slider = document.createElement('input');
      Object.assign(slider, { type: 'range', min: p.min, max: p.max, step: p.step, value });
      slider.setAttribute('aria-label', p.name);
      const number = document.createElement('input');
      Object.assign(number, { type: 'number', id, step: 'any', value });
      number.inputMode = 'decimal';
      const error = document.createElement('p');
      error.className = 'field-error';
      error.setAttribute('role', 'alert');
      number.setAttribute('aria-describedby', (error.id = `${id}-error`));
      // A slider can also reach invalid combinations (rrelu lower > upper):
      // say so and keep the last valid state, and say which value the plot
      // still shows. A typed problem waits for a pause (typingPause).
      const readTyped = () => (number.value === '' ? NaN : Number(number.value));
      const commit = (v, typed = false) => {
        const problem = Number.isFinite(v) ? problemOf({ ...params(), [p.name]: v }) : `${p.name} must be a number`;
        const show = typed ? showsProblem(problem, watch, error.textContent) : Boolean(problem);
        error.textContent = show ? `${problem}; the plot keeps ${p.name} = ${params()[p.name]}.` : '';
        if (show) number.setAttribute('aria-invalid', 'true');
        else number.removeAttribute('aria-invalid');
        if (!problem) onChange(p.name, v);
        return !problem;
      };
      const watch = typingPause(number, () => commit(readTyped(), true), { signal });
      slider.addEventListener(
        'input',
        () => {
          number.value = slider.value;
          commit(Number(slider.value));
        },
        { signal },
      );
      number.addEventListener(
        'input',
        () => {
          const v = readTyped();
          if (commit(v, true)) slider.value = String(v);
        },
        { signal },
      );
      row.append(slider, number, error);
      syncers.push((values, force) => {
        slider.value = String(values[p.name]);
        if (force || number.getRootNode().activeElement !== number) {
          number.value = String(values[p.name]);
          error.textContent = '';
          number.removeAttribute('aria-invalid');
        }
      });
    }
    fieldset.append(row);
  }
  return {
    /** Show these parameters; force: also in the focused field, clearing its message. */
    sync(values, force = false) {
      for (const sync of syncers) sync(values, force);
    },
    dispose() {
      listeners.abort();
      fieldset.replaceChildren(legend);
    },
  };
}
