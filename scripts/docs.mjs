// Writes README's generated parts: every count and claim about the table,
// the accuracy table and the test counts, between <!-- docs:NAME --> and
// <!-- /docs:NAME --> markers. Its inputs are what `npm test` leaves behind:
// dist/lib (the table, through the JS API), build/native/accuracy.txt and
// build/test-logs/*.log.
//   node scripts/docs.mjs          rewrite README.md (npm run docs)
//   node scripts/docs.mjs --check  exit 1 if README.md is stale (npm test)
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadActivationLab } from '../dist/lib/activation-lab.mjs';
import { MAX_STEPS, presetState, trainerOptionsOf } from '../web/src/lab/lab-state.js';
import { tableSummary } from '../web/src/shared/table-summary.js';

const README = 'README.md';
const ACCURACY = 'build/native/accuracy.txt';
const LOGS = 'build/test-logs';

function read(path) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm test first (it writes it)`);
  return readFileSync(path, 'utf8');
}

// accuracy.txt rows: "<id> <f|df> <dtype> points maxUlp accurate beyond4 ofExact nanOrOverflow".
function accuracyRows() {
  const stats = new Map();
  for (const line of read(ACCURACY).split('\n').slice(1)) {
    const [id, , dtype, points, worst, accurate, beyond, exact] = line.trim().split(/\s+/);
    if (!exact) continue;
    const key = `${id} ${dtype}`;
    const s = stats.get(key) ?? { points: 0, worst: 0, accurate: 0, beyond: 0, exact: 0 };
    s.points += Number(points);
    s.worst = Math.max(s.worst, Number(worst));
    s.accurate = Math.max(s.accurate, Number(accurate));
    s.beyond += Number(beyond);
    s.exact = Math.max(s.exact, Number(exact));
    stats.set(key, s);
  }
  return stats;
}

function accuracyCell(meta, s) {
  if (!s) throw new Error(`${ACCURACY} has no row for ${meta.id}: run npm test`);
  if (meta.reference === 'mpmath') {
    // The reference is the exact value rounded: the worst distance over all points.
    const ulps = s.worst === 0 ? 'correctly rounded' : `≤ ${s.worst} ulp of exact`;
    return `${ulps} (mpmath; PyTorch has no ${meta.id})`;
  }
  if (meta.bitExact) return `bit-exact (${s.points} values)`;
  return `≤ ${s.accurate} ulp; ${s.beyond} of ${s.points} off PyTorch, ≤ ${s.exact.toFixed(2)} ulp of exact`;
}

// "# pass N" of node:test, "out of N" of CTest.
function count(log, pattern) {
  const match = read(`${LOGS}/${log}`).match(pattern);
  if (!match) throw new Error(`no test count in ${LOGS}/${log}`);
  return Number(match[1]);
}

// "142,597 B (60,265 B gzip)" for a built file.
function size(path) {
  const bytes = statSync(path).size;
  const gzip = gzipSync(readFileSync(path), { level: 9 }).length;
  return `${bytes.toLocaleString('en-US')} B (${gzip.toLocaleString('en-US')} B gzip)`;
}

// Each preset of the lab, trained as the page trains it (A and B, its
// steps), and what is dead at the end. Seeded: the same on every run.
function presetRows(lab) {
  const rows = [
    '| preset | steps | A | A dead at the end | B | B dead at the end |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of lab.lab.presets) {
    const settings = presetState(lab, p);
    const cells = ['a', 'b'].map((net) => {
      const activation = settings[net].activation;
      const t = lab.createTrainer(trainerOptionsOf(settings, net));
      const born = t.stats();
      t.step(p.steps);
      const s = t.stats();
      t.dispose();
      const dead = (x) => x.layers.reduce((n, l) => n + l.dead, 0);
      const units = s.layers.reduce((n, l) => n + l.units, 0);
      const layer =
        s.deadLayer >= 0 ? `, layer ${s.deadLayer + 1} all dead${born.deadLayer >= 0 ? ' from birth' : ''}` : '';
      return [
        lab.activation(activation).label,
        `${dead(s)} of ${units} (${dead(born)} at birth${layer}); loss ${s.loss.toPrecision(3)}`,
      ];
    });
    rows.push(`| ${p.label} | ${p.steps} | ${cells[0][0]} | ${cells[0][1]} | ${cells[1][0]} | ${cells[1][1]} |`);
  }
  return rows.join('\n');
}

// P(born dead) of ReLU networks (PyTorch's default init, 256 inputs on
// [-1, 1], seed 0), the lab's experiment.
const BORN = { widths: [2, 3, 4, 5, 6, 7, 8], depths: 20, samples: 1000 };
function bornDeadRows(lab) {
  const rows = [
    `| depth | ${BORN.widths.map((w) => `width ${w}`).join(' | ')} |`,
    `| --- | ${BORN.widths.map(() => '---').join(' | ')} |`,
  ];
  for (let depth = 1; depth <= BORN.depths; depth++) {
    const cells = BORN.widths.map((width) =>
      lab.bornDead({ depth, width, samples: BORN.samples }).probability.toFixed(3),
    );
    rows.push(`| ${depth} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

// The newest full run of a bench suite: bench/results/<suite>-<date>.json
// (a --quick run saves <suite>-<date>-quick.json, which README never quotes).
function newestResult(suite) {
  const files = readdirSync('bench/results')
    .filter((f) => new RegExp(`^${suite}-[\\d-]+\\.json$`).test(f))
    .sort();
  if (!files.length) throw new Error(`bench/results has no ${suite}-<date>.json: run npm run bench ${suite}`);
  return JSON.parse(read(`bench/results/${files.at(-1)}`));
}

// The newest training benchmark of bench/results (npm run bench writes it).
function trainBench() {
  const r = newestResult('train');
  const rows = [
    '| where | optimiser | ours (steps/s) | tfjs-wasm | tfjs-cpu | ours / tfjs-wasm | ours / tfjs-cpu |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const env of r.environments) {
    for (const w of env.workloads) {
      const m = Object.fromEntries(w.results.map((x) => [x.name, x.median]));
      const f = (v) => v.toFixed(v < 100 ? 1 : 0);
      rows.push(
        `| ${env.name} ${env.version} | ${w.label} | ${f(m.ours)} | ${f(m['tfjs-wasm'])} | ${f(m['tfjs-cpu'])} | ` +
          `${(m.ours / m['tfjs-wasm']).toFixed(2)}× | ${(m.ours / m['tfjs-cpu']).toFixed(2)}× |`,
      );
    }
  }
  const wasm = r.environments[0].tfjs;
  return (
    `\`npm run bench\` (training suite), ${r.date.slice(0, 10)}, ${r.machine.cores}-core ${r.machine.cpu}, ${r.machine.os}; ` +
    `tfjs ${r.tfjs} (wasm backend: SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.threads} thread). ` +
    `Network ${r.network.layers.join('-')} ${r.network.activation}, ${r.network.points} points, ${r.network.batch} batch; ` +
    `ours in ${r.precision.ours}, tfjs in ${r.precision.tfjs}. Median of ${r.method.samples} interleaved samples of ≥ ${r.method.minMs} ms:\n\n` +
    rows.join('\n')
  );
}

// The newest page benchmark of bench/results (npm run bench, page suite):
// the page goals of #11 and Lighthouse's scores, as measured.
function pageBench() {
  const r = newestResult('page');
  const goals = ['| goal | measured | met |', '| --- | --- | --- |'];
  for (const g of r.goals) goals.push(`| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`);
  const lh = [
    '| page | preset | performance | accessibility | best practices | FCP | LCP | TBT | CLS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const l of r.lighthouse) {
    const m = (key) => l.metrics?.[key]?.display ?? '–';
    lh.push(
      `| ${l.page} | ${l.preset} | ${l.scores.performance} | ${l.scores.accessibility} | ${l.scores['best-practices']} | ` +
        `${m('FCP')} | ${m('LCP')} | ${m('TBT')} | ${m('CLS')} |`,
    );
  }
  const load = r.machine.loadavg?.[0];
  return (
    `\`npm run bench\` (page suite), ${r.date.slice(0, 10)}, ${r.machine.cores}-core ${r.machine.cpu}` +
    `${load === undefined ? '' : ` (load ${load.toFixed(1)})`}, Chromium ${r.chromium}, \`dist/web\` as \`npm start\` serves it` +
    `${r.source?.commit ? ` (commit ${r.source.commit.slice(0, 7)})` : ''}:\n\n` +
    goals.join('\n') +
    `\n\nLighthouse ${r.lighthouse[0]?.lighthouse}, one run per page and preset (its mobile score moved by ±15 between runs under load):\n\n` +
    lh.join('\n')
  );
}

// The newest kernel benchmark (npm run bench, kernel suite): its goals table
// and one-call table, as bench/kernels.mjs's summary() renders them.
async function kernelsBench() {
  const r = newestResult('kernels');
  const { summary } = await import('../bench/kernels.mjs');
  const env = r.environments.map((e) => `${e.name} ${e.version}`).join(' and ');
  return (
    `\`npm run bench\` (kernel suite), ${r.date.slice(0, 10)}, ${r.machine.cores}-core ${r.machine.cpu}, ${env}; ` +
    `tfjs ${r.tfjs ?? r.environments[0]?.tfjs?.version ?? ''} (wasm backend: SIMD, 1 thread). Inputs uniform on [−10, 10]; ` +
    `median of ${r.method?.samples ?? 7} interleaved samples. "a/b" is the time of a over ours (above 1: ours is faster); "/copy" is ours over one \`set()\` copy:\n\n` +
    summary(r)
  );
}

function blocks(lab) {
  const summary = tableSummary(lab);
  const groups = [...new Set(lab.activations.map((a) => a.group))];
  const stats = accuracyRows();
  const byId = [...lab.activations].sort((a, b) => a.id.localeCompare(b.id));
  return {
    intro:
      `Activation Lab plots neural-network activation functions and their exact gradients in the browser.\n` +
      `Its core is C++ (${summary.count} activations: ${summary.sources}; PyTorch ${lab.pytorchVersion}'s values where PyTorch\n` +
      `has the function, exact values otherwise), compiled to WebAssembly and used through a small JS API by an\n` +
      `explorer page, an embeddable widget and a tutorial.`,
    choose: `- **Choose an activation** from ${summary.count}: ${summary.sources} (grouped: ${groups.join(', ')}).`,
    accuracy: [
      '| activation | float64 | float32 |',
      '| --- | --- | --- |',
      ...byId.map(
        (a) =>
          `| ${a.id} | ${accuracyCell(a, stats.get(`${a.id} float64`))} | ${accuracyCell(a, stats.get(`${a.id} float32`))} |`,
      ),
    ].join('\n'),
    counts:
      `\`npm test\` runs ${count('ctest.log', /out of (\d+)/)} GoogleTest cases (CTest), the same again under ASan and UBSan, ` +
      `each fuzz target for 20 s,\n${count('node.log', /^# pass (\d+)/m)} Node tests (the wasm API and its training engine, URL state of the explorer and the lab, the Code panel's snippets, ` +
      `the bad-input catalogue) and ${count('e2e.log', /^# pass (\d+)/m)} Chromium tests,\nthen checks that this README is up to date.`,
    catalogue: (() => {
      const cases = JSON.parse(read('tests/bad-inputs/cases.json')).cases;
      const kinds = ['values', 'hash', 'call'].map((k) => cases.filter((c) => k in c).length);
      return `  It holds ${cases.length} cases: ${kinds[0]} typed or pasted values, ${kinds[1]} links and attributes, ${kinds[2]} API calls.`;
    })(),
    presets: presetRows(lab),
    labcontrols: (() => {
      const l = lab.lab.limits;
      return (
        `- **Controls**: depth (1–${l.maxHiddenLayers} hidden layers) and width (1–${l.maxWidth} units), SGD (lr, momentum) or Adam (lr),\n` +
        `  the initialisation (PyTorch's \`nn.Linear\` default, He uniform, or He weights with a constant bias c),\n` +
        `  the target (${lab.lab.targets.map((t) => t.label).join(', ')}, or your own x y pairs) and its number of points,\n` +
        `  batch size, seed, run length; Train / Pause, Step, Reset.`
      );
    })(),
    train: trainBench(),
    page: pageBench(),
    kernels: KERNELS,
    lablimits: (() => {
      const l = lab.lab.limits;
      const n = (v) => v.toLocaleString('en-US');
      return (
        `- The lab and \`createTrainer\`: 1–${l.maxHiddenLayers} hidden layers of 1–${l.maxWidth} units, 1–${n(l.maxPoints)} training\n` +
        `  points, finite data; lr, momentum, weight decay and eps ≥ 0, betas in [0, 1); a run of up to ${n(MAX_STEPS)} steps in\n` +
        `  the lab; born-dead depth up to ${l.maxBornDeadDepth}. A run whose loss overflows says "training diverged; lower the\n` +
        `  learning rate" instead of drawing nothing. In a link, each setting that cannot be used (and \`momentum\`\n` +
        `  with Adam, \`bias\` without a constant-bias init) is named in a notice and left at its default.`
      );
    })(),
    borndead: (() => {
      // Leaky ReLU, checked rather than claimed (fewer networks: it never stops early).
      let leaky = 0;
      for (let depth = 1; depth <= BORN.depths; depth++) {
        for (const width of BORN.widths) {
          leaky += lab.bornDead({ activation: 'leaky_relu', depth, width, samples: 100 }).bornDead;
        }
      }
      return (
        `${BORN.samples.toLocaleString('en-US')} networks per cell (standard error ≤ ${Math.sqrt(0.25 / BORN.samples).toFixed(3)}). ` +
        `Leaky ReLU, 100 networks per cell: ${leaky} born dead in all ${BORN.widths.length * BORN.depths} cells.\n\n${bornDeadRows(lab)}`
      );
    })(),
    sizes: [
      `Sizes: \`activation_lab_core.wasm\` ${size('dist/lib/activation_lab_core.wasm')} ` +
        `(the explorer and the widget load \`activation_lab_plot.wasm\`, ${size('dist/web/activation_lab_plot.wasm')}: no training engine); ` +
        `\`activation_lab_core.mjs\` ${size('dist/lib/activation_lab_core.mjs')};`,
      `\`activation-lab.mjs\` ${size('dist/lib/activation-lab.mjs')}. The widget ` +
        `(\`activation-plot.js\`, with Chart.js): ${size('dist/web/activation-plot.js')}, plus the wasm.`,
      `The explorer's \`app.js\` (with Chart.js; the formulas are typeset at build time: a first visit's in \`index.html\`, all in \`formulas.json\`, ${size('dist/web/formulas.json')}): ${size('dist/web/app.js')}.`,
      `Both load \`zoom-plugin.js\` (chartjs-plugin-zoom and hammerjs) when a reader first points at, touches or focuses a chart: ${size('dist/web/zoom-plugin.js')}.`,
      `The lab: \`lab.js\` ${size('dist/web/lab.js')} and its worker \`lab-worker.js\` ${size('dist/web/lab-worker.js')}, plus the wasm.`,
    ].join('\n'),
  };
}

function render(text, generated) {
  let out = text;
  for (const [name, body] of Object.entries(generated)) {
    const pattern = new RegExp(`(<!-- docs:${name} -->\\n)[\\s\\S]*?(<!-- /docs:${name} -->)`);
    if (!pattern.test(out)) throw new Error(`${README} has no <!-- docs:${name} --> block`);
    out = out.replace(pattern, (_, open, close) => `${open}${body}\n${close}`);
  }
  return out;
}

const KERNELS = await kernelsBench();
const lab = await loadActivationLab();
const current = readFileSync(README, 'utf8');
const next = render(current, blocks(lab));
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error(`${README} is stale (its generated parts differ from the build): run npm run docs`);
    process.exit(1);
  }
  console.log(`${README} is up to date`);
} else {
  writeFileSync(README, next);
  console.log(next === current ? `${README} unchanged` : `${README} updated`);
}
