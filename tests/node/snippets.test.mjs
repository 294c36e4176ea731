// The explorer's Code panel shows each activation as C++, NumPy and PyTorch
// code a reader will copy: run that exact text (snippets.js, with each golden
// case's parameters) on the float64 golden data. Python runs once for every
// snippet (snippet_harness.py) and g++ compiles every C++ snippet into one
// program, so the whole file takes seconds.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadActivationLab } from 'activation-lab';
import { cppSnippet, numpySnippet, torchSnippet } from '../../web/src/explorer/snippets.js';
import { loadGolden, numbers, spacing, ulpDistance } from './golden.mjs';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's, the one with python3-numpy, -scipy and -torch
const HARNESS = fileURLToPath(new URL('snippet_harness.py', import.meta.url));
const TOLERANCE = 16; // ulp: snippets are short formulas for readers, not our kernels
const SHOWN = 5;

const lab = await loadActivationLab();

// The snippets are float64 code, so only the float64 cases apply.
const cases = lab.activations.flatMap((meta) =>
  loadGolden(meta.id)
    .cases.filter((golden) => golden.dtype === 'float64')
    .map((golden) => ({
      meta,
      golden,
      params: Object.fromEntries(
        meta.params.map((p) => [p.name, p.choices ? p.choices[golden.params[p.name]] : golden.params[p.name]]),
      ),
      x: numbers(golden.x, Float64Array),
    })),
);

/**
 * Whether a snippet's value is right. Bit-exact activations' snippets use only
 * + - * / and comparisons, so they must agree exactly (sign of zero aside).
 * Others (exp, erf, tanh...): within TOLERANCE ulp of PyTorch, or, where
 * PyTorch itself lost digits, within TOLERANCE conditioned ulp of the exact
 * value (ulp of max(|exact|, |x f'|): the error rounding x alone would cause).
 */
function agrees(bitExact, got, want, exact, scale) {
  if (got === want) return true;
  if (bitExact) return false;
  // Ulp distance means nothing next to infinity: there only the exact value judges.
  if (Number.isFinite(got) && Number.isFinite(want) && ulpDistance(got, want, Float64Array) <= TOLERANCE) return true;
  return conditionedUlps(got, exact, scale) <= TOLERANCE;
}

function conditionedUlps(got, exact, scale) {
  if (!Number.isFinite(exact)) return NaN;
  return Math.abs(got - exact) / spacing(Math.max(Math.abs(exact), scale), Float64Array);
}

// x for Python: what JSON cannot carry goes as a string, as in the golden
// files, and so does -0 (JSON.stringify writes 0).
function encode(x) {
  return Array.from(x, (v) =>
    Number.isNaN(v) ? 'nan' : !Number.isFinite(v) ? (v > 0 ? 'inf' : '-inf') : Object.is(v, -0) ? '-0.0' : v,
  );
}

async function runPython(dir) {
  const programs = lab.activations.map((meta) => ({ id: meta.id, text: torchSnippet(meta, defaults(meta), null) }));
  const job = cases.map(({ meta, params, x }) => {
    const call = /^y = (.+)$/m.exec(torchSnippet(meta, params, null));
    return { id: meta.id, numpy: numpySnippet(meta, params), torch: call && call[1], x: encode(x) };
  });
  writeFileSync(join(dir, 'job.json'), JSON.stringify({ cases: job, programs }));
  try {
    await run(PYTHON, [HARNESS, join(dir, 'job.json'), join(dir, 'python.json')], { maxBuffer: 1 << 26 });
  } catch (e) {
    if (e.code === 'ENOENT')
      throw new Error(`no ${PYTHON}: install the Debian packages python3-numpy python3-scipy python3-torch`);
    throw new Error(`${PYTHON} ${HARNESS} failed:\n${e.stderr || e.message}`);
  }
  const { cases: results, programs: programErrors } = JSON.parse(readFileSync(join(dir, 'python.json'), 'utf8'));
  const decode = (r) => (r.error ? r : { f: numbers(r.f, Float64Array), df: numbers(r.df, Float64Array) });
  return { numpy: results.map((r) => decode(r.numpy)), torch: results.map((r) => decode(r.torch)), programErrors };
}

function defaults(meta) {
  return Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
}

// Every case's snippet in a namespace of its own (the default arguments carry
// its parameters), the #includes once at the top, and a main() that reads
// all x from a binary file and prints f and f' for each case on two lines.
function cppProgram() {
  const includes = new Set(['#include <cstdio>', '#include <vector>']);
  const namespaces = cases.map(({ meta, params }, k) => {
    const lines = cppSnippet(meta, params).split('\n');
    for (const line of lines.filter((l) => l.startsWith('#include'))) includes.add(line);
    return [`namespace s${k} {`, ...lines.filter((l) => !l.startsWith('#include')), `}  // namespace s${k}`].join('\n');
  });
  const calls = cases.map(
    ({ meta, x }, k) =>
      `  print(in, ${x.length}, [](double x) { return s${k}::${meta.id}(x); }, [](double x) { return s${k}::${meta.id}_grad(x); });`,
  );
  return [
    ...includes,
    '',
    ...namespaces,
    '',
    'template <class F, class G>',
    'static void print(std::FILE *in, int n, F f, G df) {',
    '  std::vector<double> xs(n);',
    '  if (std::fread(xs.data(), sizeof(double), n, in) != std::size_t(n)) throw "short input";',
    '  for (double x : xs) std::printf(" %.17g", f(x));',
    '  std::printf("\\n");',
    '  for (double x : xs) std::printf(" %.17g", df(x));',
    '  std::printf("\\n");',
    '}',
    '',
    'int main(int, char **argv) {',
    '  std::FILE *in = std::fopen(argv[1], "rb");',
    ...calls,
    '}',
    '',
  ].join('\n');
}

// %.17g round-trips every double; glibc spells the rest inf, -inf, nan, -nan.
function parseC(word) {
  return word.endsWith('nan') ? NaN : word === 'inf' ? Infinity : word === '-inf' ? -Infinity : Number(word);
}

async function runCpp(dir) {
  writeFileSync(join(dir, 'snippets.cpp'), cppProgram());
  const x = new Float64Array(cases.flatMap((c) => Array.from(c.x)));
  writeFileSync(join(dir, 'x.bin'), new Uint8Array(x.buffer));
  try {
    await run('g++', ['-O1', '-o', 'snippets', 'snippets.cpp'], { cwd: dir, maxBuffer: 1 << 26 });
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error('no g++: install the Debian package g++');
    throw new Error(`the C++ snippets do not compile:\n${e.stderr.slice(0, 4000)}`);
  }
  const { stdout } = await run(join(dir, 'snippets'), ['x.bin'], { cwd: dir, maxBuffer: 1 << 26 });
  const lines = stdout.split('\n');
  return cases.map((_, k) => ({
    f: Float64Array.from(lines[2 * k].trim().split(' '), parseC),
    df: Float64Array.from(lines[2 * k + 1].trim().split(' '), parseC),
  }));
}

// Per language: the outputs of every case, or the Error that stopped them;
// and per activation, what running its whole PyTorch snippet raised (or null).
let dir;
let outputs;
let programErrors;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'activation-lab-snippets-'));
  const [python, cpp] = await Promise.all([runPython(dir).catch((e) => e), runCpp(dir).catch((e) => e)]);
  outputs = {
    numpy: python instanceof Error ? python : python.numpy,
    torch: python instanceof Error ? python : python.torch,
    cpp,
  };
  programErrors = python.programErrors;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const LABEL = { f: 'f', df: "f'" };

/** The points where one case's f or f' (kind) fails, with their ulps from PyTorch. */
function failures(language, c, kind, got) {
  const { meta, golden, params, x } = c;
  const want = numbers(golden[kind], Float64Array);
  const exact = golden[`${kind}_ref`] ? numbers(golden[`${kind}_ref`], Float64Array) : [];
  const scale = golden[`${kind}_scale`] ? numbers(golden[`${kind}_scale`], Float64Array) : [];
  // Where PyTorch's vectorised and scalar loops disagree (hardswish'(3)) the
  // golden file keeps the scalar value and lists the other; a call on a whole
  // tensor takes the vectorised loop, so for PyTorch itself either is right.
  const vectorised = new Map(
    language === 'torch'
      ? (golden.torch_paths_disagree ?? []).map((d) => numbers([d.x, d.vectorised[kind === 'f' ? 0 : 1]], Float64Array))
      : [],
  );
  const found = [];
  for (let i = 0; i < x.length; i++) {
    // ±inf and NaN inputs are the kernels' business (table_test), and a NaN
    // from PyTorch is no value to match.
    if (!Number.isFinite(x[i]) || Number.isNaN(want[i])) continue;
    if (agrees(meta.bitExact, got[i], want[i], exact[i], scale[i])) continue;
    if (vectorised.has(x[i]) && agrees(meta.bitExact, got[i], vectorised.get(x[i]), exact[i], scale[i])) continue;
    const ulps = ulpDistance(got[i], want[i], Float64Array);
    const cu = conditionedUlps(got[i], exact[i], scale[i]);
    found.push({
      ulps,
      text:
        `${language} ${meta.id} ${LABEL[kind]} ${JSON.stringify(params)} x=${x[i]}: ` +
        `got ${got[i]}, want ${want[i]} (${ulps} ulp` +
        (Number.isNaN(cu) ? ')' : `; ${cu.toPrecision(3)} conditioned ulp from exact ${exact[i]})`),
    });
  }
  return found;
}

for (const meta of lab.activations) {
  const mine = cases.map((c, k) => [c, k]).filter(([c]) => c.meta === meta);
  for (const language of ['numpy', 'torch', 'cpp']) {
    test(`${language}: ${meta.id}`, () => {
      if (outputs[language] instanceof Error) throw outputs[language];
      const problems = [];
      const programError = language === 'torch' && programErrors[meta.id];
      if (programError)
        problems.push(`torch ${meta.id}: the whole snippet (default parameters) raised:\n${programError}`);
      const ran = [];
      for (const [c, k] of mine) {
        const out = outputs[language][k];
        if (out.error) problems.push(`${language} ${meta.id} ${JSON.stringify(c.params)} raised:\n${out.error}`);
        else ran.push([c, out]);
      }
      for (const kind of ['f', 'df']) {
        const found = ran.flatMap(([c, out]) => failures(language, c, kind, out[kind]));
        if (found.length === 0) continue;
        const checked = ran.reduce((n, [c]) => n + c.x.length, 0);
        found.sort((a, b) => (a.ulps < b.ulps ? 1 : a.ulps > b.ulps ? -1 : 0)); // worst first
        problems.push(
          `${language} ${meta.id} ${LABEL[kind]}: ${found.length} of ${checked} points fail; worst:`,
          ...found.slice(0, SHOWN).map((p) => `  ${p.text}`),
        );
      }
      if (problems.length) assert.fail(problems.join('\n'));
    });
  }
}
