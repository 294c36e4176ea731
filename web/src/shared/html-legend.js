// The chart's legend as HTML beside the canvas, one entry per activation
// (not one per curve: 4 compares with f and f′ are 5 entries, not 10). Each
// entry's swatch is that activation's colour drawn solid (f) and dashed
// (f′), as the curves are; a key says so when both are shown. Outside the
// canvas it is text a screen reader and a text search find, and it wraps
// at 375 px instead of eating the plot's height. Nothing in it is
// clickable: the Show boxes and the Compare chips decide what is drawn.

export const F_DASH = [];
export const DF_DASH = [6, 4];
const SWATCH = { width: 40, height: 12 };

/** Draws an entry's swatch with its top-left at (x, y): a solid segment
 *  for f and a dashed one for f′, as many as are shown. Also for exports
 *  that draw the legend into a picture. */
export function drawSwatch(ctx, x, y, entry, show, { width = SWATCH.width, height = SWATCH.height } = {}) {
  const parts = [show.function && F_DASH, show.gradient && DF_DASH].filter(Boolean);
  ctx.save();
  ctx.strokeStyle = entry.color;
  ctx.lineWidth = entry.width;
  parts.forEach((dash, i) => {
    const yy = y + (height * (i + 1)) / (parts.length + 1);
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x + 1, yy);
    ctx.lineTo(x + width - 1, yy);
    ctx.stroke();
  });
  ctx.restore();
}

/** The key under the entries, or '' when only one kind of curve is shown. */
export function legendKey(show) {
  return show.function && show.gradient ? 'Solid: f(x). Dashed: f′(x).' : '';
}

const items = new WeakMap(); // list -> Map(activation id -> {item, canvas, label, swatch})

/** Renders entries [{id, label, color, width}] into `list` (a <ul>) and the
 *  key into `key` (any element), in place: a dragged slider re-plots 60
 *  times a second and changes at most a label (its parameter), so an
 *  entry's swatch is redrawn only when its colour, width or curves change,
 *  and its <li> and canvas are kept (a new canvas context costs ~3 ms). */
export function renderLegend(list, key, entries, show) {
  const ratio = globalThis.devicePixelRatio || 1;
  if (!items.has(list)) items.set(list, new Map());
  const kept = items.get(list);
  const shown = entries.map((entry) => {
    let part = kept.get(entry.id);
    if (!part) {
      const item = document.createElement('li');
      item.dataset.activation = entry.id;
      const canvas = document.createElement('canvas');
      canvas.className = 'legend-swatch';
      canvas.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      item.append(canvas, label);
      part = { item, canvas, label, swatch: '' };
      kept.set(entry.id, part);
    }
    const swatch = JSON.stringify([entry.color, entry.width, show, ratio]);
    if (part.swatch !== swatch) {
      // Drawn at device pixels, shown at CSS pixels (sharp on 2x screens).
      part.canvas.width = SWATCH.width * ratio;
      part.canvas.height = SWATCH.height * ratio;
      const ctx = part.canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      drawSwatch(ctx, 0, 0, entry, show);
      part.swatch = swatch;
    }
    if (part.label.textContent !== entry.label) part.label.textContent = entry.label;
    return part.item;
  });
  for (const [id] of kept) if (!entries.some((e) => e.id === id)) kept.delete(id);
  // Reorder or drop only when the entries changed.
  const children = list.children;
  if (children.length !== shown.length || shown.some((item, i) => children[i] !== item)) list.replaceChildren(...shown);
  if (key) {
    const text = legendKey(show);
    if (key.textContent !== text) key.textContent = text;
    key.hidden = !text;
  }
}
