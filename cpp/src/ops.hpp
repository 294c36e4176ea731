// One functor per activation: f and f' side by side, one line of maths each
// where possible, with the op's parameter struct (named fields, bound to the
// table's parameters by name), its kinks and its parameter constraint. T is
// float or double; parameters arrive as doubles and are cast to T where
// PyTorch casts its Scalar to the tensor's dtype.
//
// The formulas follow PyTorch 1.13's CPU kernels (aten/src/ATen/native/cpu/
// Activation.cpp and the autograd formulas) operation for operation, so that
// piecewise-linear functions agree to the bit and transcendental ones to a few
// ulp. Where PyTorch's formula yields NaN at +-inf (0 * inf), we return the
// limit instead; NaN inputs are handled once, in batch.hpp.
//
// An op with `simd_f`/`simd_df` (four floats at a time, simd/f32x4.hpp) runs
// them for float32 instead of f/df; `simd_ok` (when present) sends unusual
// parameter settings back to the scalar path. They compute in float what f
// and df compute in double, within 4 ulp of it (tests/cpp/
// simd_accuracy_test.cpp), and to the bit for the piecewise-linear ops.
#pragma once

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <vector>

#include "op_params.hpp"
#include "simd/f32x4.hpp"

namespace activation_lab::ops {

using simd::f32x4;
using simd::select;
using simd::splat;

// clamp(x, lo, hi); the gradient is 0 at the bounds (PyTorch: hardtanh and
// relu6 both use x <= lo || x >= hi).
struct ClampKernel {
  template <class T>
  static T f(T x, T lo, T hi) {
    return x < lo ? lo : (x > hi ? hi : x);
  }
  template <class T>
  static T df(T x, T lo, T hi) {
    return (x <= lo || x >= hi) ? T(0) : T(1);
  }
  // x < lo ? lo : (x > hi ? hi : x), as pmax and pmin define them: a NaN
  // fails both compares and comes out as x, and so does -0 against 0 (for
  // lo <= hi, which every caller's parameters satisfy: hardtanh's check).
  static f32x4 simd_f(f32x4 x, float lo, float hi) {
    return simd::pmin(simd::pmax(x, splat(lo)), splat(hi));
  }
  static f32x4 simd_df(f32x4 x, float lo, float hi) {
    return select((x <= lo) | (x >= hi), splat(0.0f), splat(1.0f));
  }
  // Float64 (batch.hpp): the same bits as f.
  template <class Run>
  static void simd_f64(double lo, double hi, Run&& run) {
    run([lo, hi](simd::f64x2 x) {
      return simd::pmin(simd::pmax(x, simd::splat2(lo)), simd::splat2(hi));
    });
  }
};

// ---- ReLU family ----------------------------------------------------------

struct Relu : NoParams, KinkAtZero {
  template <class T>
  static T f(T x, const Params&) {
    // relu(-0) = -0 as in PyTorch. Spelt with signbit because clang 14 turns
    // every comparison form (x < 0 ? 0 : x, x >= 0 ? x : 0...) into wasm's
    // f64.max, which returns +0 for -0 (tests/node/golden.test.mjs saw it).
    return std::signbit(x) && x != T(0) ? T(0) : x;
  }
  // PyTorch: relu'(0) = 0.
  template <class T>
  static T df(T x, const Params&) {
    return x > T(0) ? T(1) : T(0);
  }
  // pmax(x, 0) = x < 0 ? 0 : x: -0 and NaN fail the compare and stay
  // (kSimdFKeepsNaN), as relu(-0) = -0 in PyTorch. One maxps in V8.
  static constexpr bool kSimdFKeepsNaN = true;
  static constexpr bool kSimdCheap = true;
  static f32x4 simd_f(f32x4 x, const Params&) { return simd::pmax(x, splat(0.0f)); }
  // Float64 likewise (batch.hpp): the same bits as f.
  template <class Run>
  static bool simd_f64(const Params&, Run&& run) {
    run([](simd::f64x2 x) { return simd::pmax(x, simd::splat2(0.0)); });
    return true;
  }
  static f32x4 simd_df(f32x4 x, const Params&) {
    return select(x > 0.0f, splat(1.0f), splat(0.0f));
  }
};

// leaky_relu, prelu (scalar weight) and rrelu (evaluation mode) share one
// kernel; only their parameters, and so where the slope comes from, differ.
template <class Slope>
struct LeakyReluWith : KinkAtZero {
  using Params = typename Slope::Params;
  static constexpr auto kFields = Slope::kFields;
  template <class T>
  static T f(T x, const Params& p) {
    const T slope = Slope::template get<T>(p);
    if (x > T(0)) return x;
    // Limit for slope 0 at -inf (-inf * 0 is NaN); finite x keeps x * 0 = -0
    // as PyTorch does.
    return slope == T(0) && std::isinf(x) ? T(0) : x * slope;
  }
  // PyTorch: leaky_relu'(0) = negative_slope.
  template <class T>
  static T df(T x, const Params& p) {
    return x > T(0) ? T(1) : Slope::template get<T>(p);
  }
  // NaN * slope is NaN (kSimdFKeepsNaN); only -inf * 0 is replaced.
  static constexpr bool kSimdFKeepsNaN = true;
  static constexpr bool kSimdCheap = true;
  // The common slopes get loops of their own (batch.hpp; a test of the slope
  // inside the lane function would run once a vector: clang 14 does not
  // unswitch it). For 0 < slope <= 1, x > 0 ? x : x slope is pmax(x slope,
  // x): x slope < x exactly where x > 0 (at slope 1 the two are equal), and
  // a NaN, -0, +0 or -inf x gives x slope, as simd_f does; for slope > 1 it
  // is pmin. One multiply and one maxps, where the select takes five.
  template <class Run>
  static bool simd_f_special(const Params& p, Run&& run) {
    const float slope = Slope::template get<float>(p);
    if (slope > 0.0f && slope <= 1.0f) {
      run([slope](f32x4 x) { return simd::pmax(x * slope, x); });
      return true;
    }
    if (slope > 1.0f) {
      run([slope](f32x4 x) { return simd::pmin(x * slope, x); });
      return true;
    }
    return false;
  }
  // Float64 (batch.hpp): the same two cases, the same bits as f.
  template <class Run>
  static bool simd_f64(const Params& p, Run&& run) {
    const double slope = Slope::template get<double>(p);
    if (slope > 0.0 && slope <= 1.0) {
      run([slope](simd::f64x2 x) { return simd::pmax(x * slope, x); });
      return true;
    }
    if (slope > 1.0) {
      run([slope](simd::f64x2 x) { return simd::pmin(x * slope, x); });
      return true;
    }
    return false;
  }
  static f32x4 simd_f(f32x4 x, const Params& p) {
    const float slope = Slope::template get<float>(p);
    f32x4 negative = x * slope;
    if (slope == 0)
      negative = select(x == -std::numeric_limits<float>::infinity(), splat(0.0f), negative);
    return select(x > 0.0f, x, negative);
  }
  static f32x4 simd_df(f32x4 x, const Params& p) {
    return select(x > 0.0f, splat(1.0f), splat(Slope::template get<float>(p)));
  }
};
struct NegativeSlope {
  struct Params {
    double negative_slope;
  };
  static constexpr std::array<Field<Params>, 1> kFields{
      {{"negative_slope", &Params::negative_slope}}};
  template <class T>
  static T get(const Params& p) {
    return T(p.negative_slope);
  }
};
// F.prelu with one weight shared by all channels.
struct SharedWeight {
  struct Params {
    double weight;
  };
  static constexpr std::array<Field<Params>, 1> kFields{{{"weight", &Params::weight}}};
  template <class T>
  static T get(const Params& p) {
    return T(p.weight);
  }
};
// rrelu in eval mode is leaky_relu with the mean slope, computed in double
// before the cast, as PyTorch does.
struct MeanOfBounds {
  struct Params {
    double lower, upper;
  };
  static constexpr std::array<Field<Params>, 2> kFields{
      {{"lower", &Params::lower}, {"upper", &Params::upper}}};
  template <class T>
  static T get(const Params& p) {
    return static_cast<T>((p.lower + p.upper) / 2);
  }
};
using LeakyRelu = LeakyReluWith<NegativeSlope>;
using Prelu = LeakyReluWith<SharedWeight>;
struct Rrelu : LeakyReluWith<MeanOfBounds> {
  static const char* check(const Params& p) {
    return p.lower > p.upper ? "lower must not exceed upper" : nullptr;
  }
};

// PyTorch's elu kernel with (alpha, scale, input_scale): elu, selu and celu.
// expm1 keeps precision for small negative x.
template <class Coefs>
struct EluWith : KinkAtZero {
  using Params = typename Coefs::Params;
  static constexpr auto kFields = Coefs::kFields;
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params& p) {
    const Coefs c(p);
    return x > T(0) ? x * T(c.scale) : std::expm1(x * T(c.input_scale)) * (T(c.alpha) * T(c.scale));
  }
  // PyTorch: elu'(0) takes the negative branch: alpha * scale * input_scale.
  template <class T>
  static T df(T x, const Params& p) {
    const Coefs c(p);
    return x > T(0) ? T(c.scale)
                    : T(c.input_scale) * (T(c.alpha) * T(c.scale)) * std::exp(x * T(c.input_scale));
  }
  // The coefficients are products in double rounded once, as the double
  // path has them.
  // The fast path (batch.hpp): f's for every x but NaN; f''s where |x
  // input_scale| is within exp_parts' bound (input_scale is moderate and
  // positive: simd_ok), taken one ulp low.
  static float simd_fast_bound(const Params& p, Kind k) {
    if (k == Kind::function) return simd::kNotNaN;
    return std::nextafter(simd::kFastExpBound / float(Coefs(p).input_scale), 0.0f);
  }
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params& p) {
    const Coefs c(p);
    const f32x4 negative =
        simd::expm1_nonpositive<kFast>(x * float(c.input_scale)) * float(c.alpha * c.scale);
    return select(x > 0.0f, x * float(c.scale), negative);
  }
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params& p) {
    const Coefs c(p);
    const float slope = float(c.input_scale * (c.alpha * c.scale));
    return select(
        x > 0.0f, splat(float(c.scale)),
        simd::exp_parts<kFast>(simd::at_most(x * float(c.input_scale), 0.0f)).times(splat(slope)));
  }
  // expm1_nonpositive needs x * input_scale <= 0 for x <= 0.
  static bool simd_ok(const Params& p) {
    const Coefs c(p);
    return c.input_scale > 0 && simd::moderate(c.input_scale) && simd::moderate(c.alpha * c.scale);
  }
};
struct Alpha {
  struct Params {
    double alpha;
  };
  static constexpr std::array<Field<Params>, 1> kFields{{{"alpha", &Params::alpha}}};
};
struct EluCoefs : Alpha {
  double alpha, scale = 1, input_scale = 1;
  explicit EluCoefs(const Params& p) : alpha(p.alpha) {}
};
struct SeluCoefs : NoParams {
  // Klambauer et al. 2017, as in PyTorch.
  double alpha = 1.6732632423543772848170429916717;
  double scale = 1.0507009873554804934193349852946;
  double input_scale = 1;
  explicit SeluCoefs(const Params&) {}
};
struct CeluCoefs : Alpha {
  double alpha, scale = 1, input_scale;
  explicit CeluCoefs(const Params& p) : alpha(p.alpha), input_scale(1.0 / p.alpha) {}
};
using Elu = EluWith<EluCoefs>;
using Selu = EluWith<SeluCoefs>;
struct Celu : EluWith<CeluCoefs> {
  // PyTorch multiplies by 1 / alpha: for |alpha| < 1 / max that is infinite
  // and celu(0) is 0 * inf = NaN.
  static const char* check(const Params& p) {
    if (p.alpha == 0) return "alpha must not be 0 (celu divides by it)";
    return std::isinf(1.0 / p.alpha) ? "alpha is too close to 0: 1 / alpha overflows" : nullptr;
  }
};

// ---- Smooth ---------------------------------------------------------------

inline constexpr double kSqrt1_2 = 0.70710678118654752440;   // M_SQRT1_2
inline constexpr double k2_SqrtPi = 1.12837916709551257390;  // M_2_SQRTPI
inline constexpr double kSqrt2 = 1.41421356237309504880;     // M_SQRT2

struct Gelu {
  struct Params {
    double approximate;  // index of the table's choice: 0 "none" (erf), 1 "tanh"
  };
  static constexpr std::array<Field<Params>, 1> kFields{{{"approximate", &Params::approximate}}};
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params& p) {
    if (std::isinf(x)) return x > T(0) ? x : T(0);
    return p.approximate == 0 ? erf_form(x) : tanh_form(x);
  }
  template <class T>
  static T df(T x, const Params& p) {
    if (std::isinf(x)) return x > T(0) ? T(1) : T(0);
    return p.approximate == 0 ? erf_form_df(x) : tanh_form_df(x);
  }
  // The fast path (batch.hpp): where exp_wide's float exponent is within
  // exp_parts' bound, -x^2 / 2 >= -87 for the erf form and
  // -2 beta (|x| + kappa |x|^3) >= -87 for the tanh form (|x| <= 9.9; 9.5
  // is -76, a margin); there
  // the clamps change nothing.
  static float simd_fast_bound(const Params& p, Kind) { return p.approximate == 0 ? 13.0f : 9.5f; }
  static constexpr bool kSimdLong = true;  // batch.hpp: two vectors an iteration
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params& p) {
    return p.approximate == 0 ? simd_erf_form<false, kFast>(x) : simd_tanh_form<false, kFast>(x);
  }
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params& p) {
    return p.approximate == 0 ? simd_erf_form<true, kFast>(x) : simd_tanh_form<true, kFast>(x);
  }

  // Phi(-a) = phi(a) R(a) for a = |x| >= 0, R (Mills' ratio) a polynomial of
  // degree 12 in t = 1 / (1 + 0.3 a), fitted on [0, 20] to 3e-10 relative.
  // It runs in double on the float e^(-a^2 / 2) (exp_wide): float would round
  // t and R's dozen terms to several ulp. Phi(x) = 1 - Phi(-x) for x >= 0
  // loses nothing (Phi >= 1/2); for x < 0 the tail keeps its relative
  // precision down to the subnormals, where 1 + erf(x / sqrt 2) would cancel.
  static simd::f64x4 mills_ratio(simd::f64x4 a) {
    static constexpr double kCoefficients[] = {
        0x1.f4959dc8200e1p-6,  -0x1.848ee56efcb50p-3, 0x1.dff1770fd1c2cp-2, -0x1.18b3ad29d407ap-1,
        0x1.1fc463ef71244p-2,  -0x1.c3dda6127f436p-4, 0x1.4d9db68e92925p-4, 0x1.33e4623d258e5p-3,
        0x1.ba1f644113c60p-3,  0x1.1855289512b06p-2,  0x1.331833ff2b4aep-2, 0x1.33352bd11fb3cp-2,
        -0x1.f21e1dda00000p-23};
    const simd::f64x4 t = 1.0 / (1.0 + 0.3 * a);
    simd::f64x4 r = t * kCoefficients[0] + kCoefficients[1];
    for (std::size_t i = 2; i < std::size(kCoefficients); ++i) r = r * t + kCoefficients[i];
    return r;
  }
  template <bool kGradient, bool kFast = false>
  static f32x4 simd_erf_form(f32x4 x) {
    const simd::f64x4 a = simd::widen(kFast ? simd::abs(x) : simd::at_most(simd::abs(x), 20.0f));
    const simd::f64x4 pdf = simd::exp_wide<kFast>(-0.5 * (a * a)) * (k2_SqrtPi * kSqrt1_2 * 0.5);
    const simd::f64x4 r = mills_ratio(a), tail = pdf * r;  // Phi(-a)
    const simd::f64x4 xw = simd::widen(x);
    const auto negative = xw < 0.0;
    if constexpr (!kGradient) {
      // x < 0: x Phi(x) = -a Phi(-a), which is 0 (not -inf * 0) at -inf.
      return simd::narrow(select(negative, -a * tail, xw * (1.0 - tail)));
    } else {
      // Phi + x phi: phi (R - a) for x < 0, (1 - Phi(-a)) + a phi for x >= 0.
      return simd::narrow(select(negative, pdf * (r - a), (1.0 - tail) + a * pdf));
    }
  }
  // x / (1 + e^{-2u}) as silu's x / (1 + e^-x), with u and e^{-2|u|} in double
  // (u = beta (x + kappa x^3) in float would round e^{-2u} by up to 2|u| ulp).
  template <bool kGradient, bool kFast = false>
  static f32x4 simd_tanh_form(f32x4 x) {
    // u is odd in x: e^{-2|u|} from |x|.
    const simd::f64x4 xc = simd::widen(kFast ? x : simd::at_least(simd::at_most(x, 30.0f), -30.0f));
    const simd::f64x4 a = simd::widen(kFast ? simd::abs(x) : simd::at_most(simd::abs(x), 30.0f));
    const simd::f64x4 e = simd::exp_wide<kFast>(-2.0 * (kBeta * (a + kKappa * (a * a * a))));
    const simd::f64x4 d = 1.0 + e;
    const simd::f64x4 xw = simd::widen(x);
    const auto positive = xw > 0.0;
    if constexpr (!kGradient) {
      return simd::narrow(select(positive, xw, xc * e) / d);
    } else {
      // f' = left + 0.5 x tanh'(u) u', with g = 2 x u' = 2 beta x (1 + 3 kappa x^2):
      // (d + g e) / d^2 for u >= 0, e (d + g) / d^2 for u < 0.
      const simd::f64x4 g = (2.0 * kBeta) * xc * (1.0 + (3.0 * kKappa) * (xc * xc));
      return simd::narrow(select(positive, d + g * e, e * (d + g)) / (d * d));
    }
  }

  // Phi(x) = (1 + erf(x/sqrt2)) / 2 cancels for x < 0 (PyTorch's gelu(-5)
  // keeps 3 digits in float32); erfc(-x/sqrt2) / 2 does not.
  template <class T>
  static T cdf(T x) {
    return x < T(0) ? T(0.5) * std::erfc(-x * T(kSqrt1_2))
                    : T(0.5) * (T(1) + std::erf(x * T(kSqrt1_2)));
  }
  template <class T>
  static T erf_form(T x) {
    return x * cdf(x);
  }
  template <class T>
  static T erf_form_df(T x) {
    const T pdf = T(k2_SqrtPi * kSqrt1_2 * 0.5) * std::exp(x * x * T(-0.5));
    return cdf(x) + x * pdf;
  }
  static constexpr double kBeta = kSqrt2 * k2_SqrtPi * 0.5;
  static constexpr double kKappa = 0.044715;
  // (1 + tanh u) / 2 = 1 / (1 + e^{-2u}) and 1 - tanh^2 u = 4e / (1 + e)^2
  // with e = e^{-2u}: the same function without the cancellation of 1 + tanh u
  // for u << 0 (PyTorch's gelu(-7, 'tanh') is 0 instead of -3e-16).
  template <class T>
  static T tanh_inner(T x) {
    return T(kBeta) * (x + T(kKappa) * (x * x * x));
  }
  template <class T>
  static T tanh_form(T x) {
    return x / (T(1) + std::exp(T(-2) * tanh_inner(x)));
  }
  template <class T>
  static T tanh_form_df(T x) {
    const T u = tanh_inner(x);
    const T e = std::exp(T(-2) * std::fabs(u));  // <= 1: nothing overflows
    const T left_derivative = u >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
    // Saturated: the product below is 0 * (huge or inf); its limit is 0.
    if (e == T(0)) return left_derivative;
    const T tanh_derivative = T(4) * e / ((T(1) + e) * (T(1) + e));
    const T inner_derivative = T(kBeta) * (T(1) + T(3 * kKappa) * (x * x));
    return left_derivative + T(0.5) * x * tanh_derivative * inner_derivative;
  }
};

struct Silu : NoParams {
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params&) {
    if (std::isinf(x)) return x > T(0) ? x : T(0);
    return x / (T(1) + std::exp(-x));
  }
  template <class T>
  static T df(T x, const Params&) {
    if (std::isinf(x)) return x > T(0) ? T(1) : T(0);
    const T sigmoid = T(1) / (T(1) + std::exp(-x));
    return sigmoid * (T(1) + x * (T(1) - sigmoid));
  }
  // With e = e^-|x|, d = 1 + e: x / d for x > 0, x e / d for x <= 0, where
  // x e is rounded once (it is subnormal for x < -87).
  // The fast path (batch.hpp): |x| <= 87 keeps e^-|x| normal (and x above
  // -200).
  static float simd_fast_bound(const Params&, Kind) { return simd::kFastExpBound; }
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(x));
    const f32x4 xc = kFast ? x : simd::at_least(x, -200.0f);
    return select(x > 0.0f, x, e.times(xc)) / (1.0f + e.value());
  }
  // sigma (1 + x (1 - sigma)) = n / d^2: for x > 0, n = d + x e; for x <= 0,
  // n = e (1 + x + e). Float would round that seven times (5 ulp near
  // x = -0.5): the rational part runs in double on the float e^-|x|, with one
  // division, and rounds once.
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(x));
    const simd::f64x4 xc =
        simd::widen(kFast ? x : simd::at_least(simd::at_most(x, 200.0f), -200.0f));
    const simd::f64x4 ew = e.wide(), d = 1.0 + ew;
    const simd::f64x4 n = select(xc > 0.0, d + xc * ew, ew * ((1.0 + xc) + ew));
    return simd::narrow(n / (d * d));
  }
};

struct Mish : NoParams {
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params&) {
    if (std::isinf(x)) return x > T(0) ? x : T(0);
    return x * std::tanh(std::log1p(std::exp(x)));
  }
  template <class T>
  static T df(T x, const Params&) {
    if (std::isinf(x)) return x > T(0) ? T(1) : T(0);
    const T sigmoid = T(1) / (T(1) + std::exp(-x));
    const T tanh_softplus = std::tanh(std::log1p(std::exp(x)));
    return tanh_softplus + x * sigmoid * (T(1) - tanh_softplus * tanh_softplus);
  }
  // tanh(log(1 + e^x)) is rational in e = e^-|x|: with n = e (e + 2) it is
  // n / (n + 2) for x <= 0 and (1 + 2e) / (1 + 2e + 2e^2) for x > 0. Every
  // term is positive; x e is rounded once (subnormal for x < -87).
  // The fast path (batch.hpp): as silu's.
  static float simd_fast_bound(const Params&, Kind) { return simd::kFastExpBound; }
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(x));
    const f32x4 ev = e.value(), n = ev * (ev + 2.0f), e2 = ev + ev;
    const auto positive = x > 0.0f;
    const f32x4 xc = kFast ? x : simd::at_least(x, -200.0f);
    const f32x4 numerator = select(positive, x * (1.0f + e2), e.times(xc) * (ev + 2.0f));
    return numerator / select(positive, (1.0f + e2) + e2 * ev, n + 2.0f);
  }
  // The same substitution in tanh_sp + x sigma (1 - tanh_sp^2):
  //   x <= 0: e (4 (x + 1) + e (4x + 6 + e (4 + e))) / (2 + e (2 + e))^2,
  //   x > 0:  ((1 + 2e) D + 4x e^2 (1 + e)) / D^2, D = 1 + 2e + 2e^2,
  // in Horner form. Float would round too often (5 ulp near x = -2): the
  // rational part runs in double on the float e^-|x|, with one division,
  // and rounds once.
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(x));
    const simd::f64x4 xc =
        simd::widen(kFast ? x : simd::at_least(simd::at_most(x, 200.0f), -200.0f));
    const simd::f64x4 ew = e.wide(), e2 = ew + ew;
    const simd::f64x4 n2 = 2.0 + ew * (2.0 + ew), big_d = (1.0 + e2) + e2 * ew;
    const simd::f64x4 omega = 4.0 * (xc + 1.0) + ew * ((4.0 * xc + 6.0) + ew * (4.0 + ew));
    const auto positive = xc > 0.0;
    const simd::f64x4 numerator =
        select(positive, (1.0 + e2) * big_d + 4.0 * xc * ew * ew * (1.0 + ew), ew * omega);
    return simd::narrow(numerator / select(positive, big_d * big_d, n2 * n2));
  }
};

struct Softplus {
  struct Params {
    double beta, threshold;
  };
  static constexpr std::array<Field<Params>, 2> kFields{
      {{"beta", &Params::beta}, {"threshold", &Params::threshold}}};
  static constexpr bool kFloatInDouble = true;
  // Above the threshold PyTorch returns x itself. Below it, log1p(exp(z))
  // overflows for large z when the threshold is raised; z + log1p(exp(-z)) is
  // the same number without the overflow.
  template <class T>
  static T f(T x, const Params& p) {
    const T beta = T(p.beta), z = x * beta;
    if (z > T(p.threshold)) return x;
    if (z > T(30)) return (z + std::log1p(std::exp(-z))) / beta;
    return std::log1p(std::exp(z)) / beta;
  }
  template <class T>
  static T df(T x, const Params& p) {
    const T beta = T(p.beta), z = x * beta;
    if (z > T(p.threshold)) return T(1);
    if (z > T(30)) return T(1) / (T(1) + std::exp(-z));
    const T e = std::exp(z);
    return e / (e + T(1));
  }
  // max(z, 0) + log1p(e^-|z|): the same function as both branches above,
  // with the logarithm's argument in [0, 1].
  // For z <= 0 the result e ratio / beta (e = e^z) is rounded once: it is
  // subnormal for z < -87.
  // The fast path (batch.hpp): |beta x| <= 87 keeps e^-|z| normal; beta is
  // moderate (simd_ok) and positive, so the bound is a float near 87 / beta,
  // taken one ulp low.
  static float simd_fast_bound(const Params& p, Kind) {
    return std::nextafter(simd::kFastExpBound / float(p.beta), 0.0f);
  }
  // kUnitBeta: beta is 1 in float (the default), whose two divisions change
  // nothing; it gets loops of its own (batch.hpp; a test inside the lane
  // function would be a branch a vector: clang 14 does not unswitch it).
  template <class Run>
  static bool simd_f_special(const Params& p, Run&& run) {
    if (float(p.beta) != 1.0f) return false;
    run([&p](f32x4 x) { return simd_f<true, true>(x, p); },
        [&p](f32x4 x) { return simd_f<false, true>(x, p); });
    return true;
  }
  template <bool kFast = false, bool kUnitBeta = false>
  static f32x4 simd_f(f32x4 x, const Params& p) {
    const float beta = float(p.beta);
    const f32x4 z = x * beta;
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(z));
    const f32x4 ev = e.value(), ratio = simd::log1p_ratio_unit(ev);
    const f32x4 sp = kUnitBeta ? select(z > 0.0f, z + ev * ratio, e.times(ratio))
                               : select(z > 0.0f, (z + ev * ratio) / beta, e.times(ratio / beta));
    return select(z > float(p.threshold), x, sp);
  }
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params& p) {
    const f32x4 z = x * float(p.beta);
    return select(z > float(p.threshold), splat(1.0f),
                  simd::sigmoid(z, simd::exp<kFast>(-simd::abs(z))));
  }
  static bool simd_ok(const Params& p) { return simd::moderate(p.beta); }
  // f' jumps where beta x crosses the threshold.
  static std::vector<double> kinks(const Params& p) { return {p.threshold / p.beta}; }
  static const char* check(const Params& p) {
    return p.beta > 0 ? nullptr : "beta must be greater than 0";
  }
};

// jax.nn.squareplus (So 2021): (x + sqrt(x^2 + b)) / 2, a smooth ReLU built
// from one square root. For x < 0 the sum cancels; there we use
// x + sqrt(x^2 + b) = b / (sqrt(x^2 + b) - x), whose terms have one sign.
// hypot(x, sqrt b) is sqrt(x^2 + b) without overflow, and halving each term
// before adding keeps x + h finite up to the largest x. b is divided before
// it is scaled: 0.25 b alone would go subnormal for tiny b, and the
// quotients are bounded (the denominators are at least sqrt(b) / 2).
struct Squareplus {
  struct Params {
    double b;
  };
  static constexpr std::array<Field<Params>, 1> kFields{{{"b", &Params::b}}};
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params& p) {
    if (std::isinf(x)) return x > T(0) ? x : T(0);
    const T h = std::hypot(x, std::sqrt(T(p.b)));
    return x >= T(0) ? x * T(0.5) + h * T(0.5) : T(0.25) * (T(p.b) / (h * T(0.5) - x * T(0.5)));
  }
  // (1 + x / h) / 2; for x < 0, 1 + x / h = b / (h (h - x)) without cancellation.
  template <class T>
  static T df(T x, const Params& p) {
    if (std::isinf(x)) return x > T(0) ? T(1) : T(0);
    const T h = std::hypot(x, std::sqrt(T(p.b)));
    return x >= T(0) ? T(0.5) + T(0.5) * (x / h)
                     : T(0.25) * (T(p.b) / h / (h * T(0.5) - x * T(0.5)));
  }
  static const char* check(const Params& p) {
    return p.b > 0 ? nullptr : "b must be greater than 0";
  }
};

struct Hardswish : NoParams {
  template <class T>
  static T f(T x, const Params&) {
    if (x < T(-3)) return std::isinf(x) ? T(0) : x * T(0);  // -0 as PyTorch
    const T scaled = x * ClampKernel::f(x + T(3), T(0), T(6));
    // PyTorch's x * 6 / 6 overflows for x > max / 6; the value is x.
    return std::isinf(scaled) && !std::isinf(x) ? x : scaled / T(6);
  }
  // PyTorch: hardswish'(-3) = -0.5 and hardswish'(3) = 1.5.
  template <class T>
  static T df(T x, const Params&) {
    return x < T(-3) ? T(0) : x <= T(3) ? x / T(3) + T(0.5) : T(1);
  }
  static std::vector<double> kinks(const Params&) { return {-3.0, 3.0}; }
};

// ---- Saturating -----------------------------------------------------------

struct Hardtanh {
  struct Params {
    double min_val, max_val;
  };
  static constexpr std::array<Field<Params>, 2> kFields{
      {{"min_val", &Params::min_val}, {"max_val", &Params::max_val}}};
  template <class T>
  static T f(T x, const Params& p) {
    return ClampKernel::f(x, T(p.min_val), T(p.max_val));
  }
  template <class T>
  static T df(T x, const Params& p) {
    return ClampKernel::df(x, T(p.min_val), T(p.max_val));
  }
  static constexpr bool kSimdFKeepsNaN = true;  // ClampKernel::simd_f
  static constexpr bool kSimdCheap = true;
  static f32x4 simd_f(f32x4 x, const Params& p) {
    return ClampKernel::simd_f(x, float(p.min_val), float(p.max_val));
  }
  template <class Run>
  static bool simd_f64(const Params& p, Run&& run) {
    ClampKernel::simd_f64(p.min_val, p.max_val, run);
    return true;
  }
  static f32x4 simd_df(f32x4 x, const Params& p) {
    return ClampKernel::simd_df(x, float(p.min_val), float(p.max_val));
  }
  static std::vector<double> kinks(const Params& p) { return {p.min_val, p.max_val}; }
  static const char* check(const Params& p) {
    return p.min_val < p.max_val ? nullptr : "min_val must be less than max_val";
  }
};

struct Relu6 : NoParams {
  template <class T>
  static T f(T x, const Params&) {
    return ClampKernel::f(x, T(0), T(6));
  }
  template <class T>
  static T df(T x, const Params&) {
    return ClampKernel::df(x, T(0), T(6));
  }
  static constexpr bool kSimdFKeepsNaN = true;  // ClampKernel::simd_f
  static constexpr bool kSimdCheap = true;
  static f32x4 simd_f(f32x4 x, const Params&) { return ClampKernel::simd_f(x, 0.0f, 6.0f); }
  template <class Run>
  static bool simd_f64(const Params&, Run&& run) {
    ClampKernel::simd_f64(0.0, 6.0, run);
    return true;
  }
  static f32x4 simd_df(f32x4 x, const Params&) { return ClampKernel::simd_df(x, 0.0f, 6.0f); }
  static std::vector<double> kinks(const Params&) { return {0.0, 6.0}; }
};

struct Hardsigmoid : NoParams {
  template <class T>
  static T f(T x, const Params&) {
    return ClampKernel::f(x + T(3), T(0), T(6)) / T(6);
  }
  template <class T>
  static T df(T x, const Params&) {
    // PyTorch's kernel writes the slope as 1.0f / 6.0f, so in float64 too it
    // is float(1/6) = 0.1666666716...; we match it to the bit.
    return (x > T(-3) && x < T(3)) ? T(1.0f / 6.0f) : T(0);
  }
  static std::vector<double> kinks(const Params&) { return {-3.0, 3.0}; }
};

// e / (1 + e)^2 with e = exp(-|x|): sigma'(x) without cancellation, and
// without overflow (e <= 1).
template <class T>
inline T sigmoid_slope(T x) {
  const T e = std::exp(-std::fabs(x));
  return e / ((T(1) + e) * (T(1) + e));
}

struct Sigmoid : NoParams {
  static constexpr bool kFloatInDouble = true;
  // exp(-x) overflows to inf for very negative x, and 1 / inf = 0: no NaN.
  template <class T>
  static T f(T x, const Params&) {
    return T(1) / (T(1) + std::exp(-x));
  }
  // PyTorch computes (1 - y) y, which cancels once y is near 1 (x > 10).
  template <class T>
  static T df(T x, const Params&) {
    return sigmoid_slope(x);
  }
  // The fast path (batch.hpp): |x| <= 87 keeps e^-|x| normal.
  static float simd_fast_bound(const Params&, Kind) { return simd::kFastExpBound; }
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params&) {
    return simd::sigmoid(x, simd::exp<kFast>(-simd::abs(x)));
  }
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-simd::abs(x));
    const f32x4 d = 1.0f + e.value();
    return e.value() / (d * d);
  }
};

struct Tanh : NoParams {
  static constexpr bool kFloatInDouble = true;
  template <class T>
  static T f(T x, const Params&) {
    return std::tanh(x);
  }
  // 1 - tanh^2 x = 4 sigma'(2x): no cancellation for large |x|.
  template <class T>
  static T df(T x, const Params&) {
    return T(4) * sigmoid_slope(T(2) * x);
  }
  // tanh |x| = -t / (2 + t), t = e^{-2|x|} - 1: relative precision near 0.
  // The fast path (batch.hpp): f's for every x but NaN, f''s where the
  // exponent -2|x| is within exp_parts' bound.
  static float simd_fast_bound(const Params&, Kind k) {
    return k == Kind::function ? simd::kNotNaN : 0.5f * simd::kFastExpBound;
  }
  template <bool kFast = false>
  static f32x4 simd_f(f32x4 x, const Params&) {
    const f32x4 t = simd::expm1_nonpositive<kFast>(-2.0f * simd::abs(x));
    return simd::with_sign_of(x, -t / (2.0f + t));
  }
  // 4 e / (1 + e)^2, e = e^{-2|x|}, with 4 e rounded once.
  template <bool kFast = false>
  static f32x4 simd_df(f32x4 x, const Params&) {
    const simd::Exp e = simd::exp_parts<kFast>(-2.0f * simd::abs(x));
    const f32x4 d = 1.0f + e.value();
    return e.times(splat(4.0f)) / (d * d);
  }
};

struct Softsign : NoParams {
  template <class T>
  static T f(T x, const Params&) {
    if (std::isinf(x)) return x > T(0) ? T(1) : T(-1);
    return x / (std::fabs(x) + T(1));
  }
  // Autograd of x / (|x| + 1): the quotient rule, term by term as PyTorch
  // evaluates it (1/d - (x/d)/d * sgn x).
  template <class T>
  static T df(T x, const Params&) {
    if (std::isinf(x)) return T(0);
    const T d = std::fabs(x) + T(1);
    const T sgn = x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    return T(1) / d + -((x / d) / d) * sgn;
  }
};

struct Logsigmoid : NoParams {
  static constexpr bool kFloatInDouble = true;
  // min(x, 0) - log1p(exp(-|x|)): exp never overflows.
  template <class T>
  static T f(T x, const Params&) {
    return (x < T(0) ? x : T(0)) - std::log1p(std::exp(-std::fabs(x)));
  }
  template <class T>
  static T df(T x, const Params&) {
    const T z = std::exp(-std::fabs(x));
    const T max_deriv = x < T(0) ? T(1) : T(0);
    const T sign = x < T(0) ? T(1) : T(-1);
    return max_deriv - sign * (z / (T(1) + z));
  }
};

// ---- Shrink ---------------------------------------------------------------

struct Tanhshrink : NoParams {
  static constexpr bool kFloatInDouble = true;
  // x - tanh x loses digits for |x| < 1.5, where the two nearly cancel
  // (x^3 / 3 near 0). There we halve x until |x| < 0.05, sum the Taylor
  // series, and double back up with
  //   g(2h) = 2 g(h) + 2 t^3 / (1 + t^2),  tanh(2h) = 2 t / (1 + t^2),
  // where g = x - tanh x and t = tanh h: every term is positive, so nothing
  // cancels. (long double would not do: wasm's tanhl is the double one.)
  template <class T>
  static T f(T x, const Params&) {
    const T ax = std::fabs(x);
    if (!(ax < T(1.5))) return x - std::tanh(x);
    int halvings = 0;
    T h = ax;
    while (h >= T(0.05)) {
      h *= T(0.5);
      ++halvings;
    }
    T g = small(h), t = h - g;
    for (; halvings > 0; --halvings) {
      const T t2 = t * t;
      g = T(2) * g + T(2) * t * t2 / (T(1) + t2);
      t = T(2) * t / (T(1) + t2);
    }
    return std::copysign(g, x);
  }
  // Taylor series of x - tanh x for |x| < 0.05 (coefficients from Bernoulli
  // numbers); seven terms reach 1e-19 relative.
  template <class T>
  static T small(T x) {
    const T x2 = x * x;
    const T poly =
        T(1.0 / 3) +
        x2 * (T(-2.0 / 15) +
              x2 * (T(17.0 / 315) +
                    x2 * (T(-62.0 / 2835) +
                          x2 * (T(1382.0 / 155925) +
                                x2 * (T(-21844.0 / 6081075) + x2 * T(929569.0 / 638512875))))));
    return x * x2 * poly;
  }
  // tanh^2 x, as 1 - (1 - tanh^2 x) is only that with rounding errors.
  template <class T>
  static T df(T x, const Params&) {
    const T t = std::tanh(x);
    return t * t;
  }
};

// PyTorch: the shrink functions have gradient 0 on the closed interval
// [-lambd, lambd].
struct Lambd {
  struct Params {
    double lambd;
  };
  static constexpr std::array<Field<Params>, 1> kFields{{{"lambd", &Params::lambd}}};
  static std::vector<double> kinks(const Params& p) { return {-p.lambd, p.lambd}; }
};

struct Softshrink : Lambd {
  template <class T>
  static T f(T x, const Params& p) {
    const T l = T(p.lambd);
    return x > l ? x - l : (x < -l ? x + l : T(0));
  }
  template <class T>
  static T df(T x, const Params& p) {
    const T l = T(p.lambd);
    return (x >= -l && x <= l) ? T(0) : T(1);
  }
};

struct Hardshrink : Lambd {
  template <class T>
  static T f(T x, const Params& p) {
    const T l = T(p.lambd);
    return (x >= -l && x <= l) ? T(0) : x;
  }
  template <class T>
  static T df(T x, const Params& p) {
    return Softshrink::df(x, p);  // the same gradient
  }
};

struct Threshold {
  struct Params {
    double threshold, value;
  };
  static constexpr std::array<Field<Params>, 2> kFields{
      {{"threshold", &Params::threshold}, {"value", &Params::value}}};
  template <class T>
  static T f(T x, const Params& p) {
    return x <= T(p.threshold) ? T(p.value) : x;
  }
  template <class T>
  static T df(T x, const Params& p) {
    return x <= T(p.threshold) ? T(0) : T(1);
  }
  static std::vector<double> kinks(const Params& p) { return {p.threshold}; }
};

}  // namespace activation_lab::ops
