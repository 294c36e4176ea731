// The "Embed" dialog: options (theme, controls, chart height, which curves),
// then each snippet for the current state and options, with a copy button
// and a live preview that follows the options.
import { labEmbedUrl, labIframeSnippet, labStateFor } from '../lab/lab-snippet.js';
import { hashOf, stateAttributes } from '../shared/state.js';
import { showsProblem, typingPause } from '../shared/typing-pause.js';
import { HEIGHT_RANGE } from '../widget/height-range.js';
import { copy } from './copy.js';

const escapeAttribute = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The widget's own options, with the values an author gets by leaving them out. */
export const EMBED_DEFAULTS = { theme: 'auto', controls: 'compact', height: 280 };
const THEMES = [
  ['auto', 'Reader’s system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];
const CONTROLS = [
  ['none', 'None (plot only)'],
  ['compact', 'Compact (parameter sliders)'],
  ['full', 'Full (activation, curves, values)'],
];
const SHOWS = [
  ['both', 'f(x) and f′(x)'],
  ['function', 'f(x) only'],
  ['gradient', 'f′(x) only'],
];
// Room around the chart in the iframe view, by controls: a first height
// before iframe-resizer.js measures the real one.
const FRAME_EXTRA = { none: 140, compact: 260, full: 340 };

const showOf = (key) => ({ function: key !== 'gradient', gradient: key !== 'function' });
const showKey = (show) => (show.function && show.gradient ? 'both' : show.function ? 'function' : 'gradient');

// [attribute, value] of the options that differ from what omitting them gives.
function optionEntries(options) {
  const entries = [['controls', options.controls]]; // always written: it says what the author chose
  if (options.theme !== EMBED_DEFAULTS.theme) entries.push(['theme', options.theme]);
  if (options.height !== EMBED_DEFAULTS.height) entries.push(['height', String(options.height)]);
  return entries;
}

/** The script-tag snippet: <activation-plot> with one attribute per key and option. */
export function scriptSnippet(lab, state, base, options = EMBED_DEFAULTS) {
  const attributes = [...stateAttributes(lab, state), ...optionEntries(options)].map(
    ([name, v]) => `${name}="${escapeAttribute(v)}"`,
  );
  return [
    `<script type="module" src="${new URL('activation-plot.js', base).href}"></script>`,
    `<activation-plot ${attributes.join(' ')}></activation-plot>`,
  ].join('\n');
}

/** The iframe view's URL: the state's hash and the options as widget keys. */
export function iframeUrl(lab, state, base, options = EMBED_DEFAULTS) {
  const extra = optionEntries(options)
    .filter(([name, v]) => !(name === 'controls' && v === EMBED_DEFAULTS.controls))
    .map(([name, v]) => `${name}=${encodeURIComponent(v)}`);
  const hash = [hashOf(lab, state), ...extra].filter(Boolean).join('&');
  return new URL(`embed-${state.activation}.html#${hash}`, base).href;
}

// allow-same-origin: a sandboxed frame without it has an opaque origin, and
// Chromium gives such a frame an HTTP cache of its own, so every view of the
// host page downloads the wasm again (about 80 KB). With it the frame keeps
// our origin, not the host's: the host page is no more exposed, and the
// frame is still sandboxed otherwise (the lab's snippet does the same).
export const PLOT_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** The iframe snippet (and the optional resize helper, which also removes
 *  the border: no inline style, so a host's strict style-src is fine). The per-activation
 *  page embed-<id>.html shows a picture of that activation where no script
 *  may run (sandbox=""). */
export function iframeSnippet(lab, state, base, options = EMBED_DEFAULTS) {
  const title = `${lab.activation(state.activation).label} and its gradient (Activation Lab)`;
  const height = options.height + FRAME_EXTRA[options.controls];
  return [
    `<iframe src="${escapeAttribute(iframeUrl(lab, state, base, options))}" title="${escapeAttribute(title)}" width="100%" height="${height}" loading="lazy" sandbox="${PLOT_SANDBOX}"></iframe>`,
    `<script type="module" src="${new URL('iframe-resizer.js', base).href}"></script>`,
  ].join('\n');
}

function section(heading, copyName, preview) {
  const root = document.createElement('section');
  root.className = 'embed-option';
  const h = document.createElement('h3');
  h.textContent = heading;
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  pre.append(code);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = copyName;
  button.addEventListener('click', () => copy(code.textContent, button));
  const box = document.createElement('div');
  box.className = 'embed-preview';
  box.setAttribute('aria-label', `${heading}: preview`);
  box.append(preview);
  root.append(h, pre, button, box);
  return { root, code };
}

function choice(label, name, pairs, value) {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const select = document.createElement('select');
  select.id = `embed-${name}`;
  select.name = name;
  for (const [v, text] of pairs) select.append(new Option(text, v));
  select.value = value;
  const l = document.createElement('label');
  l.htmlFor = select.id;
  l.textContent = label;
  wrap.append(l, select);
  return { wrap, input: select };
}

function heightField() {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const input = document.createElement('input');
  Object.assign(input, {
    type: 'number',
    id: 'embed-height',
    name: 'height',
    min: HEIGHT_RANGE.min,
    max: HEIGHT_RANGE.max,
    step: 10,
    value: EMBED_DEFAULTS.height,
  });
  input.inputMode = 'numeric';
  const l = document.createElement('label');
  l.htmlFor = input.id;
  l.textContent = 'Chart height (px)';
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = 'embed-height-error';
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', error.id);
  wrap.append(l, input, error);
  return { wrap, input, error };
}

function heightProblem(text) {
  const px = text === '' ? NaN : Number(text);
  if (Number.isFinite(px) && px >= HEIGHT_RANGE.min && px <= HEIGHT_RANGE.max) return '';
  return `The chart height must be a number of pixels from ${HEIGHT_RANGE.min} to ${HEIGHT_RANGE.max}.`;
}

let widget = null;
/** The preview's <activation-plot>: the widget script authors link
 *  (dist/web/activation-plot.js beside this bundle), loaded when the dialog
 *  first opens, not with the page. */
const loadWidget = () => (widget ??= import(new URL('activation-plot.js', import.meta.url).href));

export function openEmbedDialog(dialog, body, lab, state) {
  loadWidget();
  const base = new URL('.', location.href);
  const listeners = new AbortController();
  const { signal } = listeners;
  let options = { ...EMBED_DEFAULTS, show: showKey(state.show) };
  const stateNow = () => ({ ...state, show: showOf(options.show) });

  // The options, one form for the two plot embeds.
  const form = document.createElement('form');
  form.className = 'embed-options';
  form.addEventListener('submit', (e) => e.preventDefault(), { signal });
  const legend = document.createElement('p');
  legend.className = 'help';
  legend.textContent = 'Options of the script and iframe embeds; the previews follow them.';
  const theme = choice('Theme', 'theme', THEMES, options.theme);
  const controls = choice('Controls', 'controls', CONTROLS, options.controls);
  const show = choice('Show', 'show', SHOWS, options.show);
  const height = heightField();
  form.append(theme.wrap, controls.wrap, show.wrap, height.wrap);

  // The previews: built once, updated in place (the widget by its
  // attributes, the iframe by its src).
  const element = document.createElement('activation-plot');
  const frame = document.createElement('iframe');
  frame.title = 'iframe preview';
  // The preview is same-origin with this page, where allow-same-origin would
  // undo the sandbox (and Chromium warns): it keeps an opaque origin.
  frame.setAttribute('sandbox', 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
  // The lab, training this activation against Leaky ReLU (or ReLU): a link
  // for a preview, since a second training page inside the dialog is heavy.
  const labState = labStateFor(lab, state.activation, state.params);
  const labLink = document.createElement('a');
  labLink.href = labEmbedUrl(lab, labState, base).replace('lab-embed.html', 'lab.html');
  labLink.target = '_blank';
  labLink.rel = 'noopener';
  labLink.textContent = `Open the lab with ${lab.activation(labState.a.activation).label} against ${lab.activation(labState.b.activation).label}`;
  const script = section('Script tag and custom element', 'Copy script embed', element);
  const iframe = section('iframe (for sites that allow only iframes)', 'Copy iframe embed', frame);
  const labSection = section('The dying-ReLU lab (iframe): train this activation', 'Copy lab embed', labLink);
  labSection.code.textContent = labIframeSnippet(lab, labState, base);

  let frameTimer = 0;
  const render = () => {
    const s = stateNow();
    script.code.textContent = scriptSnippet(lab, s, base, options);
    iframe.code.textContent = iframeSnippet(lab, s, base, options);
    for (const name of element.getAttributeNames()) element.removeAttribute(name);
    for (const [name, v] of [...stateAttributes(lab, s), ...optionEntries(options)]) element.setAttribute(name, v);
    // A new src reloads the frame: once the options settle, not per key.
    clearTimeout(frameTimer);
    frameTimer = setTimeout(() => {
      const src = iframeUrl(lab, s, base, options);
      if (frame.src !== src) frame.src = src;
    }, 200);
  };
  const typing = typingPause(height.input, () => readOptions(), { signal });
  const readOptions = () => {
    const problem = heightProblem(height.input.value);
    const shown = showsProblem(problem, typing, height.error.textContent);
    height.error.textContent = shown ? `${problem} The snippets keep ${options.height}.` : '';
    if (shown) height.input.setAttribute('aria-invalid', 'true');
    else height.input.removeAttribute('aria-invalid');
    options = {
      theme: theme.input.value,
      controls: controls.input.value,
      show: show.input.value,
      height: problem ? options.height : Number(height.input.value),
    };
    render();
  };
  form.addEventListener('input', readOptions, { signal });
  form.addEventListener('change', readOptions, { signal });

  body.replaceChildren(form, script.root, iframe.root, labSection.root);
  render();
  frame.src = iframeUrl(lab, stateNow(), base, options);
  dialog.addEventListener(
    'close',
    () => {
      clearTimeout(frameTimer);
      listeners.abort();
      body.replaceChildren();
    },
    { once: true },
  );
  dialog.showModal();
}
