// The "Embed" dialog: both snippets for the current state, each with a copy
// button and a live preview.
import { labEmbedUrl, labIframeSnippet, labStateFor } from '../lab/lab-snippet.js';
import { hashOf, stateAttributes } from '../shared/state.js';
import { copy } from './copy.js';

const escapeAttribute = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The script-tag snippet: <activation-plot> with one attribute per key. */
export function scriptSnippet(lab, state, base) {
  const attributes = stateAttributes(lab, state).map(([name, v]) => `${name}="${escapeAttribute(v)}"`);
  attributes.push('controls="compact"');
  return [
    `<script type="module" src="${new URL('activation-plot.js', base).href}"></script>`,
    `<activation-plot ${attributes.join(' ')}></activation-plot>`,
  ].join('\n');
}

/** The iframe snippet (and the optional resize helper, which also removes
 *  the border: no inline style, so a host's strict style-src is fine). The per-activation
 *  page embed-<id>.html shows a picture of that activation where no script
 *  may run (sandbox=""). */
export function iframeSnippet(lab, state, base) {
  const src = new URL(`embed-${state.activation}.html#${hashOf(lab, state)}`, base).href;
  const title = `${lab.activation(state.activation).label} and its gradient (Activation Lab)`;
  return [
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="100%" height="540" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>`,
    `<script type="module" src="${new URL('iframe-resizer.js', base).href}"></script>`,
  ].join('\n');
}

function option(heading, code, preview, copyName) {
  const section = document.createElement('section');
  section.className = 'embed-option';
  const h = document.createElement('h3');
  h.textContent = heading;
  const pre = document.createElement('pre');
  const codeEl = document.createElement('code');
  codeEl.textContent = code;
  pre.append(codeEl);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = copyName;
  button.addEventListener('click', () => copy(code, button));
  const box = document.createElement('div');
  box.className = 'embed-preview';
  box.setAttribute('aria-label', `${heading}: preview`);
  box.append(preview);
  section.append(h, pre, button, box);
  return section;
}

export function openEmbedDialog(dialog, body, lab, state) {
  const base = new URL('.', location.href);
  // The preview is built from the same entries as the snippet.
  const element = document.createElement('activation-plot');
  for (const [name, v] of stateAttributes(lab, state)) element.setAttribute(name, v);
  element.setAttribute('controls', 'compact');
  const frame = document.createElement('iframe');
  frame.src = new URL(`embed-${state.activation}.html#${hashOf(lab, state)}`, base).href;
  frame.title = 'iframe preview';
  frame.setAttribute('sandbox', 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
  // The lab, training this activation against Leaky ReLU (or ReLU): a link
  // for a preview, since a second training page inside the dialog is heavy.
  const labState = labStateFor(lab, state.activation, state.params);
  const labLink = document.createElement('a');
  labLink.href = labEmbedUrl(lab, labState, base).replace('lab-embed.html', 'lab.html');
  labLink.target = '_blank';
  labLink.rel = 'noopener';
  labLink.textContent = `Open the lab with ${lab.activation(labState.a.activation).label} against ${lab.activation(labState.b.activation).label}`;
  body.replaceChildren(
    option('Script tag and custom element', scriptSnippet(lab, state, base), element, 'Copy script embed'),
    option('iframe (for sites that allow only iframes)', iframeSnippet(lab, state, base), frame, 'Copy iframe embed'),
    option(
      'The dying-ReLU lab (iframe): train this activation',
      labIframeSnippet(lab, labState, base),
      labLink,
      'Copy lab embed',
    ),
  );
  dialog.addEventListener('close', () => body.replaceChildren(), { once: true });
  dialog.showModal();
}
