// The iframe snippet of the lab (lab-embed.html with the settings in its
// hash), written once for the lab page's "Embed this lab" and the
// explorer's Embed dialog.
import { defaultLabState, labHash } from './lab-state.js';

const escapeAttribute = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function labEmbedUrl(lab, state, base) {
  const hash = labHash(lab, state);
  return new URL(`lab-embed.html${hash ? `#${hash}` : ''}`, base).href;
}

// allow-same-origin: the lab trains in a Web Worker, and a worker's script
// must be same-origin with its page, which an opaque (sandboxed) origin
// never is. The frame stays sandboxed otherwise, and it is our origin, not
// the host's, so the host page is not exposed by it.
export const LAB_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export function labIframeSnippet(lab, state, base) {
  return [
    `<iframe src="${escapeAttribute(labEmbedUrl(lab, state, base))}" title="The dying-ReLU lab (Activation Lab)" width="100%" height="900" loading="lazy" sandbox="${LAB_SANDBOX}"></iframe>`,
    `<script type="module" src="${new URL('iframe-resizer.js', base).href}"></script>`,
  ].join('\n');
}

/** Lab settings that train the explorer's activation (as A) against Leaky
 *  ReLU, or against ReLU when the explorer shows Leaky ReLU. */
export function labStateFor(lab, activation, params) {
  const state = defaultLabState(lab);
  state.a = { activation, params: { ...params } };
  if (activation === state.b.activation) {
    const other = lab.lab.presets[0].a;
    state.b = { activation: other, params: defaultLabState(lab).a.params };
  }
  return state;
}
