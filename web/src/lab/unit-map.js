// The unit map: one row per hidden layer, one cell per unit, coloured
// alive, dead or saturated. Drawn on a canvas (up to 12 x 128 cells, redrawn
// every frame while training); its text alternative is the per-layer count.

export const UNIT_COLORS = {
  light: { alive: '#22c55e', dead: '#1f2937', saturated: '#f59e0b', edge: '#ffffff' },
  // Dead is a light grey on the dark panel: black cells read as holes there.
  dark: { alive: '#4ade80', dead: '#9ca3af', saturated: '#fbbf24', edge: '#374151' },
};
const STATE = ['alive', 'dead', 'saturated'];

/** "Layer 1: 14 of 64 dead; layer 2: ..." for people and screen readers. */
export function unitSummary(stats) {
  return stats.layers
    .map((l, i) => {
      const parts = [`${l.dead} of ${l.units} dead`];
      if (l.saturated) parts.push(`${l.saturated} saturated`);
      return `layer ${i + 1}: ${parts.join(', ')}`;
    })
    .join('; ');
}

/** cssWidth: the canvas's layout width, read by the caller before any write. */
export function drawUnitMap(canvas, stats, theme, cssWidth = canvas.clientWidth || 300) {
  const colors = UNIT_COLORS[theme] ?? UNIT_COLORS.light;
  const layers = stats.layers;
  const widest = Math.max(...layers.map((l) => l.units));
  // Cells up to 14 px, at least 1 px of edge between them when they fit.
  const cell = Math.max(1.5, Math.min(14, cssWidth / widest));
  const rowHeight = 14;
  const gap = 4;
  const cssHeight = layers.length * (rowHeight + gap) - gap;
  const ratio = globalThis.devicePixelRatio || 1;
  if (canvas.style.height !== `${cssHeight}px`) canvas.style.height = `${cssHeight}px`;
  const w = Math.round(cssWidth * ratio);
  const h = Math.round(cssHeight * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  let u = 0;
  layers.forEach((layer, row) => {
    const y = row * (rowHeight + gap);
    for (let i = 0; i < layer.units; i++, u++) {
      ctx.fillStyle = colors[STATE[stats.units[u]] ?? 'alive'];
      const x = i * cell;
      const edge = cell >= 4 ? 1 : 0;
      ctx.fillRect(x, y, cell - edge, rowHeight);
    }
  });
}
