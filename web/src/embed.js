// embed.html#activation=...: the widget for CMSs that only allow iframes.
// The hash uses the page's state keys; the content height goes to the parent
// with postMessage so web/src/iframe-resizer.js can size the iframe.
import './widget.js';

export const HEIGHT_MESSAGE = 'activation-lab:height';

function entries(hash) {
  return hash
    .replace(/^#/, '')
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      try {
        return [decodeURIComponent(key), decodeURIComponent(value)];
      } catch {
        return [key, value];
      }
    });
}

function render() {
  const plot = document.createElement('activation-plot');
  plot.setAttribute('controls', 'compact');
  for (const [key, value] of entries(location.hash)) {
    // Keys become attributes (x_min -> x-min); invalid names are reported
    // by the widget as unknown settings instead of breaking the page.
    const name = key.replace(/_/g, '-');
    if (/^[a-z][a-z0-9-]*$/.test(name)) plot.setAttribute(name, value);
  }
  document.getElementById('embed').replaceChildren(plot);
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
