// The training suite: bench/train-suite.mjs run in Node (in this process)
// and then in headless Chromium (in a page, on its main thread; both by
// bench/harness.mjs), a markdown table on stdout and the whole run as JSON
// in bench/results/train-<date>.json.
import {
  machine as describeMachine,
  recordHeader,
  runEverywhere,
  saveRecord,
  tfjsNote,
  tfjsWasmFiles,
} from './harness.mjs';

const ENTRY = 'bench/train-suite.mjs';
const PEERS = ['tfjs-wasm', 'tfjs-cpu'];

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

function table(environments) {
  const lines = [
    '| environment | optimiser | ours steps/s | tfjs-wasm steps/s | tfjs-cpu steps/s | ours/tfjs-wasm | ours/tfjs-cpu | samples |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const env of environments) {
    for (const w of env.workloads) {
      const by = Object.fromEntries(w.results.map((r) => [r.name, r]));
      lines.push(
        `| ${env.name} ${env.version} | ${w.label} | ${fmt(by.ours.median)} | ${PEERS.map((p) => fmt(by[p].median)).join(' | ')} | ` +
          `${PEERS.map((p) => (by.ours.median / by[p].median).toFixed(2)).join(' | ')} | ${by.ours.samples.length} |`,
      );
    }
  }
  return lines.join('\n');
}

function details(environments) {
  const lines = [
    '| environment | optimiser | contender | median | min | max | steps per sample | shortest sample (ms) | loss at step 0 → 100 |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const env of environments) {
    for (const w of env.workloads) {
      for (const r of w.results) {
        const [l0, l1] = w.check[r.name];
        lines.push(
          `| ${env.name} | ${w.label} | ${r.name} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.k} | ` +
            `${r.shortestMs.toFixed(0)} | ${l0.toPrecision(7)} → ${l1.toPrecision(7)} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

function shortSamples(environments, minMs) {
  const short = [];
  for (const env of environments) {
    for (const w of env.workloads) {
      for (const r of w.results) if (r.shortestMs < minMs) short.push(`${env.name} ${w.name} ${r.name}`);
    }
  }
  return short.length
    ? `\n- WARNING: samples shorter than ${minMs} ms (calibration ran on a busier machine): ${short.join(', ')}`
    : '';
}

/** options: {samples, minMs, env: ['node', 'chromium'], quick, save}. */
export async function run({ samples = 9, minMs = 100, env = ['node', 'chromium'], quick = false, save = true } = {}) {
  const suiteOptions = { wasmFiles: tfjsWasmFiles(), measureOptions: { samples, minMs } };
  const date = new Date();
  const environments = await runEverywhere('train', ENTRY, 'runTrainingSuite', suiteOptions, env);
  const machine = describeMachine();
  const tfjsVersion = environments[0]?.tfjs.version;
  console.log(
    `## Training speed: ${date.toISOString().slice(0, 10)}, ${machine.cpu}, ${machine.cores} cores\n\n` +
      'Network 1-64-64-1 (ReLU, linear output), MSE on 256 points of the sine target on [-1, 1], full batch, ' +
      'same initial weights (seed 1) everywhere. One step = forward + backward + update. ' +
      `Median steps/s over interleaved samples of at least ${minMs} ms; ratios > 1: ours is faster.\n\n` +
      table(environments) +
      '\n\n' +
      details(environments) +
      '\n\n' +
      `- ours: Activation Lab's trainer, float64, trainer.step(k) (one call per sample). ` +
      `tfjs ${tfjsVersion}: float32, tf.fused.matMul (matMul + bias + relu, as tf.layers' Dense) and ` +
      'tf.losses.meanSquaredError, optimizer.minimize(loss, true) per step, the last cost read with dataSync() ' +
      "at the end of every sample; Adam with epsilon 1e-8 (torch.optim's).\n" +
      environments.map(tfjsNote).join('\n') +
      shortSamples(environments, minMs),
  );
  const record = {
    ...recordHeader('train', date, environments),
    network: { layers: [1, 64, 64, 1], activation: 'relu', loss: 'mse', points: 256, batch: 'full', seed: 1 },
    precision: { ours: 'float64', tfjs: 'float32' },
    method: {
      samples,
      minMs,
      interleaved: true,
      statistic: 'median steps/s',
      tfjsSync: 'dataSync() of the last cost per sample',
    },
    environments,
  };
  if (save) saveRecord(record, quick);
  return record;
}
