// What crosses the wire, counted where it leaves `npm start`'s server
// (scripts/serve.mjs): precompressed files with ETags, the tutorial's one
// wasm download shared by its page script, its widgets and its iframe, and
// the bytes the explorer and the widget cost (issue #11's goals).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { startHost, useBrowser, watchConsole } from './servers.mjs';

let browser;
let app;

useBrowser({ host: false }, (env) => ({ browser, app } = env));

const KB = 1024;
// Bytes on the wire, brotli (see the last test).
const CEILING = { explorer: 150 * KB, widget: 133 * KB };
// The plots' core (the explorer, the widget, the iframe view) and the whole
// one, with the training engine (the lab, the tutorial's own script).
const WASM = '/activation_lab_plot.wasm';
const WHOLE = '/activation_lab_core.wasm';
// Text and wasm files the build compresses (scripts/compress.mjs); smaller
// ones are not worth it.
const COMPRESSIBLE = /\.(html|js|css|svg|wasm)$|\/$/;

function request(path, headers = {}) {
  return new Promise((resolve, reject) => {
    get(`${app.origin}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

// Loads a page in a fresh browser (empty HTTP cache) and returns what the
// server sent for it, after ready() says the page is drawn.
async function load(url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const wasmFetches = []; // which frame asked for which wasm
  page.on(
    'request',
    (r) =>
      /\.wasm$/.test(r.url()) &&
      wasmFetches.push(`${r.frame() === page.mainFrame() ? 'page' : 'frame'} ${new URL(r.url()).pathname}`),
  );
  const start = app.served.length;
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const served = app.served.slice(start);
  await context.close();
  return { served, problems, wasmFetches };
}

const bodyBytes = (served) => served.reduce((sum, r) => sum + r.bytes, 0);
const listing = (served) => served.map((r) => `${r.status} ${r.encoding ?? '-'} ${r.bytes} ${r.path}`).join('\n');

test('files are sent precompressed (brotli, else gzip), with ETags, revalidated before use, CORS on 304s too', async () => {
  for (const path of ['/activation-plot.js', WASM, '/index.html']) {
    const raw = readFileSync(`dist/web${path}`);
    const br = await request(path, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br', path);
    assert.match(br.headers.vary, /Accept-Encoding/);
    assert.ok(brotliDecompressSync(br.body).equals(raw), `${path}: the .br holds this build's file`);
    assert.ok(br.body.length < raw.length * 0.5, `${path}: ${br.body.length} of ${raw.length} B`);
    const gz = await request(path, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    const plain = await request(path);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.body.equals(raw));
    // no-cache: stored, but asked about before each use, so a rebuild shows at once.
    assert.equal(br.headers['cache-control'], 'no-cache');
    assert.ok(br.headers.etag, `${path} has an ETag`);
    const again = await request(path, { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': br.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers['access-control-allow-origin'], '*');
  }
  assert.equal((await request(WASM)).headers['content-type'], 'application/wasm');
});

test('the tutorial downloads the whole core once for its page script and its widgets, the plots’ core for its iframe', async () => {
  const { served, problems, wasmFetches } = await load(`${app.origin}/tutorial.html`, async (page) => {
    await page.waitForSelector('#unit[data-ready="true"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('activation-plot')].every((w) => w.datasets?.length),
    );
    await page.frameLocator('iframe.embed').locator('activation-plot').waitFor();
    const frame = page.frames().find((f) => f.url().includes('/embed-'));
    await frame.waitForFunction(() => document.querySelector('activation-plot')?.datasets?.length > 0);
  });
  // The page script and the widget bundle each carry the JS API, and share
  // one instance of the whole core (the page script, first, starts it); the
  // iframe is another realm, with the plots' core, as on any other site.
  assert.deepEqual(wasmFetches.sort(), [`frame ${WASM}`, `page ${WHOLE}`]);
  for (const path of [WASM, WHOLE]) {
    assert.deepEqual(
      served.filter((r) => r.path === path && r.status === 200).length,
      1,
      `${path}: one download:\n${listing(served)}`,
    );
  }
  assert.deepEqual(problems, []);
});

test('the explorer and the widget are sent compressed, within their ceilings', async (t) => {
  const explorer = await load(`${app.origin}/`, (page) => page.waitForSelector('body[data-ready="true"]'));
  const host = await startHost(app.origin);
  host.pages.set('/post.html', {
    body: `<!doctype html><html lang="en"><title>A post</title>
      <script type="module" src="${app.origin}/activation-plot.js"></script>
      <activation-plot activation="gelu" values="-1, 0, 1"></activation-plot>`,
  });
  const widget = await load(`${host.origin}/post.html`, (page) =>
    page.waitForFunction(() => document.querySelector('activation-plot')?.datasets?.length > 0),
  );
  host.server.close();
  for (const [name, { served, problems }] of Object.entries({ explorer, widget })) {
    assert.deepEqual(problems, [], name);
    // Fetched when a reader reaches for them, not for the first plot.
    const lazy = served.filter((r) => /\/(zoom-plugin\.js|formulas\.json)$/.test(r.path));
    assert.deepEqual(lazy, [], `${name}: the zoom plugin and the other formulas wait for the reader`);
    const uncompressed = served.filter((r) => COMPRESSIBLE.test(r.path) && r.bytes > 1 * KB && !r.encoding);
    assert.deepEqual(uncompressed, [], `${name}: every text file and the wasm is compressed`);
    t.diagnostic(`${name}: ${bodyBytes(served)} B of bodies in ${served.length} responses`);
    for (const line of listing(served).split('\n')) t.diagnostic(`  ${line}`);
  }
  // Ceilings that catch a regression (a bundle pulled in twice, a file sent
  // uncompressed): what this commit sends plus about 5%. #11's goals (150 KB
  // and 110 KB) are measured and reported by `npm run bench` (bench/page.mjs),
  // as speed and size goals are, with what limits them.
  assert.ok(bodyBytes(explorer.served) <= CEILING.explorer, `explorer: ${bodyBytes(explorer.served)} B`);
  assert.ok(bodyBytes(widget.served) <= CEILING.widget, `widget: ${bodyBytes(widget.served)} B`);
});
