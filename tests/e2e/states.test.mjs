// The explorer's honest states in headless Chromium: loading (the layout,
// inert, with a word), scripts off (a <noscript> message, no endless
// "loading"), typing (a half-typed number is not an error until a pause;
// a paste is judged at once) and stale results (marked as from the last
// valid input).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

let browser;
let app;
useBrowser({ host: false }, (env) => ({ browser, app } = env));

async function open(hash = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/${hash ? `#${hash}` : ''}`);
  return { page, problems, context };
}

test('until the core is ready the layout shows, inert, with a loading word; then everything works', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  // Hold the wasm back (a slow network) until the loading state is checked.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${app.origin}/#activation=relu`);
  await page.waitForSelector('#loading');
  assert.equal(await page.locator('#loading').textContent(), 'Loading the WebAssembly core…');
  assert.equal(await page.locator('#loading').getAttribute('role'), 'status');
  assert.ok(await page.locator('.chart-loading').isVisible(), 'the chart says it is loading');
  assert.equal(await page.locator('main').evaluate((m) => m.inert), true, 'the controls cannot be used yet');
  assert.ok(await page.locator('#embed-open').isDisabled());
  assert.equal(await page.locator('#activation').textContent(), 'Loading…', 'no empty select');
  assert.equal(await page.locator('#plot-title').textContent(), 'Loading…');
  await page.screenshot({ path: `${SHOTS}/explorer-loading.png` });
  release();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('main').evaluate((m) => m.inert), false);
  assert.ok(await page.locator('#embed-open').isEnabled());
  assert.ok(!(await page.locator('#loading').isVisible()));
  assert.ok(!(await page.locator('.chart-loading').isVisible()));
  assert.equal(await page.locator('#plot-title').textContent(), 'ReLU');
  await page.getByLabel('Activation function', { exact: true }).selectOption('tanh');
  assert.equal(await page.locator('#plot-title').textContent(), 'Tanh');
  assert.deepEqual(problems, []);
  await context.close();
});

test('with JavaScript off, a message says why, and nothing claims to be loading', async () => {
  const { page, context } = await open('', { javaScriptEnabled: false });
  // (Playwright's text locators skip <noscript>; a CSS one does not.)
  const message = page.locator('body > noscript > p.load-error');
  assert.ok(await message.isVisible(), 'the <noscript> message shows');
  assert.match(await message.textContent(), /Turn JavaScript on and reload to plot\./);
  assert.ok(!(await page.locator('main').isVisible()), 'no dead controls');
  assert.ok(!(await page.locator('#loading').isVisible()), 'no endless loading line');
  assert.ok(!(await page.locator('.chart-loading').isVisible()));
  await page.screenshot({ path: `${SHOTS}/explorer-noscript.png` });
  await context.close();
});

test('a half-typed number is not an error until a pause; the old results are then marked stale', async () => {
  const { page, problems, context } = await open('activation=relu&values=1,2');
  await page.waitForSelector('body[data-ready="true"]');
  const field = page.getByLabel('Values (x)');
  await field.focus();
  await page.keyboard.press('End');
  // Record every message shown while typing: none may appear between keys.
  await page.evaluate(() => {
    window.__shown = [];
    new MutationObserver(() => window.__shown.push(document.getElementById('values-error').textContent)).observe(
      document.getElementById('values-error'),
      { childList: true, characterData: true, subtree: true },
    );
  });
  await page.keyboard.type('e-', { delay: 120 }); // "2e" and "2e-" are normal on the way to "2e-3"
  const whileTyping = await page.evaluate(() => window.__shown.filter(Boolean));
  assert.deepEqual(whileTyping, [], 'no message flashed while typing');
  assert.equal(await page.locator('#values-error').textContent(), '');
  // The pause: now the message shows, and the table and points say they are old.
  await page.waitForFunction(() => document.getElementById('values-error').textContent !== '');
  assert.equal(await page.locator('#values-error').textContent(), '"2e-" is not a number (line 1, column 3)');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.inputValue(), '1,2e-', 'the text is kept');
  assert.equal(
    await page.locator('#values-stale').textContent(),
    'From your last valid input (2 values): fix the text above to update.',
  );
  assert.ok(await page.locator('#values-table').evaluate((t) => t.classList.contains('stale')));
  assert.ok(await page.locator('#chart-stale').isVisible());
  assert.equal(await page.locator('#values-table tbody tr').count(), 2);
  await page.screenshot({ path: `${SHOTS}/explorer-stale.png`, fullPage: true });
  // Fixing it: the message (already shown) follows each key, and goes at once.
  await page.keyboard.type('3');
  await page.waitForFunction(() => document.getElementById('values-error').textContent === '');
  await page.waitForFunction(
    () => document.querySelector('#values-table tbody tr:nth-child(2) td')?.dataset.value === '0.002',
  );
  assert.ok(!(await page.locator('#values-stale').isVisible()));
  assert.ok(!(await page.locator('#chart-stale').isVisible()));
  assert.ok(!(await page.locator('#values-table').evaluate((t) => t.classList.contains('stale'))));
  assert.equal(await field.getAttribute('aria-invalid'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('leaving the field shows its problem at once; so does a paste', async () => {
  const { page, problems, context } = await open('activation=relu&values=1');
  await page.waitForSelector('body[data-ready="true"]');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  const field = page.getByLabel('Values (x)');
  await field.focus();
  await page.keyboard.type(', 2e');
  await page.keyboard.press('Tab'); // blur
  await page.waitForFunction(() => document.getElementById('values-error').textContent !== '');
  assert.equal(await page.locator('#values-error').textContent(), '"2e" is not a number (line 1, column 4)');
  // A paste is whole: it is judged in the input event itself, with no wait.
  await field.fill('');
  await page.waitForFunction(() => document.getElementById('values-error').textContent === '');
  await page.evaluate(async () => {
    await navigator.clipboard.writeText('3, x7');
    const field = document.getElementById('values');
    window.__atInput = [];
    field.addEventListener('input', () => window.__atInput.push(document.getElementById('values-error').textContent));
  });
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await page.waitForFunction(() => window.__atInput.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__atInput), ['"x7" is not a number (line 1, column 4)']);
  assert.equal(await field.inputValue(), '3, x7');
  assert.deepEqual(problems, []);
  await context.close();
});

test('x range and parameter fields wait for a pause too, and say what the plot keeps', async () => {
  const { page, problems, context } = await open('activation=leaky_relu');
  await page.waitForSelector('body[data-ready="true"]');
  const xMin = page.getByLabel('x min');
  await xMin.fill('');
  await xMin.focus();
  await page.keyboard.type('-', { delay: 50 }); // on the way to "-8"
  assert.equal(await page.locator('#range-error').textContent(), '');
  await page.waitForFunction(() => document.getElementById('range-error').textContent !== '');
  assert.equal(
    await page.locator('#range-error').textContent(),
    'x min and x max must be finite numbers. The chart keeps x from -5 to 5.',
  );
  await page.keyboard.type('8');
  await page.waitForFunction(() => document.getElementById('range-error').textContent === '');
  assert.equal(await page.evaluate(() => window.activationLab.state.xMin), -8);
  const slope = page.getByRole('spinbutton', { name: 'negative_slope' });
  await slope.fill('');
  await slope.focus();
  await page.keyboard.type('-', { delay: 50 }); // on the way to "-0.2"
  assert.equal(await page.locator('.param .field-error').textContent(), '');
  await slope.blur();
  await page.waitForFunction(() => document.querySelector('.param .field-error').textContent !== '');
  assert.equal(
    await page.locator('.param .field-error').textContent(),
    'negative_slope must be a number; the plot keeps negative_slope = 0.01.',
  );
  assert.equal(await page.evaluate(() => window.activationLab.state.params.negative_slope), 0.01);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 375 px: the chart stays in view while a parameter moves, long values and table columns fit, code shows it scrolls', async () => {
  const values = '-1.2345678901,0.3333333333,-123456.789,2e-9';
  const { page, problems, context } = await open(`activation=rrelu&values=${values}`, {
    viewport: { width: 375, height: 800 },
  });
  await page.waitForSelector('body[data-ready="true"]');
  // rrelu's upper, 1/3 to 17 digits, shows whole in its field.
  const upper = page.getByRole('spinbutton', { name: 'upper' });
  assert.equal(await upper.inputValue(), '0.3333333333333333');
  assert.ok(await upper.evaluate((e) => e.scrollWidth <= e.clientWidth), 'upper is not cut off');
  // The values table's 10-digit columns fit the screen.
  assert.ok(await page.locator('.table-wrap').evaluate((e) => e.scrollWidth <= e.clientWidth), 'the f′ column fits');
  // The code block scrolls here: it is reachable by keyboard and its edges shade where code continues.
  const pre = page.locator('.code-box pre');
  assert.ok(await pre.evaluate((e) => e.scrollWidth > e.clientWidth), 'the code is wider than the screen');
  assert.equal(await pre.evaluate((e) => e.tabIndex), 0);
  assert.match(await pre.evaluate((e) => getComputedStyle(e).backgroundAttachment), /local.*local.*scroll.*scroll/);
  // Moving a slider far below the chart pins the chart to the top, clear of the slider.
  const slider = page.getByRole('slider', { name: 'lower' });
  await slider.scrollIntoViewIfNeeded();
  await page.evaluate(() => scrollBy(0, 200));
  const before = await page.evaluate(
    () => document.querySelector('.values-panel').getBoundingClientRect().top + scrollY,
  );
  const data0 = await page.evaluate(() => JSON.stringify(window.activationLab.chart.datasets[0].data.slice(0, 3)));
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  const box = page.locator('.chart-box');
  assert.ok(await box.evaluate((e) => e.classList.contains('chart-pinned')));
  const [chartRect, sliderRect] = await Promise.all([box.boundingBox(), slider.boundingBox()]);
  assert.ok(chartRect.y >= 0 && chartRect.y + chartRect.height <= 800, 'the chart is in view');
  assert.ok(sliderRect.y >= chartRect.y + chartRect.height, 'the slider is not under the chart');
  assert.notEqual(
    await page.evaluate(() => JSON.stringify(window.activationLab.chart.datasets[0].data.slice(0, 3))),
    data0,
    'the pinned chart shows the new parameter',
  );
  await page.screenshot({ path: `${SHOTS}/explorer-375-pinned.png` });
  const after = await page.evaluate(
    () => document.querySelector('.values-panel').getBoundingClientRect().top + scrollY,
  );
  assert.equal(after, before, 'nothing below moved: the chart’s place is kept');
  // Leaving the parameters unpins it.
  await page.getByLabel('x min').focus();
  assert.ok(!(await box.evaluate((e) => e.classList.contains('chart-pinned'))));
  assert.equal(await page.locator('.chart-placeholder').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the values table updates in place: only changed cells, the rows on screen first, the rest right after', async () => {
  const xs = Array.from({ length: 1000 }, (_, i) => ((i - 500) / 50).toString());
  const { page, problems, context } = await open(`activation=leaky_relu&values=${xs.join(',')}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => document.querySelectorAll('#values-table tbody tr').length === 1000);
  // Mark every row and every positive-x cell: a rebuilt row or a rewritten cell loses its mark.
  await page.evaluate(() => {
    for (const tr of document.querySelectorAll('#values-table tbody tr')) {
      tr.dataset.mark = '1';
      for (const td of tr.cells) td.firstChild.mark = true;
    }
  });
  const slider = page.getByRole('slider', { name: 'negative_slope' });
  await slider.focus();
  await page.keyboard.press('ArrowRight'); // 0.01 -> 0.02: f changes for x < 0 only
  await page.waitForFunction(
    () => document.querySelector('#values-table tbody tr td:nth-child(2)').dataset.value === '-0.2',
  );
  const table = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#values-table tbody tr')];
    return {
      kept: rows.every((tr) => tr.dataset.mark === '1'),
      // x > 0: f(x) = x and f′ = 1 are unchanged, so their text nodes are the same ones.
      untouched: rows.slice(501).every((tr) => [...tr.cells].every((td) => td.firstChild.mark)),
      // x < 0: f(x) = 0.02 x, rewritten, and right (the last of them is far off screen).
      rewritten: rows.slice(0, 500).every((tr) => !tr.cells[1].firstChild.mark && tr.cells[0].firstChild.mark),
      last: rows[499].cells[1].dataset.value,
    };
  });
  assert.deepEqual(table, { kept: true, untouched: true, rewritten: true, last: '-0.0004' });
  assert.deepEqual(problems, []);
  await context.close();
});
