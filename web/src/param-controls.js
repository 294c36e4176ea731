// One slider + number input per parameter (a select for a choice), built
// from the table's names, ranges and steps. Changes go to onChange(name,
// value); invalid typed numbers stay in the field with a message.

let uid = 0;
const cleanups = new WeakMap(); // fieldset -> AbortController of its listeners

export function buildParamControls(fieldset, meta, params, onChange, problemOf) {
  const legend = fieldset.querySelector('legend');
  cleanups.get(fieldset)?.abort();
  const controller = new AbortController();
  cleanups.set(fieldset, controller);
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
      select.value = params[p.name];
      select.addEventListener('change', () => onChange(p.name, select.value));
      row.append(select);
      syncers.push((values) => (select.value = values[p.name]));
    } else {
      const slider = document.createElement('input');
      Object.assign(slider, { type: 'range', min: p.min, max: p.max, step: p.step, value: params[p.name] });
      slider.setAttribute('aria-label', p.name);
      const number = document.createElement('input');
      Object.assign(number, { type: 'number', id, step: 'any', value: params[p.name] });
      number.inputMode = 'decimal';
      const error = document.createElement('p');
      error.className = 'field-error';
      error.setAttribute('role', 'alert');
      number.setAttribute('aria-describedby', (error.id = `${id}-error`));
      // A slider can also reach invalid combinations (rrelu lower > upper):
      // say so and keep the last valid state.
      const commit = (value) => {
        const problem = Number.isFinite(value)
          ? problemOf({ ...params, [p.name]: value })
          : `${p.name} must be a number.`;
        error.textContent = problem;
        if (problem) number.setAttribute('aria-invalid', 'true');
        else number.removeAttribute('aria-invalid');
        if (!problem) onChange(p.name, value);
        return !problem;
      };
      slider.addEventListener('input', () => {
        number.value = slider.value;
        commit(Number(slider.value));
      });
      number.addEventListener('input', () => {
        const value = number.value === '' ? NaN : Number(number.value);
        if (commit(value)) slider.value = String(value);
      });
      row.append(slider, number, error);
      syncers.push((values, force) => {
        params = values;
        slider.value = String(values[p.name]);
        if (force || document.activeElement !== number) {
          number.value = String(values[p.name]);
          error.textContent = '';
          number.removeAttribute('aria-invalid');
        }
      });
    }
    fieldset.append(row);
  }
  fieldset.addEventListener(
    'sync',
    (e) => {
      params = e.detail.params;
      for (const sync of syncers) sync(e.detail.params, e.detail.force);
    },
    { signal: controller.signal },
  );
}
