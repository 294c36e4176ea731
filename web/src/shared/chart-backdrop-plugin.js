// A Chart.js plugin (id "activationBackdrop"): fills the canvas background,
// so a downloaded PNG is not transparent, and shades the x intervals where
// the main f′ is exactly 0 (no gradient: no learning there). Options, under
// options.plugins.activationBackdrop: background, shade (CSS colours) and
// zeroGradient ([[x0, x1], ...] in data units).
import { themeColors } from './theme.js';

export const BackdropPlugin = {
  id: 'activationBackdrop',
  defaults: {
    background: themeColors('light').background,
    shade: themeColors('light').shade,
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
    ctx.restore();
  },
};
