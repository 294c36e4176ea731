// The explorer's downloads in headless Chromium: the PNG at 2x device
// pixels with its title and keys drawn in, the SVG as a well-formed vector
// copy of what the chart draws, the CSV's numbers read back in Node.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadActivationLab } from 'activation-lab';
import { legendKey } from '../../web/src/shared/html-legend.js';
import { themeColors } from '../../web/src/shared/theme.js';
import { useBrowser, watchConsole } from './servers.mjs';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });
const lab = await loadActivationLab();

let browser;
let app;
useBrowser({ host: false }, (env) => ({ browser, app } = env));

async function open(hash, { colorScheme = 'light', deviceScaleFactor = 1, width = 1280 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme,
    deviceScaleFactor,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${app.origin}/#${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems, context };
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

// Width and height from a PNG's IHDR chunk.
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.equal(bytes.subarray(12, 16).toString(), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const hex = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

// In the page: decode the PNG and count, per horizontal band [y0, y1) of
// device pixels, the pixels that differ from `background` and those near
// `probe` (an [r, g, b]).
function bandStats(page, bytes, bands, background, probe) {
  return page.evaluate(
    async ({ url, bands, background, probe }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(image, 0, 0);
      const near = (d, i, c, tol) =>
        Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= tol;
      return bands.map(([y0, y1]) => {
        const { data } = ctx.getImageData(0, y0, image.width, y1 - y0);
        let ink = 0;
        let probed = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (!near(data, i, background, 6)) ink++;
          if (near(data, i, probe, 30)) probed++;
        }
        return { ink, probed, corner: [data[0], data[1], data[2]] };
      });
    },
    { url: `data:image/png;base64,${bytes.toString('base64')}`, bands, background, probe },
  );
}

const canvasSize = (page) =>
  page.$eval('#chart', (c) => ({
    cssWidth: c.clientWidth,
    cssHeight: c.clientHeight,
    width: c.width,
    height: c.height,
  }));

for (const [colorScheme, deviceScaleFactor, width] of [
  ['light', 1, 1280],
  ['dark', 2, 375],
]) {
  test(`PNG (${colorScheme}, screen at ${deviceScaleFactor}x, ${width} px): 2x device pixels, title above, shading key below`, async () => {
    const { page, problems, context } = await open('activation=relu&compare=gelu&values=-2,1', {
      colorScheme,
      deviceScaleFactor,
      width,
    });
    const before = await canvasSize(page);
    const png = await download(page, '#download-png');
    assert.equal(png.name, 'relu.png');
    writeFileSync(`${SHOTS}/export-${colorScheme}-${width}.png`, png.bytes);
    const size = pngSize(png.bytes);
    // The chart's CSS width at 2 device pixels per CSS pixel, whatever the screen's ratio.
    assert.ok(
      Math.abs(size.width - 2 * before.cssWidth) <= 1,
      `PNG ${size.width} px wide for ${before.cssWidth} CSS px`,
    );
    // Taller than the chart by the title above and the legend and key below.
    const extra = size.height - 2 * before.cssHeight;
    assert.ok(extra >= 2 * 60, `PNG only ${extra} px taller than the chart at 2x`);
    // The page's chart is back at the screen's own ratio.
    assert.deepEqual(await canvasSize(page), before);
    assert.equal(before.width, Math.round(before.cssWidth * deviceScaleFactor));

    const colors = themeColors(colorScheme);
    const [title, below] = await bandStats(
      page,
      png.bytes,
      [
        [0, 40], // the title's band (its text is 15 CSS px high, from 10 px down)
        [size.height - 60, size.height], // the shading key, last
      ],
      hex(colors.background),
      hex(colors.shadeEdge),
    );
    assert.deepEqual(title.corner, hex(colors.background), 'the theme background');
    assert.ok(title.ink > 300, `title band: ${title.ink} pixels of text`);
    assert.ok(below.ink > 300, `key band: ${below.ink} pixels of text`);
    assert.ok(below.probed > 20, `key band: the shading swatch's edge (${below.probed} pixels)`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('PNG without shading has no key', async () => {
  const { page, context } = await open('activation=gelu');
  const png = await download(page, '#download-png');
  const { height } = pngSize(png.bytes);
  const colors = themeColors('light');
  const [below] = await bandStats(
    page,
    png.bytes,
    [[height - 60, height]],
    hex(colors.background),
    hex(colors.shadeEdge),
  );
  assert.equal(below.probed, 0, 'no shading swatch');
  assert.ok(below.ink > 100, 'the legend is there');
  await context.close();
});

// The SVG parsed as XML by Chromium, and what it holds. On a blank page of
// the same context: the explorer's Trusted Types policy admits no parsing.
async function readSvg(context, text) {
  const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const all = (s) => [...doc.querySelectorAll(s)];
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.nodeName,
      title: doc.querySelector('title')?.textContent,
      paths: all('path').length,
      dashed: all('path[stroke-dasharray]').length,
      markers: all('circle, polygon').length,
      texts: all('text').map((t) => t.textContent),
      shade: all('.zero-gradient rect').length,
      shadeKey: all('.shade-key').length,
    };
  }, text);
}

for (const colorScheme of ['light', 'dark']) {
  test(`SVG (${colorScheme}): well-formed, one path per curve, the chart's ticks, title, legend, shading and key`, async () => {
    const { page, problems, context } = await open('activation=leaky_relu&compare=relu,elu&values=-2,0.5,3', {
      colorScheme,
    });
    const svg = await download(page, '#download-svg');
    assert.equal(svg.name, 'leaky_relu.svg');
    const text = svg.bytes.toString('utf8');
    writeFileSync(`${SHOTS}/export-${colorScheme}.svg`, text);
    const read = await readSvg(context, text);
    assert.equal(read.error, null);
    assert.equal(read.root, 'svg');
    const drawn = await page.evaluate(() => window.activationLab.chart.datasets);
    const curves = drawn.filter((d) => !['jump', 'values'].includes(d.kind));
    assert.equal(read.paths, curves.length, 'one path per curve');
    assert.equal(read.dashed, curves.filter((d) => d.label.endsWith('f′(x)')).length, 'each f′ dashed');
    assert.equal(read.markers, drawn.filter((d) => ['jump', 'values'].includes(d.kind)).flatMap((d) => d.data).length);
    assert.equal(read.title, 'Leaky ReLU (negative_slope = 0.01)');
    const ticks = await page.evaluate(() => window.activationLab.chart.ticks);
    for (const t of [...ticks.x, ...ticks.y]) assert.ok(read.texts.includes(t.label), `tick ${t.label}`);
    for (const name of ['Leaky ReLU', 'ReLU', 'ELU']) assert.ok(read.texts.includes(name), `legend: ${name}`);
    assert.ok(read.texts.includes(legendKey({ function: true, gradient: true })), "the legend's key");
    // Leaky ReLU's gradient is never 0: no shading and no key.
    assert.equal(read.shade + read.shadeKey, 0);
    assert.ok(!read.texts.some((t) => t.startsWith('Shaded')));

    await page.selectOption('#activation', 'relu');
    const relu = await readSvg(context, (await download(page, '#download-svg')).bytes.toString('utf8'));
    assert.deepEqual([relu.shade, relu.shadeKey], [1, 1], 'the shaded interval and the key swatch');
    assert.ok(relu.texts.some((t) => t.startsWith('Shaded: ReLU f′(x) = 0.')));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the build’s SVG previews are well-formed', async () => {
  const { page, context } = await open('');
  for (const meta of lab.activations) {
    const text = await (await page.request.get(`${app.origin}/previews/${meta.id}.svg`)).text();
    const read = await readSvg(context, text);
    assert.equal(read.error, null, meta.id);
    assert.equal(read.paths, 2, meta.id);
  }
  await context.close();
});

test('CSV: a header naming the call, and every cell reads back to the double computed', async () => {
  const typed = '-1.4997, 1e-300, -0, 5e-324, 1e308, -1e308, inf, -inf, nan, 0.30000000000000004';
  const { page, problems, context } = await open(
    `activation=leaky_relu&negative_slope=0.2&values=${encodeURIComponent(typed)}`,
  );
  const csv = await download(page, '#download-csv');
  assert.equal(csv.name, 'leaky_relu-values.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trimEnd().split('\n');
  assert.equal(header, "x,leaky_relu(x; negative_slope=0.2),leaky_relu'(x; negative_slope=0.2)");
  const xs = lab.parseValues(typed);
  const columns = [
    xs,
    lab.evaluate('leaky_relu', xs, { negative_slope: 0.2 }),
    lab.gradient('leaky_relu', xs, { negative_slope: 0.2 }),
  ];
  assert.equal(rows.length, xs.length);
  rows.forEach((row, i) =>
    row.split(',').forEach((cell, k) => assert.ok(Object.is(Number(cell), columns[k][i]), `row ${i}: "${cell}"`)),
  );
  assert.deepEqual(
    rows.map((r) => r.split(',')[0]),
    ['-1.4997', '1e-300', '-0', '5e-324', '1e+308', '-1e+308', 'Infinity', '-Infinity', 'NaN', '0.30000000000000004'],
  );
  assert.deepEqual(problems, []);
  await context.close();
});
