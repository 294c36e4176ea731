// How an op names its parameters: a struct of doubles, and for each member
// the name of the table parameter it holds (XNNPACK's params->elu.alpha,
// with the names spelt out so the table can bind them by name).
#pragma once

#include <array>
#include <vector>

namespace activation_lab::ops {

template <class P>
struct Field {
  const char* name;  // the table's (PyTorch's) parameter name
  double P::*member;
};

// For ops without parameters.
struct NoParams {
  struct Params {};
  static constexpr std::array<Field<Params>, 0> kFields{};
};

// Most of the ReLU family: f' jumps at 0 whatever the parameters.
struct KinkAtZero {
  template <class P>
  static std::vector<double> kinks(const P&) {
    return {0.0};
  }
};

}  // namespace activation_lab::ops
