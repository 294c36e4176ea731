// Look-ups, parameter validation and dispatch over the table.
#include "activation_lab/activation.hpp"

#include <cmath>
#include <cstdio>
#include <string>

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

namespace {
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Prefer the shortest spelling that reads back to the same double.
  for (int digits = 1; digits <= 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, v);
    if (std::strtod(shorter, nullptr) == v) return shorter;
  }
  return buf;
}
}  // namespace

std::string validate_params(const Activation& a, const Params& p) {
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const ParamSpec& s = a.params[i];
    const double v = p[i];
    const std::string where = std::string(a.id) + " parameter " + s.name;
    if (!std::isfinite(v)) return where + " must be a finite number";
    if (!s.choices.empty()) {
      if (v != std::floor(v) || v < 0 || v >= double(s.choices.size())) {
        return where + " must be the index of one of its choices";
      }
      continue;
    }
    if (v < s.domain_min || v > s.domain_max) {
      std::string range = "[" + (std::isinf(s.domain_min) ? "-inf" : number(s.domain_min)) + ", " +
                          (std::isinf(s.domain_max) ? "inf" : number(s.domain_max)) + "]";
      return where + " must lie in " + range + ", got " + number(v);
    }
  }
  if (const char* problem = a.check ? a.check(p) : nullptr)
    return std::string(a.id) + ": " + problem;
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

std::string format_number(double v) { return number(v); }

}  // namespace activation_lab
