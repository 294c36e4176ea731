// The built-in regression targets and the training grid.
#include <cmath>
#include <cstring>

#include "activation_lab/nn.hpp"

namespace activation_lab::nn {

namespace {

// Targets on [-1, 1] mostly; each is a plain function of x. They feed only
// the data, never the reproducible parts (init, optimiser), so libm is fine
// here: the data is also exported, and PyTorch tests train on those values.
double abs_target(double x) { return std::fabs(x); }
double square_target(double x) { return x * x; }
double step_target(double x) { return x < 0 ? 0.0 : 1.0; }
// Period 1, rising from -1 to 1 on each period.
double sawtooth_target(double x) { return 2 * (x - std::floor(x)) - 1; }
double sine_target(double x) { return std::sin(3.141592653589793 * x); }
double bump_target(double x) { return std::exp(-8 * x * x); }

}  // namespace

const std::vector<TargetSpec>& targets() {
  static const std::vector<TargetSpec> table = {
      {"sine", "sin(πx)", R"(\sin(\pi x))", &sine_target},
      {"abs", "|x|", R"(|x|)", &abs_target},
      {"square", "x²", R"(x^2)", &square_target},
      {"step", "step", R"([x \ge 0])", &step_target},
      {"sawtooth", "sawtooth", R"(2(x - \lfloor x \rfloor) - 1)", &sawtooth_target},
      {"bump", "bump", R"(e^{-8x^2})", &bump_target},
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
