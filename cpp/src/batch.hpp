// The glue between an op of ops.hpp and the table: the one elementwise loop
// every activation runs through, in both precisions, and the type-erased
// OpBinding that the table stores.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "activation_lab/activation.hpp"
#include "op_params.hpp"
#include "simd/f32x4.hpp"

namespace activation_lab {

// Transcendental functors mark themselves `kFloatInDouble`: their float32
// path evaluates in double and rounds once, so float32 results are nearly
// correctly rounded even where float arithmetic would cancel or go subnormal
// (PyTorch's float32 mish(-100) is 5% off). Parameters are first rounded to
// float, as PyTorch casts its Scalar to the tensor's dtype.
template <class Op, class T>
inline constexpr bool kPromote = std::is_same_v<T, float>&& requires {
  Op::kFloatInDouble;
};

template <class Op, class T>
using Compute = std::conditional_t<kPromote<Op, T>, double, T>;

// The op's parameter struct from values in its field order. A local struct
// cannot alias y, so the loop's loads of it hoist.
template <class Op, class T>
typename Op::Params unpack(const double* op_values) {
  typename Op::Params p{};
  std::size_t k = 0;
  for (const auto& field : Op::kFields) {
    const double v = op_values[k++];
    p.*field.member = kPromote<Op, T> ? static_cast<float>(v) : v;
  }
  return p;
}

// Ops with four-lane float kernels (ops.hpp, simd/f32x4.hpp) and whether
// these parameters may use them.
template <class Op>
inline constexpr bool kHasSimd = requires(simd::f32x4 v, const typename Op::Params& p) {
  Op::simd_f(v, p);
  Op::simd_df(v, p);
};

template <class Op>
bool simd_ok(const typename Op::Params& p) {
  if constexpr (requires { Op::simd_ok(p); }) {
    return Op::simd_ok(p);
  } else {
    return true;
  }
}

// How batch runs an op's four-lane kernels: run(lane) maps one lane function
// over x, run(fast, full) a fast path and its full path chunk by chunk
// (simd::map_guarded, within the op's bound). Ops' simd_f_special get it
// too. kUnroll: vectors an iteration of map, four for an op of one or two
// instructions a vector (the loop's own work then stays below the loads and
// stores), else two. kFastUnroll: of the fast loop, four (their dependency
// chains of 40-odd operations interleave: 10% faster than two for sigmoid),
// but two for an op whose kernel is long (gelu's, in double: the interleave
// gains it nothing and each copy is 1-2 KB of wasm).
template <bool kKeepsNaN, std::size_t kUnroll, std::size_t kFastUnroll>
struct SimdRun {
  const float* x;
  float* y;
  std::size_t n;
  float bound;
  template <class Lane>
  void operator()(Lane&& lane) const {
    simd::map<kKeepsNaN, kUnroll>(x, y, n, lane);
  }
  template <class Fast, class Full>
  void operator()(Fast&& fast, Full&& full) const {
    simd::map_guarded<kFastUnroll>(x, y, n, bound, fast, full);
  }
};

// NaN in gives NaN out, for f and f' alike (PyTorch's relu'(NaN) is 1; ours
// is NaN). Handling it here (and in simd::map) keeps every functor free of
// NaN cases.
// Lanes = false: the scalar loop whatever the op has (apply_scalar).
template <class Op, Kind K, class T, bool Lanes = true>
void batch(const T* x, T* y, std::size_t n, const double* op_values) {
  using C = Compute<Op, T>;
  const typename Op::Params p = unpack<Op, T>(op_values);
  if constexpr (Lanes && std::is_same_v<T, float> && kHasSimd<Op>) {
    if (simd_ok<Op>(p)) {
      constexpr bool kKeepsNaN = K == Kind::function && requires { Op::kSimdFKeepsNaN; };
      // An op with a fast path (clamps and tests left out) says for which |x|
      // it holds; map_guarded takes it chunk by chunk where it does.
      constexpr bool kHasFast = requires { Op::simd_fast_bound(p, K); };
      float bound = 0;
      if constexpr (kHasFast) bound = Op::simd_fast_bound(p, K);
      constexpr bool kCheap = requires { Op::kSimdCheap; };
      constexpr bool kLong = requires { Op::kSimdLong; };
      const SimdRun<kKeepsNaN, kCheap ? 4 : 2, kLong ? 2 : 4> run{x, y, n, bound};
      // An op may give some parameter values lane functions of their own.
      if constexpr (K == Kind::function && requires { Op::simd_f_special(p, run); }) {
        if (Op::simd_f_special(p, run)) return;
      }
      const auto full = [&p](simd::f32x4 v) {
        if constexpr (K == Kind::function) {
          return Op::simd_f(v, p);
        } else {
          return Op::simd_df(v, p);
        }
      };
      if constexpr (kHasFast) {
        run(
            [&p](simd::f32x4 v) {
              if constexpr (K == Kind::function) {
                return Op::template simd_f<true>(v, p);
              } else {
                return Op::template simd_df<true>(v, p);
              }
            },
            full);
      } else {
        run(full);
      }
      return;
    }
  }
  // Float64 kernels that are exact in any precision (the ReLU family) run
  // two lanes at a time where the op gives a lane function for these
  // parameters; it keeps NaN itself.
  if constexpr (Lanes && std::is_same_v<T, double> && K == Kind::function &&
                requires { Op::simd_f64(p, [](simd::f64x2 v) { return v; }); }) {
    if (Op::simd_f64(p, [&](auto&& lane) { simd::map(x, y, n, lane); })) return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const T v = x[i];
    if constexpr (K == Kind::function) {
      y[i] = v != v ? v : static_cast<T>(Op::f(static_cast<C>(v), p));
    } else {
      y[i] = v != v ? v : static_cast<T>(Op::df(static_cast<C>(v), p));
    }
  }
}

template <class Op>
std::vector<double> kinks_of(const double* op_values) {
  if constexpr (requires(const typename Op::Params& p) { Op::kinks(p); }) {
    return Op::kinks(unpack<Op, double>(op_values));
  } else {
    return {};
  }
}

template <class Op>
const char* check_of(const double* op_values) {
  if constexpr (requires(const typename Op::Params& p) { Op::check(p); }) {
    return Op::check(unpack<Op, double>(op_values));
  } else {
    return nullptr;
  }
}

template <class Op, std::size_t... I>
constexpr std::array<const char*, sizeof...(I)> names_of(std::index_sequence<I...>) {
  return {Op::kFields[I].name...};
}

template <class Op>
inline constexpr auto kParamNames = names_of<Op>(std::make_index_sequence<Op::kFields.size()>());

template <class Op>
constexpr OpBinding bind_op() {
  static_assert(Op::kFields.size() <= kMaxParams);
  return {&batch<Op, Kind::function, double>,
          &batch<Op, Kind::gradient, double>,
          &batch<Op, Kind::function, float>,
          &batch<Op, Kind::gradient, float>,
          &batch<Op, Kind::function, float, false>,
          &batch<Op, Kind::gradient, float, false>,
          &kinks_of<Op>,
          &check_of<Op>,
          kParamNames<Op>,
          kHasSimd<Op>};
}

}  // namespace activation_lab
