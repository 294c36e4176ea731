// The explorer's chart as a reader handles it (headless Chromium): zoom and
// pan by wheel, drag and keys, each written into the state (x and y fields,
// URL) and re-sampled; the y range control; "Zoom to x < 0"; the legend,
// one entry per activation; tooltips with the digits the axes need. And the
// widget: a plain wheel over it scrolls the article, Ctrl + wheel zooms.
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

async function open(hash = '', { width = 1280, height = 1000, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/${hash ? `#${hash}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems, context };
}

const state = (page) => page.evaluate(() => window.activationLab.state);
const area = (page) => page.evaluate(() => window.activationLab.chart.area);
const datasets = (page) => page.evaluate(() => window.activationLab.chart.datasets);
const span = ([a, b]) => b - a;

/** The middle of the plot area, in page pixels. */
async function plotCentre(page) {
  const box = await page.locator('#chart').boundingBox();
  const a = await area(page);
  return { x: box.x + (a.left + a.right) / 2, y: box.y + (a.top + a.bottom) / 2 };
}

/** Waits until the URL hash says `pattern` (it follows within 150 ms). */
const urlSays = (page, pattern) => page.waitForFunction((p) => new RegExp(p).test(location.hash), pattern.source);

test('a wheel zooms: the x scale, the x fields and the URL follow, the curves are re-sampled; Reset zoom restores', async () => {
  const { page, problems, context } = await open('activation=relu');
  const before = await area(page);
  assert.deepEqual(before.x, [-5, 5]);
  assert.equal(await page.locator('#zoom-reset').isDisabled(), true, 'nothing to reset yet');
  const centre = await plotCentre(page);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.wheel(0, -300); // wheel up: closer
  await page.waitForFunction(() => window.activationLab.state.xMin > -5);
  const zoomed = await state(page);
  const after = await area(page);
  assert.ok(span(after.x) < 0.95 * span(before.x), `x span ${span(after.x)}`);
  assert.deepEqual(after.x, [zoomed.xMin, zoomed.xMax], 'the chart draws the state');
  // The fields and the URL say what is drawn, in few digits.
  assert.equal(await page.inputValue('#x-min'), String(zoomed.xMin));
  assert.equal(await page.inputValue('#x-max'), String(zoomed.xMax));
  assert.ok(String(zoomed.xMin).length <= 8, `x min ${zoomed.xMin}`);
  await urlSays(page, new RegExp(`x_min=${zoomed.xMin}&x_max=${zoomed.xMax}`));
  assert.equal(await page.locator('#y-set').isChecked(), true, 'the wheel zoomed y too');
  // Re-sampled: 600 samples over the new range, not the old ones cut off.
  const f = (await datasets(page)).find((d) => d.kind === 'function');
  assert.equal(f.data[0].x, zoomed.xMin);
  assert.equal(f.data.at(-1).x, zoomed.xMax);
  assert.ok(f.data.length >= 601);
  // A link restores the zoomed view.
  const link = await open(page.url().split('#')[1]);
  assert.deepEqual((await area(link.page)).x, [zoomed.xMin, zoomed.xMax]);
  await link.context.close();

  await page.getByRole('button', { name: 'Reset zoom' }).click();
  assert.deepEqual((await area(page)).x, [-5, 5]);
  assert.equal(await page.locator('#y-auto').isChecked(), true);
  assert.equal(await page.inputValue('#x-min'), '-5');
  assert.equal(await page.locator('#zoom-reset').isDisabled(), true);
  await page.waitForFunction(() => !/x_min|y_min/.test(location.hash));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the zoom plugin loads on first use; a wheel and a drag that come before it still zoom and pan', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const asked = [];
  page.on('request', (r) => r.url().endsWith('/zoom-plugin.js') && asked.push(r.url()));
  // A slow network: the gesture arrives while the plugin is on its way.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/zoom-plugin.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${app.origin}/#activation=relu`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(asked, [], 'not with the first plot');
  const centre = await plotCentre(page);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  assert.equal((await state(page)).xMin, -5, 'nothing zoomed without the plugin');
  assert.equal(asked.length, 1);
  release();
  await page.waitForFunction(() => window.activationLab.state.xMin > -5);
  // A drag whose pointerdown came before the plugin is a pan once it is there.
  const fresh = await context.newPage();
  fresh.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  let releaseFresh;
  const heldFresh = new Promise((resolve) => (releaseFresh = resolve));
  await fresh.route('**/zoom-plugin.js', async (route) => {
    await heldFresh;
    await route.continue();
  });
  await fresh.goto(`${app.origin}/#activation=relu`);
  await fresh.waitForSelector('body[data-ready="true"]');
  const at = await plotCentre(fresh);
  await fresh.mouse.move(at.x, at.y);
  await fresh.mouse.down();
  releaseFresh();
  // Hammer's styles on the canvas: the plugin has started, the pointerdown replayed.
  await fresh.waitForFunction(() => document.getElementById('chart').style.userSelect === 'none');
  for (let i = 1; i <= 10; i++) await fresh.mouse.move(at.x + i * 12, at.y);
  await fresh.mouse.up();
  await fresh.waitForFunction(() => window.activationLab.state.xMin < -5);
  assert.ok(Math.abs((await state(fresh)).xMax - (await state(fresh)).xMin - 10) < 0.01, 'a pan keeps the span');
  assert.deepEqual(problems, []);
  await context.close();
});

test('dragging pans the view; the span stays', async () => {
  const { page, problems, context } = await open('activation=relu');
  const centre = await plotCentre(page);
  const a = await area(page);
  const pxPerUnit = (a.right - a.left) / span(a.x);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(centre.x + i * 12, centre.y);
  await page.mouse.up();
  await page.waitForFunction(() => window.activationLab.state.xMin < -5);
  const s = await state(page);
  // Dragged right by 120 px: the view moved left by about 120 px worth of x.
  assert.ok(Math.abs(s.xMin - (-5 - 120 / pxPerUnit)) < 30 / pxPerUnit, `x min ${s.xMin}`);
  assert.ok(Math.abs(s.xMax - s.xMin - 10) < 0.01, `span ${s.xMax - s.xMin}`);
  assert.equal(await page.inputValue('#x-min'), String(s.xMin));
  assert.deepEqual(problems, []);
  await context.close();
});

test('two fingers pinch-zoom x; a vertical swipe is left to the page (touch-action: pan-y)', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/#activation=relu`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.$eval('#chart', (c) => getComputedStyle(c).touchAction), 'pan-y');
  const { x, y } = await plotCentre(page);
  // Chromium's own touch input (CDP), as a phone sends it: two points moving apart sideways.
  const cdp = await context.newCDPSession(page);
  const touch = (type, d) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints:
        type === 'touchEnd'
          ? []
          : [
              { x: x - d, y, id: 1 },
              { x: x + d, y, id: 2 },
            ],
    });
  await touch('touchStart', 20);
  for (let d = 25; d <= 120; d += 5) await touch('touchMove', d);
  await touch('touchEnd', 0);
  await page.waitForFunction(() => window.activationLab.state.xMax - window.activationLab.state.xMin < 5);
  const s = await state(page);
  assert.ok(s.xMin > -5 && s.xMax < 5, `${s.xMin}, ${s.xMax}`);
  assert.equal(await page.inputValue('#x-max'), String(s.xMax));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the keyboard zooms and pans a focused chart, and 0 resets', async () => {
  const { page, problems, context } = await open('activation=relu');
  const canvas = page.locator('#chart');
  assert.equal(await canvas.getAttribute('tabindex'), '0');
  assert.match(await canvas.getAttribute('aria-label'), /\+ and − zoom, the arrow keys pan/);
  await page.keyboard.press('Tab'); // reach it as a keyboard user does: focus something, then tab until the chart
  await canvas.focus();
  await page.keyboard.press('+');
  // The focus began loading the zoom plugin; a key that came first waits for it.
  await page.waitForFunction(() => window.activationLab.state.xMin > -5);
  let s = await state(page);
  assert.ok(Math.abs(s.xMax - s.xMin - 10 * 0.75) < 0.01, `span after + ${s.xMax - s.xMin}`);
  const left = s.xMin;
  await page.keyboard.press('ArrowRight');
  s = await state(page);
  assert.ok(s.xMin > left, 'ArrowRight shows larger x');
  const scroll = await page.evaluate(() => scrollY);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => scrollY), scroll, 'the arrows do not scroll the page');
  await page.keyboard.press('-');
  s = await state(page);
  assert.ok(Math.abs(s.xMax - s.xMin - 10) < 0.01, `− undoes +: span ${s.xMax - s.xMin}`);
  await page.keyboard.press('-');
  s = await state(page);
  assert.ok(s.xMax - s.xMin > 10, 'zoomed out past the start');
  await page.keyboard.press('0');
  s = await state(page);
  assert.deepEqual([s.xMin, s.xMax, s.yMin, s.yMax], [-5, 5, null, null]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the y range: auto or set, in the URL, with errors that keep what was typed', async () => {
  const { page, problems, context } = await open('activation=relu');
  assert.equal(await page.locator('#y-auto').isChecked(), true);
  const auto = (await area(page)).y;
  assert.equal(await page.inputValue('#y-min'), String(auto[0]), 'auto shows the range drawn');
  // Typing a range sets it.
  await page.fill('#y-min', '-1');
  await page.fill('#y-max', '3');
  assert.deepEqual((await area(page)).y, [-1, 3]);
  assert.equal(await page.locator('#y-set').isChecked(), true);
  await urlSays(page, /y_min=-1&y_max=3/);
  // An inverted range: a message, the text kept, the chart unchanged.
  await page.fill('#y-min', '5');
  await page.locator('#y-min').blur();
  await page.waitForFunction(() => document.getElementById('y-range-error').textContent !== '');
  assert.equal(await page.textContent('#y-range-error'), 'y min must be less than y max.');
  assert.equal(await page.inputValue('#y-min'), '5');
  assert.equal(await page.getAttribute('#y-min', 'aria-invalid'), 'true');
  assert.deepEqual((await area(page)).y, [-1, 3]);
  // Another control re-renders: the typed text stays.
  await page.locator('#show-gradient').uncheck();
  assert.equal(await page.inputValue('#y-min'), '5');
  await page.fill('#y-min', '0');
  assert.equal(await page.textContent('#y-range-error'), '');
  assert.deepEqual((await area(page)).y, [0, 3]);
  // Back to auto.
  await page.locator('#y-auto').check();
  assert.notDeepEqual((await area(page)).y, [0, 3]);
  await page.waitForFunction(() => !/y_min/.test(location.hash));
  // "Set" starts from what auto drew.
  const drawn = (await area(page)).y;
  await page.locator('#y-set').check();
  assert.deepEqual((await area(page)).y, drawn);
  assert.deepEqual([(await state(page)).yMin, (await state(page)).yMax], drawn);
  assert.deepEqual(problems, []);
  await context.close();

  // Links: a set range restores; half a range or a bad one falls back with a notice.
  const link = await open('activation=relu&y_min=-0.5&y_max=2');
  assert.deepEqual((await area(link.page)).y, [-0.5, 2]);
  assert.equal(await link.page.locator('#y-set').isChecked(), true);
  await link.context.close();
  for (const [hash, message] of [
    ['activation=relu&y_min=-0.5', /y_max is missing/],
    ['activation=relu&y_min=2&y_max=1', /y min must be less than y max/],
    ['activation=relu&y_min=abc&y_max=1', /y_min=abc/],
  ]) {
    const bad = await open(hash);
    assert.match(await bad.page.textContent('#notices'), message, hash);
    assert.equal(await bad.page.locator('#y-auto').isChecked(), true, hash);
    await bad.context.close();
  }
});

/** The plot's pixels per unit of f on the way from x0 to x1, over pixels of x. */
async function pixelSlope(page, x0, x1) {
  const a = await area(page);
  const f = (await datasets(page)).find((d) => d.kind === 'function').data;
  const at = (x) => f.reduce((best, p) => (Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best)).y;
  const py = (a.bottom - a.top) / span(a.y);
  const px = (a.right - a.left) / span(a.x);
  return Math.abs(((at(x1) - at(x0)) * py) / ((x1 - x0) * px));
}

test('"Zoom to x < 0" shows Leaky ReLU\'s small negative slope, and fits any activation', async () => {
  const { page, problems, context } = await open('activation=leaky_relu');
  const before = await area(page);
  const flat = await pixelSlope(page, -5, -0.5);
  await page.getByRole('button', { name: 'Zoom to x < 0' }).click();
  const after = await area(page);
  assert.equal(after.x[1], 0);
  assert.ok(after.x[0] < 0);
  assert.ok(span(after.y) < 0.1 * span(before.y), `y span ${span(after.y)} vs ${span(before.y)}`);
  const slope = await pixelSlope(page, after.x[0], -0.5);
  // 0.01 is about 0.006 px per px on the default view: a flat line. Here
  // it is a slope you see (over 0.1: 6 degrees and more).
  assert.ok(flat < 0.01, `default view slope ${flat}`);
  assert.ok(slope > 0.1, `zoomed slope ${slope}`);
  assert.equal(await page.inputValue('#x-max'), '0');
  assert.equal(await page.locator('#y-set').isChecked(), true);
  assert.equal(await page.locator('#zoom-reset').isDisabled(), false);
  await page.locator('.plot').screenshot({ path: `${SHOTS}/chart-zoom-negative.png` });

  // Every activation in the table: the view is x < 0, and every finite f
  // and f′ value drawn there is inside the fitted y range.
  const ids = await page.evaluate(() => window.activationLab.lab.activations.map((a) => a.id));
  for (const id of ids) {
    await page.getByLabel('Activation function', { exact: true }).selectOption(id);
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await page.getByRole('button', { name: 'Zoom to x < 0' }).click();
    const view = await area(page);
    assert.equal(view.x[1], 0, id);
    const ys = (await datasets(page))
      .filter((d) => d.kind === 'function' || d.kind === 'gradient')
      .flatMap((d) => d.data.map((p) => p.y))
      .filter(Number.isFinite);
    assert.ok(ys.length > 500, id);
    for (const y of ys) assert.ok(y >= view.y[0] && y <= view.y[1], `${id}: ${y} outside ${view.y}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the legend: one entry per activation, solid f and dashed f′, a key when both are shown', async () => {
  const { page, problems, context } = await open('activation=leaky_relu&negative_slope=0.2');
  const ids = await page.evaluate(() => window.activationLab.lab.activations.map((a) => a.id));
  const compare = ids.filter((id) => id !== 'leaky_relu').slice(0, 4);
  await page.goto(`${app.origin}/#activation=leaky_relu&negative_slope=0.2&compare=${compare.join(',')}`);
  await page.waitForFunction((n) => document.querySelectorAll('#chart-legend li').length === n, 5);
  const labels = await page.evaluate(
    (list) => list.map((id) => window.activationLab.lab.activation(id).label),
    compare,
  );
  const entries = await page.locator('#chart-legend li').allTextContents();
  // 10 curves, 5 entries, each naming one activation (the main one with its changed parameter).
  assert.equal((await datasets(page)).filter((d) => ['function', 'gradient', 'compare'].includes(d.kind)).length, 10);
  assert.deepEqual(entries, ['Leaky ReLU (negative_slope = 0.2)', ...labels]);
  assert.equal(await page.textContent('#chart-legend-key'), 'Solid: f(x). Dashed: f′(x).');
  assert.equal(await page.locator('#chart-legend-key').isVisible(), true);
  // One hue per activation: its f solid, its f′ dashed, in the same colour.
  const drawn = (await datasets(page)).filter((d) => d.group);
  for (const group of new Set(drawn.map((d) => d.group))) {
    const [f, g] = drawn.filter((d) => d.group === group && d.kind !== 'jump');
    assert.equal(f.color, g.color, group);
    assert.deepEqual(f.dash, [], group);
    assert.ok(g.dash.length > 0, group);
  }
  const hues = new Set(drawn.map((d) => d.color));
  assert.equal(hues.size, 5, 'five hues');
  // The legend is text outside the canvas (a screen reader and a search find it).
  assert.equal(await page.locator('#chart-legend').getAttribute('aria-label'), 'Legend');
  await page.locator('#show-gradient').uncheck();
  assert.equal(await page.locator('#chart-legend-key').isVisible(), false, 'no key for one kind of curve');
  assert.equal(await page.locator('#chart-legend li').count(), 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tooltips show the digits the axes need, not 17', async () => {
  const { page, problems, context } = await open('activation=gelu');
  const box = await page.locator('#chart').boundingBox();
  const a = await area(page);
  const tooltips = [];
  for (const fraction of [0.137, 0.301, 0.452, 0.777]) {
    await page.mouse.move(box.x + a.left + fraction * (a.right - a.left), box.y + (a.top + a.bottom) / 2);
    const t = await page.waitForFunction(() => window.activationLab.chart.tooltip).then((h) => h.jsonValue());
    tooltips.push(t);
  }
  for (const t of tooltips) {
    // Step 1 on x: two decimals at most (-3.63, not -3.6333333333333333).
    assert.match(t.title, /^x = -?\d+(\.\d{1,2})?$/, t.title);
    assert.equal(t.lines.length, 2, JSON.stringify(t));
    for (const line of t.lines) {
      const number = line.split(': ').at(-1);
      const significant = number.replace(/^-?0\.0*|[-.]|e.*$/g, '').replace(/^0+/, '');
      assert.ok(significant.length <= 6, `${line}: ${significant.length} digits`);
      assert.ok(Number.isFinite(Number(number)), line);
    }
  }
  // Neighbouring samples read differently.
  assert.equal(new Set(tooltips.map((t) => t.title)).size, tooltips.length);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the widget: a plain wheel scrolls the article, Ctrl + wheel zooms the plot', async () => {
  // An article taller than the window, the plot in its middle (CSS from a file: the host's CSP has no inline styles).
  host.pages.set('/article.css', { body: '.intro { height: 400px } .more { height: 2000px }', type: 'text/css' });
  host.pages.set('/article', {
    body: `<!doctype html><html><head><meta charset="utf-8"><title>article</title><link rel="stylesheet" href="/article.css"></head><body>
      <p class="intro">Intro</p>
      <script type="module" src="${app.origin}/activation-plot.js"></script>
      <activation-plot id="w" activation="relu"></activation-plot>
      <p class="more">More</p></body></html>`,
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const problems = watchConsole(page);
  await page.goto(`${host.origin}/article`);
  await page.waitForFunction(() => document.getElementById('w').datasets?.length > 0);
  const canvas = page.locator('activation-plot .chart canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const scroll = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, 200);
  await page.waitForFunction((s) => scrollY > s, scroll);
  assert.equal(await page.evaluate(() => document.getElementById('w').state.x_min), undefined, 'not zoomed');
  // ...and says, over the plot, how to zoom.
  const hint = page.locator('activation-plot .chart-hint');
  assert.equal(await hint.isVisible(), true);
  assert.equal(await hint.textContent(), 'Hold Ctrl and scroll to zoom');
  const after = await canvas.boundingBox();
  await page.mouse.move(after.x + after.width / 2, after.y + after.height / 2);
  const scrolled = await page.evaluate(() => scrollY);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await page.waitForFunction(() => document.getElementById('w').state.x_min !== undefined);
  assert.equal(await page.evaluate(() => scrollY), scrolled, 'Ctrl + wheel did not scroll');
  const s = await page.evaluate(() => document.getElementById('w').state);
  assert.ok(Number(s.x_min) > -5 && Number(s.x_max) < 5, JSON.stringify(s));
  // Its legend is in its shadow root, one entry.
  assert.deepEqual(
    await page.evaluate(() =>
      [...document.getElementById('w').shadowRoot.querySelectorAll('.chart-legend li')].map((li) => li.textContent),
    ),
    ['ReLU'],
  );
  assert.deepEqual(problems, []);
  await page.close();
});
