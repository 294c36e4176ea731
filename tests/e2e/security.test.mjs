// Every page under a strict policy, as the strictest host would send it:
// scripts only from our origin (wasm compilation allowed), no plugins, no
// <base>, Trusted Types required, no inline <style> element. Each page's
// own meta policy applies too: no page allows any inline style (the
// explorer's formulas are SVG without style attributes) and the explorer
// loads no font (font-src 'none'). A listener collects
// every securitypolicyviolation; there must be none, and no console error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowser, watchConsole } from './servers.mjs';

const POLICY = [
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  "style-src-elem 'self'",
].join('; ');

let browser;
let app;

useBrowser({ host: false }, (env) => ({ browser, app } = env));

// A page of ours with POLICY as a response header (on top of its own meta
// policy), and the violations it reports.
async function strictPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), 'content-security-policy': POLICY };
    await route.fulfill({ response, headers });
  });
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
    );
  });
  const page = await context.newPage();
  return { page, context, problems: watchConsole(page) };
}

const violations = (page) => page.evaluate(() => window.violations);

test('the explorer, in several states, runs with no policy violation', async () => {
  const { page, context, problems } = await strictPage();
  await page.goto(`${app.origin}/#activation=gelu&compare=relu,elu&values=-2,0,3`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByRole('tab', { name: 'PyTorch' }).click();
  // Every formula (the build's SVG) under the page's style-src 'self'.
  const select = page.getByLabel('Activation function', { exact: true });
  for (const id of await page.evaluate(() => window.activationLab.lab.activations.map((a) => a.id))) {
    await select.selectOption(id);
  }
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.waitForFunction(() => document.querySelector('#embed-body activation-plot')?.datasets?.length > 0);
  await page.waitForTimeout(300); // the dialog's iframe preview
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tutorial, its widgets and its iframe run with no policy violation', async () => {
  const { page, context, problems } = await strictPage();
  await page.goto(`${app.origin}/tutorial.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('activation-plot')].every((w) => w.datasets?.length));
  await page.locator('iframe').scrollIntoViewIfNeeded(); // it loads lazily
  await page.frameLocator('iframe').locator('activation-plot').waitFor();
  assert.deepEqual(await violations(page), []);
  for (const frame of page.frames().slice(1)) assert.deepEqual(await frame.evaluate(() => window.violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the iframe view runs with no policy violation', async () => {
  const { page, context, problems } = await strictPage();
  await page.goto(`${app.origin}/embed-elu.html#activation=elu&alpha=0.5&values=-1,0,1`);
  await page.waitForFunction(() => document.querySelector('activation-plot')?.datasets?.length > 0);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lab, its training worker and the born-dead experiment run with no policy violation', async () => {
  // The worker's script gets the same header as the pages: it must train
  // under it too (wasm compilation allowed, nothing else).
  const { page, context, problems } = await strictPage();
  await page.goto(`${app.origin}/lab.html#hidden=8,8&steps=200`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => window.dyingReluLab.step >= 200);
  await page.selectOption('#born-samples', '100');
  await page.click('#born-run');
  await page.waitForFunction(() => document.getElementById('born-progress').value === 1, null, { timeout: 120000 });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lab iframe view runs with no policy violation', async () => {
  const { page, context, problems } = await strictPage();
  await page.goto(`${app.origin}/lab-embed.html#hidden=4,4&steps=50`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#run');
  await page.waitForFunction(() => window.dyingReluLab.step >= 50);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
