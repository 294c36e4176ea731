// <activation-plot>: the explorer's chart as a custom element for tutorials.
//
//   <script type="module" src="https://HOST/activation-plot.js"></script>
//   <activation-plot activation="leaky_relu" negative-slope="0.01" x-min="-5"
//                    x-max="5" values="-2, 0, 3" show="function gradient"
//                    controls="compact"></activation-plot>
//
// Attributes are the page's URL-state keys with "_" written "-" (state.js
// allKeys/attributeOf); every table parameter is one. Shadow DOM isolates its CSS both ways; all widgets
// share one wasm instance; the .wasm is found next to this script, so a host
// page may load it from another origin (the server must send CORS headers).
// Nothing from an attribute is ever parsed as HTML: text goes through
// textContent and numbers through the core.
import { loadActivationLab } from 'activation-lab';
import { ActivationChart } from '../shared/activation-chart.js';
import { buildParamControls } from '../shared/param-controls.js';
import {
  NOTICE,
  allKeys,
  attributeOf,
  defaultState,
  hashOf,
  stateEntries,
  stateFromEntries,
  toggledShow,
  onlyShown,
  ONLY_SHOWN_TITLE,
} from '../shared/state.js';
import { blankNote } from '../shared/format.js';
import { resolveTheme, watchSystemTheme } from '../shared/theme.js';
import { showsProblem, typingPause } from '../shared/typing-pause.js';
import { valueRows } from '../shared/value-table.js';
import { valuesReader } from '../shared/values-reader.js';
import { HEIGHT_RANGE } from './height-range.js';
import widgetCss from './widget.css';

const TAG = 'activation-plot';
// The widget's own attributes; all others are state keys.
const OWN_ATTRIBUTES = ['controls', 'theme', 'height', 'explorer'];
export { HEIGHT_RANGE };
const TABLE_ROWS = 20;
let live = 0; // charts alive, for leak tests

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('aria-') || k === 'role' || k === 'part') node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children);
  return node;
}

let sheet = null;
function styles() {
  // A constructed stylesheet is CSSOM: no inline <style> for a host page's
  // CSP to block.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(widgetCss);
  }
  return sheet;
}

function defineWidget(lab) {
  const attributeKeys = allKeys(lab).map((key) => [attributeOf(key), key]); // [attribute, state key]

  class ActivationPlotElement extends HTMLElement {
    static observedAttributes = [...OWN_ATTRIBUTES, ...attributeKeys.map(([attribute]) => attribute)];

    /** Number of live charts across all widgets (leak checks). */
    static get liveCharts() {
      return live;
    }

    /** Size of the shared wasm memory in bytes (leak checks). */
    static get heapBytes() {
      return lab.heapBytes;
    }

    #chart = null;
    #paramControls = null;
    #state = null;
    #parts = null;
    #stopTheme = null;
    #rendered = null;
    #readValues = valuesReader(lab);
    #valuesTyping = { typing: false };
    #notices = []; // the state attributes' notices
    #heightNotice = '';

    constructor() {
      super();
      this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [styles()];
    }

    /** The current state as page URL keys (also in the `change` event). */
    get state() {
      return this.#state ? Object.fromEntries(stateEntries(lab, this.#state)) : null;
    }

    /** Link to the full explorer with this widget's state, or null. The
     *  explorer attribute names the page (default: index.html beside this
     *  script, as on our own site); "none" drops the link, as from a CDN of
     *  npm packages, which holds the widget but serves no explorer page. */
    get explorerUrl() {
      const page = this.getAttribute('explorer') ?? 'index.html';
      if (page.trim().toLowerCase() === 'none') return null;
      try {
        const url = new URL(page, import.meta.url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') return null; // never javascript:
        url.hash = hashOf(lab, this.#state);
        return url.href;
      } catch {
        return null;
      }
    }

    connectedCallback() {
      this.#build();
      this.#readAttributes();
      this.#stopTheme = watchSystemTheme(() => this.#applyTheme());
      this.#render();
    }

    disconnectedCallback() {
      this.#stopTheme?.();
      this.#stopTheme = null;
      this.#paramControls?.dispose();
      this.#paramControls = null;
      this.#chart?.destroy();
      if (this.#chart) live--;
      this.#chart = null;
      this.#parts = null;
      this.#rendered = null;
      this.shadowRoot.replaceChildren();
    }

    attributeChangedCallback(name) {
      if (!this.#parts) return;
      if (name === 'theme') return this.#applyTheme();
      if (name === 'controls') return this.#applyControls();
      if (name === 'height') return this.#applyHeight();
      if (name === 'explorer') return this.#render();
      // A state attribute: the author's value wins over the reader's.
      this.#readAttributes();
      this.#render();
    }

    #applyControls() {
      const controls = this.getAttribute('controls') ?? 'compact';
      this.#parts.root.dataset.controls = ['none', 'compact', 'full'].includes(controls) ? controls : 'compact';
    }

    // height="…": the chart's height; anything else is named and the default kept.
    #applyHeight() {
      const text = this.getAttribute('height');
      const px = text === null || text.trim() === '' ? NaN : Number(text);
      const ok = px >= HEIGHT_RANGE.min && px <= HEIGHT_RANGE.max;
      const chart = this.#parts.canvas.parentElement;
      // CSSOM, not a style attribute: a host's strict style-src allows it.
      if (ok) chart.style.setProperty('--ap-height', `${px}px`);
      else chart.style.removeProperty('--ap-height');
      this.#heightNotice =
        text !== null && !ok
          ? `height="${text}" is ignored: give the chart's height in CSS pixels, from ${HEIGHT_RANGE.min} to ${HEIGHT_RANGE.max}.`
          : '';
      this.#showNotices();
    }

    #showNotices() {
      const messages = [...this.#notices.map((n) => n.message), this.#heightNotice].filter(Boolean);
      this.#parts.notice.textContent = messages.join(' ');
      this.#parts.notice.dataset.codes = this.#notices.map((n) => n.code).join(' ');
    }

    #readAttributes() {
      const entries = [];
      for (const [attribute, key] of attributeKeys) {
        if (this.hasAttribute(attribute)) entries.push([key, this.getAttribute(attribute)]);
      }
      const { state, notices } = stateFromEntries(lab, entries);
      this.#state = state;
      // Parameters of other activations are simply not for this one.
      this.#notices = notices.filter((n) => n.code !== NOTICE.foreignParam);
      this.#applyControls();
      this.#applyHeight();
      if (this.#rendered !== state.activation) this.#rendered = null; // new activation: rebuild controls
    }

    #build() {
      const canvas = el('canvas', { role: 'img', 'aria-label': 'Activation function plot' });
      const parts = {
        canvas,
        title: el('figcaption', { class: 'title' }),
        notice: el('p', { class: 'notice', role: 'status' }),
        shade: el('p', { class: 'shade' }),
        select: el('select', { 'aria-label': 'Activation function' }),
        params: el(
          'fieldset',
          { class: 'params' },
          el('legend', { class: 'visually-hidden', textContent: 'Parameters' }),
        ),
        showF: el('input', { type: 'checkbox' }),
        showG: el('input', { type: 'checkbox' }),
        values: el('input', { type: 'text', spellcheck: false, autocomplete: 'off', 'aria-label': 'Values (x)' }),
        valuesError: el('p', { class: 'error', role: 'alert' }),
        table: el('table', { class: 'values' }),
        link: el('a', { class: 'open', target: '_blank', rel: 'noopener', textContent: 'Open in Activation Lab' }),
      };
      for (const a of lab.activations) parts.select.append(new Option(a.label, a.id));
      parts.root = el(
        'figure',
        { class: 'widget', part: 'figure' },
        parts.title,
        el('div', { class: 'chart' }, canvas),
        parts.shade,
        el(
          'div',
          { class: 'controls' },
          el('label', { class: 'full-only' }, el('span', { textContent: 'Activation' }), parts.select),
          parts.params,
          el(
            'div',
            { class: 'full-only show' },
            el('label', {}, parts.showF, ' f(x)'),
            el('label', {}, parts.showG, ' f′(x)'),
          ),
          el('label', { class: 'full-only' }, el('span', { textContent: 'Values (x)' }), parts.values),
          parts.valuesError,
        ),
        parts.table,
        parts.notice,
        parts.link,
      );
      this.shadowRoot.replaceChildren(parts.root);
      this.#parts = parts;
      // Zoom and pan write the widget's state, as its controls do. The wheel
      // zooms only with Ctrl: a wheel over a plot in an article scrolls it.
      this.#chart = new ActivationChart(canvas, lab, {
        theme: this.#theme(),
        compact: true,
        wheelModifier: 'ctrl',
        onView: (view) => this.#update(view),
      });
      live++;
      parts.select.addEventListener('change', () => {
        const next = defaultState(lab, parts.select.value);
        this.#update({ activation: next.activation, params: next.params });
      });
      // At least one of f and f' stays shown (toggledShow).
      parts.showF.addEventListener('change', () =>
        this.#update({ show: toggledShow(this.#state.show, 'function', parts.showF.checked) }),
      );
      parts.showG.addEventListener('change', () =>
        this.#update({ show: toggledShow(this.#state.show, 'gradient', parts.showG.checked) }),
      );
      this.#valuesTyping = typingPause(parts.values, () => this.#render());
      parts.values.addEventListener('input', () => this.#update({ values: parts.values.value }));
    }

    #theme() {
      return resolveTheme(this.getAttribute('theme') ?? 'auto');
    }

    #applyTheme() {
      if (!this.#chart) return;
      this.#chart.setTheme(this.#theme());
      this.#render();
    }

    // A reader moved a control: new state, re-plot, tell the host page.
    #update(patch) {
      this.#state = { ...this.#state, ...patch };
      this.#render();
      this.dispatchEvent(new CustomEvent('change', { detail: this.state, bubbles: true, composed: true }));
    }

    #render() {
      const parts = this.#parts;
      if (!parts) return;
      const state = this.#state;
      const meta = lab.activation(state.activation);
      const theme = this.#theme();
      parts.root.dataset.theme = theme;
      this.#chart.setTheme(theme);
      if (this.#rendered !== state.activation) {
        this.#paramControls?.dispose();
        this.#paramControls = buildParamControls(parts.params, meta, {
          params: () => this.#state.params,
          onChange: (name, value) => this.#update({ params: { ...this.#state.params, [name]: value } }),
          problemOf: (params) => lab.checkParams(meta.id, params),
        });
        this.#rendered = state.activation;
      } else {
        this.#paramControls.sync(state.params);
      }
      parts.title.textContent = meta.label;
      parts.select.value = state.activation;
      parts.showF.checked = state.show.function;
      parts.showG.checked = state.show.gradient;
      // The last curve shown cannot be hidden: its box is disabled, and says why.
      for (const [box, key] of [
        [parts.showF, 'function'],
        [parts.showG, 'gradient'],
      ]) {
        box.disabled = onlyShown(state.show) === key;
        box.title = box.disabled ? ONLY_SHOWN_TITLE : '';
      }
      if (this.shadowRoot.activeElement !== parts.values) parts.values.value = state.values;
      const { values, error } = this.#readValues(state.values);
      const show = showsProblem(error, this.#valuesTyping, parts.valuesError.textContent);
      parts.valuesError.textContent = show ? error.message : '';
      const drawn = this.#chart.update({ ...state, values });
      parts.shade.textContent = [
        blankNote(drawn.blank),
        drawn.zeroGradient.length ? `Shaded: ${meta.label} f′(x) = 0, where a unit stops learning.` : '',
      ]
        .filter(Boolean)
        .join(' ');
      this.#renderTable(meta, values);
      const explorer = this.explorerUrl;
      parts.link.hidden = explorer === null;
      if (explorer) parts.link.href = explorer;
    }

    #renderTable(meta, values) {
      const table = this.#parts.table;
      table.replaceChildren();
      if (!values || !values.length) return;
      const head = el('tr', {}, ...['x', 'f(x)', 'f′(x)'].map((t) => el('th', { scope: 'col', textContent: t })));
      table.append(el('caption', { textContent: 'Values' }), el('thead', {}, head));
      table.append(el('tbody', {}, ...valueRows(lab, meta.id, this.#state.params, values.subarray(0, TABLE_ROWS))));
    }

    /** The chart's datasets (for tests). */
    get datasets() {
      return this.#chart?.datasets ?? [];
    }
  }
  customElements.define(TAG, ActivationPlotElement);
}

function defineBroken(error) {
  customElements.define(
    TAG,
    class extends HTMLElement {
      connectedCallback() {
        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        root.replaceChildren(
          el('p', {
            role: 'alert',
            textContent: `This plot could not load its WebAssembly core: ${error.message ?? error}`,
          }),
        );
      }
    },
  );
}

if (!customElements.get(TAG)) {
  loadActivationLab().then(defineWidget, defineBroken);
}
