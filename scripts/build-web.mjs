// Builds dist/web: the explorer page, the embed view, the tutorial and the
// <activation-plot> widget. esbuild bundles and tree-shakes Chart.js (and its
// @kurkle/color import); the formulas are typeset here (formulas.mjs); the wasm file sits next to the bundles,
// which locate it relative to their own URL.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadActivationLab } from '../dist/lib/activation-lab.mjs';
import { pagePlaceholders } from '../web/src/shared/table-summary.js';
import { chartShake } from './chart-shake.mjs';
import { compressDir } from './compress.mjs';
import { plotCore } from './plot-core.mjs';
import { defaultState } from '../web/src/shared/state.js';
import { formulaTemplates, formulaTrees } from './formulas.mjs';
import { previewSvg } from './preview-svg.mjs';

const out = 'dist/web';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const options = {
  outdir: out,
  bundle: true,
  format: 'esm',
  splitting: false,
  minify: true,
  sourcemap: true,
  target: 'es2022',
  external: ['node:*'],
  loader: { '.css': 'text' },
  alias: { 'activation-lab': './dist/lib/activation-lab.mjs' },
  legalComments: 'linked',
  plugins: [chartShake],
  logLevel: 'warning',
};
// The explorer and the widget (and so the iframe view, which loads the
// widget's script) run the plots' core: no training engine (plot-core.mjs).
await build({
  ...options,
  entryPoints: {
    app: 'web/src/explorer/main.js',
    'activation-plot': 'web/src/widget/activation-plot.js',
  },
  plugins: [chartShake, plotCore],
});
await build({
  ...options,
  entryPoints: {
    embed: 'web/src/widget/iframe-view.js',
    // Loaded by the explorer's and the widget's charts on first use, by URL
    // beside the script that asks (chart-zoom.js): one file for both, not a
    // part of either bundle.
    'zoom-plugin': 'web/src/shared/zoom-plugin.js',
    'iframe-resizer': 'web/src/widget/iframe-resizer.js',
    tutorial: 'web/src/tutorial/neuron.js',
    lab: 'web/src/lab/main.js',
    'lab-worker': 'web/src/lab/worker.js',
  },
});

// Counts and claims about the table in the HTML ({{activation_count}}...)
// come from the table itself.
const lab = await loadActivationLab();
const placeholders = pagePlaceholders(lab);
const fill = (html) =>
  html.replace(/\{\{(\w+)\}\}/g, (match, name) => {
    if (!(name in placeholders)) throw new Error(`unknown placeholder ${match}`);
    return placeholders[name];
  });
// The formulas: a first visit's activation's in the HTML (its first plot
// needs no more), every one in formulas.json, which the explorer fetches
// when a reader reaches for another (formula-template.js).
const firstFormulas = formulaTemplates(lab, [defaultState(lab).activation]);
writeFileSync(`${out}/formulas.json`, JSON.stringify(formulaTrees(lab)));
for (const file of readdirSync('web').filter((f) => /\.(html|css|svg|png)$/.test(f))) {
  if (file.endsWith('.html')) {
    const html = fill(readFileSync(`web/${file}`, 'utf8')).replace('<!--formulas-->', () => firstFormulas);
    writeFileSync(`${out}/${file}`, html);
  } else cpSync(`web/${file}`, `${out}/${file}`);
}
cpSync('dist/lib/activation_lab_core.wasm', `${out}/activation_lab_core.wasm`);
cpSync('build/wasm/activation_lab_plot.wasm', `${out}/activation_lab_plot.wasm`);

// embed-<id>.html: embed.html whose no-script fallback is a picture of <id>.
const template = fill(readFileSync('web/embed.html', 'utf8'));
mkdirSync(`${out}/previews`, { recursive: true });
writeFileSync(
  `${out}/embed.html`,
  template.replace('<!--fallback-->', '<p>This interactive plot needs JavaScript.</p>'),
);
for (const meta of lab.activations) {
  writeFileSync(`${out}/previews/${meta.id}.svg`, previewSvg(lab, meta));
  const fallback = `<img src="previews/${meta.id}.svg" width="640" height="360" alt="${meta.label}: f(x) and f′(x) with default parameters" />`;
  writeFileSync(
    `${out}/embed-${meta.id}.html`,
    template
      .replace('<!--fallback-->', fallback)
      .replace('href="index.html"', `href="index.html#activation=${meta.id}"`),
  );
}
// lab-embed.html: the lab page as an iframe view (data-view="embed": no site
// frame, no born-dead panel), with a way out to the full lab.
const labPage = fill(readFileSync('web/lab.html', 'utf8'));
const labEmbed = labPage
  .replace('<body class="lab-page">', '<body class="lab-page" data-view="embed">')
  .replace('<title>The dying-ReLU lab', '<title>The dying-ReLU lab (embedded)')
  .replace(
    '<main class="lab-layout">',
    '<p class="open-full help"><a href="lab.html" id="open-full" target="_blank" rel="noopener">Open in the full lab ↗</a></p>\n    <main class="lab-layout">',
  );
if (labEmbed === labPage || !labEmbed.includes('data-view="embed"') || !labEmbed.includes('id="open-full"')) {
  throw new Error('lab-embed.html: web/lab.html no longer has the markers the embed view is made from');
}
writeFileSync(`${out}/lab-embed.html`, labEmbed);
// Last: .br and .gz beside each text file and the wasm, which npm start's
// server sends (scripts/serve.mjs).
compressDir(out);
console.log(`built ${out}`);
