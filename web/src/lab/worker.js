// The lab's module worker: it owns the two trainers (A and B, same seed,
// data and init; only the activation differs) or runs the born-dead
// experiment, so the page's main thread only draws. Training runs in
// slices of about SLICE_MS, each followed by a snapshot message and a
// return to the event loop, where "pause" or new settings are read.
//
// in:  {type: 'configure', a, b, steps, plotX, generation}   createTrainer options of A and B
//      {type: 'run'} {type: 'pause'} {type: 'step', n} {type: 'reset', generation}
//      {type: 'bornDead', runs: [{key, options}]}  (bornDead options)
// out: {type: 'snapshot', generation, running, done, a: {losses, stats, fit}, b: ...}
//      {type: 'error', message} {type: 'bornDead', key, result, done, total}
import { loadActivationLab } from 'activation-lab';

const SLICE_MS = 24;
const labReady = loadActivationLab();
let nets = null; // {a, b}: Trainer
let plotX = new Float64Array(0);
let goal = 0; // run until this step
let running = false;
let timer = 0;
let queue = Promise.resolve();
// Bumped by the page with each configure and reset: a snapshot carries the
// generation it belongs to, so one still in flight from before is dropped.
let generation = 0;

const post = (message, transfer = []) => self.postMessage(message, transfer);

function snapshot(losses) {
  // done: the run reached its step goal (the page's Train button then says so).
  const out = { type: 'snapshot', generation, running, done: nets.a.steps >= goal };
  const transfer = [];
  for (const key of ['a', 'b']) {
    const fit = nets[key].predict(plotX);
    out[key] = { losses: losses[key], stats: nets[key].stats(), fit };
    transfer.push(losses[key].buffer, fit.buffer);
  }
  post(out, transfer);
}

// Train both networks for about SLICE_MS, in chunks of equal steps sized
// from the last chunk's time (a 1-2-2-1 network steps in microseconds, a
// 1-128-128-1 one in milliseconds).
let chunk = 1;
function slice() {
  timer = 0;
  if (!running || !nets) return;
  const start = performance.now();
  const losses = { a: [], b: [] };
  let step = nets.a.steps;
  while (step < goal && performance.now() - start < SLICE_MS) {
    const n = Math.min(chunk, goal - step);
    const t0 = performance.now();
    for (const key of ['a', 'b']) losses[key].push(nets[key].step(n));
    const perStep = (performance.now() - t0) / n;
    chunk = Math.max(1, Math.min(1000, Math.floor(SLICE_MS / 4 / Math.max(perStep, 1e-3))));
    step += n;
  }
  if (step >= goal) running = false;
  const join = (parts) => {
    const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) out.set(p, (at += p.length) - p.length);
    return out;
  };
  snapshot({ a: join(losses.a), b: join(losses.b) });
  if (running) timer = setTimeout(slice, 0);
}

function stop() {
  running = false;
  clearTimeout(timer);
  timer = 0;
}

const handlers = {
  configure(lab, { a, b, steps, plotX: xs, generation: g }) {
    stop();
    generation = g;
    nets?.a.dispose();
    nets?.b.dispose();
    nets = null;
    try {
      const ta = lab.createTrainer(a);
      try {
        nets = { a: ta, b: lab.createTrainer(b) };
      } catch (error) {
        ta.dispose();
        throw error;
      }
    } catch (error) {
      post({ type: 'error', message: error.message });
      return;
    }
    goal = steps;
    plotX = Float64Array.from(xs);
    snapshot({ a: new Float64Array(0), b: new Float64Array(0) });
  },
  run() {
    if (!nets || running) return;
    if (nets.a.steps >= goal) return;
    running = true;
    timer = setTimeout(slice, 0);
  },
  pause() {
    if (!nets) return;
    stop();
    snapshot({ a: new Float64Array(0), b: new Float64Array(0) });
  },
  step(lab, { n }) {
    if (!nets) return;
    stop();
    snapshot({ a: nets.a.step(n), b: nets.b.step(n) });
  },
  reset(lab, { generation: g }) {
    if (!nets) return;
    stop();
    generation = g;
    nets.a.reset();
    nets.b.reset();
    snapshot({ a: new Float64Array(0), b: new Float64Array(0) });
  },
  bornDead(lab, { runs }) {
    // Each point is its own message, so the page plots as results come.
    runs.forEach(({ key, options }, i) => {
      try {
        const result = lab.bornDead(options);
        post({ type: 'bornDead', key, result, done: i + 1, total: runs.length });
      } catch (error) {
        post({ type: 'error', message: error.message });
      }
    });
  },
};

self.addEventListener('message', (event) => {
  const message = event.data;
  const handler = handlers[message?.type];
  if (!handler) return;
  // In arrival order, once the module is loaded.
  queue = queue.then(async () => {
    try {
      handler(await labReady, message);
    } catch (error) {
      post({ type: 'error', message: error.message });
    }
  });
});

labReady.then(
  () => post({ type: 'ready' }),
  (error) => post({ type: 'error', message: `The WebAssembly core did not load: ${error.message}` }),
);
