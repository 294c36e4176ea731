// Look-ups, parameter validation and dispatch over the table.
#include "activation_lab/activation.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "shortest_number.hpp"

namespace activation_lab {

const Activation* find_activation(std::string_view id) {
  for (const Activation& a : activations()) {
    if (id == a.id) return &a;
  }
  return nullptr;
}

Params default_params(const Activation& a) {
  Params p{};
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    p[i] = a.params[i].default_value;
  }
  return p;
}

// What is wrong with parameter i, or nullptr. No allocation on the valid
// path: the wasm bindings check parameters on every call.
static const char* param_problem(const ParamSpec& s, double v) {
  if (!std::isfinite(v)) return "must be a finite number";
  if (!s.choices.empty()) {
    const bool index = v == std::floor(v) && v >= 0 && v < double(s.choices.size());
    return index ? nullptr : "must be the index of one of its choices";
  }
  return v < s.domain_min || v > s.domain_max ? "must lie in" : nullptr;
}

bool params_valid(const Activation& a, const Params& p) {
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    if (param_problem(a.params[i], p[i])) return false;
  }
  return !(a.check && a.check(p));
}

std::string validate_params(const Activation& a, const Params& p) {
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const ParamSpec& s = a.params[i];
    const char* problem = param_problem(s, p[i]);
    if (!problem) continue;
    std::string message = a.id;
    message.append(" parameter ").append(s.name).append(" ").append(problem);
    if (std::isfinite(p[i]) && s.choices.empty()) {
      message.append(" [")
          .append(std::isinf(s.domain_min) ? "-inf" : shortest_number(s.domain_min))
          .append(", ")
          .append(std::isinf(s.domain_max) ? "inf" : shortest_number(s.domain_max))
          .append("], got ")
          .append(shortest_number(p[i]));
    }
    return message;
  }
  if (const char* problem = a.check ? a.check(p) : nullptr) {
    return std::string(a.id).append(": ").append(problem);
  }
  return {};
}

template <class T>
static void apply_impl(const Activation& a, Kind kind, const T* x, T* y, std::size_t n,
                       const Params& p) {
  const Kernels& k = a.kernels;
  if constexpr (sizeof(T) == sizeof(double)) {
    (kind == Kind::function ? k.function64 : k.gradient64)(x, y, n, p);
  } else {
    (kind == Kind::function ? k.function32 : k.gradient32)(x, y, n, p);
  }
}

void apply(const Activation& a, Kind kind, const double* x, double* y, std::size_t n,
           const Params& p) {
  apply_impl(a, kind, x, y, n, p);
}
void apply(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
           const Params& p) {
  apply_impl(a, kind, x, y, n, p);
}

}  // namespace activation_lab
