// The one elementwise loop every activation runs through, in both precisions.
#pragma once

#include <cstddef>
#include <type_traits>

#include "activation_lab/activation.hpp"

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

template <class Op, class T>
Params local_params(const Params& p) {
  Params local = p;  // a local copy cannot alias y: loads hoist
  if constexpr (kPromote<Op, T>) {
    for (double& v : local) v = static_cast<float>(v);
  }
  return local;
}

// NaN in gives NaN out, for f and f' alike (PyTorch's relu'(NaN) is 1; ours
// is NaN). Handling it here keeps every functor free of NaN cases.
template <class Op, Kind K, class T>
void batch(const T* x, T* y, std::size_t n, const Params& p) {
  using C = Compute<Op, T>;
  const Params local = local_params<Op, T>(p);
  for (std::size_t i = 0; i < n; ++i) {
    const T v = x[i];
    if constexpr (K == Kind::function) {
      y[i] = v != v ? v : static_cast<T>(Op::f(static_cast<C>(v), local));
    } else {
      y[i] = v != v ? v : static_cast<T>(Op::df(static_cast<C>(v), local));
    }
  }
}

template <class Op>
constexpr Kernels kernels_of() {
  return {&batch<Op, Kind::function, double>, &batch<Op, Kind::gradient, double>,
          &batch<Op, Kind::function, float>, &batch<Op, Kind::gradient, float>};
}

}  // namespace activation_lab
