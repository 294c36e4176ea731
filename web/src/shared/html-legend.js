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

const drawn = new WeakMap(); // list -> what it shows, as text

/** Renders entries [{id, label, color, width}] into `list` (a <ul>) and the
 *  key into `key` (any element). Rebuilt only when something changed: a
 *  dragged slider re-plots 60 times a second with the same legend. */
export function renderLegend(list, key, entries, show) {
  const signature = JSON.stringify([entries, show, globalThis.devicePixelRatio]);
  if (drawn.get(list) === signature) return;
  drawn.set(list, signature);
  const ratio = globalThis.devicePixelRatio || 1;
  list.replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement('li');
      item.dataset.activation = entry.id;
      const canvas = document.createElement('canvas');
      // Drawn at device pixels, shown at CSS pixels (sharp on 2x screens).
      canvas.width = SWATCH.width * ratio;
      canvas.height = SWATCH.height * ratio;
      canvas.className = 'legend-swatch';
      canvas.setAttribute('aria-hidden', 'true');
      const ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      drawSwatch(ctx, 0, 0, entry, show);
      const label = document.createElement('span');
      label.textContent = entry.label;
      item.append(canvas, label);
      return item;
    }),
  );
  if (key) {
    key.textContent = legendKey(show);
    key.hidden = !key.textContent;
  }
}
