// chartjs-plugin-zoom and hammerjs, its touch gestures: a script of their
// own (dist/web/zoom-plugin.js, about a sixth of the widget's bytes), loaded
// by chart-zoom.js's lazyZoom() when a reader first points at, touches,
// focuses or wheels over a zoomable chart, not before the first plot. It
// registers nothing: the page's Chart.js is in the bundle that loads it,
// which registers the plugin. Of Chart.js it holds only the few stateless
// helpers the plugin imports (chart.js/helpers).
import Hammer from 'hammerjs';
import zoomPlugin from 'chartjs-plugin-zoom';

// On a touch screen a vertical swipe over the chart scrolls the page (an
// embedded chart must not trap an article's reader), a sideways one pans and
// two fingers zoom. Hammer's default, touch-action: none, would trap it.
Hammer.defaults.touchAction = 'pan-y';

export { zoomPlugin };
