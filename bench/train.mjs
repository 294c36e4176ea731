// The training suite: bench/train-suite.mjs run in Node (in this process)
// and then in headless Chromium (in a page, on its main thread), a markdown
// table on stdout and the whole run as JSON in bench/results/train-<date>.json.
// Needs dist/lib (bash scripts/build.sh wasm) and /usr/bin/chromium.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { CHROMIUM, launch } from '../tests/e2e/browser.mjs';
import { bundle } from './bundle.mjs';

const TFJS_WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
const ENTRY = 'bench/train-suite.mjs';
const PEERS = ['tfjs-wasm', 'tfjs-cpu'];

// {file name: bytes} of tfjs's wasm binaries, so a load can be named by its size.
function tfjsWasmFiles() {
  const files = {};
  for (const f of readdirSync(TFJS_WASM_DIR).filter((f) => f.endsWith('.wasm'))) {
    files[f] = statSync(`${TFJS_WASM_DIR}/${f}`).size;
  }
  return files;
}

async function runInNode(options) {
  const file = await bundle(ENTRY, 'node');
  const { runTrainingSuite } = await import(pathToFileURL(resolve(file)).href);
  const result = await runTrainingSuite({
    ...options,
    wasmPaths: `${resolve(TFJS_WASM_DIR)}/`,
    log: (line) => console.error(line),
  });
  return { name: 'Node', version: process.versions.node, v8: process.versions.v8, where: 'main thread', ...result };
}

// One origin: the page (an import map, so that the bundle's 'activation-lab'
// is dist/lib as it ships), the bundle, dist/lib and tfjs's .wasm files. No
// COOP/COEP headers: the page is not cross-origin isolated, so it has no
// SharedArrayBuffer and tfjs no threads.
const PAGE = `<!doctype html><meta charset="utf-8"><title>Training benchmark</title>
<script type="importmap">{"imports": {"activation-lab": "/lib/activation-lab.mjs"}}</script>`;

function startServer() {
  const mounts = [
    ['/lib/', sirv('dist/lib', { dev: true })],
    ['/bench/', sirv('build/bench', { dev: true })],
    ['/tfjs-wasm/', sirv(TFJS_WASM_DIR, { dev: true })],
  ];
  const server = createServer((req, res) => {
    const notFound = () => res.writeHead(404).end('not found');
    if (req.url === '/') return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
    if (req.url === '/favicon.ico') return res.writeHead(204).end();
    const mount = mounts.find(([prefix]) => req.url.startsWith(prefix));
    if (!mount) return notFound();
    req.url = req.url.slice(mount[0].length - 1);
    mount[1](req, res, notFound);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function runInChromium(options) {
  await bundle(ENTRY, 'browser');
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : console.error(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.evaluate(async (options) => {
      const { runTrainingSuite } = await import('/bench/train-suite.browser.mjs');
      return runTrainingSuite({ ...options, wasmPaths: '/tfjs-wasm/', log: (line) => console.log(line) });
    }, options);
    if (problems.length) throw new Error(`Chromium page errors:\n${problems.join('\n')}`);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    result.tfjs.requested = requested.filter((p) => p.startsWith('/tfjs-wasm/')).map((p) => p.slice(11));
    return { name: 'Chromium', version: browser.version(), userAgent, where: 'page main thread', ...result };
  } finally {
    await browser.close();
    server.close();
  }
}

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

function tfjsNote(env) {
  const t = env.tfjs;
  const binary = t.requested?.length ? t.requested.join(', ') : t.binary;
  return (
    `- ${env.name} (${env.where}): tfjs ${t.version} wasm backend SIMD ${t.simd ? 'on' : 'OFF'}, ` +
    `${t.threads} thread${t.threads === 1 ? '' : 's'}, binary ${binary}` +
    (t.crossOriginIsolated === null ? '' : `, crossOriginIsolated ${t.crossOriginIsolated}`)
  );
}

/** options: {samples, minMs, env: ['node', 'chromium'], save}. */
export async function run({ samples = 9, minMs = 100, env = ['node', 'chromium'], save = true } = {}) {
  const suiteOptions = { wasmFiles: tfjsWasmFiles(), measureOptions: { samples, minMs } };
  const date = new Date();
  const environments = [];
  if (env.includes('node')) {
    console.error('train: Node');
    environments.push(await runInNode(suiteOptions));
  }
  if (env.includes('chromium')) {
    console.error(`train: Chromium (${CHROMIUM})`);
    environments.push(await runInChromium(suiteOptions));
  }
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model,
    cores: cpus.length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadavg: os.loadavg(),
  };
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
    suite: 'train',
    date: date.toISOString(),
    machine,
    node: process.versions.node,
    chromium: environments.find((e) => e.name === 'Chromium')?.version ?? null,
    tfjs: tfjsVersion,
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
  if (save) {
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/train-${record.date.slice(0, 10)}.json`;
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    console.error(`train: wrote ${file}`);
  }
  return record;
}
