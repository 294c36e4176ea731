// The explorer page in headless Chromium (Debian's), served as `npm start`
// serves it. Screenshots of the main states go to test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

let browser;
let app;

useBrowser({ host: false }, (env) => ({ browser, app } = env));

async function open(hash = '', viewport = { width: 1440, height: 1000 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/${hash ? `#${hash}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems, context };
}

// What the chart draws, by dataset kind.
const datasets = (page) => page.evaluate(() => window.activationLab.chart.datasets);
const ids = (page) => page.evaluate(() => window.activationLab.lab.activations.map((a) => a.id));

test('loads with no console errors or warnings, under its CSP', async () => {
  const { page, problems, context } = await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
  await page.screenshot({ path: `${SHOTS}/explorer-default.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('every activation in the table can be selected and draws f and f′', async () => {
  const { page, problems, context } = await open();
  const select = page.getByLabel('Activation function', { exact: true });
  const all = await ids(page);
  // Every entry of the table is offered: the same ids as the golden data.
  const golden = readdirSync('tests/golden').map((f) => f.replace(/\.json$/, ''));
  assert.deepEqual([...all].sort(), golden.sort());
  for (const id of all) {
    await select.selectOption(id);
    const drawn = await datasets(page);
    const f = drawn.find((d) => d.kind === 'function');
    const g = drawn.find((d) => d.kind === 'gradient');
    assert.ok(f && g, id);
    assert.ok(f.data.filter((p) => Number.isFinite(p.y)).length > 500, `${id} f has points`);
    assert.ok(g.data.filter((p) => Number.isFinite(p.y)).length > 500, `${id} f′ has points`);
    assert.ok(new Set(f.data.map((p) => p.y)).size > 1, `${id} f is not constant`);
    assert.equal(
      await page.locator('#plot-title').textContent(),
      await page.evaluate((i) => window.activationLab.lab.activation(i).label, id),
    );
    assert.match(await page.locator('#chart').getAttribute('aria-label'), /^Plot of /);
    await page.locator(`#formula[data-activation="${id}"]:not(.formula-pending) .katex`).waitFor();
    assert.equal(await page.locator('#formula .katex').count(), 1, `${id} formula rendered`);
  }
  // The page's hand-written HTML names no activation: the select is built
  // from the table, and so are the build's formula templates.
  const html = readFileSync('web/index.html', 'utf8');
  for (const id of ['leaky_relu', 'gelu', 'softplus']) assert.ok(!html.includes(id));
  assert.deepEqual(problems, []);
  await context.close();
});

test('moving a slider (by keyboard) changes the plotted data and the URL', async () => {
  const { page, problems, context } = await open('activation=leaky_relu');
  const before = (await datasets(page)).find((d) => d.kind === 'function').data[0].y;
  const slider = page.getByRole('slider', { name: 'negative_slope' });
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  const afterY = (await datasets(page)).find((d) => d.kind === 'function').data[0].y;
  assert.notEqual(afterY, before);
  assert.equal(await page.getByRole('spinbutton', { name: 'negative_slope' }).inputValue(), '0.11');
  await page.waitForURL(/negative_slope=0\.11/); // the URL follows within URL_WRITE_MS
  assert.match(page.url(), /negative_slope=0\.11/);
  // A typed number outside the domain stays in the field, with the reason.
  await page.getByLabel('Activation function', { exact: true }).selectOption('softshrink');
  const lambd = page.getByRole('spinbutton', { name: 'lambd' });
  await lambd.fill('-1');
  // The message waits for a pause in typing (tests/e2e/states.test.mjs).
  await page.waitForFunction(() => document.querySelector('.param .field-error').textContent !== '');
  assert.match(
    await page.locator('.param .field-error').textContent(),
    /lambd must lie in \[0, inf\], got -1; the plot keeps lambd = 0\.5\./,
  );
  assert.equal(await lambd.inputValue(), '-1');
  assert.equal(await lambd.getAttribute('aria-invalid'), 'true');
  await page.waitForURL(/activation=softshrink/);
  assert.match(page.url(), /lambd=0\.5/, 'state keeps the last valid value');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typed values fill the table with the numbers of lab.evaluate and lab.gradient', async () => {
  const { page, problems, context } = await open('activation=gelu');
  await page.getByLabel('Values (x)').fill('-2, -0.5, 0, 1e-3, 3');
  await page.waitForFunction(() => document.querySelectorAll('#values-table tbody tr').length === 5);
  assert.equal(await page.locator('#values-table caption').textContent(), 'Your values: x, f(x) and f′(x)');
  // Each cell holds the exact value (data-value) and shows 10 digits.
  const rows = await page.$$eval('#values-table tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((td) => [td.dataset.value, td.textContent])),
  );
  const expected = await page.evaluate(() => {
    const { lab } = window.activationLab;
    const xs = [-2, -0.5, 0, 1e-3, 3];
    const f = lab.evaluate('gelu', xs);
    const g = lab.gradient('gelu', xs);
    return xs.map((x, i) => [x, f[i], g[i]].map((v) => [String(v), String(Number(v.toPrecision(10)))]));
  });
  assert.deepEqual(rows, expected);
  const marked = (await datasets(page)).filter((d) => d.kind === 'values');
  assert.deepEqual(
    marked.map((d) => d.data.length),
    [5, 5],
    'points marked on both curves',
  );
  await page.screenshot({ path: `${SHOTS}/explorer-values.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad input shows the parser message, keeps the text and the last plot', async () => {
  const { page, problems, context } = await open('activation=relu&values=1,2');
  const field = page.getByLabel('Values (x)');
  await field.fill('1, 2, 1e');
  await page.waitForFunction(() => document.getElementById('values-error').textContent !== '');
  assert.equal(await page.locator('#values-error').textContent(), '"1e" is not a number (line 1, column 7)');
  assert.equal(await field.inputValue(), '1, 2, 1e');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#values-table tbody tr').count(), 2, 'previous table kept');
  assert.ok((await datasets(page)).find((d) => d.kind === 'function').data.length >= 601, 'chart not blank');
  await page.screenshot({ path: `${SHOTS}/explorer-bad-input.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('parameters that are valid only together restore together; a slider cannot break them', async () => {
  const { page, problems, context } = await open('activation=rrelu&lower=0.5&upper=0.9');
  assert.deepEqual(await page.evaluate(() => window.activationLab.state.params), { lower: 0.5, upper: 0.9 });
  assert.equal(await page.locator('#notices').textContent(), '');
  // Drag "lower" above "upper" with the keyboard: refused with a message.
  const lower = page.getByRole('slider', { name: 'lower' });
  await lower.focus();
  await page.keyboard.press('End');
  assert.match(await page.locator('.param .field-error').first().textContent(), /lower must not exceed upper/);
  assert.deepEqual(await page.evaluate(() => window.activationLab.state.params), { lower: 0.5, upper: 0.9 });
  // The page still works afterwards.
  await page.getByRole('spinbutton', { name: 'upper' }).fill('1');
  await lower.focus();
  await page.keyboard.press('End');
  assert.deepEqual(await page.evaluate(() => window.activationLab.state.params), { lower: 1, upper: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a URL hash restores the whole view; bad keys fall back with a notice', async () => {
  const hash =
    'activation=hardtanh&min_val=-0.5&max_val=2&compare=tanh,relu&x_min=-4&x_max=4&y_min=-1.5&y_max=2.5&values=-1,0.5,3&show=gradient';
  const { page, problems, context } = await open(hash);
  const state = await page.evaluate(() => window.activationLab.state);
  assert.deepEqual(state, {
    activation: 'hardtanh',
    params: { min_val: -0.5, max_val: 2 },
    compare: ['tanh', 'relu'],
    xMin: -4,
    xMax: 4,
    values: '-1,0.5,3',
    show: { function: false, gradient: true },
    yMin: -1.5,
    yMax: 2.5,
  });
  assert.equal(await page.locator('#y-set').isChecked(), true);
  assert.equal(await page.inputValue('#y-max'), '2.5');
  assert.equal(await page.getByLabel('Activation function', { exact: true }).inputValue(), 'hardtanh');
  assert.equal(await page.getByRole('spinbutton', { name: 'max_val' }).inputValue(), '2');
  assert.equal(await page.locator('#show-function').isChecked(), false);
  assert.equal(await page.locator('#compare-list li').count(), 2);
  assert.equal(await page.locator('#values-table tbody tr').count(), 3);
  assert.equal(page.url().split('#')[1], hash, 'state writes back the same hash');
  await page.screenshot({ path: `${SHOTS}/explorer-hash.png`, fullPage: true });

  await page.goto(`${app.origin}/#activation=nope&alpha=2&zzz=1&x_min=5&x_max=1`);
  await page.waitForFunction(() => document.getElementById('notices').textContent.includes('nope'));
  const notices = await page.locator('#notices').textContent();
  assert.match(notices, /Unknown activation "nope"/);
  assert.match(notices, /Ignored unknown setting "zzz"/);
  assert.match(notices, /x min must be less than x max/);
  assert.ok((await datasets(page)).find((d) => d.kind === 'function').data.length >= 601, 'not blank');
  assert.deepEqual(problems, []);
  await context.close();
});

test('CSV export matches the Values table; PNG export is a PNG', async () => {
  const { page, problems, context } = await open('activation=softplus&values=-1,0,inf,nan,30');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const text = readFileSync(await csv.path(), 'utf8');
  const rows = await page.$$eval('#values-table tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.dataset.value)),
  );
  // The same doubles (the table writes inf, the CSV Infinity, which Number() reads;
  // tests/e2e/export.test.mjs checks the CSV's header and spellings).
  const number = (v) => ({ inf: Infinity, '-inf': -Infinity })[v] ?? Number(v);
  const [, ...lines] = text.trim().split('\n');
  assert.deepEqual(
    lines.map((line) => line.split(',').map(Number)),
    rows.map((cells) => cells.map(number)),
  );
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
  const bytes = readFileSync(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.suggestedFilename(), 'softplus.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('works at 375 px: no sideways scrolling, chart and controls usable', async () => {
  const { page, problems, context } = await open('activation=elu&values=-1,0,1', { width: 375, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  const box = await page.locator('#chart').boundingBox();
  assert.ok(box.width > 300 && box.height > 200, JSON.stringify(box));
  await page.getByRole('slider', { name: 'alpha' }).focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForURL(/alpha=0\.95/);
  assert.match(page.url(), /alpha=0\.95/);
  await page.screenshot({ path: `${SHOTS}/explorer-375.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('dark theme follows prefers-color-scheme', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/#activation=silu&compare=relu&values=-3,-1,0,2`);
  await page.waitForSelector('body[data-ready="true"]');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(11, 17, 32)');
  await page.screenshot({ path: `${SHOTS}/explorer-dark.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page without WebAssembly says so instead of failing silently', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  const page = await context.newPage();
  await page.goto(`${app.origin}/`);
  await page.waitForSelector('#load-error:not([hidden])');
  assert.match(await page.locator('#load-error').textContent(), /cannot run WebAssembly/);
  await context.close();
});

test("jumps are drawn as a break and a dot at the value PyTorch uses (relu'(0) = 0)", async () => {
  const { page, problems, context } = await open('activation=relu');
  let drawn = await datasets(page);
  const gradient = drawn.find((d) => d.kind === 'gradient');
  const at0 = gradient.data.filter((p) => p.x === 0);
  assert.equal(at0.length, 1);
  assert.ok(Number.isNaN(at0[0].y), 'the line breaks at 0');
  const dots = drawn.filter((d) => d.kind === 'jump').flatMap((d) => d.data);
  assert.deepEqual(dots, [{ x: 0, y: 0 }]);
  await page.goto(`${app.origin}/#activation=threshold&threshold=1&value=0`);
  await page.waitForFunction(() => window.activationLab.state.activation === 'threshold');
  drawn = await datasets(page);
  const fDots = drawn.filter((d) => d.kind === 'jump' && d.label.includes('f(x)')).flatMap((d) => d.data);
  assert.deepEqual(fDots, [{ x: 1, y: 0 }]);
  await page.screenshot({ path: `${SHOTS}/explorer-threshold.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the x range reset says what it resets; the table caption does not repeat its heading', async () => {
  const { page, problems, context } = await open();
  await page.getByRole('button', { name: 'Reset x range' }).waitFor();
  assert.equal(await page.locator('#values-table caption').evaluate((c) => getComputedStyle(c).position), 'absolute');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the chart says what the maths says: tick labels with the digits of their step, zero-gradient intervals from the kinks', async () => {
  // Chart.js's own labels gave one decimal at step 0.25 (-0.3, 0.3, 0.8):
  // tests/node/ticks.test.mjs holds that case; here, the chart uses the rule.
  for (const hash of [
    'activation=relu&compare=leaky_relu,elu,gelu,silu&show=function',
    'activation=relu&x_min=-0.2&x_max=2.2&show=function',
    'activation=tanh&x_min=-0.001&x_max=0.003',
  ]) {
    const { page, problems, context } = await open(hash);
    const ticks = await page.evaluate(() => window.activationLab.chart.ticks);
    for (const axis of ['x', 'y']) {
      const list = ticks[axis];
      const labels = list.map((t) => t.label);
      const step = list[1].value - list[0].value;
      for (const t of list) {
        assert.ok(Math.abs(Number(t.label) - t.value) < step * 1e-6, `${hash} ${axis}: ${t.value} reads ${t.label}`);
      }
      assert.equal(new Set(labels).size, labels.length, `${hash} ${axis}: ${labels}`);
      // One axis, one number of decimals (0 itself aside).
      const decimals = new Set(labels.filter((l) => l !== '0').map((l) => (l.split('.')[1] ?? '').length));
      assert.equal(decimals.size, 1, `${hash} ${axis}: ${labels}`);
    }
    if (hash.startsWith('activation=relu&compare')) {
      // relu'(x) = 0 exactly on [-5, 0]; it once said [-5, 0.00833] (half a sample past the kink).
      assert.match(await page.getAttribute('#chart', 'aria-label'), /The gradient is exactly 0 on \[-5, 0\]:/);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('values outside the x range are named, with one click to fit the range to them', async () => {
  const { page, problems, context } = await open('activation=relu&values=-8,0,1,12');
  assert.equal(
    await page.textContent('#outside-text'),
    '2 of your 4 values lie outside the x range, so the chart does not show them.',
  );
  await page.getByRole('button', { name: 'Fit x range to values' }).click();
  await page.waitForFunction(() => window.activationLab.state.xMin === -9 && window.activationLab.state.xMax === 13);
  assert.equal(await page.isVisible('#outside-note'), false);
  assert.equal(await page.inputValue('#x-min'), '-9');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the last curve shown cannot be unchecked, and says why', async () => {
  const { page, problems, context } = await open('activation=relu');
  const gradient = page.getByRole('checkbox', { name: 'f′(x)' });
  await gradient.uncheck();
  const box = page.getByRole('checkbox', { name: 'f(x)', exact: true });
  assert.equal(await box.isDisabled(), true);
  assert.match(await box.getAttribute('title'), /At least one of f\(x\) and f′\(x\) stays shown/);
  await gradient.check();
  assert.equal(await box.isDisabled(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('formulas come typeset from the build: SVG to see, MathML to hear, no math code and no fonts', async () => {
  const { page, problems, context } = await open('activation=gelu');
  const ids = await page.evaluate(() => window.activationLab.lab.activations.map((a) => a.id));
  // The HTML holds a first visit's activation's f and f′ as <template>s;
  // formulas.json every activation's, as trees the page builds node by node.
  const first = ids[0];
  assert.deepEqual(await page.$$eval('template[id^="tex-"]', (ts) => ts.map((t) => t.id).sort()), [
    `tex-df-${first}`,
    `tex-f-${first}`,
  ]);
  const trees = JSON.parse(readFileSync('dist/web/formulas.json', 'utf8'));
  assert.deepEqual(Object.keys(trees).sort(), [...ids].sort());
  await page.locator('#formula[data-activation="gelu"]:not(.formula-pending)').waitFor();
  // What the page built is the build's tree, node for node, in its namespaces.
  const built = await page.evaluate(() => {
    const ns = { 'http://www.w3.org/2000/svg': 'svg', 'http://www.w3.org/1998/Math/MathML': 'math' };
    const tree = (n) =>
      n.nodeType === Node.TEXT_NODE
        ? n.data
        : [
            n.localName,
            Object.fromEntries([...n.attributes].map((a) => [a.name, a.value])),
            ...[...n.childNodes].map(tree),
          ];
    const spaces = (n, out = new Set()) => (
      n.namespaceURI && out.add(ns[n.namespaceURI] ?? 'html'), [...n.children].forEach((c) => spaces(c, out)), out
    );
    const box = document.getElementById('formula');
    return {
      tree: tree(box.firstChild),
      spaces: [...spaces(box.firstChild)].sort(),
      svg: box.querySelector('svg').namespaceURI,
    };
  });
  const strip = ([tag, attributes, ...children]) => [
    tag,
    Object.fromEntries(Object.entries(attributes).filter(([name]) => !name.startsWith('xmlns'))),
    ...children.map((c) => (typeof c === 'string' ? c : strip(c))),
  ];
  assert.deepEqual(built.tree, strip(trees.gelu.f));
  assert.deepEqual(built.spaces, ['html', 'math', 'svg']);
  for (const id of ['formula', 'gradient-formula']) {
    const svg = page.locator(`#${id} .formula > svg`);
    assert.equal(await svg.count(), 1, `${id}: one SVG`);
    assert.equal(await svg.getAttribute('aria-hidden'), 'true');
    assert.ok((await svg.locator('path').count()) > 5, `${id}: glyphs as paths`);
    assert.ok((await svg.boundingBox()).width > 40, `${id}: drawn`);
    assert.equal(await page.locator(`#${id} math`).count(), 1, `${id}: MathML for screen readers`);
  }
  assert.match(await page.locator('#formula annotation').textContent(), /\\Phi/, 'the TeX source rides along');
  const fonts = [];
  page.on('request', (r) => r.resourceType() === 'font' && fonts.push(r.url()));
  await page.getByLabel('Activation function', { exact: true }).selectOption('softplus');
  // formulas.json is in: the switch shows the new formula at once (no pending frame).
  assert.equal(await page.locator('#formula').getAttribute('data-activation'), 'softplus');
  assert.equal(await page.locator('#formula.formula-pending').count(), 0);
  assert.equal(await page.locator('#formula .formula > svg').count(), 1);
  assert.deepEqual(fonts, [], 'no font is loaded');
  const app = readFileSync('dist/web/app.js', 'utf8');
  assert.doesNotMatch(app, /KaTeX parse error|MathJax/, 'no math typesetter in app.js');
  assert.deepEqual(problems, []);
  await context.close();
});
