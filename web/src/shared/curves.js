// What the chart draws, as numbers: sample points, curves broken at jumps,
// and the x intervals where f′ is exactly 0. No DOM and no Chart.js.

/** n + 1 evenly spaced points from a to b, both ends exact. (b - a) * i
 *  would overflow for a span near the largest double; (b - a) * (i / n)
 *  stays below the span. */
export function linspace(a, b, n) {
  const xs = new Float64Array(n + 1);
  const span = b - a;
  for (let i = 0; i <= n; i++) xs[i] = a + span * (i / n);
  xs[n] = b;
  return xs;
}

// The x values to evaluate: the uniform samples, and each kink k inside the
// range with its two close neighbours k -+ eps (a sample closer than eps to
// k is dropped, so k's neighbours in the sorted list are exactly those).
export function sampleXs(xs, kinks) {
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  const eps = (hi - lo) * 1e-9;
  const inside = Array.from(kinks).filter((k) => k > lo + eps && k < hi - eps);
  if (!inside.length) return { xs, kinks: new Set() }; // smooth here: the samples as they are
  const near = (x) => inside.some((k) => Math.abs(x - k) <= eps);
  const all = Array.from(xs).filter((x) => !near(x));
  for (const k of inside) all.push(k - eps, k, k + eps);
  return { xs: Float64Array.from(all).sort(), kinks: new Set(inside) };
}

// A curve as chart points. Where it jumps at a kink (relu' at 0, threshold
// at its threshold), the line breaks instead of drawing a vertical segment,
// and the value the function takes exactly there (PyTorch's convention) is
// returned as a dot.
export function curve(sampled, ys) {
  const { xs, kinks } = sampled;
  let scale = 1;
  for (const y of ys) if (Number.isFinite(y)) scale = Math.max(scale, Math.abs(y));
  const points = [];
  const dots = [];
  for (let i = 0; i < xs.length; i++) {
    const y = Number.isFinite(ys[i]) ? ys[i] : NaN;
    if (kinks.has(xs[i]) && Math.abs(ys[i + 1] - ys[i - 1]) > 1e-6 * scale) {
      points.push({ x: xs[i], y: NaN });
      if (Number.isFinite(y)) dots.push({ x: xs[i], y });
      continue;
    }
    points.push({ x: xs[i], y });
  }
  return { points, dots };
}

/** Runs of samples where f′ is exactly 0, as [x0, x1] intervals. A run
 *  ends at a kink where one lies between its last zero sample and the next
 *  (relu′ is 0 on [x_min, 0] exactly, not to half a sample past 0);
 *  elsewhere halfway to the next sample. */
export function zeroRuns(xs, gs, kinks = []) {
  const runs = [];
  const half = (xs[1] - xs[0]) / 2;
  const sorted = Array.from(kinks).sort((a, b) => a - b);
  const kinkIn = (a, b) => sorted.find((k) => k >= a && k <= b);
  let start = -1;
  for (let i = 0; i <= xs.length; i++) {
    const zero = i < xs.length && gs[i] === 0;
    if (zero && start < 0) start = i;
    if (!zero && start >= 0) {
      const x0 = start ? (kinkIn(xs[start - 1], xs[start]) ?? xs[start] - half) : xs[start];
      const x1 = i < xs.length ? (kinkIn(xs[i - 1], xs[i]) ?? xs[i - 1] + half) : xs[i - 1];
      runs.push([x0, x1]);
      start = -1;
    }
  }
  return runs;
}
