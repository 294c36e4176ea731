// Every activation in the table against PyTorch 1.13's values and autograd
// gradients, in float64 and float32 (tests/golden, see tools/).
//
// Rules checked (README, "Numerics"):
//  - finite x, bit_exact entries: equal to PyTorch to the bit (sign of zero
//    too);
//  - finite x, other entries: within 4 ulp of PyTorch in the same dtype; or,
//    where PyTorch itself has lost digits (its exp(x) - 1 in elu, 1 + erf in
//    gelu, 1 - y*y in tanh'...), within 4 ulp of the exact value (mpmath, in
//    the golden file), an ulp being taken at max(|exact|, condition scale
//    |x f'|): no method that reads a rounded x can do better than that;
//  - NaN x: NaN for f and f' (PyTorch itself gives relu'(NaN) = 1);
//  - +-inf x: PyTorch's answer where it has one; where it returns NaN
//    (gelu(-inf), silu(-inf)...) the limit, checked in table_test.cpp.
#include "golden.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "activation_lab/activation.hpp"

namespace {

using activation_lab::Activation;
using activation_lab::Kind;

constexpr std::uint64_t kMaxUlps = activation_lab::kMaxUlps;

// Per activation, kind and dtype: the worst ulp distance to PyTorch, how
// many points are more than 4 ulp from PyTorch (each then within 4 ulp of
// exact), and the worst conditioned ulp distance to exact there. Printed after
// the run; scripts/test.sh keeps it in build/native/accuracy.txt, from which
// `npm run docs` writes README's accuracy table. ("PyTorch" here is the golden
// reference: mpmath rounded to the dtype where PyTorch has no such function.)
struct Stats {
  std::uint64_t worst_vs_torch = 0, points = 0, beyond_4 = 0, torch_nan = 0;
  std::uint64_t worst_vs_accurate_torch = 0;  // where PyTorch is accurate, well-conditioned
  double worst_vs_exact = 0;
};
std::map<std::string, Stats>& stats() {
  static std::map<std::string, Stats> s;
  return s;
}

class WorstUlpReport : public ::testing::Environment {
 public:
  void TearDown() override {
    // max ulp vs PyTorch: over all points (huge where PyTorch returns 0 for a
    // tiny exact value); "accurate": only where the problem is well
    // conditioned and PyTorch is within 1 ulp of exact; ">4 ulp": points
    // further than 4 ulp from PyTorch, each within "of exact" conditioned ulp
    // of the exact value; NaN/ovf: PyTorch NaN or overflow for a finite x.
    std::printf("\n%-24s %6s %20s %9s %7s %9s %7s\n", "activation kind dtype", "points",
                "max ulp vs PyTorch", "accurate", ">4 ulp", "of exact", "NaN/ovf");
    for (const auto& [key, s] : stats()) {
      std::printf("%-24s %6llu %20llu %9llu %7llu %9.2f %7llu\n", key.c_str(),
                  (unsigned long long)s.points, (unsigned long long)s.worst_vs_torch,
                  (unsigned long long)s.worst_vs_accurate_torch, (unsigned long long)s.beyond_4,
                  s.worst_vs_exact, (unsigned long long)s.torch_nan);
    }
  }
};
const auto* const kReport = ::testing::AddGlobalTestEnvironment(new WorstUlpReport);

class Golden : public ::testing::TestWithParam<const Activation*> {};

template <class T>
T spacing(double v) {
  const T a = static_cast<T>(std::fabs(v));
  return std::nextafter(a, std::numeric_limits<T>::infinity()) - a;
}

template <class T>
void check_case(const Activation& a, const nlohmann::json& c, Kind kind) {
  const std::string kind_name = kind == Kind::function ? "f" : "df";
  const auto x = golden::numbers<T>(c.at("x"));
  const auto want = golden::numbers<T>(c.at(kind_name));
  std::vector<double> exact, scale;
  if (!a.bit_exact) {
    exact = golden::numbers<double>(c.at(kind_name + "_ref"));
    scale = golden::numbers<double>(c.at(kind_name + "_scale"));
  }
  std::vector<T> got(x.size());
  activation_lab::apply(a, kind, x.data(), got.data(), x.size(), golden::params(a, c.at("params")));
  Stats& st = stats()[std::string(a.id) + " " + kind_name + " " + c.at("dtype").get<std::string>()];
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto where = ::testing::Message() << a.id << " " << kind_name << " " << c.at("dtype")
                                            << " params " << c.at("params").dump() << " x=" << x[i]
                                            << " want " << want[i] << " got " << got[i];
    if (std::isnan(x[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << where << " (NaN in, NaN out)";
      continue;
    }
    if (std::isinf(x[i]) && std::isnan(want[i])) continue;  // limit: table_test
    ++st.points;
    if (std::isnan(want[i])) {  // PyTorch's 0 * inf (gelu 'tanh' at -max): ours is finite
      ++st.torch_nan;
      EXPECT_TRUE(std::isfinite(got[i])) << where;
      continue;
    }
    if (a.bit_exact && std::isinf(want[i]) && std::isfinite(got[i])) {
      // PyTorch's intermediate overflows (hardswish: x * 6 / 6 at x > max/6);
      // ours returns the finite value, which is huge and of the same sign.
      ++st.torch_nan;
      EXPECT_GE(got[i] * (want[i] > 0 ? 1 : -1), std::numeric_limits<T>::max() / 8) << where;
      continue;
    }
    if (a.bit_exact) {
      EXPECT_TRUE(golden::same_bits(got[i], want[i])) << where << " (must match to the bit)";
      continue;
    }
    const std::uint64_t d = golden::ulp_distance(got[i], want[i]);
    st.worst_vs_torch = std::max(st.worst_vs_torch, d);
    if (!std::isnan(exact[i])) {
      const double torch_error = std::fabs(double(want[i]) - exact[i]) /
                                 spacing<T>(std::max(std::fabs(exact[i]), scale[i]));
      // Well-conditioned (|x f'| <= |f|) and PyTorch within 1 ulp of exact.
      if (torch_error <= 1 && scale[i] <= std::fabs(exact[i])) {
        st.worst_vs_accurate_torch = std::max(st.worst_vs_accurate_torch, d);
        EXPECT_LE(d, kMaxUlps) << where << " (PyTorch is accurate here)";
      }
    }
    if (d <= kMaxUlps) continue;
    ++st.beyond_4;
    ASSERT_FALSE(std::isnan(exact[i])) << where << " (no exact reference here)";
    const double ulps =
        std::fabs(double(got[i]) - exact[i]) / spacing<T>(std::max(std::fabs(exact[i]), scale[i]));
    st.worst_vs_exact = std::max(st.worst_vs_exact, ulps);
    EXPECT_LE(ulps, double(kMaxUlps)) << where << " exact " << exact[i] << " scale " << scale[i];
  }
}

TEST_P(Golden, MatchesPyTorch) {
  const Activation& a = *GetParam();
  const auto doc = golden::load(a.id);
  ASSERT_EQ(doc.at("id"), a.id);
  // The file was made from the reference the table names, and claims PyTorch
  // only when PyTorch made it.
  if (a.reference == activation_lab::Reference::pytorch) {
    EXPECT_EQ(doc.at("reference"), "pytorch");
    EXPECT_EQ(doc.at("torch").get<std::string>().rfind(activation_lab::kPyTorchVersion, 0), 0u)
        << "golden data from PyTorch " << doc.at("torch") << ", table says "
        << activation_lab::kPyTorchVersion;
  } else {
    EXPECT_EQ(doc.at("reference"), "mpmath");
    EXPECT_TRUE(doc.at("torch").is_null()) << a.id << " has no PyTorch reference";
  }
  std::size_t float64_cases = 0, float32_cases = 0;
  for (const auto& c : doc.at("cases")) {
    for (Kind kind : {Kind::function, Kind::gradient}) {
      if (c.at("dtype") == "float64") {
        check_case<double>(a, c, kind);
      } else {
        check_case<float>(a, c, kind);
      }
    }
    (c.at("dtype") == "float64" ? float64_cases : float32_cases)++;
  }
  // Every parameter setting is generated in both precisions.
  EXPECT_GT(float64_cases, 0u);
  EXPECT_EQ(float64_cases, float32_cases);
}

INSTANTIATE_TEST_SUITE_P(AllActivations, Golden, ::testing::ValuesIn([] {
                           std::vector<const Activation*> all;
                           for (const Activation& a : activation_lab::activations())
                             all.push_back(&a);
                           return all;
                         }()),
                         [](const ::testing::TestParamInfo<const Activation*>& info) {
                           return std::string(info.param->id);
                         });

}  // namespace
