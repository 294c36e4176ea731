// Below 900 px the chart sits above the controls, so a reader moving a
// parameter slider would not see what it does. While a parameter control
// has focus and the chart is mostly out of view, the chart is pinned to the
// top of the viewport (styles.css: .chart-pinned). A placeholder keeps its
// place in the page, so nothing under the reader's finger moves, and the
// focused control is scrolled clear of the pinned chart.

const NARROW = matchMedia('(max-width: 900px)');
const GAP = 8;

/** Pins box (the chart's container) while focus is inside controls. */
export function pinChartWhileAdjusting(controls, box) {
  let placeholder = null;
  const unpin = () => {
    if (!placeholder) return;
    box.classList.remove('chart-pinned');
    placeholder.remove();
    placeholder = null;
  };
  controls.addEventListener('focusin', (event) => {
    if (!NARROW.matches || placeholder) return;
    const rect = box.getBoundingClientRect();
    const visible = Math.min(rect.bottom, innerHeight) - Math.max(rect.top, 0);
    if (visible > rect.height / 2) return; // in view enough already
    placeholder = document.createElement('div');
    placeholder.className = 'chart-placeholder';
    placeholder.style.height = `${rect.height}px`; // CSSOM: allowed by the CSP
    box.after(placeholder);
    box.classList.add('chart-pinned');
    const pinned = box.getBoundingClientRect().bottom + GAP;
    // The whole row in view: its name and number, not only the slider.
    const top = (event.target.closest('.param') ?? event.target).getBoundingClientRect().top;
    if (top < pinned) scrollBy(0, top - pinned);
  });
  controls.addEventListener('focusout', (event) => {
    if (!controls.contains(event.relatedTarget)) unpin();
  });
  NARROW.addEventListener('change', unpin);
}
