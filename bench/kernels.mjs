// The kernel suite (issue #11): bench/kernels-suite.mjs in Node and in
// headless Chromium (bench/harness.mjs), markdown tables on stdout (ns per
// element by size, one call at n = 1, and the issue's goals, each with its
// measured ratio and whether it is met) and the whole run as JSON in
// bench/results/kernels-<date>.json.
import {
  machine as describeMachine,
  recordHeader,
  runEverywhere,
  saveRecord,
  tfjsNote,
  tfjsWasmFiles,
} from './harness.mjs';
import { FUNCTIONS, GOAL_N } from './kernels-list.mjs';

const ENTRY = 'bench/kernels-suite.mjs';
export const DEFAULT_SIZES = [1e2, 1e3, 1e4, 1e5, 1e6];

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(2));
const times = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
const sizeName = (n) => `1e${Math.round(Math.log10(n))}`;

// ns per element of a contender at one size, or undefined if not measured.
function nsPerElement(size, name) {
  const r = size.results.find((c) => c.name === name);
  return r && 1e9 / (r.median * size.n);
}

function sizesTable(env) {
  const names = [...new Set(env.sizes.flatMap((s) => s.results.map((r) => r.name)))];
  const lines = [
    `| ${env.name}: ns/element (× one copy of that dtype) | ${env.sizes.map((s) => `n = ${sizeName(s.n)}`).join(' | ')} |`,
    `| --- | ${env.sizes.map(() => '---:').join(' | ')} |`,
  ];
  for (const name of names) {
    const dtype = name.includes('float32') ? 'float32' : 'float64';
    const cells = env.sizes.map((s) => {
      const ns = nsPerElement(s, name);
      if (ns === undefined) return '';
      const copy = nsPerElement(s, `set - ${dtype} copy`);
      return `${fmt(ns)} (${times(ns / copy)})`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function singleTable(environments) {
  const names = [...new Set(environments.flatMap((e) => e.single.map((r) => r.name)))];
  const lines = [
    `| one call at n = 1 (µs) | ${environments.map((e) => `${e.name} ${e.version}`).join(' | ')} |`,
    `| --- | ${environments.map(() => '---:').join(' | ')} |`,
  ];
  for (const name of names) {
    const cells = environments.map((e) => {
      const r = e.single.find((c) => c.name === name);
      return r ? (1e6 / r.median).toFixed(3) : '';
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

// Every goal of the issue, in one environment: [{goal, what, measured, met}].
// measured: the ratios, met: true, false, or null when a size it needs was
// not run.
export function goals(env) {
  const rows = [];
  const at = (n) => env.sizes.find((s) => s.n === n);
  const big = env.sizes.filter((s) => s.n >= GOAL_N);
  const goalSize = at(GOAL_N);
  const row = (goal, what, parts) => {
    const measured = parts.filter((p) => p.value !== undefined && !Number.isNaN(p.value));
    rows.push({
      goal,
      what,
      measured: measured.map((p) => `${p.label} ${times(p.value)}`).join(', ') || 'not measured',
      met: measured.length === 0 ? null : measured.every((p) => p.ok(p.value)),
      values: measured.map(({ label, value }) => ({ label, value })),
    });
  };
  const group = (g) => FUNCTIONS.filter((f) => f.group === g);
  for (const f of group('relu')) {
    const parts = [];
    for (const s of big) {
      const kernel = nsPerElement(s, `ours ${f.name} float32 kernel`);
      parts.push({
        label: `n=${sizeName(s.n)} /copy`,
        value: kernel / nsPerElement(s, 'set - float32 copy'),
        ok: (v) => v <= 1.3,
      });
      parts.push({
        label: `n=${sizeName(s.n)} tfjs-wasm relu/ours`,
        value: nsPerElement(s, 'tfjs-wasm relu float32 op') / kernel,
        ok: (v) => v >= 1,
      });
    }
    row('f32 kernel, n ≥ 1e5: ≤ 1.3× one copy, and at least as fast as tfjs-wasm relu', f.name, parts);
  }
  for (const f of group('smooth')) {
    const parts = [];
    if (goalSize) {
      const kernel = nsPerElement(goalSize, `ours ${f.name} float32 kernel`);
      const peer = (op) => nsPerElement(goalSize, `tfjs-wasm ${op} float32 op`) / kernel;
      parts.push({ label: 'tfjs-wasm sigmoid/ours', value: peer('sigmoid'), ok: (v) => v >= 1 });
      parts.push({ label: 'tfjs-wasm tanh/ours', value: peer('tanh'), ok: (v) => v >= 10 });
      parts.push({ label: 'tfjs-wasm softplus/ours', value: peer('softplus'), ok: (v) => v >= 10 });
    }
    row(
      `f32 kernel, n = ${sizeName(GOAL_N)}: as fast as tfjs-wasm sigmoid, ≥ 10× tfjs-wasm tanh and softplus`,
      f.name,
      parts,
    );
  }
  const f64parts = goalSize
    ? FUNCTIONS.map((f) => ({
        label: f.name,
        value:
          nsPerElement(goalSize, `ours ${f.name} float64 kernel`) /
          nsPerElement(goalSize, `ours ${f.name} float32 kernel`),
        ok: (v) => v <= 2.5,
      }))
    : [];
  row(`float64 kernel ≤ 2.5× float32, n = ${sizeName(GOAL_N)}`, 'every function', f64parts);
  const million = at(1e6);
  row(
    'end to end with out, n = 1e6: ≤ 2× the in+out copy',
    'relu',
    ['float32', 'float64'].map((dtype) => ({
      label: dtype,
      value:
        million &&
        nsPerElement(million, `ours relu ${dtype} api out`) / nsPerElement(million, `set - ${dtype} copy in+out`),
      ok: (v) => v <= 2,
    })),
  );
  for (const f of FUNCTIONS.filter((f) => f.tfjs)) {
    row(
      'end to end without out (float32): faster than tfjs-wasm op + dataSync()',
      f.name,
      env.sizes.map((s) => ({
        label: `n=${sizeName(s.n)} tfjs/ours`,
        value:
          nsPerElement(s, `tfjs-wasm ${f.name} float32 op+dataSync`) / nsPerElement(s, `ours ${f.name} float32 api`),
        ok: (v) => v > 1,
      })),
    );
  }
  // Not a goal: the same comparison with tfjs doing what evaluate does
  // (copy in from a JS array, op, copy out), to show what the goal's op +
  // dataSync() leaves out.
  for (const f of FUNCTIONS.filter((f) => f.tfjs)) {
    const parts = env.sizes.map((s) => ({
      label: `n=${sizeName(s.n)} tfjs/ours`,
      value:
        nsPerElement(s, `tfjs-wasm ${f.name} float32 tensor+op+dataSync`) /
        nsPerElement(s, `ours ${f.name} float32 api`),
      ok: (v) => v > 1,
    }));
    if (parts.some((p) => p.value !== undefined && !Number.isNaN(p.value))) {
      row('(for reference) end to end without out: faster than tfjs-wasm tensor1d + op + dataSync()', f.name, parts);
    }
  }
  const single = (name) => {
    const r = env.single.find((c) => c.name === name);
    return r && 1e6 / r.median;
  };
  for (const name of ['ours relu float64 api', 'ours relu float32 api', 'ours relu float64 api out']) {
    const us = single(name);
    rows.push({
      goal: 'one call at n = 1: ≤ 0.2 µs',
      what: name.replace('ours ', ''),
      measured: us === undefined ? 'not measured' : `${us.toFixed(3)} µs`,
      met: us === undefined ? null : us <= 0.2,
      values: us === undefined ? [] : [{ label: 'µs', value: us }],
    });
  }
  return rows;
}

// Contenders whose shortest sample was under minMs (the machine got quieter
// than it was while calibrating), or ''.
function shortSamples(environments, minMs) {
  const short = environments.flatMap((e) =>
    [...e.sizes.flatMap((s) => s.results.map((r) => ({ ...r, n: s.n }))), ...e.single]
      .filter((r) => r.shortestMs < minMs)
      .map((r) => `${e.name} ${r.name}${r.n ? ` n=${sizeName(r.n)}` : ''} (${r.shortestMs.toFixed(0)} ms)`),
  );
  return short.length ? `\n- samples shorter than ${minMs} ms: ${short.join(', ')}` : '';
}

/** The goals and the one-call table of a saved record (bench/results/kernels-*.json), as markdown. */
export function summary(record) {
  return `${goalsTable(record.environments)}\n\n${singleTable(record.environments)}`;
}

function goalsTable(environments) {
  const lines = [
    `| goal | function | ${environments.map((e) => `${e.name}: measured`).join(' | ')} | met |`,
    `| --- | --- | ${environments.map(() => '---').join(' | ')} | --- |`,
  ];
  const perEnv = environments.map(goals);
  perEnv[0]?.forEach((row, i) => {
    const mets = perEnv.map((rows) => rows[i].met);
    const met = mets.includes(null)
      ? 'not measured'
      : mets.every(Boolean)
        ? 'yes'
        : mets.some(Boolean)
          ? 'in part'
          : 'no';
    lines.push(`| ${row.goal} | ${row.what} | ${perEnv.map((rows) => rows[i].measured).join(' | ')} | ${met} |`);
  });
  return lines.join('\n');
}

/** options: {samples, minMs, env: ['node', 'chromium'], sizes, quick, save}. */
export async function run({
  samples = 7,
  minMs = 50,
  env = ['node', 'chromium'],
  sizes = DEFAULT_SIZES,
  quick = false,
  save = true,
} = {}) {
  const suiteOptions = {
    wasmFiles: tfjsWasmFiles(),
    sizes,
    sweptOnly: false,
    // Blocks calibrated to measure's default 2 x minMs: with 1.25 x, a
    // quieter machine made a third of the samples shorter than minMs (one
    // run on 2026-12-01). Any that still are are named under the tables.
    measureOptions: { samples, minMs, warmupMs: quick ? 10 : 50 },
  };
  const date = new Date();
  const started = performance.now();
  const environments = await runEverywhere('kernels', ENTRY, 'runKernelSuite', suiteOptions, env);
  const machine = describeMachine();
  const tfjsVersion = environments[0]?.tfjs.version;
  console.log(
    `## Kernels: ${date.toISOString().slice(0, 10)}, ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg
      .map((l) => l.toFixed(1))
      .join(' ')}${quick ? ' (QUICK RUN: too few samples to quote)' : ''}\n\n` +
      `Inputs uniform on [-10, 10]. Median of ${samples} interleaved samples of ≥ ${minMs} ms; every contender of one size is ` +
      'measured side by side. "kernel": the core\'s apply_batch export on buffers already in the wasm heap; "api": ' +
      'lab.evaluate(id, xs, params) (a fresh result); "api out": with {out}; "copy": TypedArray.prototype.set; ' +
      '"copy in+out": two sets, the least a copy-in, copy-out API can do; "js loop": the formula in plain JS into an array; ' +
      `tfjs ${tfjsVersion} "op": the op on a tensor already made, output disposed; "op+dataSync": and its data read back; ` +
      '"tensor+op+dataSync": the tensor made from the array first (copy in, op, copy out, as evaluate does).\n\n' +
      environments.map(sizesTable).join('\n\n') +
      '\n\n' +
      singleTable(environments) +
      '\n\n### Goals of #11\n\n' +
      goalsTable(environments) +
      '\n\n' +
      environments.map(tfjsNote).join('\n') +
      shortSamples(environments, minMs) +
      `\n- total time ${((performance.now() - started) / 1e3).toFixed(0)} s`,
  );
  const record = {
    ...recordHeader('kernels', date, environments),
    quick,
    method: { samples, minMs, interleaved: 'every contender of one size', statistic: 'median calls/s', sizes },
    goals: Object.fromEntries(environments.map((e) => [e.name, goals(e)])),
    environments,
  };
  if (save) saveRecord(record, quick);
  return record;
}
