// Four floats at a time, written once for both targets: GCC/Clang vector
// extensions compile to SSE natively and to wasm simd128 under Emscripten
// (-msimd128), so the kernels the native tests check are the ones the page
// runs. Every operation used is IEEE-exact on both (+ - * /, compares,
// integer ops, bit casts): with -ffp-contract=off (CMakeLists.txt) the two
// give the same bits. No min/max instructions: x86 minps and wasm f32x4.min
// disagree on NaN and on -0, so clamps are compare-and-select, or wasm's
// pmin/pmax, which are defined as one (pmin, pmax below).
//
// The transcendental pieces follow XNNPACK's src/math derivations (f32 exp,
// expm1 for velu, the "rr2" Cody-Waite range reduction): z = n ln2 + t with
// |t| <= ln2 / 2, e^t from a polynomial, 2^n put into the exponent bits. The
// polynomials were fitted here (least squares on Chebyshev nodes against
// mpmath, coefficients rounded to float) to well under 0.1 ulp, so the
// kernels' error is that of their few roundings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>  // clang's header, not Emscripten's: the core stays portable
#endif

namespace activation_lab::simd {

typedef float f32x4 __attribute__((vector_size(16)));
typedef std::int32_t i32x4 __attribute__((vector_size(16)));
// Four doubles: two SSE2 or two f64x2 registers. Only in inline code (a
// 32-byte vector by value across a call would change the ABI without AVX,
// which is what -Wpsabi warns of; no such call exists).
typedef double f64x4 __attribute__((vector_size(32)));
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

inline constexpr std::size_t kLanes = 4;

// float <-> double, exact one way and rounded once the other. clang 14
// scalarises __builtin_convertvector between f32x4 and f64x4 for wasm (lane
// by lane extracts); the simd128 instructions do the same conversions.
inline f64x4 widen(f32x4 v) {
#ifdef __wasm_simd128__
  typedef double f64x2 __attribute__((vector_size(16)));
  const f64x2 lo = wasm_f64x2_promote_low_f32x4(v);
  const f64x2 hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
#else
  return __builtin_convertvector(v, f64x4);
#endif
}
inline f32x4 narrow(f64x4 v) {
#ifdef __wasm_simd128__
  typedef double f64x2 __attribute__((vector_size(16)));
  const v128_t lo = wasm_f32x4_demote_f64x2_zero(f64x2(__builtin_shufflevector(v, v, 0, 1)));
  const v128_t hi = wasm_f32x4_demote_f64x2_zero(f64x2(__builtin_shufflevector(v, v, 2, 3)));
  return f32x4(wasm_i32x4_shuffle(lo, hi, 0, 1, 4, 5));
#else
  return __builtin_convertvector(v, f32x4);
#endif
}

inline f32x4 splat(float v) { return f32x4{v, v, v, v}; }

// memcpy: x and y need not be 16-byte aligned (movups / v128.load).
inline f32x4 load(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }

inline i32x4 bits(f32x4 v) { return __builtin_bit_cast(i32x4, v); }
inline f32x4 from_bits(i32x4 v) { return __builtin_bit_cast(f32x4, v); }

// mask lanes are all ones or all zeros, as vector compares give them.
inline f32x4 select(i32x4 mask, f32x4 a, f32x4 b) {
  return from_bits((mask & bits(a)) | (~mask & bits(b)));
}
typedef std::int64_t i64x4 __attribute__((vector_size(32)));
inline f64x4 select(i64x4 mask, f64x4 a, f64x4 b) {
  const i64x4 bits_a = __builtin_bit_cast(i64x4, a), bits_b = __builtin_bit_cast(i64x4, b);
  return __builtin_bit_cast(f64x4, (mask & bits_a) | (~mask & bits_b));
}

// wasm's pseudo-min and -max, as defined: pmax(a, b) = a < b ? b : a and
// pmin(a, b) = b < a ? b : a. A NaN a comes out as a, and -0 versus +0 as a
// (they compare equal). V8 lowers each to one maxps/minps; the compare and
// select that clang 14 would otherwise emit costs four or five instructions,
// and clang turns the plain `a < b ? b : a` into f32x4.max, which differs
// on -0 (tests/node/golden.test.mjs saw it). Natively the same definition.
inline f32x4 pmax(f32x4 a, f32x4 b) {
#ifdef __wasm_simd128__
  return f32x4(wasm_f32x4_pmax(v128_t(a), v128_t(b)));
#else
  return select(a < b, b, a);
#endif
}
inline f32x4 pmin(f32x4 a, f32x4 b) {
#ifdef __wasm_simd128__
  return f32x4(wasm_f32x4_pmin(v128_t(a), v128_t(b)));
#else
  return select(b < a, b, a);
#endif
}

inline constexpr std::int32_t kSignBit = std::int32_t(0x80000000u);
inline f32x4 abs(f32x4 v) { return from_bits(bits(v) & ~kSignBit); }
// |r| with the sign of x (r >= 0).
inline f32x4 with_sign_of(f32x4 x, f32x4 r) { return from_bits(bits(r) | (bits(x) & kSignBit)); }

// NaN-safe clamp: a NaN lane comes out as lo, so nothing downstream (float to
// int conversion above all, which differs between SSE and wasm on NaN) sees
// it; the batch loop puts the NaN back.
inline f32x4 clamp(f32x4 v, float lo, float hi) {
  const f32x4 low = select(v > lo, v, splat(lo));
  return select(low < hi, low, splat(hi));
}

// max(v, lo), NaN giving lo: a bound on a factor that meets e^z = 0
// (x e^x at x = -inf is 0, not NaN).
inline f32x4 at_least(f32x4 v, float lo) { return select(v > lo, v, splat(lo)); }
inline f32x4 at_most(f32x4 v, float hi) { return select(v < hi, v, splat(hi)); }

// e^t - 1 - t = t^2 q(t) on |t| <= ln2 / 2 (q: degree 5, 0.01 ulp).
inline f32x4 expm1_reduced(f32x4 t) {
  f32x4 q = splat(0x1.a1516ep-13f);
  q = q * t + 0x1.6d433ap-10f;
  q = q * t + 0x1.1110c6p-7f;
  q = q * t + 0x1.5554e8p-5f;
  q = q * t + 0x1.555556p-3f;
  q = q * t + 0.5f;
  return t + t * (t * q);
}

// z = n ln2 + t, n = round(z / ln2). ln2 in two parts (Cody & Waite): the
// high part has 8 significant bits, so n * kLn2Hi is exact for |n| < 2^15
// and z - n * kLn2Hi is exact (the two are close).
// v + 1.5 2^23 lies in [2^23, 2^24) for |v| < 2^22, where a float's ulp
// is 1: adding rounds v to an integer m, and the sum's bits are those of
// 1.5 2^23 plus m. So m comes as a float and as an int without a float to
// int conversion (i32x4.trunc_sat_f32x4_s: eight instructions in V8, for
// the NaN and overflow cases that cannot occur here).
struct Rounded {
  f32x4 value;  // m
  i32x4 integer;
};
inline Rounded round_to_int(f32x4 v) {
  constexpr float kRound = 0x1.8p23f;
  const f32x4 biased = v + kRound;
  return {biased - kRound, bits(biased) - bits(splat(kRound))};
}
inline f32x4 reduced(f32x4 z, f32x4 n) {
  constexpr float kLn2Hi = 0x1.63p-1f, kLn2Lo = -0x1.bd0106p-13f;
  return (z - n * kLn2Hi) - n * kLn2Lo;
}
inline constexpr float kLog2e = 0x1.715476p+0f;

inline f32x4 pow2(i32x4 n) { return from_bits((n + 127) << 23); }

// e^z as (m * s1) * s2 with m = e^t: two scales keep 2^n representable down
// to the subnormal results (n >= -159), and a factor c multiplied into m first
// (c e^z, for x e^x, alpha e^x...) is rounded once, where the result is
// subnormal too. Below kLow e^z is 0 (s2 = 0): c e^z underflows for any
// |c| < 2^40, far below where callers clamp c.
struct Exp {
  f32x4 m, s1, s2;
  f32x4 times(f32x4 c) const { return ((m * c) * s1) * s2; }
  f32x4 value() const { return (m * s1) * s2; }
  // e^z in double: m 2^n exactly, whatever the float range (0 below kLow).
  f64x4 wide() const { return (widen(m) * widen(s1)) * widen(s2); }
};
// z <= 0 (or up to 88, where e^z is still finite): every caller's argument is
// -|something|, which saves the upper clamp.
// kFast: the caller guarantees -87 <= z <= 88 (map_guarded), where 2^n is a
// normal float: one scale, no clamp and no test. m 2^n is then rounded once,
// as (m s1) s2 is (m s1 is exact), so the results are the same bits.
template <bool kFast = false>
inline Exp exp_parts(f32x4 z) {
  constexpr float kLow = -150.0f;
  const f32x4 zc = kFast ? z : at_least(z, kLow);
  // n = round(zc / ln2) by adding 1.5 2^23 + 127 (XNNPACK's magic bias),
  // as round_to_int does with 1.5 2^23, in both paths: the sum's bits are
  // those of the constant plus n, so shifted into the exponent field (the
  // rest shifts out) they are 2^n itself, which kFast uses. (A tie rounds to
  // the n that makes n + 127 even, not n itself: one rounding for both
  // paths, or the two would differ there, as they once did.)
  constexpr float kBiasedRound = 0x1.8000fep23f;
  const f32x4 biased = zc * kLog2e + kBiasedRound;
  const f32x4 nf = biased - kBiasedRound;
  // e^t = 1 + t + t^2 q(t), q of degree 4 here (0.15 ulp): in e^t the
  // polynomial's error is t^2 smaller than in e^t - 1.
  const f32x4 t = reduced(zc, nf);
  f32x4 q = splat(0x1.6d433ap-10f);
  q = q * t + 0x1.120b66p-7f;
  q = q * t + 0x1.5554e8p-5f;
  q = q * t + 0x1.5554dcp-3f;
  q = q * t + 0.5f;
  const f32x4 m = 1.0f + (t + t * (t * q));
  if constexpr (kFast) {
    return {m, from_bits(bits(biased) << 23), splat(1.0f)};  // x * 1 folds away
  } else {
    const i32x4 n = bits(biased) - bits(splat(kBiasedRound));
    const i32x4 n1 = n >> 1;
    const f32x4 s2 = select(z > kLow, pow2(n - n1), splat(0.0f));
    return {m, pow2(n1), s2};
  }
}
// The bound on |z| that exp_parts' kFast needs.
inline constexpr float kFastExpBound = 87.0f;
// A bound that lets every x but NaN take a fast path.
inline constexpr float kNotNaN = __builtin_huge_valf();
template <bool kFast = false>
inline f32x4 exp(f32x4 z) {
  return exp_parts<kFast>(z).value();
}

// e^z for z in double (z >= -200 or so), to double's relative precision
// but for the float kernel's 0.6 ulp: z = hi + lo with hi a float, e^z =
// e^hi (1 + lo). Where a float kernel would round z itself (z = -x^2 / 2 in
// gelu), that rounding alone would cost |z| ulp.
template <bool kFast = false>
inline f64x4 exp_wide(f64x4 z) {
  const f32x4 hi = narrow(z);
  const Exp e = exp_parts<kFast>(hi);
  if constexpr (kFast) {
    return (widen(e.m) * widen(e.s1)) * (1.0 + (z - widen(hi)));
  } else {
    return e.wide() * (1.0 + (z - widen(hi)));
  }
}

// A parameter the kernels may fold into a product: far from float's
// overflow and subnormal range, so c e^z rounds once, as the double
// reference does. Other settings take the scalar double path.
inline bool moderate(double c) {
  return c == 0 || (c > -0x1p30 && c < 0x1p30 && (c > 0x1p-30 || c < -0x1p-30));
}

// e^z - 1 for z <= 0 (XNNPACK's velu): (2^n - 1) + 2^n (e^t - 1), where 2^n
// - 1 is exact for n >= -24, and near 0 (n = 0) the result is e^t - 1 itself,
// so small z keep their relative precision. Below -17.5 the result is -1 to
// the float; n is held at -24 there and the rest is too small to matter.
// kFast: the caller guarantees no NaN (map_guarded), so the clamp and the
// held n are pmax (one instruction each, where the NaN-safe clamp and the
// select take four or five), giving the same values; a lane with z > 0 gets
// a finite number that the caller does not use.
template <bool kFast = false>
inline f32x4 expm1_nonpositive(f32x4 z) {
  const f32x4 zc = kFast ? pmax(z, splat(-17.5f)) : clamp(z, -17.5f, 0.0f);
  const Rounded rounded = round_to_int(zc * kLog2e);
  f32x4 n;
  i32x4 ni;
  if constexpr (kFast) {
    // round(zc log2e) >= -26 here: n = max(that, -24) is the held n.
    n = pmax(rounded.value, splat(-24.0f));
    ni = bits(n + 0x1.8p23f) - bits(splat(0x1.8p23f));
  } else {
    const i32x4 near = zc > -16.5f;
    n = select(near, rounded.value, splat(-24.0f));
    ni = (near & rounded.integer) | (~near & -24);
  }
  const f32x4 s = pow2(ni);
  // z = -0 and subnormal z: e^t - 1 = t = z to the bit.
  return select(z < 0.0f, (s - 1.0f) + s * expm1_reduced(reduced(zc, n)), z);
}

// log(1 + u) / u for 0 <= u <= 1, from log(1 + u) = 2 atanh(f), f = u /
// (2 + u) <= 1/3: 2 / (2 + u) (1 + f^2 g(f^2)) has no cancellation anywhere
// (g: degree 3, 0.05 ulp). As a ratio it lets a caller round u log(1 + u) / u
// c once, where the result is subnormal.
inline f32x4 log1p_ratio_unit(f32x4 u) {
  const f32x4 d = 2.0f + u, f = u / d, w = f * f;
  f32x4 g = splat(0x1.1f00c6p-3f);
  g = g * w + 0x1.1eb388p-3f;
  g = g * w + 0x1.99d2bap-3f;
  g = g * w + 0x1.5555p-2f;
  return (2.0f + 2.0f * (w * g)) / d;
}

// The logistic function and its slope from e = e^-|x| (<= 1: no overflow).
inline f32x4 sigmoid(f32x4 x, f32x4 e) { return select(x > 0.0f, splat(1.0f), e) / (1.0f + e); }

// One pass of a lane function over n floats; x and y may be the same array.
// The tail (n % 4) goes through a padded copy, so it gets the same kernel.
// NaN in gives NaN out, as in the scalar loop (batch.hpp); kKeepsNaN: f
// itself returns x for a NaN x (relu's mask, a clamp), so the loop need
// not (two of relu's four operations).
template <bool kKeepsNaN = false, std::size_t kUnroll = 2, class F>
void map(const float* x, float* y, std::size_t n, F&& f) {
  const auto lane = [&](f32x4 v) {
    if constexpr (kKeepsNaN) {
      return f(v);
    } else {
      return select(v == v, f(v), v);
    }
  };
  std::size_t i = 0;
  // kUnroll vectors an iteration: two for the long kernels, whose dependency
  // chains (40-odd operations each) interleave; four for the short ones.
  if constexpr (kUnroll > 1) {
    for (; i + kUnroll * kLanes <= n; i += kUnroll * kLanes) {
      f32x4 v[kUnroll];
      for (std::size_t j = 0; j < kUnroll; ++j) v[j] = lane(load(x + i + j * kLanes));
      for (std::size_t j = 0; j < kUnroll; ++j) store(y + i + j * kLanes, v[j]);
    }
  }
  // The rest one vector at a time, the last one padded, through one copy
  // of the lane function (each copy of a long kernel is 1-2 KB of wasm).
  for (; i < n; i += kLanes) {
    const std::size_t m = n - i < kLanes ? n - i : kLanes;
    f32x4 v = {0, 0, 0, 0};
    if (m == kLanes) {
      v = load(x + i);
    } else {
      // Lane by lane, not memcpy: a call to the library's memcpy each way
      // was half the cost of a call at n = 1.
      for (std::size_t k = 0; k < m; ++k) v[k] = x[i + k];
    }
    v = lane(v);
    if (m == kLanes) {
      store(y + i, v);
    } else {
      for (std::size_t k = 0; k < m; ++k) y[i + k] = v[k];
    }
  }
}

// Two doubles at a time, for the kernels that are exact in any precision
// (the ReLU family): pmax and pmin as above, and map's loop.
typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));
inline f64x2 splat2(double v) { return f64x2{v, v}; }
// Lanes of a where mask is set, else of b (natively; wasm has the pseudo
// min and max as instructions).
inline f64x2 select(i64x2 mask, f64x2 a, f64x2 b) {
  return __builtin_bit_cast(
      f64x2, (mask & __builtin_bit_cast(i64x2, a)) | (~mask & __builtin_bit_cast(i64x2, b)));
}
inline f64x2 pmax(f64x2 a, f64x2 b) {
#ifdef __wasm_simd128__
  return f64x2(wasm_f64x2_pmax(v128_t(a), v128_t(b)));
#else
  return select(a < b, b, a);
#endif
}
inline f64x2 pmin(f64x2 a, f64x2 b) {
#ifdef __wasm_simd128__
  return f64x2(wasm_f64x2_pmin(v128_t(a), v128_t(b)));
#else
  return select(b < a, b, a);
#endif
}
// f must keep NaN itself (as pmax and pmin of x do); an odd last value is
// padded to a vector.
template <class F>
void map(const double* x, double* y, std::size_t n, F&& f) {
  constexpr std::size_t kUnroll = 4, kWidth = 2;
  std::size_t i = 0;
  for (; i + kUnroll * kWidth <= n; i += kUnroll * kWidth) {
    f64x2 v[kUnroll];
    for (std::size_t j = 0; j < kUnroll; ++j) {
      std::memcpy(&v[j], x + i + j * kWidth, sizeof v[j]);
      v[j] = f(v[j]);
    }
    for (std::size_t j = 0; j < kUnroll; ++j) std::memcpy(y + i + j * kWidth, &v[j], sizeof v[j]);
  }
  for (; i < n; i += kWidth) {
    f64x2 v = {x[i], i + 1 < n ? x[i + 1] : 0.0};
    v = f(v);
    y[i] = v[0];
    if (i + 1 < n) y[i + 1] = v[1];
  }
}

// Any lane of a mask set.
inline bool any(i32x4 mask) {
#ifdef __wasm_simd128__
  return wasm_v128_any_true(v128_t(mask));
#else
  return (mask[0] | mask[1] | mask[2] | mask[3]) != 0;
#endif
}

// map with a fast lane function where it is valid: chunk by chunk, fast(v)
// when every |x| of the chunk is at most bound (so no NaN, and no infinity
// unless bound is kNotNaN: the NaN select is left out too), else full(v) as
// map runs it. The test
// is on the bits as integers, which orders |x| and puts NaN above infinity:
// three instructions a vector. fast must equal full for every such x; the
// kernels' fast paths leave out only clamps and tests that change nothing
// there, so the results are the same bits (tests/cpp/simd_accuracy_test.cpp
// checks both paths against double, and each against the other).
inline constexpr std::size_t kChunk = 64;
template <std::size_t kUnroll = 2, class Fast, class Full>
void map_guarded(const float* x, float* y, std::size_t n, float bound, Fast&& fast, Full&& full) {
  const i32x4 limit = bits(splat(bound));
  constexpr std::int32_t kMagnitude = 0x7fffffff;
  std::size_t i = 0;
  for (; i + kChunk <= n; i += kChunk) {
    i32x4 over = {0, 0, 0, 0};
    for (std::size_t j = 0; j < kChunk; j += kLanes)
      over |= (bits(load(x + i + j)) & kMagnitude) > limit;
    if (any(over)) {
      map<false, 1>(x + i, y + i, kChunk, full);
      continue;
    }
    for (std::size_t j = 0; j < kChunk; j += kUnroll * kLanes) {
      f32x4 v[kUnroll];
      for (std::size_t k = 0; k < kUnroll; ++k) v[k] = fast(load(x + i + j + k * kLanes));
      for (std::size_t k = 0; k < kUnroll; ++k) store(y + i + j + k * kLanes, v[k]);
    }
  }
  map<false, 1>(x + i, y + i, n - i, full);
}

}  // namespace activation_lab::simd
