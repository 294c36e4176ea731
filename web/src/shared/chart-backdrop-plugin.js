// A Chart.js plugin (id "activationBackdrop"): fills the canvas background,
// so a downloaded PNG is not transparent, and shades the x intervals where
// the main f′ is exactly 0 (no gradient: no learning there), each interval
// edged by a dashed line that stands out from the background (the faint fill
// alone would not). Options, under options.plugins.activationBackdrop:
// background, shade, shadeEdge (CSS colours) and zeroGradient ([[x0, x1],
// ...] in data units).
import { themeColors } from './theme.js';

export const BackdropPlugin = {
  id: 'activationBackdrop',
  defaults: {
    background: themeColors('light').background,
    shade: themeColors('light').shade,
    shadeEdge: themeColors('light').shadeEdge,
    zeroGradient: [],
  },
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.fillStyle = options.shade;
    for (const [a, b] of options.zeroGradient) {
      const left = Math.max(scales.x.getPixelForValue(a), chartArea.left);
      const right = Math.min(scales.x.getPixelForValue(b), chartArea.right);
      if (right > left) ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
    }
    ctx.strokeStyle = options.shadeEdge;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    for (const [a, b] of options.zeroGradient) {
      for (const x of [scales.x.getPixelForValue(a), scales.x.getPixelForValue(b)]) {
        // Edges inside the plot only: the plot's own border marks the others.
        if (x <= chartArea.left + 0.5 || x >= chartArea.right - 0.5) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  },
};
