// Side-by-side timings of the JS API in one run (ratios, not absolute
// goals; these machines are noisy). `node bench/api.mjs` after a build.
//  - per-call overhead for n = 1 (array, Float64Array, Float32Array input)
//  - throughput at n = 1,000 and 100,000, against the same formula in plain JS
import { loadActivationLab } from 'activation-lab';

const lab = await loadActivationLab();

function time(label, fn, { minMs = 300 } = {}) {
  for (let i = 0; i < 1000; i++) fn(); // warm up
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 200; i++) fn();
    calls += 200;
    elapsed = performance.now() - start;
  }
  const perCall = (elapsed * 1e3) / calls; // microseconds
  return { label, perCall };
}

const rows = [];
const x1 = new Float64Array([0.5]);
const x1f = new Float32Array([0.5]);
rows.push(time('evaluate relu, n=1, [number]', () => lab.evaluate('relu', [0.5])));
rows.push(time('evaluate relu, n=1, Float64Array', () => lab.evaluate('relu', x1)));
rows.push(time('evaluate relu, n=1, Float32Array', () => lab.evaluate('relu', x1f)));
rows.push(time('evaluate leaky_relu, n=1, with params', () => lab.evaluate('leaky_relu', x1, { negative_slope: 0.2 })));
rows.push(time('plain JS Math.max(0, x), n=1', () => Math.max(0, x1[0])));

const jsGelu = (xs) => {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
    out[i] = 0.5 * x * (1 + Math.tanh(u));
  }
  return out;
};
const jsRelu = (xs) => {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i] > 0 ? xs[i] : 0;
  return out;
};
for (const n of [1000, 100000]) {
  const xs = Float64Array.from({ length: n }, (_, i) => -5 + (10 * i) / n);
  const xs32 = Float32Array.from(xs);
  rows.push(time(`evaluate relu, n=${n}, Float64Array`, () => lab.evaluate('relu', xs)));
  rows.push(time(`evaluate relu, n=${n}, Float32Array`, () => lab.evaluate('relu', xs32)));
  rows.push(time(`plain JS relu loop, n=${n}`, () => jsRelu(xs)));
  rows.push(time(`evaluate gelu tanh, n=${n}, Float64Array`, () => lab.evaluate('gelu', xs, { approximate: 'tanh' })));
  rows.push(time(`plain JS gelu tanh loop, n=${n}`, () => jsGelu(xs)));
}

const width = Math.max(...rows.map((r) => r.label.length));
console.log(`Activation Lab JS API, ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}`);
for (const r of rows) console.log(`${r.label.padEnd(width)}  ${r.perCall.toFixed(3).padStart(10)} µs/call`);
const get = (label) => rows.find((r) => r.label === label).perCall;
console.log('\nratios (same run):');
console.log(
  `  n=1 overhead, Float64Array vs plain JS Math.max: ${(get('evaluate relu, n=1, Float64Array') / get('plain JS Math.max(0, x), n=1')).toFixed(0)}x`,
);
for (const n of [1000, 100000]) {
  console.log(
    `  n=${n} relu  wasm/JS: ${(get(`evaluate relu, n=${n}, Float64Array`) / get(`plain JS relu loop, n=${n}`)).toFixed(2)}`,
  );
  console.log(
    `  n=${n} gelu  wasm/JS: ${(get(`evaluate gelu tanh, n=${n}, Float64Array`) / get(`plain JS gelu tanh loop, n=${n}`)).toFixed(2)}`,
  );
}
