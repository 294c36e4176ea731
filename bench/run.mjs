// Runs the benchmark suites: `node bench/run.mjs [suite...] [options]`
// (after a build; `npm run bench` builds first). With no suite named, runs
// every one, in the order below.
//   --samples N         samples per contender (default 9; the house rule is >= 7)
//   --min-ms N          shortest sample in ms (default 100; the house rule is >= 50)
//   --env node,chromium where the training suite runs (default both)
//   --no-save           do not write bench/results/*.json
// A suite is a name and a function that runs it; a new one (kernels, #11)
// is one more entry here.
import { parseArgs } from 'node:util';

const SUITES = {
  // The JS API's per-call overhead and throughput (stdout only).
  api: async () => {
    await import('./api.mjs');
  },
  // Training speed against TensorFlow.js, in Node and in Chromium.
  train: async (options) => {
    const { run } = await import('./train.mjs');
    await run(options);
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    samples: { type: 'string', default: '9' },
    'min-ms': { type: 'string', default: '100' },
    env: { type: 'string', default: 'node,chromium' },
    'no-save': { type: 'boolean', default: false },
  },
});
const unknown = positionals.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(', ')}; the suites are: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const options = {
  samples: Number(values.samples),
  minMs: Number(values['min-ms']),
  env: values.env.split(','),
  save: !values['no-save'],
};
if (!(options.samples >= 1 && options.minMs > 0)) {
  console.error('--samples and --min-ms must be positive numbers');
  process.exit(2);
}
try {
  for (const name of positionals.length ? positionals : Object.keys(SUITES)) {
    console.error(`bench: ${name}`);
    await SUITES[name](options);
    console.log();
  }
} catch (error) {
  console.error(error);
  process.exit(1);
}
