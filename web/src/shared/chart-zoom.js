// Zoom and pan for the chart: chartjs-plugin-zoom (wheel, pinch, drag to
// pan, through hammerjs for the touch gestures) and keys for the keyboard,
// which the plugin has none of. Every gesture ends in onView(view): the page
// writes the view into its state and re-plots from it, so the curves are
// re-sampled for the new range (a zoomed kink stays sharp) and the x and y
// fields show what is drawn.
import Hammer from 'hammerjs';
import zoomPlugin from 'chartjs-plugin-zoom';
import { viewFromScales } from './zoom-view.js';

// On a touch screen a vertical swipe over the chart scrolls the page (an
// embedded chart must not trap an article's reader), a sideways one pans and
// two fingers zoom. Hammer's default, touch-action: none, would trap it.
Hammer.defaults.touchAction = 'pan-y';

export { zoomPlugin };

/** What the keys do, for the canvas's accessible name and the page's hint. */
export const KEYS_HELP = 'With the chart focused, + and − zoom, the arrow keys pan and 0 resets the zoom.';

// One key press multiplies the spans by 0.75 (+) or divides them by it (−).
// The plugin's zoom(z) multiplies a span by 2 - z.
const KEY_SPAN = 0.75;
const ZOOM_IN = 2 - KEY_SPAN;
const ZOOM_OUT = 2 - 1 / KEY_SPAN;
const KEY_PAN = 0.1; // one arrow: a tenth of the plot

/**
 * The plugin's options. wheelModifier: null (the wheel zooms) or a key the
 * wheel needs, as in the widget ('ctrl'), so that a wheel over a chart in an
 * article scrolls the article. changed({chart}) runs after every step of a
 * gesture.
 */
export function zoomOptions({ wheelModifier = null, changed, rejected }) {
  return {
    pan: { enabled: true, mode: 'xy', threshold: 5, onPan: changed },
    zoom: {
      wheel: { enabled: true, modifierKey: wheelModifier, speed: 0.1 },
      pinch: { enabled: true },
      drag: { enabled: false },
      mode: 'xy',
      onZoom: changed,
      onZoomRejected: rejected,
    },
  };
}

/** The view after a gesture, read from the chart's scales (null when it
 *  cannot be plotted: zoomed in past what a double resolves). */
export const viewOf = (chart) => viewFromScales(chart.scales.x, chart.scales.y);

const KEY_NAMES = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: '⌘' };
const HINT_MS = 1500;

/** A wheel without the modifier scrolls the page; this says, over the plot
 *  for a moment, how to zoom instead (as maps embedded in pages do). Only
 *  for the eye: the canvas's name already gives the keys. Returns the
 *  plugin's onZoomRejected. */
export function wheelHint(box, modifier) {
  const hint = document.createElement('p');
  hint.className = 'chart-hint';
  hint.setAttribute('aria-hidden', 'true');
  hint.hidden = true;
  hint.textContent = `Hold ${KEY_NAMES[modifier] ?? modifier} and scroll to zoom`;
  box.append(hint);
  let timer = 0;
  return ({ event }) => {
    if (event?.type !== 'wheel') return;
    hint.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => (hint.hidden = true), HINT_MS);
  };
}

/** Keyboard zoom and pan on a focusable canvas; returns a function that
 *  removes the listener. Keys with Ctrl, Alt or Meta stay the browser's. */
export function keyboardZoom(canvas, chart, onReset) {
  const onKey = (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const { width, height } = chart.chartArea;
    const act = {
      '+': () => chart.zoom(ZOOM_IN),
      '=': () => chart.zoom(ZOOM_IN),
      '-': () => chart.zoom(ZOOM_OUT),
      '−': () => chart.zoom(ZOOM_OUT),
      _: () => chart.zoom(ZOOM_OUT),
      // The view moves the way the arrow points (the plot slides the other way).
      ArrowLeft: () => chart.pan({ x: width * KEY_PAN }),
      ArrowRight: () => chart.pan({ x: -width * KEY_PAN }),
      ArrowUp: () => chart.pan({ y: height * KEY_PAN }),
      ArrowDown: () => chart.pan({ y: -height * KEY_PAN }),
      0: onReset,
    }[event.key];
    if (!act) return;
    event.preventDefault(); // arrows would scroll the page as well
    act();
  };
  canvas.addEventListener('keydown', onKey);
  return () => canvas.removeEventListener('keydown', onKey);
}
