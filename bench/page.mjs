// The page suite (issue #11's page goals), against dist/web as `npm start`
// serves it (scripts/serve.mjs: precompressed files, ETags), in headless
// Chromium (playwright-core, /usr/bin/chromium):
//   1. transfer: what a cold load of the explorer, and of a host page holding
//      one <activation-plot>, brings over the wire, by resource;
//   2. first plot: navigation start to the first frame after the explorer's
//      chart holds its curves, over cold loads;
//   3. slider step: main-thread time of one parameter slider step, with 3
//      compares and with 1,000 typed values;
//   4. Lighthouse (bench/lighthouse.mjs) on the explorer, tutorial and lab.
// Then a goals table, and for a missed goal the evidence of what limits it.
// Markdown on stdout, JSON in bench/results/page-<date>.json.
// Needs a build (bash scripts/build.sh web).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { posix } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { serve } from '../scripts/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { machine as describeMachine, saveRecord } from './harness.mjs';
import { CATEGORIES, runLighthouse } from './lighthouse.mjs';

const DIST = 'dist/web';
// What the suite serves and reads: a copy of DIST taken at its start, so that
// a rebuild by someone else mid-run (build-web.mjs empties DIST first and
// compresses last) cannot change what is measured.
const SNAPSHOT = 'build/bench/web';
// KB as tests/e2e/transfer.test.mjs counts them.
const KB = 1024;
const GOAL = {
  explorerKB: 150,
  widgetKB: 110,
  firstPlotMs: 300,
  stepComparesMs: 4,
  stepValuesMs: 8,
  mobilePerformance: 95,
  accessibility: 100,
  bestPractices: 100,
};
export const LIGHTHOUSE_PAGES = ['index.html', 'tutorial.html', 'lab.html'];
const TYPED_VALUES = 1000;
const STEP_ACTIVATION = 'leaky_relu';
const STEP_COMPARE = ['relu', 'elu', 'gelu'];
// The bundles whose bytes the diagnosis splits by source (their .map files).
const BUNDLES = ['app.js', 'activation-plot.js'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// One figure of every cold first-plot load (null where the page had none).
const loadValues = (record, key) => record.firstPlot.loads.map((l) => l[key]).filter((v) => v !== null);
const kb = (bytes) => (bytes / KB).toFixed(1);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

// 1,000 values spread over [-6, 6], the same every run (a fixed LCG), three decimals each.
function typedValues(n) {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => (next() * 12 - 6).toFixed(3)).join(',');
}

// ---------------------------------------------------------------- transfer

// The newest modification time of the files in a folder (ms since 1970).
function newest(dir) {
  return Math.max(0, ...readdirSync(dir, { recursive: true }).map((name) => statSync(`${dir}/${name}`).mtimeMs));
}

// The commit the build may come from, and the files under web/ and scripts/
// that differ from it (a build of a working copy), or null outside git.
function sourceState() {
  try {
    // Not trimmed: a porcelain line starts with its status, " M" for a change not staged.
    const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const modified = git('status', '--porcelain', '--', 'web', 'scripts', 'cpp').split('\n').filter(Boolean);
    return { commit: git('rev-parse', 'HEAD').trim(), modified: modified.map((line) => line.slice(3)) };
  } catch {
    return null;
  }
}

// Copies DIST to SNAPSHOT, once DIST holds a whole build that does not
// change during the copy (a build running elsewhere empties DIST first and
// writes the .br files last: wait for it, up to a minute). Returns DIST's
// build time (ISO).
async function snapshot() {
  const files = [...BUNDLES, 'activation_lab_plot.wasm', 'activation_lab_core.wasm', ...LIGHTHOUSE_PAGES].flatMap(
    (f) => [f, `${f}.br`],
  );
  const missing = () => files.filter((f) => !existsSync(`${DIST}/${f}`));
  let problem = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    if (attempt) await new Promise((done) => setTimeout(done, 2000));
    try {
      if (missing().length) {
        problem = `${DIST} lacks ${missing().join(', ')}`;
        continue;
      }
      const before = newest(DIST);
      rmSync(SNAPSHOT, { recursive: true, force: true });
      cpSync(DIST, SNAPSHOT, { recursive: true });
      if (newest(DIST) === before && !missing().length) return new Date(before).toISOString();
      problem = `${DIST} changed while it was copied`;
    } catch (error) {
      problem = `${DIST} changed while it was copied (${error.message})`;
    }
  }
  throw new Error(`page suite: ${problem}; build it (bash scripts/build.sh web) and run the suite again`);
}

// A fresh context (empty HTTP cache) whose waits allow for a busy machine.
async function newContext(browser) {
  const context = await browser.newContext();
  context.setDefaultTimeout(120_000);
  return context;
}

// A cold load (fresh context: empty HTTP cache, no code cache): every
// response with its on-the-wire size as Chromium counts it (playwright's
// request.sizes(): encoded body and headers) and its Content-Encoding,
// after ready() and then network idle.
async function coldTransfer(browser, url, ready) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const pending = [];
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('requestfinished', (request) =>
    pending.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        const headers = response ? await response.allHeaders() : {};
        return {
          url: request.url(),
          status: response?.status() ?? null,
          encoding: headers['content-encoding'] ?? null,
          body: sizes.responseBodySize,
          headers: sizes.responseHeadersSize,
        };
      })(),
    ),
  );
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const resources = (await Promise.all(pending)).filter((r) => /^https?:/.test(r.url));
  await context.close();
  if (failed.length) throw new Error(`failed requests loading ${url}:\n${failed.join('\n')}`);
  return summarizeTransfer(resources);
}

function summarizeTransfer(resources) {
  const body = resources.reduce((sum, r) => sum + r.body, 0);
  const headers = resources.reduce((sum, r) => sum + r.headers, 0);
  return { resources, body, headers, total: body + headers };
}

// A site on another origin ("localhost" against the app's 127.0.0.1) whose
// page holds just the widget, as a blog post would.
function startWidgetHost(appOrigin) {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>A post</title>
<script type="module" src="${appOrigin}/activation-plot.js"></script>
<activation-plot activation="gelu" values="-1, 0, 1"></activation-plot>`;
  const server = createServer((req, res) =>
    req.url === '/post.html'
      ? res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html)
      : res.writeHead(404).end(),
  );
  return new Promise((done) => server.listen(0, 'localhost', () => done(server)));
}

async function measureTransfer(browser, origin) {
  const explorer = await coldTransfer(browser, `${origin}/`, (page) => page.waitForSelector('body[data-ready="true"]'));
  const host = await startWidgetHost(origin);
  try {
    const all = await coldTransfer(browser, `http://localhost:${host.address().port}/post.html`, (page) =>
      page.waitForFunction(() => document.querySelector('activation-plot')?.datasets?.length > 0),
    );
    // The widget's own transfer: what came from the app's origin, not the host page.
    const widget = summarizeTransfer(all.resources.filter((r) => r.url.startsWith(origin)));
    return { explorer, widget };
  } finally {
    host.close();
  }
}

function transferTable(name, t, goalKB, origin) {
  const lines = [
    `| ${name}: resource | status | encoding | body (B) | headers (B) |`,
    '| --- | ---: | --- | ---: | ---: |',
    ...[...t.resources]
      .sort((a, b) => b.body - a.body)
      .map((r) => `| ${r.url.replace(origin, '')} | ${r.status} | ${r.encoding ?? '-'} | ${r.body} | ${r.headers} |`),
    `| **total** (${t.resources.length} responses) | | | ${t.body} (${kb(t.body)} KB) | ${t.headers} |`,
  ];
  return `${lines.join('\n')}\n\nOn the wire, bodies and headers: **${kb(t.total)} KB** (goal ≤ ${goalKB} KB).`;
}

// ------------------------------------------------------------- first plot

// Set before any page script: polls every animation frame until the
// explorer's chart holds datasets (window.activationLab appears once the
// page has drawn, right after body[data-ready]). Chart.js draws inside
// chart.update('none'), synchronously, so the first such rAF callback opens
// the first frame that paints the curves; its performance.now() is
// milliseconds since navigation start. Also notes when data-ready was set.
function firstPlotProbe() {
  const probe = (window.__firstPlot = {});
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.ready === 'true' && probe.ready === undefined) {
      probe.ready = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  const poll = () => {
    if (window.activationLab?.chart?.datasets?.length > 0) probe.frame = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function coldFirstPlot(browser, origin) {
  const context = await newContext(browser);
  await context.addInitScript(firstPlotProbe);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__firstPlot.frame !== undefined);
  const result = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resource = (name) =>
      performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === `/${name}`)?.responseEnd;
    return {
      firstPlot: window.__firstPlot.frame,
      ready: window.__firstPlot.ready,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      htmlEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      appJsEnd: resource('app.js') ?? null,
      wasmEnd: resource('activation_lab_plot.wasm') ?? null, // the explorer's: the plots' core
    };
  });
  await context.close();
  return result;
}

// --------------------------------------------------------------- slider step

// Runs in the page: one sample of slider steps, one per animation frame as a
// drag delivers them, until the handlers' time adds up to minMs. Per step:
// handler = the synchronous 'input' dispatch on the first parameter slider
// (the page's handler: state, controls, chart.update with Chart.js's draw,
// the values table, the code); draw = its share from the first to the last
// call on the chart canvas's 2D context that Chart.js makes in it (its
// clear, strokes, fills, labels); layout = the style and layout the step
// leaves, forced right after. Returns the means.
async function stepSample({ minMs }) {
  const slider = document.querySelector('#params input[type="range"]');
  const ctx = document.getElementById('chart').getContext('2d');
  let drawStart = null;
  let drawEnd = null;
  // Own properties shadow CanvasRenderingContext2D's methods on this context alone.
  const DRAW_CALLS = ['clearRect', 'stroke', 'fill', 'fillRect', 'fillText', 'drawImage', 'restore'];
  for (const name of DRAW_CALLS) {
    const method = ctx[name];
    ctx[name] = function (...args) {
      drawStart ??= performance.now();
      const result = method.apply(this, args);
      drawEnd = performance.now();
      return result;
    };
  }
  const min = Number(slider.min);
  const max = Number(slider.max);
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const steps = { handler: [], draw: [], layout: [] };
  let total = 0;
  let drawn = 0;
  try {
    for (let i = 0; total < minMs || i < 5; i++) {
      await frame();
      // Back and forth over the middle of the range: every step changes the value.
      slider.value = String(min + (max - min) * (0.3 + 0.4 * ((i % 8) / 8)));
      drawStart = drawEnd = null;
      const t0 = performance.now();
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      void document.documentElement.offsetHeight; // force style and layout
      const t2 = performance.now();
      if (drawStart !== null) drawn++;
      steps.handler.push(t1 - t0);
      steps.draw.push(drawStart === null ? 0 : drawEnd - drawStart);
      steps.layout.push(t2 - t1);
      total += t1 - t0;
    }
  } finally {
    for (const name of DRAW_CALLS) delete ctx[name];
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const state = window.activationLab.state;
  return {
    steps: steps.handler.length,
    handler: mean(steps.handler),
    draw: mean(steps.draw),
    layout: mean(steps.layout),
    drawnInHandler: drawn / steps.handler.length,
    // What the page shows after the sample, to check the step did its work.
    param: Number(slider.value),
    stateParam: state.params[slider.getAttribute('aria-label')],
    rows: document.querySelector('#values-table tbody').rows.length,
    curves: window.activationLab.chart.datasets.length,
  };
}

// A sample under Chromium's tracing (the categories DevTools records), for
// CPU times: each trace event carries tdur, the CPU time its thread spent in
// it, which a busy machine does not inflate as it does wall time. Per step
// (ms): handler = the 'input' EventDispatch (the goal's figure); timers =
// the timers that fired on the page's main thread (the values table writes
// its off-screen rows in them, off the input path); styleLayout = style and
// layout, and styleLayoutInHandler the part of it the handler forced; task =
// every task of the main thread.
// Where forced style and layout came from: [{at: 'source:line', ms per step}],
// the costliest first, by the innermost frame of the trace's JS stack (1-based).
function forcedBy(events, origin, steps) {
  const at = new Map();
  for (const e of events) {
    const frame = (e.args?.beginData?.stackTrace ?? []).find((f) => f.url);
    const key = frame
      ? sourceOf(origin, { ...frame, lineNumber: frame.lineNumber - 1, columnNumber: frame.columnNumber - 1 }, true)
      : '(no JS stack)';
    at.set(key, (at.get(key) ?? 0) + e.tdur / 1e3 / steps);
  }
  return [...at].sort((a, b) => b[1] - a[1]).map(([where, ms]) => ({ at: where, ms }));
}

async function tracedSample(browser, c, minMs) {
  await browser.startTracing(c.page, {
    // .stack: the JS stack of each forced style and layout.
    categories: ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline.stack'],
  });
  let sample;
  let buffer;
  try {
    sample = await c.page.evaluate(stepSample, { minMs });
  } finally {
    buffer = await browser.stopTracing();
  }
  const trace = JSON.parse(buffer.toString());
  const events = (trace.traceEvents ?? trace).filter((e) => e.ph === 'X');
  const inputs = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input');
  if (inputs.length !== sample.steps || inputs.some((e) => e.tdur === undefined))
    throw new Error(
      `${c.name}: the trace has ${inputs.length} input dispatches with CPU times for ${sample.steps} steps`,
    );
  const { pid, tid } = inputs[0];
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.tdur !== undefined);
  const perStep = (list) => list.reduce((sum, e) => sum + e.tdur, 0) / 1e3 / sample.steps;
  const named = (...names) => perStep(main.filter((e) => names.includes(e.name)));
  const inHandler = (e) => inputs.some((i) => e.ts >= i.ts && e.ts < i.ts + i.dur);
  const styleLayout = main.filter((e) => e.name === 'UpdateLayoutTree' || e.name === 'Layout');
  sample.cpu = {
    handler: perStep(inputs),
    timers: named('TimerFire'),
    styleLayout: perStep(styleLayout),
    // Style and layout that the handler forced (a geometry read after a DOM change).
    styleLayoutInHandler: perStep(styleLayout.filter(inHandler)),
    forcedBy: forcedBy(styleLayout.filter(inHandler), c.origin, sample.steps),
    task: named('ThreadControllerImpl::RunTask'),
  };
  return sample;
}

async function measureSteps(browser, origin, { samples, minMs }) {
  const cases = [
    { name: `${STEP_ACTIVATION}, ${STEP_COMPARE.length} compares`, hash: `compare=${STEP_COMPARE.join(',')}` },
    { name: `${STEP_ACTIVATION}, ${TYPED_VALUES} typed values`, hash: `values=${typedValues(TYPED_VALUES)}` },
  ];
  // Both pages open side by side, their samples interleaved so that the
  // machine's noise hits both alike.
  for (const c of cases) {
    c.origin = origin;
    c.context = await newContext(browser);
    c.page = await c.context.newPage();
    await c.page.goto(`${origin}/#activation=${STEP_ACTIVATION}&${c.hash}`);
    await c.page.waitForSelector('body[data-ready="true"]');
    c.samples = [];
  }
  let profiles = [];
  try {
    for (const c of cases) await c.page.evaluate(stepSample, { minMs: Math.min(minMs, 20) }); // warm-up
    for (let s = 0; s < samples; s++) {
      for (const c of cases) c.samples.push(await tracedSample(browser, c, minMs));
    }
    profiles = await profileSteps(cases, origin, minMs);
  } finally {
    for (const c of cases) await c.context.close();
  }
  return cases.map(({ name, hash, samples: ss }, i) => {
    const last = ss.at(-1);
    if (last.param !== last.stateParam)
      throw new Error(`${name}: the slider says ${last.param}, the state ${last.stateParam}`);
    return {
      name,
      hash: hash.length > 80 ? `${hash.slice(0, 60)}… (${hash.length} chars)` : hash,
      handler: median(ss.map((x) => x.handler)),
      draw: median(ss.map((x) => x.draw)),
      layout: median(ss.map((x) => x.layout)),
      cpu: Object.fromEntries(
        Object.keys(ss[0].cpu)
          .filter((k) => k !== 'forcedBy')
          .map((k) => [k, median(ss.map((x) => x.cpu[k]))]),
      ),
      forcedBy: last.cpu.forcedBy,
      drawnInHandler: Math.min(...ss.map((x) => x.drawnInHandler)),
      stepsPerSample: median(ss.map((x) => x.steps)),
      rows: last.rows,
      curves: last.curves,
      samples: ss,
      profile: profiles[i],
    };
  });
}

// ---------------------------------------------------------- the diagnosis

// Decodes a source map's mappings (base64 VLQ) into [line][{col, source, line}]
// (source: an index into map.sources or null; line: 0-based in that source).
function decodeMappings(mappings) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [];
  let source = 0;
  let sourceLine = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let col = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += fields[0];
      if (fields.length > 1) {
        source += fields[1];
        sourceLine += fields[2];
      }
      segments.push({ col, source: fields.length > 1 ? source : null, line: sourceLine });
    }
    lines.push(segments);
  }
  return lines;
}

// Which package, dist/lib file or web/src folder a bundled source (a path
// relative to dist/web, as the map names it) belongs to.
function owner(source) {
  const path = posix.join(DIST, source);
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (path.startsWith('dist/lib/')) return path;
  const web = path.match(/^web\/src\/([^/]+)\//);
  return web ? `web/src/${web[1]}/` : path;
}

/**
 * The bytes of a shipped bundle by owner, read from its source map (the
 * same split esbuild's metafile gives as bytesInOutput, but of the file as
 * served, with no second build to keep in step with scripts/build-web.mjs).
 * Each owner's text is also brotli-compressed on its own: a rough share of
 * the served .br (pieces compress a little worse apart than together).
 */
function bundleComposition(file) {
  const code = readFileSync(`${SNAPSHOT}/${file}`, 'utf8');
  const map = JSON.parse(readFileSync(`${SNAPSHOT}/${file}.map`, 'utf8'));
  const text = new Map();
  const add = (name, piece) => text.set(name, (text.get(name) ?? '') + piece);
  const codeLines = code.split('\n');
  decodeMappings(map.mappings).forEach((segments, i) => {
    const line = codeLines[i] ?? '';
    let at = 0;
    segments.forEach((s, j) => {
      if (s.col > at) add('(unmapped)', line.slice(at, s.col));
      const end = segments[j + 1]?.col ?? line.length;
      add(s.source === null ? '(unmapped)' : owner(map.sources[s.source]), line.slice(s.col, end));
      at = end;
    });
    if (line.length > at) add('(unmapped)', line.slice(at));
  });
  const served = statSync(`${SNAPSHOT}/${file}.br`).size;
  const parts = [...text]
    .map(([name, t]) => ({ name, minified: Buffer.byteLength(t), brotli: brotliCompressSync(t).length }))
    .sort((a, b) => b.minified - a.minified);
  return { file, minified: Buffer.byteLength(code), brotli: served, parts };
}

function compositionTable(c) {
  const lines = [
    `| ${c.file} by source | minified (B) | share | brotli alone (B) |`,
    '| --- | ---: | ---: | ---: |',
    ...c.parts.map(
      (p) => `| ${p.name} | ${p.minified} | ${((100 * p.minified) / c.minified).toFixed(0)} % | ${p.brotli} |`,
    ),
    `| **whole file** | ${c.minified} | | ${c.brotli} (served .br) |`,
  ];
  return lines.join('\n');
}

// Where in the sources a position of a shipped bundle comes from.
function sourceLookup(file) {
  const map = JSON.parse(readFileSync(`${SNAPSHOT}/${file}.map`, 'utf8'));
  const lines = decodeMappings(map.mappings);
  return (line, col) => {
    const segments = lines[line] ?? [];
    let found = null;
    for (const s of segments) {
      if (s.col > col) break;
      found = s;
    }
    return found?.source == null ? null : { source: posix.join(DIST, map.sources[found.source]), line: found.line + 1 };
  };
}

// The source file (and with line: its line) a call frame of the served
// bundles comes from (0-based lineNumber and columnNumber, as V8 counts them);
// a native function by its name in parentheses.
const lookups = new Map();
function sourceOf(origin, { url, functionName, lineNumber, columnNumber }, line = false) {
  if (!url) return functionName ? `(${functionName.replace(/^\(|\)$/g, '')})` : '(native)';
  const file = url.startsWith(origin) ? new URL(url).pathname.slice(1) : url;
  if (!BUNDLES.includes(file)) return file;
  if (!lookups.has(file)) lookups.set(file, sourceLookup(file));
  const at = lookups.get(file)(lineNumber, columnNumber);
  if (!at) return `${file} (unmapped)`;
  return at.source.replace(/^.*node_modules\//, '') + (line ? `:${at.line}` : '');
}

// One more sample of each case under V8's sampling profiler (after the timed
// samples: profiling slows what it watches), its self time split by the
// source the running function comes from (through the bundles' source maps).
async function profileSteps(cases, origin, minMs) {
  const where = (frame) => sourceOf(origin, frame);
  const profiles = [];
  for (const c of cases) {
    const cdp = await c.context.newCDPSession(c.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const sample = await c.page.evaluate(stepSample, { minMs });
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const name = where(nodes.get(id).callFrame);
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1e3);
    });
    for (const idle of ['(idle)', '(program)']) self.delete(idle);
    const busy = [...self.values()].reduce((a, b) => a + b, 0);
    profiles.push({
      name: c.name,
      steps: sample.steps,
      busyMsPerStep: busy / sample.steps,
      top: [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([source, total]) => ({ source, msPerStep: total / sample.steps, share: total / busy })),
    });
  }
  return profiles;
}

function profileLines(profiles) {
  return profiles
    .map(
      (p) =>
        `  - ${p.name} (${p.busyMsPerStep.toFixed(1)} ms of busy main thread per step under the profiler): ` +
        p.top.map((t) => `${t.source} ${(100 * t.share).toFixed(0)} %`).join(', '),
    )
    .join('\n');
}

// ------------------------------------------------------------------- goals

function goals({ transfer, firstPlot, steps, lighthouse }) {
  const rows = [];
  const row = (key, goal, measured, met) => rows.push({ key, goal, measured, met });
  row(
    'explorer',
    `explorer transfers ≤ ${GOAL.explorerKB} KB`,
    `${kb(transfer.explorer.total)} KB (bodies ${kb(transfer.explorer.body)} KB)`,
    transfer.explorer.total <= GOAL.explorerKB * KB,
  );
  row(
    'widget',
    `widget transfers ≤ ${GOAL.widgetKB} KB`,
    `${kb(transfer.widget.total)} KB (bodies ${kb(transfer.widget.body)} KB)`,
    transfer.widget.total <= GOAL.widgetKB * KB,
  );
  row(
    'firstPlot',
    `first plot ≤ ${GOAL.firstPlotMs} ms after a cold navigation`,
    `${ms(firstPlot.median)} ms median (${ms(firstPlot.min)}–${ms(firstPlot.max)})`,
    firstPlot.median <= GOAL.firstPlotMs,
  );
  const [compares, values] = steps;
  const step = (s) => `${s.cpu.handler.toFixed(2)} ms CPU in the handler (wall ${ms(s.handler)} ms)`;
  row(
    'stepCompares',
    `slider step ≤ ${GOAL.stepComparesMs} ms JS, ${compares.name}`,
    step(compares),
    compares.cpu.handler <= GOAL.stepComparesMs,
  );
  row(
    'stepValues',
    `slider step ≤ ${GOAL.stepValuesMs} ms JS, ${values.name}`,
    step(values),
    values.cpu.handler <= GOAL.stepValuesMs,
  );
  if (lighthouse) {
    const mobile = lighthouse.filter((r) => r.preset === 'mobile');
    const each = (category, goal) => ({
      measured: mobile.map((r) => `${r.page} ${r.scores[category]}`).join(', '),
      met: mobile.length === LIGHTHOUSE_PAGES.length ? mobile.every((r) => r.scores[category] >= goal) : null,
    });
    for (const [category, goal, label] of [
      ['performance', GOAL.mobilePerformance, `Lighthouse mobile performance ≥ ${GOAL.mobilePerformance}`],
      ['accessibility', GOAL.accessibility, `Lighthouse accessibility ${GOAL.accessibility}`],
      ['best-practices', GOAL.bestPractices, `Lighthouse best practices ${GOAL.bestPractices}`],
    ]) {
      const { measured, met } = each(category, goal);
      row(`lighthouse-${category}`, label, measured || 'not measured', met);
    }
  }
  return rows;
}

const metText = (met) => (met === null ? 'not measured (quick run)' : met ? 'yes' : '**no**');

function lighthouseTable(reports) {
  const lines = [
    '| page | preset | performance | accessibility | best practices | FCP | LCP | TBT | CLS | SI | benchmark index |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...reports.map(
      (r) =>
        `| ${r.page} | ${r.preset} | ${CATEGORIES.map((c) => r.scores[c]).join(' | ')} | ` +
        `${['FCP', 'LCP', 'TBT', 'CLS', 'SI'].map((m) => r.metrics[m].display).join(' | ')} | ${Math.round(r.benchmarkIndex)} |`,
    ),
  ];
  const costs = reports
    .filter((r) => CATEGORIES.some((c) => r.failing[c].length))
    .map(
      (r) =>
        `- ${r.page} ${r.preset}: ` +
        CATEGORIES.filter((c) => r.failing[c].length)
          .map(
            (c) =>
              `${c}: ` +
              r.failing[c]
                .slice(0, 5)
                .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`)
                .join(', '),
          )
          .join('; '),
    );
  return `${lines.join('\n')}\n\nThe benchmark index is Lighthouse's measure of this machine's speed at the time (a mid-range phone of 2024 scores about 1000; lower means the simulated mobile figures are inflated by a busy machine).\n\nAudits that cost points (costliest first):\n\n${costs.join('\n') || '- none'}`;
}

// What limits each missed goal, from what this run measured.
function diagnosis(record, goalRows) {
  const out = [];
  const missed = (prefix) => goalRows.some((g) => g.key.startsWith(prefix) && g.met === false);
  if (missed('explorer') || missed('widget')) {
    const byKind = (t) => {
      const kinds = new Map();
      for (const r of t.resources) {
        const path = new URL(r.url).pathname;
        const kind = path.startsWith('/katex/fonts/')
          ? 'KaTeX fonts'
          : path.endsWith('.wasm')
            ? 'wasm core'
            : path.split('/').pop() || 'index.html';
        kinds.set(kind, (kinds.get(kind) ?? 0) + r.body + r.headers);
      }
      return [...kinds].sort((a, b) => b[1] - a[1]).map(([k, b]) => `${k} ${kb(b)} KB`);
    };
    out.push(
      `- **Transfer.** Explorer: ${byKind(record.transfer.explorer).join(', ')}. ` +
        `Widget: ${byKind(record.transfer.widget).join(', ')}. By source, from the bundles' source maps:\n\n` +
        record.bundles.map(compositionTable).join('\n\n'),
    );
  }
  if (missed('firstPlot')) {
    const at = (key) => ms(median(loadValues(record, key)));
    out.push(
      `- **First plot** (medians over the cold loads, ms after navigation start): HTML received ${at('htmlEnd')}, ` +
        `app.js received ${at('appJsEnd')}, DOMContentLoaded ${at('domContentLoaded')}, first contentful paint ${at('fcp')}, ` +
        `wasm received ${at('wasmEnd')}, data-ready ${at('ready')}, first plotted frame ${at('firstPlot')}.`,
    );
  }
  for (const [key, s] of [
    ['stepCompares', record.steps[0]],
    ['stepValues', record.steps[1]],
  ]) {
    if (!missed(key)) continue;
    out.push(
      `- **Slider step, ${s.name}:** CPU per step: ${s.cpu.handler.toFixed(1)} ms in the handler, ${s.cpu.timers.toFixed(1)} ms in timers after it, ` +
        `${s.cpu.styleLayout.toFixed(1)} ms of style and layout (${s.cpu.styleLayoutInHandler.toFixed(1)} ms of it forced inside the handler` +
        `${
          s.forcedBy.length
            ? `; in the last sample by ${s.forcedBy
                .slice(0, 3)
                .map((f) => `${f.at} ${f.ms.toFixed(1)} ms`)
                .join(', ')}`
            : ''
        }), ` +
        `${s.cpu.task.toFixed(1)} ms of main-thread tasks in all; ` +
        `wall: ${ms(s.handler)} ms in the handler, of which Chart.js's canvas calls ${ms(s.draw)} ms ` +
        `(the rest: state, controls, Chart.js's update, the legend, the values table of ${s.rows} rows, the code), then ${ms(s.layout)} ms of style and layout. ` +
        `Self time by source, V8's sampling profiler over one more sample:\n${profileLines([s.profile])}`,
    );
  }
  if (missed('lighthouse')) {
    out.push('- **Lighthouse:** see the audits that cost points under the Lighthouse table.');
  }
  return out.join('\n');
}

// -------------------------------------------------------------------- run

/** options: {samples, minMs, quick, save, lighthouse (default true)}. */
export async function run({ samples = 7, minMs = 50, quick = false, save = true, lighthouse = true } = {}) {
  const builtAt = await snapshot();
  const date = new Date();
  const started = performance.now();
  const server = await serve(SNAPSHOT, 0, '127.0.0.1');
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const record = { suite: 'page', date: date.toISOString(), quick, builtAt, source: sourceState() };
  try {
    console.error('page: transfer');
    record.transfer = await measureTransfer(browser, origin);
    console.error('page: first plot');
    const loads = [];
    const coldLoads = Math.max(samples, quick ? 3 : 7);
    for (let i = 0; i < coldLoads; i++) loads.push(await coldFirstPlot(browser, origin));
    const times = loads.map((l) => l.firstPlot);
    record.firstPlot = { median: median(times), min: Math.min(...times), max: Math.max(...times), loads };
    console.error('page: slider step');
    record.steps = await measureSteps(browser, origin, { samples, minMs });
    record.chromium = browser.version();
  } finally {
    await browser.close();
  }
  try {
    if (lighthouse) {
      console.error('page: lighthouse');
      record.lighthouse = await runLighthouse({
        origin,
        pages: quick ? LIGHTHOUSE_PAGES.slice(0, 1) : LIGHTHOUSE_PAGES,
        log: (line) => console.error(line),
      });
    }
  } finally {
    server.close();
  }
  record.bundles = BUNDLES.map(bundleComposition);
  // As harness.mjs recordHeader() has them, less tfjs (which this suite does not run).
  record.machine = describeMachine();
  record.node = process.versions.node;
  record.method = {
    samples,
    minMs,
    coldLoads: record.firstPlot.loads.length,
    transfer: 'cold context; playwright request.sizes(): encoded body + response headers, until network idle',
    firstPlot:
      'performance.now() in the first requestAnimationFrame callback after window.activationLab.chart.datasets is non-empty (the page sets no performance mark), cold context each',
    step: 'synchronous dispatch of input on the first parameter slider, one step per frame; sample = mean over >= minMs of handler wall time, CPU times from the trace (tdur); median of samples, the two cases interleaved',
  };
  const goalRows = goals(record);
  record.goals = goalRows;
  const m = record.machine;
  const [compares, values] = record.steps;
  console.log(
    `## Page: ${record.date.slice(0, 10)}, ${m.cpu}, ${m.cores} cores, load ${m.loadavg.map((l) => l.toFixed(1)).join(' ')}, ` +
      `Chromium ${record.chromium}${quick ? ' (QUICK RUN: too few samples to quote)' : ''}\n\n` +
      `dist/web built ${builtAt} (a copy, served by scripts/serve.mjs as npm start serves dist/web)` +
      (record.source
        ? `; HEAD ${record.source.commit.slice(0, 7)}` +
          (record.source.modified.length
            ? `, with changes to ${record.source.modified.join(', ')} in the working copy`
            : '')
        : '') +
      '. KB = 1024 B.\n\n' +
      `### Transfer (cold load, on the wire)\n\n` +
      transferTable('explorer', record.transfer.explorer, GOAL.explorerKB, origin) +
      '\n\n' +
      transferTable('widget (its own files, not the host page)', record.transfer.widget, GOAL.widgetKB, origin) +
      `\n\n### First plot\n\nNavigation start to the first animation frame in which the explorer's chart holds its curves ` +
      `(measured from outside: the page sets no performance mark), ${record.firstPlot.loads.length} cold loads: ` +
      `median **${ms(record.firstPlot.median)} ms**, min ${ms(record.firstPlot.min)}, max ${ms(record.firstPlot.max)}; ` +
      `first contentful paint median ${ms(median(loadValues(record, 'fcp')))} ms.\n\n` +
      `### Slider step\n\nOne 'input' on the first parameter slider per animation frame, as a drag sends them. ` +
      `Wall time (performance.now(), inflated by a busy machine): handler = the synchronous dispatch (Chart.js draws ` +
      `inside it: update('none')); draw = its share from the first to the last call on the chart's 2D context; layout = ` +
      `style and layout forced right after it. CPU time of the page's main thread, from Chromium's trace (each event's ` +
      `thread time): in the handler (the 'input' dispatch; **the goals are judged on this**), in timers after it (the ` +
      `values table writes rows there, off the input path), in style and layout, and in all main-thread tasks (painting ` +
      `too). Per step, median of ${samples} samples of ≥ ${minMs} ms of handler wall time, the two cases interleaved.\n\n` +
      '| case | handler wall (ms) | of which draw | then layout | handler CPU (ms) | timers CPU | style+layout CPU | main thread CPU | steps/sample | table rows | curves |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' +
      [compares, values]
        .map(
          (s) =>
            `| ${s.name} | ${[s.handler, s.draw, s.layout, s.cpu.handler, s.cpu.timers, s.cpu.styleLayout, s.cpu.task].map((x) => x.toFixed(2)).join(' | ')} | ` +
            `${s.stepsPerSample} | ${s.rows} | ${s.curves} |`,
        )
        .join('\n') +
      (record.lighthouse
        ? `\n\n### Lighthouse ${record.lighthouse[0].lighthouse} (offline: Chromium resolves no host; one run each)\n\n` +
          lighthouseTable(record.lighthouse)
        : '') +
      '\n\n### Goals of #11 (the page)\n\n| goal | measured | met |\n| --- | --- | --- |\n' +
      goalRows.map((g) => `| ${g.goal} | ${g.measured} | ${metText(g.met)} |`).join('\n') +
      (goalRows.some((g) => g.met === false)
        ? `\n\n### What limits the missed goals\n\n${diagnosis(record, goalRows)}`
        : '') +
      `\n\n- total time ${((performance.now() - started) / 1e3).toFixed(0)} s`,
  );
  if (save) saveRecord(record, quick);
  return record;
}
