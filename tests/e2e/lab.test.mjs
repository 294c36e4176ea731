// The dying-ReLU lab in headless Chromium: it trains in a worker under its
// CSP, draws loss, dead units, fit and unit maps, pauses and resets, keeps
// the main thread responsive, restores runs from links, and runs
// the born-dead experiment.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

let browser;
let app;
useBrowser({ host: false }, (env) => ({ browser, app } = env));

async function open(path = 'lab.html', { viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  // Long tasks from the first byte on, before any page script runs.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/${path}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems, context };
}

const lab = (page, expression) => page.evaluate(expression);
const stepOf = (page) => lab(page, () => window.dyingReluLab.step);
const waitForStep = (page, n, timeout = 60000) =>
  page.waitForFunction((n) => window.dyingReluLab.step >= n, n, { timeout, polling: 100 });
const waitForDone = (page, timeout = 120000) =>
  page.waitForFunction(
    () => !window.dyingReluLab.running && document.getElementById('run').textContent === 'Train again',
    null,
    {
      timeout,
      polling: 100,
    },
  );

test('trains in a module worker under a strict CSP, drawing loss, dead units, fit and unit maps', async () => {
  const { page, problems, context } = await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /worker-src 'self'/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.doesNotMatch(csp, /(^|\s)'unsafe-eval'/);
  // The page starts training at once (the high learning-rate preset).
  // Long tasks are counted once training is under way: in its first second
  // V8 is still optimising Chart.js's code, and a frame can take 50-70 ms.
  await waitForStep(page, 100);
  const startedAt = await page.evaluate(() => performance.now());
  await waitForStep(page, 400);
  const losses = await lab(page, () => window.dyingReluLab.losses('a'));
  assert.ok(losses.length >= 50 && losses.every((l) => l === null || l > 0));
  const a = await lab(page, () => window.dyingReluLab.stats('a'));
  const b = await lab(page, () => window.dyingReluLab.stats('b'));
  const dead = (s) => s.layers.reduce((t, l) => t + l.dead, 0);
  assert.ok(dead(a) >= 0.3 * 128, `ReLU: ${dead(a)} of 128 dead`);
  assert.equal(dead(b), 0, 'Leaky ReLU keeps every unit');
  assert.match(await page.textContent('#status-a'), /\d+ of 128 units dead/);
  const fit = await lab(page, () => window.dyingReluLab.fit());
  assert.equal(fit.a.length, 200);
  assert.ok(fit.points.length > 0 && fit.targetCurve.length > 0);
  // The unit maps are drawn: dark cells for dead units in A, none in B.
  const cells = await page.evaluate(() =>
    ['a', 'b'].map((net) => {
      const c = document.getElementById(`units-${net}`);
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      let green = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        if (data[i + 1] > 150 && data[i] < 120) green++;
        else if (data[i] < 60 && data[i + 1] < 60 && data[i + 2] < 80) dark++;
      }
      return { dark, green };
    }),
  );
  assert.ok(cells[0].dark > 0 && cells[0].green > 0, JSON.stringify(cells));
  assert.equal(cells[1].dark, 0, JSON.stringify(cells));
  assert.match(await page.getAttribute('#units-a', 'aria-label'), /layer 1: \d+ of 64 dead; layer 2: \d+ of 64 dead/);
  // The main thread stays responsive while training (start-up excluded),
  // judged as Lighthouse judges it: total blocking time, the part of each
  // task beyond 50 ms, summed. A lone 56 ms task on a busy 2-core machine
  // (the OS descheduling the renderer) blocks for 6 ms and passes; a frame
  // that redrew every chart from scratch, or steps taken on the main thread,
  // block for hundreds of ms and fail.
  const endedAt = await page.evaluate(() => performance.now());
  const longTasks = await page.evaluate((t0) => window.__longTasks.filter((t) => t.start > t0), startedAt);
  const blocking = longTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
  const tasks = `long tasks in ${Math.round(endedAt - startedAt)} ms of training: ${JSON.stringify(longTasks)}`;
  assert.ok(blocking < 50, `total blocking time ${Math.round(blocking)} ms; ${tasks}`);
  assert.ok(
    longTasks.every((t) => t.duration < 150),
    tasks,
  );
  await page.screenshot({ path: `${SHOTS}/lab-training.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('pause stops training, resume goes on, reset returns to step 0', async () => {
  const { page, problems, context } = await open();
  await waitForStep(page, 20);
  await page.click('#run'); // Pause
  await page.waitForFunction(() => !window.dyingReluLab.running);
  await page.waitForTimeout(300); // a snapshot in flight lands
  const paused = await stepOf(page);
  await page.waitForTimeout(700);
  assert.equal(await stepOf(page), paused, 'no steps while paused');
  assert.equal(await page.textContent('#run'), 'Resume');
  await page.click('#step');
  await page.waitForFunction((n) => window.dyingReluLab.step === n + 1, paused);
  await page.click('#run'); // Resume
  await waitForStep(page, paused + 20);
  await page.click('#reset');
  await page.waitForFunction(() => window.dyingReluLab.step === 0);
  assert.match(await page.textContent('#step-count'), /^Step 0 of 1,500$/);
  assert.equal(await page.textContent('#run'), 'Train');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the same link gives the same curves, and the settings come back', async () => {
  const hash = '#hidden=16,16&lr=0.3&seed=42&steps=150&target=abs&points=64';
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const { page, problems, context } = await open(`lab.html${hash}`);
    await waitForDone(page);
    runs.push({
      a: await lab(page, () => window.dyingReluLab.losses('a')),
      b: await lab(page, () => window.dyingReluLab.losses('b')),
      step: await stepOf(page),
    });
    assert.equal(await page.inputValue('#width'), '16');
    assert.equal(await page.inputValue('#lr'), '0.3');
    assert.equal(await page.inputValue('#seed'), '42');
    assert.equal(await page.inputValue('#target'), 'abs');
    assert.equal(await page.textContent('#preset-watch'), 'Your own settings: pick a preset to see a story.');
    assert.equal(new URL(page.url()).hash, hash.replace('#', '#'), 'the link is kept as given');
    assert.deepEqual(problems, []);
    await context.close();
  }
  assert.equal(runs[0].step, 150);
  assert.deepEqual(runs[0], runs[1]);
});

test('a preset sets everything, names what to watch, and a born-dead ReLU network says so', async () => {
  const { page, problems, context } = await open();
  await page.getByRole('button', { name: 'A negative bias: born dead' }).click();
  await page.waitForFunction(() => window.dyingReluLab.state.init === 'constant_bias' && window.dyingReluLab.step > 5);
  assert.equal(await page.getAttribute('[data-preset="negative_bias"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#preset-watch'), /−2/);
  await page.waitForFunction(() => /init=constant_bias/.test(location.hash)); // written after a short pause
  await page.waitForFunction(() => /entirely dead/.test(document.getElementById('status-a').textContent));
  assert.doesNotMatch(await page.textContent('#status-b'), /entirely dead/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad settings are refused with a reason and keep what was typed', async () => {
  const { page, problems, context } = await open('lab.html#zap=1&lr=-2');
  assert.match(await page.textContent('#notices'), /Ignored unknown setting "zap"/);
  assert.match(await page.textContent('#notices'), /Ignored lr=-2/);
  await page.fill('#width', '500');
  await page.press('#width', 'Enter');
  assert.match(await page.textContent('#settings-error'), /Units per layer: enter a number from 1 to 128/);
  assert.equal(await page.inputValue('#width'), '500');
  assert.equal(await page.getAttribute('#width', 'aria-invalid'), 'true');
  assert.deepEqual(await lab(page, () => window.dyingReluLab.state.hidden), [64, 64]);
  await page.fill('#width', '8');
  await page.press('#width', 'Enter');
  await page.waitForFunction(() => window.dyingReluLab.state.hidden.join() === '8,8');
  assert.equal(await page.textContent('#settings-error'), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard only, and readable at 375 px in the dark theme', async () => {
  const { page, problems, context } = await open('lab.html#steps=100000', {
    viewport: { width: 375, height: 800 },
    colorScheme: 'dark',
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  await page.focus('#run');
  await page.keyboard.press('Space'); // pause the autoplay
  await page.waitForFunction(() => !window.dyingReluLab.running);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step');
  await page.keyboard.press('Enter');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(11, 17, 32)');
  await page.screenshot({ path: `${SHOTS}/lab-375-dark.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the born-dead experiment: ReLU dies with depth, Leaky ReLU never', async () => {
  const { page, problems, context } = await open('lab.html#steps=1');
  await page.selectOption('#born-samples', '100');
  await page.click('#born-run');
  await page.waitForFunction(() => document.getElementById('born-progress').value === 1, null, { timeout: 120000 });
  assert.match(await page.textContent('#born-status'), /^Done: 200 points/);
  const sets = await lab(page, () => window.dyingReluLab.bornDead());
  assert.equal(sets.length, 10);
  const relu2 = sets.find((s) => s.label === 'A ReLU, width 2').points;
  assert.equal(relu2.length, 20);
  assert.ok(relu2[0].y < 0.2 && relu2[19].y > 0.8, JSON.stringify(relu2));
  for (const s of sets.filter((s) => s.label.startsWith('B Leaky')))
    assert.ok(
      s.points.every((p) => p.y === 0),
      s.label,
    );
  assert.deepEqual(problems, []);
  await context.close();
});

test('lab-embed.html: the lab without the site frame, waiting for its reader', async () => {
  const { page, problems, context } = await open('lab-embed.html#hidden=8,8');
  assert.equal(await page.isVisible('.site-header'), false);
  assert.equal(await page.isVisible('#born-panel'), false);
  assert.equal(await page.getAttribute('#open-full', 'href'), 'lab.html');
  await page.waitForTimeout(500);
  assert.equal(await stepOf(page), 0, 'no autoplay in an embed');
  await page.click('#run');
  await waitForStep(page, 50);
  assert.deepEqual(problems, []);
  await context.close();
});

test('your own points: typed as x y pairs, refused with the token when wrong, trained on when right', async () => {
  const { page, problems, context } = await open('lab.html#steps=100000');
  await page.click('#run'); // pause
  await page.selectOption('#target', 'custom');
  // It starts from 16 of the target's points, to edit.
  await page.waitForFunction(() => window.dyingReluLab.state.data?.x.length === 16);
  assert.equal(await page.isVisible('#points'), false);
  const typed = '-2 1\n0 0\n2 x';
  await page.fill('#data', typed);
  await page.locator('#data').blur();
  assert.match(await page.textContent('#data-error'), /"x" is not a number \(line 3, column 3\)/);
  assert.equal(await page.inputValue('#data'), typed, 'the text is kept');
  assert.equal(await lab(page, () => window.dyingReluLab.state.data.x.length), 16, 'nothing changed');
  await page.fill('#data', '-2 1, -1 0, 0 0, 1 0, 2 1');
  await page.locator('#data').blur();
  await page.waitForFunction(() => window.dyingReluLab.state.data.x.length === 5);
  assert.equal(await page.textContent('#data-error'), '');
  await page.click('#step');
  await page.waitForFunction(() => window.dyingReluLab.step === 1 && window.dyingReluLab.fit());
  const fit = await lab(page, () => window.dyingReluLab.fit());
  assert.deepEqual(
    fit.points.map((p) => p.x),
    [-2, -1, 0, 1, 2],
  );
  assert.ok(fit.a[0].x < -2 && fit.a.at(-1).x > 2, 'the fit spans the points');
  assert.match(await page.evaluate(() => location.hash), /target=custom&data=-2,1,-1,0,0,0,1,0,2,1/);
  assert.deepEqual(problems, []);
  await context.close();
});
