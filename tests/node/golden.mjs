// Reading tests/golden/<id>.json and the comparison rules of
// tests/cpp/golden_test.cpp, for the wasm build seen through the JS API.
import { readFileSync } from 'node:fs';

export function loadGolden(id) {
  return JSON.parse(readFileSync(new URL(`../golden/${id}.json`, import.meta.url), 'utf8'));
}

// JSON cannot hold NaN/inf: the generator writes them as strings.
export function numbers(list, Type) {
  return Type.from(list, (v) => (typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity));
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function ordinal(v, Type) {
  if (Type === Float32Array) {
    f32[0] = v;
    const b = BigInt(i32[0]);
    return b < 0n ? -(2n ** 31n) - b : b;
  }
  f64[0] = v;
  const b = i64[0];
  return b < 0n ? -(2n ** 63n) - b : b;
}

/** Distance in representable values; +0 and -0 are one point. */
export function ulpDistance(a, b, Type) {
  const d = ordinal(a, Type) - ordinal(b, Type);
  return d < 0n ? -d : d;
}

export function sameBits(a, b) {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Spacing of the dtype at |v|. */
export function spacing(v, Type) {
  const a = Type.of(Math.abs(v));
  const bits = Type === Float32Array ? new Int32Array(a.buffer) : new BigInt64Array(a.buffer);
  bits[0] += Type === Float32Array ? 1 : 1n;
  return a[0] - Type.of(Math.abs(v))[0];
}

/**
 * Problems of one golden case for kind 'f' or 'df' (empty when it passes):
 * bit-exact entries to the bit; others within 4 ulp of PyTorch, or where
 * PyTorch itself lost digits within 4 conditioned ulp of the exact value.
 */
export function checkCase(activation, c, kind, got) {
  const Type = c.dtype === 'float32' ? Float32Array : Float64Array;
  const x = numbers(c.x, Type);
  const want = numbers(c[kind], Type);
  const exact = activation.bitExact ? null : numbers(c[`${kind}_ref`], Float64Array);
  const scale = activation.bitExact ? null : numbers(c[`${kind}_scale`], Float64Array);
  const problems = [];
  let worst = 0n;
  for (let i = 0; i < x.length; i++) {
    const where = `${activation.id} ${kind} ${c.dtype} ${JSON.stringify(c.params)} x=${x[i]}: want ${want[i]}, got ${got[i]}`;
    if (Number.isNaN(x[i])) {
      if (!Number.isNaN(got[i])) problems.push(`${where} (NaN in, NaN out)`);
      continue;
    }
    if (!Number.isFinite(x[i]) && Number.isNaN(want[i])) continue; // limits: native table_test
    if (Number.isNaN(want[i]) || (activation.bitExact && !Number.isFinite(want[i]) && Number.isFinite(got[i]))) {
      // PyTorch's 0 * inf or overflow for a finite x: ours must be finite.
      if (!Number.isFinite(got[i])) problems.push(`${where} (must be finite)`);
      continue;
    }
    if (activation.bitExact) {
      if (!sameBits(got[i], want[i])) problems.push(`${where} (must match to the bit)`);
      continue;
    }
    const d = ulpDistance(got[i], want[i], Type);
    if (d > worst) worst = d;
    if (d <= 4n) continue;
    if (Number.isNaN(exact[i])) {
      problems.push(`${where} (${d} ulp, no exact reference)`);
      continue;
    }
    const ulps = Math.abs(got[i] - exact[i]) / spacing(Math.max(Math.abs(exact[i]), scale[i]), Type);
    if (!(ulps <= 4)) problems.push(`${where} (${d} ulp from PyTorch, ${ulps} conditioned ulp from exact ${exact[i]})`);
  }
  return { problems, worst, count: x.length };
}
