// Embedding, as a tutorial author does it: a host page on another origin
// with a strict CSP and Trusted Types loads the widget script and the iframe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

let browser;
let app;
let host;

useBrowser({ host: true }, (env) => ({ browser, app, host } = env));

function hostPage(path, body, script = '') {
  host.pages.set(path, {
    body: `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>${body}${script ? `<script src="${path}.js"></script>` : ''}</body></html>`,
  });
  if (script) host.pages.set(`${path}.js`, { body: script, type: 'text/javascript' });
  return `${host.origin}${path}`;
}

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
  const problems = watchConsole(page);
  await page.goto(url);
  return { page, problems };
}

// Datasets drawn by the n-th widget of the page.
const widgetData = (page, n = 0) => page.evaluate((i) => document.querySelectorAll('activation-plot')[i].datasets, n);
const ready = (page, count = 1) =>
  page.waitForFunction((c) => {
    const all = [...document.querySelectorAll('activation-plot')];
    return all.length >= c && all.every((w) => w.datasets && w.datasets.length > 0);
  }, count);

test('a host page on another origin, with strict CSP and Trusted Types, embeds both forms', async () => {
  const messages = [];
  const url = hostPage(
    '/both',
    `<script type="module" src="${app.origin}/activation-plot.js"></script>
     <activation-plot activation="leaky_relu" negative-slope="0.01" x-min="-5" x-max="5" values="-2, 0, 3" show="function gradient" controls="compact"></activation-plot>
     <iframe id="frame" src="${app.origin}/embed-elu.html#activation=elu&alpha=0.5" title="ELU" width="600" height="200" sandbox="allow-scripts"></iframe>`,
    `window.heights = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'activation-lab:height') window.heights.push([e.origin, e.data.height]); });`,
  );
  const { page, problems } = await open(url);
  const csp = (await page.request.get(url)).headers()['content-security-policy'];
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  await ready(page);
  const data = await widgetData(page);
  // f, f′ (its jump at 0 marked with a dot), and the typed values on both.
  assert.deepEqual(
    data.map((d) => d.kind),
    ['function', 'gradient', 'jump', 'values', 'values'],
  );
  assert.equal(data[3].data.length, 3);

  // The widget's table shows the typed values; the host's CSS cannot reach it.
  const cells = await page.evaluate(() =>
    [...document.querySelector('activation-plot').shadowRoot.querySelectorAll('td')].map((td) => td.textContent),
  );
  assert.deepEqual(cells, ['-2', '-0.02', '0.01', '0', '0', '0.01', '3', '3', '1']);
  // The iframe (sandboxed: origin "null") renders and reports its height.
  const frame = page.frameLocator('#frame');
  await frame.locator('activation-plot').waitFor();
  await page.waitForFunction(() => window.heights.length > 0);
  const [origin, height] = await page.evaluate(() => window.heights.at(-1));
  assert.equal(origin, 'null');
  assert.ok(height > 300 && height < 1000, `height ${height}`);
  await page.screenshot({ path: `${SHOTS}/embed-host.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the resize helper sizes the iframe, and only from its own frames', async () => {
  const url = hostPage(
    '/resize',
    `<script type="module" src="${app.origin}/iframe-resizer.js"></script>
     <iframe id="frame" src="${app.origin}/embed.html#activation=tanh&values=0,1" title="tanh" width="600" height="150" sandbox="allow-scripts"></iframe>`,
  );
  const { page, problems } = await open(url);
  await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 300);
  // A message from the host itself (not from the frame) is ignored.
  await page.evaluate(() => window.postMessage({ type: 'activation-lab:height', height: 123 }, '*'));
  await page.waitForTimeout(200);
  assert.notEqual(await page.evaluate(() => document.getElementById('frame').style.height), '123px');
  assert.deepEqual(problems, []);
  await page.close();
});

test('changing an attribute re-plots; a reader moving a control emits change', async () => {
  const url = hostPage(
    '/attr',
    `<script type="module" src="${app.origin}/activation-plot.js"></script>
     <activation-plot id="w" activation="leaky_relu" controls="compact"></activation-plot>`,
    `window.changes = []; document.getElementById('w').addEventListener('change', (e) => window.changes.push(e.detail));`,
  );
  const { page, problems } = await open(url);
  await ready(page);
  const first = (await widgetData(page))[0].data[0].y;
  await page.evaluate(() => document.getElementById('w').setAttribute('negative-slope', '0.5'));
  assert.equal((await widgetData(page))[0].data[0].y, first * 50, 'f(-5) follows the new slope');
  await page.evaluate(() => document.getElementById('w').setAttribute('activation', 'tanh'));
  assert.match((await widgetData(page))[0].label, /Tanh/);
  await page.evaluate(() => document.getElementById('w').setAttribute('activation', 'elu'));
  const slider = page.locator('activation-plot').getByRole('slider', { name: 'alpha' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  const changes = await page.evaluate(() => window.changes);
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0], { activation: 'elu', alpha: '1.05' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('two widgets on one page both work and share one wasm instance', async () => {
  const url = hostPage(
    '/two',
    `<script type="module" src="${app.origin}/activation-plot.js"></script>
     <activation-plot activation="relu" values="-1,1"></activation-plot>
     <activation-plot activation="sigmoid" compare="tanh" theme="dark" controls="full"></activation-plot>`,
  );
  const { page, problems } = await open(url);
  await ready(page, 2);
  assert.match((await widgetData(page, 0))[0].label, /ReLU/);
  assert.deepEqual(
    (await widgetData(page, 1)).map((d) => d.label),
    ['Sigmoid f(x)', 'Sigmoid f′(x)', 'Tanh f(x)', 'Tanh f′(x)'],
  );
  const wasmRequests = await page.evaluate(
    () => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).length,
  );
  assert.equal(wasmRequests, 1);
  await page.screenshot({ path: `${SHOTS}/embed-two.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('removing and re-adding a widget 100 times leaks neither charts nor wasm memory', async () => {
  const url = hostPage(
    '/churn',
    `<script type="module" src="${app.origin}/activation-plot.js"></script>
     <div id="box"><activation-plot id="w" activation="gelu" values="-1, 0, 1" controls="full"></activation-plot></div>`,
  );
  const { page, problems } = await open(url);
  await ready(page);
  const result = await page.evaluate(async () => {
    const Widget = customElements.get('activation-plot');
    const box = document.getElementById('box');
    const w = document.getElementById('w');
    const start = { charts: Widget.liveCharts, heap: Widget.heapBytes };
    for (let i = 0; i < 100; i++) {
      w.remove();
      box.append(w);
    }
    await new Promise((r) => setTimeout(r, 50));
    return { start, end: { charts: Widget.liveCharts, heap: Widget.heapBytes } };
  });
  assert.equal(result.start.charts, 1);
  assert.deepEqual(result.end, result.start);
  assert.deepEqual(problems, []);
  await page.close();
});

test('inside sandbox="" (no script at all) the iframe shows a picture and a link', async () => {
  const url = hostPage(
    '/noscript',
    `<iframe id="frame" src="${app.origin}/embed-softplus.html#activation=softplus" title="softplus" width="700" height="440" sandbox=""></iframe>`,
  );
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const [image] = await Promise.all([page.waitForResponse((r) => r.url().includes('/previews/')), page.goto(url)]);
  assert.equal(image.url().split('/').pop(), 'softplus.svg');
  assert.equal(image.status(), 200);
  const frame = page.frames().find((f) => f.url().includes('embed-softplus'));
  const link = await frame.$eval('noscript, a', (a) => a.textContent);
  assert.match(link, /Open interactive version/);
  await page.screenshot({ path: `${SHOTS}/embed-noscript.png` });
  await page.close();
});

test('the embed dialog snippets, pasted into a fresh host page, reproduce the state', async () => {
  const hash = 'activation=softshrink&lambd=0.8&values=-2,0,2&compare=tanh&x_min=-4&x_max=2';
  const { page, problems } = await open(`${app.origin}/#${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByRole('button', { name: 'Embed' }).click();
  const all = await page.$$eval('#embed-body pre code', (codes) => codes.map((c) => c.textContent));
  assert.equal(all.length, 3);
  assert.deepEqual(await page.$$eval('#embed-body button', (b) => b.map((e) => e.textContent)), [
    'Copy script embed',
    'Copy iframe embed',
    'Copy lab embed',
  ]);
  const snippets = all.slice(0, 2);
  const labSnippet = all[2];
  // The frame keeps its own origin, and with it the HTTP cache (PLOT_SANDBOX).
  assert.match(snippets[1], /sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"/);
  assert.match(
    snippets[0],
    /<activation-plot activation="softshrink" lambd="0.8" compare="tanh" x-min="-4" x-max="2" values="-2,0,2" controls="compact">/,
  );
  await page.waitForFunction(() => document.querySelector('#embed-body activation-plot')?.datasets?.length > 0);
  await page.screenshot({ path: `${SHOTS}/embed-dialog.png` });
  const pageState = await page.evaluate(() => window.activationLab.state);

  const pasted = await open(hostPage('/pasted', snippets.join('\n')));
  await ready(pasted.page);
  const widgetState = await pasted.page.evaluate(() => document.querySelector('activation-plot').state);
  assert.deepEqual(widgetState, {
    activation: 'softshrink',
    lambd: '0.8',
    compare: 'tanh',
    x_min: '-4',
    x_max: '2',
    values: '-2,0,2',
  });
  assert.equal(Number(widgetState.lambd), pageState.params.lambd);
  const frame = pasted.page.frameLocator('iframe');
  await frame.locator('activation-plot').waitFor();
  const frameState = await frame.locator('activation-plot').evaluate((w) => w.state);
  assert.deepEqual(frameState, widgetState);

  // The lab snippet trains this activation against Leaky ReLU, in a host page.
  assert.match(labSnippet, /lab-embed\.html#a=softshrink&amp;a\.lambd=0\.8/);
  const labHost = await open(hostPage('/pasted-lab', labSnippet));
  const labFrame = labHost.page.frameLocator('iframe');
  await labFrame.locator('body[data-ready="true"]').waitFor();
  const labState = await labFrame.locator('body').evaluate(() => window.dyingReluLab.state);
  assert.deepEqual(labState.a, { activation: 'softshrink', params: { lambd: 0.8 } });
  assert.equal(labState.b.activation, 'leaky_relu');
  // The same height protocol as the explorer's iframe view: the helper sizes it.
  await labHost.page.waitForFunction(() => /^\d+px$/.test(document.querySelector('iframe').style.height));
  await labFrame.locator('#run').click();
  await labFrame.locator('body').evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => (window.dyingReluLab.step >= 20 ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  assert.deepEqual([...problems, ...pasted.problems, ...labHost.problems], []);
  await page.close();
  await pasted.page.close();
  await labHost.page.close();
});

test('the iframe view takes only widget attributes from its hash', async () => {
  const { page, problems } = await open(
    `${app.origin}/embed.html#activation=relu&onclick=alert(1)&style=color:red&explorer=https://evil.example/&values=1`,
  );
  await page.waitForSelector('activation-plot');
  await ready(page);
  const attributes = await page.$eval('activation-plot', (w) => w.getAttributeNames().sort());
  assert.deepEqual(attributes, ['activation', 'controls', 'values']);
  // Not explorer either: a link could otherwise send "Open in Activation Lab" anywhere.
  assert.equal(
    await page.locator('#embed > .notice').textContent(),
    'Ignored unknown settings: onclick, style, explorer',
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed dialog’s options (theme, controls, height, curves) change both snippets and their previews', async () => {
  const { page, problems } = await open(`${app.origin}/#activation=elu&alpha=0.5`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Theme').selectOption('dark');
  await dialog.getByLabel('Controls').selectOption('full');
  await dialog.getByLabel('Show').selectOption('gradient');
  await dialog.getByLabel('Chart height (px)').fill('400');
  await page.waitForFunction(() => /height="400"/.test(document.querySelector('#embed-body pre code').textContent));
  const [script, iframe] = await page.$$eval('#embed-body pre code', (codes) => codes.map((c) => c.textContent));
  assert.match(
    script,
    /<activation-plot activation="elu" alpha="0.5" show="gradient" controls="full" theme="dark" height="400">/,
  );
  assert.match(
    iframe,
    /embed-elu\.html#activation=elu&amp;alpha=0\.5&amp;show=gradient&amp;controls=full&amp;theme=dark&amp;height=400"/,
  );
  // The live previews follow: the widget by its attributes, the iframe by its URL.
  const preview = page.locator('#embed-body activation-plot');
  await page.waitForFunction(() => {
    const w = document.querySelector('#embed-body activation-plot');
    return w.datasets.length > 0 && w.datasets.every((d) => d.kind !== 'function');
  });
  const shown = await preview.evaluate((w) => {
    const root = w.shadowRoot;
    return {
      theme: root.querySelector('.widget').dataset.theme,
      controls: root.querySelector('.widget').dataset.controls,
      chartHeight: root.querySelector('canvas').parentElement.getBoundingClientRect().height,
      select: getComputedStyle(root.querySelector('select')).display !== 'none',
    };
  });
  assert.deepEqual(shown, { theme: 'dark', controls: 'full', chartHeight: 400, select: true });
  const frame = page.frameLocator('#embed-body iframe');
  await frame.locator('activation-plot').waitFor();
  await page.waitForFunction(() => /height=400/.test(document.querySelector('#embed-body iframe').src));
  const inFrame = frame.locator('activation-plot');
  await inFrame.evaluate(
    (w) =>
      new Promise((resolve) => {
        const check = () => (w.datasets?.length ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  assert.deepEqual(
    await inFrame.evaluate((w) => ['theme', 'controls', 'height', 'show'].map((a) => w.getAttribute(a))),
    ['dark', 'full', '400', 'gradient'],
  );
  await page.screenshot({ path: `${SHOTS}/embed-dialog-options.png`, fullPage: true });
  // A bad height is named after a pause, and the snippets keep the last good one.
  await dialog.getByLabel('Chart height (px)').fill('5');
  await page.waitForFunction(() => document.getElementById('embed-height-error').textContent !== '');
  assert.equal(
    await page.locator('#embed-height-error').textContent(),
    'The chart height must be a number of pixels from 120 to 1200. The snippets keep 400.',
  );
  assert.match(await page.locator('#embed-body pre code').first().textContent(), /height="400"/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the widget names a height it cannot use and keeps its default', async () => {
  const url = hostPage(
    '/height',
    `<script type="module" src="${app.origin}/activation-plot.js"></script><activation-plot activation="relu" height="tall"></activation-plot><activation-plot activation="relu" height="333"></activation-plot>`,
  );
  const { page, problems } = await open(url);
  await ready(page, 2);
  const heights = await page.$$eval('activation-plot', (ws) =>
    ws.map((w) => ({
      chart: w.shadowRoot.querySelector('canvas').parentElement.getBoundingClientRect().height,
      notice: w.shadowRoot.querySelector('.notice').textContent,
    })),
  );
  assert.deepEqual(heights, [
    { chart: 280, notice: 'height="tall" is ignored: give the chart\'s height in CSS pixels, from 120 to 1200.' },
    { chart: 333, notice: '' },
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the explorer attribute points "Open in Activation Lab" elsewhere, or drops it (as from a CDN)', async () => {
  const url = hostPage(
    '/explorer-link',
    `<script type="module" src="${app.origin}/activation-plot.js"></script>
     <activation-plot activation="elu" alpha="0.5"></activation-plot>
     <activation-plot activation="elu" explorer="https://lab.example.org/explore.html"></activation-plot>
     <activation-plot activation="elu" explorer="none"></activation-plot>
     <activation-plot activation="elu" explorer="javascript:alert(1)"></activation-plot>`,
  );
  const { page, problems } = await open(url);
  await ready(page, 4);
  const links = await page.$$eval('activation-plot', (ws) =>
    ws.map((w) => {
      const a = w.shadowRoot.querySelector('a.open');
      return a.hidden || getComputedStyle(a).display === 'none' ? null : a.href;
    }),
  );
  assert.deepEqual(links, [
    `${app.origin}/index.html#activation=elu&alpha=0.5`,
    'https://lab.example.org/explore.html#activation=elu&alpha=1',
    null,
    null,
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});
