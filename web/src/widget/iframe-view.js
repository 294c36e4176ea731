// embed.html#activation=...: the widget for CMSs that only allow iframes.
// The hash uses the page's state keys; the content height goes to the parent
// with postMessage so iframe-resizer.js can size the iframe.
import { attributeOf, hashEntries } from '../shared/state.js';
// The widget itself comes from activation-plot.js, loaded by embed.html as
// its own script: the same file as a host page's widget, so a page with both
// (the tutorial) downloads and compiles it once, from the HTTP cache.
import { HEIGHT_MESSAGE } from './height-message.js';

async function render() {
  // Only the widget's own attributes may come from the hash (never onclick,
  // style...); other keys are named in a notice.
  const Widget = await customElements.whenDefined('activation-plot');
  const allowed = new Set(Widget.observedAttributes ?? []);
  // The explorer link stays ours: a crafted link must not aim it elsewhere.
  allowed.delete('explorer');
  const plot = document.createElement('activation-plot');
  plot.setAttribute('controls', 'compact');
  const ignored = [];
  for (const [key, value] of hashEntries(location.hash)) {
    const name = attributeOf(key);
    if (allowed.has(name))
      plot.setAttribute(name, value); // controls, theme, height too
    else ignored.push(key);
  }
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.textContent = ignored.length ? `Ignored unknown settings: ${ignored.join(', ')}` : '';
  document.getElementById('embed').replaceChildren(plot, ...(ignored.length ? [notice] : []));
}

function reportHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  // The parent's origin is unknown (any blog may embed us) and the message
  // carries only a number, so '*' is safe here; the helper checks origins.
  if (window.parent !== window) window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
}

render();
window.addEventListener('hashchange', render);
new ResizeObserver(reportHeight).observe(document.documentElement);
