// The npm package as its users get it: `npm pack`, the tarball installed
// into a scratch folder (offline: the package has no dependencies), then
//   - its node_modules/activation-lab/ served on another origin, as a CDN of
//     npm packages (jsDelivr, unpkg) would, and the widget embedded from
//     there by a host page under strict CSP and Trusted Types;
//   - `activation-lab/widget` bundled by esbuild, as a bundler user would;
//   - both exports resolved and the main one run in Node.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startApp, startHost, useBrowser, watchConsole } from './servers.mjs';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const WIDGET = 'dist/web/activation-plot.js';

let browser;
let app; // our own server: nothing may be asked of it
let work; // temp folder: the tarball and the scratch project
let scratch;
let installed; // scratch/node_modules/activation-lab
let packed; // npm pack --json's entry

useBrowser({ host: false }, (env) => ({ browser, app } = env));

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'activation-lab-pack-'));
  // --ignore-scripts: pack this build, as it is under test (prepack would rebuild dist/).
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
  });
  [packed] = JSON.parse(stdout);
  scratch = join(work, 'scratch');
  mkdirSync(scratch);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await run('npm', ['install', join(work, packed.filename), '--offline', '--no-audit', '--no-fund'], { cwd: scratch });
  installed = join(scratch, 'node_modules/activation-lab');
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the library, the widget and its wasm, nothing of the build or the tests', () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of [
    'dist/lib/activation-lab.mjs',
    'dist/lib/activation-lab.d.ts',
    'dist/lib/activation_lab_core.mjs',
    'dist/lib/activation_lab_core.wasm',
    WIDGET,
    'dist/web/activation_lab_plot.wasm', // the widget's core: the plots' (no training engine)
    'dist/web/activation-plot.js.LEGAL.txt', // Chart.js's licence, which the bundle links to
    'dist/web/zoom-plugin.js', // loaded by the widget on first zoom or pan
    'dist/web/zoom-plugin.js.LEGAL.txt',
  ]) {
    assert.ok(files.includes(needed), `${needed} is in the package`);
  }
  const stray = files.filter(
    (f) =>
      /^(build|test-results|tests|web|cpp|node_modules)\//.test(f) ||
      /\.(map|br|gz|html)$/.test(f) ||
      (f.startsWith('dist/web/') && !/^dist\/web\/(activation|zoom-plugin\.js)/.test(f)),
  );
  assert.deepEqual(stray, [], 'no build output, tests, source maps, compressed copies or site pages');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies: a CDN serves the files as they are');
});

test('in Node, both exports resolve through package.json and the main one runs', async () => {
  // From inside the scratch project, as its own code would import them.
  writeFileSync(
    join(scratch, 'probe.mjs'),
    `const widget = import.meta.resolve('activation-lab/widget');
     const main = import.meta.resolve('activation-lab');
     const { loadActivationLab } = await import('activation-lab');
     const lab = await loadActivationLab();
     console.log(JSON.stringify({ widget, main, relu: Array.from(lab.evaluate('relu', [-1, 2])) }));`,
  );
  const { stdout } = await run(process.execPath, ['probe.mjs'], { cwd: scratch });
  const probe = JSON.parse(stdout);
  assert.equal(probe.widget, new URL(`file://${installed}/${WIDGET}`).href);
  assert.equal(probe.main, new URL(`file://${installed}/dist/lib/activation-lab.mjs`).href);
  assert.deepEqual(probe.relu, [0, 2]);
});

// Waits for every widget on the page to draw, and returns per widget the
// number of canvas pixels that are not transparent (Chart.js draws on a
// transparent canvas).
async function drawnPixels(page) {
  await page.waitForFunction(() => {
    const plots = [...document.querySelectorAll('activation-plot')];
    return plots.length > 0 && plots.every((w) => w.datasets?.length);
  });
  return page.$$eval('activation-plot', (plots) =>
    plots.map((w) => {
      const canvas = w.shadowRoot.querySelector('canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
      return inked / (canvas.width * canvas.height);
    }),
  );
}

// Opens a host page and records every request and every failed one.
async function openHostPage(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  await page.goto(url);
  return { context, page, problems, requests };
}

const ATTRIBUTES = 'activation="leaky_relu" negative-slope="0.2" values="-2, 0, 3" show="function gradient"';

test('served from node_modules on a CDN origin, the widget draws on a host page under strict CSP and Trusted Types', async () => {
  const cdn = await startApp(installed);
  const host = await startHost(cdn.origin);
  try {
    const src = `${cdn.origin}/${WIDGET}`; // https://cdn.jsdelivr.net/npm/activation-lab@0.1.0/dist/web/activation-plot.js
    host.pages.set('/post.html', {
      body: `<!doctype html><html lang="en"><title>A post</title>
        <script type="module" src="${src}"></script>
        <activation-plot ${ATTRIBUTES}></activation-plot>
        <activation-plot activation="tanh" controls="none"></activation-plot>`,
    });
    const { context, page, problems, requests } = await openHostPage(`${host.origin}/post.html`);
    const inked = await drawnPixels(page);
    assert.equal(inked.length, 2);
    for (const share of inked)
      assert.ok(share > 0.01, `the widget drew its curves (${(share * 100).toFixed(1)}% inked)`);
    const outside = requests.filter((url) => !url.startsWith(`${cdn.origin}/`) && !url.startsWith(`${host.origin}/`));
    assert.deepEqual(outside, [], 'every request went to the host or the CDN');
    assert.deepEqual(app.served, [], 'nothing was asked of our own server');
    // What the CDN sent: the bundle and one wasm (two widgets, one instance).
    const fromCdn = cdn.served.map((r) => `${r.status} ${r.path}`).sort();
    assert.deepEqual(fromCdn, [`200 /${WIDGET}`, '200 /dist/web/activation_lab_plot.wasm']);
    // The first Ctrl + wheel fetches the zoom plugin from beside the widget,
    // under the host's CSP, and zooms.
    const canvas = page.locator('activation-plot canvas').first();
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await page.waitForFunction(() => document.querySelector('activation-plot').state.x_min !== undefined);
    assert.ok(cdn.served.some((r) => r.status === 200 && r.path === '/dist/web/zoom-plugin.js'));
    assert.deepEqual(app.served, [], 'nothing was asked of our own server');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    cdn.server.close();
    host.server.close();
  }
});

test('bundled by a bundler (esbuild) from `activation-lab/widget`, the widget draws with its wasm beside the bundle', async () => {
  writeFileSync(join(scratch, 'main.js'), `import 'activation-lab/widget';\n`);
  const result = await build({
    absWorkingDir: scratch,
    entryPoints: ['main.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outfile: join(scratch, 'out/main.js'),
    logLevel: 'silent',
  });
  const host = await startHost(app.origin);
  try {
    // The bundle finds its wasm next to itself (new URL(…, import.meta.url)):
    // copy the file there, as README says.
    host.pages.set('/assets/main.js', { body: result.outputFiles[0].contents, type: 'text/javascript' });
    host.pages.set('/assets/activation_lab_plot.wasm', {
      body: readFileSync(join(installed, 'dist/web/activation_lab_plot.wasm')),
      type: 'application/wasm',
    });
    host.pages.set('/app.html', {
      body: `<!doctype html><html lang="en"><title>An app</title>
        <script type="module" src="/assets/main.js"></script>
        <activation-plot ${ATTRIBUTES}></activation-plot>`,
    });
    const { context, page, problems, requests } = await openHostPage(`${host.origin}/app.html`);
    const [share] = await drawnPixels(page);
    assert.ok(share > 0.01, `the widget drew its curves (${(share * 100).toFixed(1)}% inked)`);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(`${host.origin}/`)),
      [],
      'a bundled app needs no other origin',
    );
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    host.server.close();
  }
});
