// The house method for side-by-side timings, shared by every suite and by
// Node and the browser alike (no imports): warm up, calibrate each contender
// to a block of at least minMs, then take the samples interleaved (sample i of
// every contender before sample i+1 of any), so that a noisy neighbour slows
// every contender alike instead of one. Medians only; no absolute goals.
//
// A contender is {name, prepare?(), run(k)}: run(k) does k units of work
// (k training steps, k kernel calls...) and returns (or resolves) only once
// they are done; prepare() puts it back in the same state before each block,
// untimed, so that every block does the same work. Either may be async (the
// awaited microtask costs well under a microsecond a block).

// margin: blocks are calibrated to margin x minMs (see calibrate).
export const DEFAULTS = { minMs: 100, samples: 9, warmupMs: 200, margin: 2 };

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeBlock(contender, k) {
  await contender.prepare?.();
  const start = performance.now();
  await contender.run(k);
  return performance.now() - start;
}

// k grows until a block takes a quarter of minMs; the fastest of three
// such blocks then sets k for blocks of margin x minMs (2 by default), so
// that every sample lasts at least minMs even when the machine gets much
// quieter than it was while calibrating (on these 2-core machines a block
// can run 1.5x faster than the median). A suite with many contenders may
// take a smaller margin and check shortestMs. If the fastest of the three is far shorter than the
// first (the first was slowed by a collection or a recompilation; or a
// browser's coarse clock said 0 ms), k keeps growing: a k set from a
// 0 ms block would be infinite.
async function calibrate(contender, minMs, margin) {
  for (let k = 1; ; ) {
    let ms = await timeBlock(contender, k);
    if (ms >= minMs / 4) {
      for (let i = 0; i < 2; i++) ms = Math.min(ms, await timeBlock(contender, k));
      if (ms >= minMs / 8) return Math.ceil((margin * minMs * k) / ms);
    }
    k *= ms < minMs / 64 ? 8 : 2;
  }
}

async function warmUp(contender, warmupMs) {
  const end = performance.now() + warmupMs;
  while (performance.now() < end) await timeBlock(contender, 1);
}

/**
 * Runs the contenders interleaved. Returns one entry per contender:
 * {name, k, samples: [units/s per block], shortestMs (of the blocks), median,
 * min, max}.
 */
export async function measure(contenders, options = {}) {
  const { minMs, samples, warmupMs, margin } = { ...DEFAULTS, ...options };
  const ks = [];
  for (const c of contenders) {
    await warmUp(c, warmupMs);
    ks.push(await calibrate(c, minMs, margin));
  }
  const times = contenders.map(() => []);
  for (let i = 0; i < samples; i++) {
    for (const [j, c] of contenders.entries()) times[j].push(await timeBlock(c, ks[j]));
  }
  const rates = times.map((ms, j) => ms.map((t) => (ks[j] * 1e3) / t));
  return contenders.map((c, j) => ({
    name: c.name,
    k: ks[j],
    samples: rates[j],
    shortestMs: Math.min(...times[j]),
    median: median(rates[j]),
    min: Math.min(...rates[j]),
    max: Math.max(...rates[j]),
  }));
}
