// The built-in regression targets and the training grid.
#include <array>
#include <cmath>
#include <cstring>

#include "activation_lab/nn.hpp"

namespace activation_lab::nn {

namespace {

// Targets are plain functions of x built from + - * / and exact rounding
// only, like the rest of the engine: the training data, and so every loss,
// is then the same natively and in wasm (glibc's sin and musl's differ in
// the last bit for some x).
double abs_target(double x) { return std::fabs(x); }
double square_target(double x) { return x * x; }
double step_target(double x) { return x < 0 ? 0.0 : 1.0; }
// Period 1, rising from -1 to 1 on each period.
double sawtooth_target(double x) { return 2 * (x - std::floor(x)) - 1; }

// sin(pi x): x reduced exactly to r in [-1/2, 1/2] (period 2, then
// sin(pi (1 - r)) = sin(pi r)), then the Taylor series of sin(pi r) to
// r^25, whose remainder is below 1e-19 there.
double sine_target(double x) {
  constexpr double pi = 3.141592653589793;
  static const auto coefficients = [] {
    std::array<double, 13> c{};
    c[0] = pi;  // (-1)^k pi^(2k+1) / (2k+1)!
    for (std::size_t k = 1; k < c.size(); ++k)
      c[k] = -c[k - 1] * pi * pi / double((2 * k) * (2 * k + 1));
    return c;
  }();
  double r = x - 2 * std::nearbyint(x / 2);  // exact: in [-1, 1]
  if (r > 0.5) r = 1 - r;                    // exact (Sterbenz)
  if (r < -0.5) r = -1 - r;
  const double r2 = r * r;
  double sum = coefficients.back();
  for (std::size_t k = coefficients.size() - 1; k-- > 0;) sum = sum * r2 + coefficients[k];
  return sum * r;
}

}  // namespace

const std::vector<TargetSpec>& targets() {
  static const std::vector<TargetSpec> table = {
      {"sine", "sin(πx)", R"(\sin(\pi x))", &sine_target},
      {"abs", "|x|", R"(|x|)", &abs_target},
      {"square", "x²", R"(x^2)", &square_target},
      {"step", "step", R"([x \ge 0])", &step_target},
      {"sawtooth", "sawtooth", R"(2(x - \lfloor x \rfloor) - 1)", &sawtooth_target},
  };
  return table;
}

const TargetSpec* find_target(const char* id) {
  for (const TargetSpec& t : targets()) {
    if (std::strcmp(t.id, id) == 0) return &t;
  }
  return nullptr;
}

std::vector<double> grid(std::size_t n, double x_min, double x_max) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    // x_min + (x_max - x_min) * i / (n - 1), with both ends exact.
    const double t = n > 1 ? double(i) / double(n - 1) : 0.0;
    x[i] = i + 1 == n && n > 1 ? x_max : x_min + (x_max - x_min) * t;
  }
  return x;
}

Dataset make_dataset(const TargetSpec& target, std::size_t n, double x_min, double x_max) {
  Dataset d;
  d.x = grid(n, x_min, x_max);
  for (double x : d.x) d.y.push_back(target.f(x));
  return d;
}

std::uint64_t SplitMix64::below(std::uint64_t n) {
  // Reject the top partial block of 2^64 so that every residue is equally likely.
  const std::uint64_t limit = -n % n;  // 2^64 mod n
  for (;;) {
    const std::uint64_t r = next();
    if (r >= limit) return r % n;
  }
}

}  // namespace activation_lab::nn
