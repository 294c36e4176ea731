// Optional helper for pages that embed Activation Lab with an <iframe>:
//   <script type="module" src="https://HOST/iframe-resizer.js"></script>
// Sizes each Activation Lab iframe to its content. It trusts a height message
// only from one of the page's own iframes whose src is on the origin this
// script came from (or "null" for a sandboxed iframe of that src).
import { HEIGHT_MESSAGE } from './height-message.js';

const scriptOrigin = new URL(import.meta.url).origin;

function frameFor(event) {
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow !== event.source) continue;
    const src = new URL(frame.src, location.href);
    if (src.origin !== scriptOrigin) return null;
    const sandboxed = frame.hasAttribute('sandbox') && !/\ballow-same-origin\b/.test(frame.getAttribute('sandbox'));
    return event.origin === (sandboxed ? 'null' : src.origin) ? frame : null;
  }
  return null;
}

window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== HEIGHT_MESSAGE || !Number.isFinite(data.height)) return;
  const frame = frameFor(event);
  if (!frame) return;
  frame.style.border = '0';
  frame.style.height = `${Math.min(Math.max(data.height, 100), 4000)}px`;
});
