// Runs the benchmark suites: `node bench/run.mjs [suite...] [options]`
// (after a build; `npm run bench` builds first). With no suite named, runs
// every one but api, in the order below.
//   --samples N         samples per contender (default 7 for kernels, 9 for train; the house rule is >= 7)
//   --min-ms N          shortest sample in ms (default 50 for kernels, 100 for train; the house rule is >= 50)
//   --env node,chromium where the suites run (default both)
//   --sizes 1e2,...     the kernel suite's sizes (default 1e2,1e3,1e4,1e5,1e6; add 1e7 for the
//                       largest, left out by default for time: about 2 more minutes)
//   --quick             a smoke run: 3 samples of 10 ms, sizes 1e3,1e5,1e6, Lighthouse on the
//                       explorer only (numbers not to quote; saved as *-quick.json)
//   --no-save           do not write bench/results/*.json
// A suite is a name and a function that runs it.
import { parseArgs } from 'node:util';

const SUITES = {
  // Kernels and the JS API against copies, plain JS and TensorFlow.js (#11), in Node and Chromium.
  kernels: async (o) => {
    const { run, DEFAULT_SIZES } = await import('./kernels.mjs');
    await run({
      ...o,
      samples: o.samples ?? (o.quick ? 3 : 7),
      minMs: o.minMs ?? (o.quick ? 10 : 50),
      sizes: o.sizes ?? (o.quick ? [1e3, 1e5, 1e6] : DEFAULT_SIZES),
    });
  },
  // Training speed against TensorFlow.js, in Node and in Chromium.
  train: async (o) => {
    const { run } = await import('./train.mjs');
    await run({ ...o, samples: o.samples ?? (o.quick ? 3 : 9), minMs: o.minMs ?? (o.quick ? 10 : 100) });
  },
  // The pages in Chromium (#11): transfer sizes, first plot, slider step time, and Lighthouse.
  page: async (o) => {
    const { run } = await import('./page.mjs');
    await run({ ...o, samples: o.samples ?? (o.quick ? 3 : 7), minMs: o.minMs ?? (o.quick ? 10 : 50) });
  },
  // The JS API's per-call overhead in Node alone, stdout only (the kernel suite measures the same and more).
  api: async () => {
    await import('./api.mjs');
  },
};
const DEFAULT_SUITES = ['kernels', 'train', 'page'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    samples: { type: 'string' },
    'min-ms': { type: 'string' },
    env: { type: 'string', default: 'node,chromium' },
    sizes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
  },
});
const unknown = positionals.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(', ')}; the suites are: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const number = (v) => (v === undefined ? undefined : Number(v));
const options = {
  samples: number(values.samples),
  minMs: number(values['min-ms']),
  env: values.env.split(','),
  sizes: values.sizes?.split(',').map(Number),
  quick: values.quick,
  save: !values['no-save'],
};
if (!((options.samples ?? 1) >= 1 && (options.minMs ?? 1) > 0)) {
  console.error('--samples and --min-ms must be positive numbers');
  process.exit(2);
}
if (options.sizes && !options.sizes.every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(`--sizes must be positive whole numbers such as 1e2,1e5, got ${values.sizes}`);
  process.exit(2);
}
const badEnv = options.env.filter((e) => !['node', 'chromium'].includes(e));
if (badEnv.length) {
  console.error(`--env must list node and/or chromium, got ${badEnv.join(', ')}`);
  process.exit(2);
}
try {
  for (const name of positionals.length ? positionals : DEFAULT_SUITES) {
    console.error(`bench: ${name}`);
    await SUITES[name](options);
    console.log();
  }
} catch (error) {
  console.error(error);
  process.exit(1);
}
