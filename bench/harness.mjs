// Where the suites run: a suite file (the same code in Node and in the
// browser, bundled for each by bench/bundle.mjs) exports one async function
// of plain options returning a plain result; this runs it in this Node
// process, or in a page of headless Chromium (on its main thread), and
// describes the machine. Needs dist/lib (bash scripts/build.sh wasm) and
// /usr/bin/chromium.
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { CHROMIUM, launch } from '../tests/e2e/browser.mjs';
import { bundle } from './bundle.mjs';

const TFJS_WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
// Longest a suite may run in the page.
const TIMEOUT_MIN = 30;
// The core's own module, for suites that call its exports directly.
const CORE_FILE = 'activation_lab_core.mjs';

/** {file name: bytes} of tfjs's wasm binaries, so a load can be named by its size. */
export function tfjsWasmFiles() {
  const files = {};
  for (const f of readdirSync(TFJS_WASM_DIR).filter((f) => f.endsWith('.wasm'))) {
    files[f] = statSync(`${TFJS_WASM_DIR}/${f}`).size;
  }
  return files;
}

/** Runs `exported` of the suite file `entry` in Node (a child process of
 *  its own, bench/node-child.mjs): {name, version, where, ...its result}. */
export async function runInNode(entry, exported, options) {
  const file = await bundle(entry, 'node');
  const child = fork(fileURLToPath(new URL('./node-child.mjs', import.meta.url)), [], { stdio: 'inherit' });
  const result = await new Promise((done, fail) => {
    child.once('message', (m) => (m.error ? fail(new Error(`${entry} in Node: ${m.error}`)) : done(m.result)));
    child.once('exit', (code) => fail(new Error(`${entry} in Node: the process exited with code ${code}`)));
    child.send({
      url: pathToFileURL(resolve(file)).href,
      exported,
      options: {
        ...options,
        wasmPaths: `${resolve(TFJS_WASM_DIR)}/`,
        coreUrl: pathToFileURL(resolve('dist/lib', CORE_FILE)).href,
      },
    });
  });
  return { name: 'Node', version: process.versions.node, v8: process.versions.v8, where: 'main thread', ...result };
}

// One origin: the page (an import map, so that the bundle's 'activation-lab'
// is dist/lib as it ships), the bundle, dist/lib and tfjs's .wasm files. No
// COOP/COEP headers: the page is not cross-origin isolated, so it has no
// SharedArrayBuffer and tfjs no threads.
const PAGE = `<!doctype html><meta charset="utf-8"><title>Benchmark</title>
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

/** The same in a page of headless Chromium; result.tfjs.requested lists the tfjs binaries fetched. */
export async function runInChromium(entry, exported, options) {
  const file = await bundle(entry, 'browser');
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
    const running = page.evaluate(
      async ({ url, exported, options }) => {
        const suite = await import(url);
        return suite[exported]({ ...options, wasmPaths: '/tfjs-wasm/', log: (line) => console.log(line) });
      },
      { url: `/bench/${basename(file)}`, exported, options: { ...options, coreUrl: `/lib/${CORE_FILE}` } },
    );
    // A suite that never settles (it happened: a calibration that never
    // ended) fails the run instead of holding it open.
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${entry} did not finish in Chromium within ${TIMEOUT_MIN} min`)),
        TIMEOUT_MIN * 60e3,
      );
    });
    const result = await Promise.race([running, limit]).finally(() => clearTimeout(timer));
    if (problems.length) throw new Error(`Chromium page errors:\n${problems.join('\n')}`);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    if (result.tfjs)
      result.tfjs.requested = requested.filter((p) => p.startsWith('/tfjs-wasm/')).map((p) => p.slice(11));
    return { name: 'Chromium', version: browser.version(), userAgent, where: 'page main thread', ...result };
  } finally {
    await browser.close();
    server.close();
  }
}

/** Runs the suite in each environment of env (['node', 'chromium']), in that order. */
export async function runEverywhere(label, entry, exported, options, env) {
  const environments = [];
  if (env.includes('node')) {
    console.error(`${label}: Node`);
    environments.push(await runInNode(entry, exported, options));
  }
  if (env.includes('chromium')) {
    console.error(`${label}: Chromium (${CHROMIUM})`);
    environments.push(await runInChromium(entry, exported, options));
  }
  return environments;
}

/** The fields every saved record starts with: what ran, when, on what. */
export function recordHeader(suite, date, environments) {
  return {
    suite,
    date: date.toISOString(),
    machine: machine(),
    node: process.versions.node,
    chromium: environments.find((e) => e.name === 'Chromium')?.version ?? null,
    // null where no suite ran tfjs (an environment without it, or none).
    tfjs: environments.find((e) => e.tfjs)?.tfjs.version ?? null,
  };
}

/** Writes record as bench/results/<record.suite>-<date>.json (-quick.json for a smoke run). */
export function saveRecord(record, quick = false) {
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${record.suite}-${record.date.slice(0, 10)}${quick ? '-quick' : ''}.json`;
  // Indented, but an array of numbers (the samples) on one line.
  const text = JSON.stringify(record, null, 2).replace(
    /\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g,
    (_, list) => `[${list.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(file, text + '\n');
  console.error(`${record.suite}: wrote ${file}`);
}

/** The machine, for the record (the load average says how busy it was). */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model,
    cores: cpus.length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadavg: os.loadavg(),
  };
}

/** One line on how tfjs ran in an environment. */
export function tfjsNote(env) {
  const t = env.tfjs;
  const binary = t.requested?.length ? t.requested.join(', ') : t.binary;
  return (
    `- ${env.name} (${env.where}): tfjs ${t.version} wasm backend SIMD ${t.simd ? 'on' : 'OFF'}, ` +
    `${t.threads} thread${t.threads === 1 ? '' : 's'}, binary ${binary}` +
    (t.crossOriginIsolated === null ? '' : `, crossOriginIsolated ${t.crossOriginIsolated}`)
  );
}
