// Zoom and pan for the chart: chartjs-plugin-zoom (wheel, pinch, drag to
// pan, through hammerjs for the touch gestures) and keys for the keyboard,
// which the plugin has none of. Every gesture ends in onView(view): the page
// writes the view into its state and re-plots from it, so the curves are
// re-sampled for the new range (a zoomed kink stays sharp) and the x and y
// fields show what is drawn. The plugin is loaded on first use (lazyZoom).
import { Chart } from 'chart.js';
import { viewFromScales } from './zoom-view.js';

let plugin = null;
/** Loads dist/web/zoom-plugin.js once, from beside this bundle (the
 *  widget's own origin when an article on another one embeds it), and
 *  registers the plugin; every chart starts it at its next update(). The URL
 *  is computed, so esbuild leaves the import to the browser. */
const loadPlugin = () => {
  const url = new URL('zoom-plugin.js', import.meta.url).href;
  return (plugin ??= import(url).then(
    ({ zoomPlugin }) => Chart.register(zoomPlugin),
    (error) => {
      plugin = null; // the next gesture tries again
      // A bundler copied this script but not zoom-plugin.js beside it (README).
      console.error(`Activation Lab: no zoom or pan, ${url} did not load (${error.message})`);
      throw error;
    },
  ));
};

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
export function keyboardZoom(canvas, chart, onReset, whenReady = (act) => act()) {
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
    // chart.zoom and chart.pan come with the plugin; the reset does not.
    if (act === onReset) act();
    else whenReady(act);
  };
  canvas.addEventListener('keydown', onKey);
  return () => canvas.removeEventListener('keydown', onKey);
}

// The events that load the plugin: a mouse enters the canvas before it
// wheels or drags, a finger touches it, the keyboard focuses it.
const INTENT = ['pointerenter', 'pointerdown', 'touchstart', 'focus', 'wheel'];

/**
 * Loads the zoom plugin when a reader first shows an intent to zoom or pan
 * the chart (INTENT), and starts it on the chart. On a touch screen, where
 * the first touch is also the gesture's start, it loads once the browser is
 * idle after the first plot. What arrives before it is there is not lost: a
 * wheel is replayed (one that would zoom, with no modifier needed or the
 * modifier held, is kept from scrolling or zooming the page), and so is a
 * pointerdown, so that a drag begun then pans. Returns {whenReady(fn): runs fn once the
 * plugin has started on the chart, stop()}.
 */
export function lazyZoom(chart, { wheelModifier = null } = {}) {
  const canvas = chart.canvas;
  let ready = null; // a promise once loading began
  let started = false;
  let stopped = false;
  const held = [];
  // Hammer's setting (zoom-plugin.js), from the start: a vertical swipe
  // scrolls the page whether or not the plugin is there yet.
  canvas.style.touchAction = 'pan-y';
  const start = () =>
    (ready ??= loadPlugin().then(
      () => {
        if (stopped) return;
        for (const type of INTENT) canvas.removeEventListener(type, onIntent);
        chart.update('none'); // starts the plugin on this chart
        started = true;
        for (const event of held.splice(0)) canvas.dispatchEvent(event);
      },
      () => {
        // Said on the console (loadPlugin); the next intent tries again.
        held.length = 0;
        ready = null;
        return new Promise(() => {}); // whenReady's action never runs
      },
    ));
  const onIntent = (event) => {
    if (!started && event.type === 'wheel') {
      // One that zooms must not scroll (or, with Ctrl, zoom) the page; one
      // without the modifier scrolls it, and its replay shows the hint.
      if (!wheelModifier || event[`${wheelModifier}Key`]) event.preventDefault();
      held.push(new WheelEvent('wheel', event));
    } else if (!started && event.type === 'pointerdown') {
      held.push(new PointerEvent('pointerdown', event));
    }
    start();
  };
  for (const type of INTENT) canvas.addEventListener(type, onIntent, { passive: false });
  let idle = 0;
  if (matchMedia('(any-pointer: coarse)').matches) {
    idle = (window.requestIdleCallback ?? setTimeout)(start);
  }
  return {
    whenReady: (fn) =>
      start().then(() => {
        if (!stopped) fn();
      }),
    stop() {
      stopped = true;
      (window.cancelIdleCallback ?? clearTimeout)(idle);
      for (const type of INTENT) canvas.removeEventListener(type, onIntent);
    },
  };
}
