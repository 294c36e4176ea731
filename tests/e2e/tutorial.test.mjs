// The tutorial page in headless Chromium: the live unit of section 3 (a
// dead ReLU unit learns nothing, Leaky ReLU brings it back), the typed
// inputs of section 2, and the text agreeing with its charts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

let browser;
let app;

useBrowser({ host: false }, (env) => ({ browser, app } = env));

async function open(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/tutorial.html`);
  await page.waitForSelector('#unit[data-ready="true"]');
  return { page, problems, context };
}

// The unit's table as numbers (each cell's exact data-value), by column.
async function unitTable(page) {
  const rows = await page.$$eval('#unit-table tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((td) => Number(td.dataset.value))),
  );
  const [sum] = await page.$$eval('#unit-table tfoot tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))),
  );
  const column = (k) => rows.map((r) => r[k]);
  return { x: column(0), z: column(1), slope: column(2), dw: column(3), db: column(4), sum: { w: sum[0], b: sum[1] } };
}

const weights = async (page) => ({
  w: Number(await page.locator('#unit-w').inputValue()),
  b: Number(await page.locator('#unit-b').inputValue()),
});
const status = (page) => page.locator('#unit-status').textContent();
const isZero = (v) => v === 0; // +0 or -0: a zero share times a negative x is -0

// b pushed down by keyboard, from the start (ReLU, w = 0.5, b = 0.5) to
// b = -1: z = 0.5 x - 1 < 0 at every point of x in [-1, 1].
async function killWithRelu(page) {
  const slider = page.getByRole('slider', { name: 'b, slider' });
  await slider.focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft'); // step 0.05
  assert.deepEqual(await weights(page), { w: 0.5, b: -1 });
}

test('the tutorial loads with its widgets and the unit, no console errors, under its CSP', async () => {
  const { page, problems, context } = await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
  await page.waitForFunction(() => [...document.querySelectorAll('activation-plot')].every((w) => w.datasets?.length));
  // The unit starts alive: ReLU, w = b = 0.5, z > 0 at four of five points.
  assert.equal(await page.locator('#unit-activation option:checked').textContent(), 'ReLU');
  const t = await unitTable(page);
  assert.deepEqual(t.x, [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(t.z, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(t.slope, [0, 1, 1, 1, 1], "relu'(0) = 0, as PyTorch");
  assert.match(await status(page), /^z > 0 at 4 of 5 points/);
  assert.equal(await page.locator('#unit svg[role="img"]').count(), 1);
  // Alive, it learns: ten steps fit the points (w = 2, b = 2), as the text says.
  await page.getByRole('button', { name: 'Take 10 steps' }).click();
  const fit = await weights(page);
  assert.ok(Math.abs(fit.w - 2) < 0.01 && fit.b === 2, `fitted: ${JSON.stringify(fit)}`);
  assert.match(await status(page), /^The 10 steps moved w by \+1\.49\d* and b by \+1\.5\. z > 0 at 5 of 5 points/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dead ReLU unit: every f′(z), ∂L/∂w and ∂L/∂b is 0, a step changes nothing, the page says it is dead', async () => {
  const { page, problems, context } = await open();
  await killWithRelu(page);
  const dead = await unitTable(page);
  assert.ok(
    dead.z.every((z) => z < 0),
    `every z < 0: ${dead.z}`,
  );
  assert.ok(dead.slope.every(isZero), `every f′(z) = 0: ${dead.slope}`);
  assert.ok(dead.dw.every(isZero) && dead.db.every(isZero), 'every share of the gradient is 0');
  assert.ok(isZero(dead.sum.w) && isZero(dead.sum.b), 'the gradient is 0');
  assert.match(await status(page), /The unit is dead; no step can change it/);
  assert.equal(await page.locator('#unit').getAttribute('data-dead'), 'true');

  await page.getByRole('button', { name: 'Take one step' }).click();
  assert.deepEqual(await weights(page), { w: 0.5, b: -1 }, 'the step moved nothing');
  assert.deepEqual((await unitTable(page)).z, dead.z);
  assert.match(await status(page), /^The step changed nothing/);
  assert.match(await status(page), /The unit is dead; no step can revive it\./);
  // Nor can many steps, at any learning rate.
  await page.getByLabel('Learning rate η').fill('5');
  await page.getByRole('button', { name: 'Take 10 steps' }).click();
  assert.deepEqual(await weights(page), { w: 0.5, b: -1 });
  assert.match(await status(page), /^The 10 steps changed nothing/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Leaky ReLU (negative_slope = 0.01): the same step moves w and b, and 17 steps bring the unit back', async () => {
  const { page, problems, context } = await open();
  await killWithRelu(page);
  const select = page.getByLabel('Activation f', { exact: true });
  await select.selectOption({ label: 'Leaky ReLU (negative_slope = 0.01)' });
  const leaky = await unitTable(page);
  assert.ok(
    leaky.z.every((z) => z < 0),
    'same w and b, same z',
  );
  assert.deepEqual(leaky.slope, [0.01, 0.01, 0.01, 0.01, 0.01]);
  assert.ok(leaky.sum.w < 0 && leaky.sum.b < 0, `non-zero gradient, pointing up: ${JSON.stringify(leaky.sum)}`);
  assert.ok(leaky.dw.filter((v) => v !== 0).length >= 4, 'each point with x ≠ 0 adds to ∂L/∂w');
  assert.match(await status(page), /^Every z ≤ 0, but every f′\(z\) is 0\.01, not 0/);
  assert.equal(await page.locator('#unit').getAttribute('data-dead'), 'false');

  await page.getByRole('button', { name: 'Take one step' }).click();
  const moved = await weights(page);
  assert.ok(moved.w > 0.5 && moved.b > -1, `w and b moved: ${JSON.stringify(moved)}`);
  assert.match(await status(page), /^The step moved w by \+0\.0\d+ and b by \+0\.0\d+\./);

  // One step at a time until some z > 0: the page's text claims 17.
  let steps = 1;
  while (!(await unitTable(page)).z.some((z) => z > 0)) {
    assert.ok(steps < 100, 'revived within 100 steps');
    await page.getByRole('button', { name: 'Take one step' }).click();
    steps++;
  }
  assert.equal(steps, 17);
  assert.match(readFileSync('web/tutorial.html', 'utf8'), /After 17 steps the first z rises above 0/);
  assert.match(await status(page), /After 17 steps with every z ≤ 0, a z rose above 0: the unit is alive again/);
  // A few more fit the points (w = 2, b = 2).
  await page.getByRole('button', { name: 'Take 10 steps' }).click();
  await page.getByRole('button', { name: 'Take 10 steps' }).click();
  const fit = await weights(page);
  assert.ok(Math.abs(fit.w - 2) < 0.01 && Math.abs(fit.b - 2) < 0.01, `fitted: ${JSON.stringify(fit)}`);

  // Back to ReLU at the dead weights by Reset and typing: dead again.
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.deepEqual(await weights(page), { w: 0.5, b: 0.5 });
  await page.getByRole('spinbutton', { name: 'b', exact: true }).fill('-2');
  assert.match(await status(page), /The unit is dead/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad numbers in the unit are refused with a reason and change nothing', async () => {
  const { page, problems, context } = await open();
  const b = page.getByRole('spinbutton', { name: 'b', exact: true });
  await b.fill('12');
  assert.equal(await page.locator('#unit-b-error').textContent(), 'b must be a number from −10 to 10.');
  assert.equal(await b.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await unitTable(page)).z, [0, 0.25, 0.5, 0.75, 1], 'the unit kept b = 0.5');
  const lr = page.getByLabel('Learning rate η');
  await lr.fill('0');
  assert.match(await page.locator('#unit-lr-error').textContent(), /learning rate must be above 0/);
  await page.getByRole('button', { name: 'Take one step' }).click();
  assert.ok((await weights(page)).w !== 0.5, 'the step used the last valid learning rate');
  assert.deepEqual(problems, []);
  await context.close();
});

test('section 2: typed inputs change the widget’s table; bad input gets the widget’s message', async () => {
  const { page, problems, context } = await open();
  const plot = page.locator('#relu-inputs-plot');
  const cells = () =>
    plot.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.dataset.value)));
  assert.deepEqual(await cells(), [
    ['-3', '0', '0'],
    ['-1', '0', '0'],
    ['0', '0', '0'],
    ['2', '2', '1'],
    ['5', '5', '1'],
  ]);
  const input = page.getByLabel('Your inputs (x)');
  await input.fill('-4 1.5 7');
  assert.deepEqual(await cells(), [
    ['-4', '0', '0'],
    ['1.5', '1.5', '1'],
    ['7', '7', '1'],
  ]);
  assert.equal(await input.getAttribute('aria-invalid'), null);
  await input.fill('1, 2e');
  // The message waits for a pause in typing (web/src/shared/typing-pause.js).
  await page.waitForFunction(() => document.getElementById('relu-inputs').getAttribute('aria-invalid') === 'true');
  assert.equal(await plot.locator('.error').textContent(), '"2e" is not a number (line 1, column 4)');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await plot.locator('tbody tr').count(), 3, 'the last good table stays');
  assert.deepEqual(problems, []);
  await context.close();
});

test('section 5 shades what its text says: ReLU’s flat, zero-gradient side', async () => {
  const { page, problems, context } = await open();
  const plot = page.locator('#side-by-side');
  await page.waitForFunction(() => document.getElementById('side-by-side').datasets?.length > 0);
  const text = await page.locator('h2:has-text("5. Side by side") + p').textContent();
  assert.match(text, /Only ReLU has a flat, zero-gradient side: the shaded region/);
  assert.equal(await plot.locator('.shade').textContent(), 'Shaded: ReLU f′(x) = 0, where a unit stops learning.');
  const kinds = await plot.evaluate((w) => w.datasets.map((d) => d.label));
  for (const label of ['ReLU f′(x)', 'Leaky ReLU f′(x)', 'ELU f′(x)']) assert.ok(kinds.includes(label), label);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the text gives ReLU’s gradient as code, names α as negative_slope and links to the lab', async () => {
  const { page, problems, context } = await open();
  const code = await page.locator('.code-pair pre').allTextContents();
  assert.ok(code.some((c) => c.startsWith('// C++') && c.includes('double relu_grad(double x)')));
  assert.ok(code.some((c) => c.startsWith('# Python') && c.includes('def relu_grad(x):')));
  assert.match(await page.locator('h2:has-text("4. Leaky ReLU") + p').textContent(), /α is PyTorch's\s+negative_slope/);
  assert.ok((await page.locator('a[href="lab.html"]').count()) >= 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 375 px the page does not scroll sideways and the unit works by keyboard', async () => {
  const { page, problems, context } = await open({ width: 375, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
  const box = await page.locator('#unit-table').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `table fits: ${JSON.stringify(box)}`);
  await page.getByRole('button', { name: 'Take one step' }).focus();
  await page.keyboard.press('Enter');
  assert.match(await status(page), /^The step moved w by/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tutorial has one main landmark holding the article', async () => {
  const { page, problems, context } = await open();
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(await page.locator('main > article h1').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
