// The generic suite: properties every table entry must have, checked without
// knowing which activation it is (XNNPACK's UnaryOpInfo idea). A new entry is
// tested here the moment it exists.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "activation_lab/activation.hpp"

namespace {

using activation_lab::Activation;
using activation_lab::Kind;
using activation_lab::ParamValues;

std::vector<const Activation*> all() {
  std::vector<const Activation*> out;
  for (const Activation& a : activation_lab::activations()) out.push_back(&a);
  return out;
}

// The defaults, then each parameter at both ends of its slider range (the
// settings a person can reach), keeping those the table accepts.
std::vector<ParamValues> reachable_settings(const Activation& a) {
  std::vector<ParamValues> out{activation_lab::default_params(a)};
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    for (double v : {a.params[i].min, a.params[i].max}) {
      ParamValues p = activation_lab::default_params(a);
      p[i] = v;
      if (activation_lab::validate_params(a, p).empty()) out.push_back(p);
    }
  }
  return out;
}

template <class T>
T eval(const Activation& a, Kind kind, T x, const ParamValues& p) {
  T y;
  activation_lab::apply(a, kind, &x, &y, 1, p);
  return y;
}

class Table : public ::testing::TestWithParam<const Activation*> {};

TEST(TableWhole, IdsAreUniqueAndFindable) {
  std::set<std::string> ids;
  for (const Activation& a : activation_lab::activations()) {
    EXPECT_TRUE(ids.insert(a.id).second) << "duplicate id " << a.id;
    EXPECT_EQ(activation_lab::find_activation(a.id), &a);
  }
  EXPECT_EQ(activation_lab::find_activation("no_such_activation"), nullptr);
}

// Every entry has golden data and every golden file an entry: a missing or
// orphaned file fails here with its name.
TEST(TableWhole, IdsEqualTheGoldenFiles) {
  std::set<std::string> table_ids, golden_ids;
  for (const Activation& a : activation_lab::activations()) table_ids.insert(a.id);
  for (const auto& file : std::filesystem::directory_iterator(GOLDEN_DIR)) {
    if (file.path().extension() == ".json") golden_ids.insert(file.path().stem().string());
  }
  for (const std::string& id : table_ids) {
    EXPECT_TRUE(golden_ids.count(id)) << "no tests/golden/" << id << ".json: run "
                                      << "/usr/bin/python3 tools/generate_golden.py --only " << id;
  }
  for (const std::string& id : golden_ids) {
    EXPECT_TRUE(table_ids.count(id)) << "tests/golden/" << id << ".json has no table entry";
  }
}

TEST(TableWhole, JsonListsEveryEntryAndParameter) {
  const auto json = nlohmann::json::parse(activation_lab::table_json());
  const auto& table = activation_lab::activations();
  ASSERT_EQ(json.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(json[i]["id"], table[i].id);
    EXPECT_EQ(json[i]["formula"], table[i].formula);
    ASSERT_EQ(json[i]["params"].size(), table[i].params.size());
    for (std::size_t k = 0; k < table[i].params.size(); ++k) {
      EXPECT_EQ(json[i]["params"][k]["name"], table[i].params[k].name);
      EXPECT_EQ(json[i]["params"][k]["default"].get<double>(), table[i].params[k].default_value);
    }
  }
}

TEST_P(Table, MetadataIsComplete) {
  const Activation& a = *GetParam();
  for (const char* s :
       {a.id, a.label, a.group, a.formula, a.gradient_formula, a.note, a.snippets.cpp_f,
        a.snippets.cpp_df, a.snippets.numpy_f, a.snippets.numpy_df}) {
    EXPECT_TRUE(s && *s) << a.id;
  }
  // F.<id> is the default PyTorch call, so an activation PyTorch lacks must
  // say how to write it in torch.
  if (a.reference == activation_lab::Reference::mpmath) {
    EXPECT_TRUE(a.snippets.torch_call) << a.id << ": no torch.nn.functional." << a.id;
  }
  for (char c : std::string(a.id))
    EXPECT_TRUE(std::islower(c) || std::isdigit(c) || c == '_') << a.id;
  EXPECT_LT(a.x_min, a.x_max);
  EXPECT_LE(a.params.size(), activation_lab::kMaxParams);
}

// The op's parameter struct and the table's parameter list name the same
// parameters (the op reads them by name, in any order).
TEST_P(Table, OpFieldsAreTheTableParameters) {
  const Activation& a = *GetParam();
  EXPECT_EQ(activation_lab::binding_problem(a), "") << a.id;
  std::set<std::string> fields(a.op.param_names.begin(), a.op.param_names.end());
  std::set<std::string> params;
  for (const auto& s : a.params) params.insert(s.name);
  EXPECT_EQ(fields, params) << a.id;
  EXPECT_EQ(fields.size(), a.op.param_names.size()) << a.id << ": a field name repeats";
}

TEST_P(Table, DefaultsLieInsideTheirRanges) {
  const Activation& a = *GetParam();
  for (const auto& s : a.params) {
    EXPECT_LT(s.min, s.max) << a.id << "." << s.name;
    EXPECT_GT(s.step, 0) << a.id << "." << s.name;
    EXPECT_GE(s.default_value, s.min) << a.id << "." << s.name;
    EXPECT_LE(s.default_value, s.max) << a.id << "." << s.name;
    EXPECT_GE(s.min, s.domain_min) << a.id << "." << s.name;
    EXPECT_LE(s.max, s.domain_max) << a.id << "." << s.name;
    if (!s.choices.empty()) EXPECT_LT(s.default_value, double(s.choices.size()));
  }
  EXPECT_EQ(activation_lab::validate_params(a, activation_lab::default_params(a)), "");
}

TEST_P(Table, RejectsParametersOutsideTheirDomain) {
  const Activation& a = *GetParam();
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const auto& s = a.params[i];
    std::vector<double> bad = {std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity()};
    if (std::isfinite(s.domain_min)) bad.push_back(s.domain_min - 1);
    if (std::isfinite(s.domain_max)) bad.push_back(s.domain_max + 1);
    if (!s.choices.empty()) bad.push_back(0.5);
    for (double v : bad) {
      ParamValues p = activation_lab::default_params(a);
      p[i] = v;
      const std::string problem = activation_lab::validate_params(a, p);
      EXPECT_NE(problem.find(s.name), std::string::npos)
          << a.id << "." << s.name << "=" << v << ": " << problem;
    }
  }
}

bool near_kink(const Activation& a, const ParamValues& p, double x, double margin) {
  for (double k : activation_lab::kinks(a, p)) {
    if (std::fabs(x - k) < margin) return true;
  }
  return false;
}

// f' must be the derivative of f: a central difference agrees away from kinks.
TEST_P(Table, GradientAgreesWithCentralDifference) {
  const Activation& a = *GetParam();
  for (const ParamValues& p : reachable_settings(a)) {
    for (int i = 0; i <= 400; ++i) {
      const double x = a.x_min + (a.x_max - a.x_min) * i / 400.0;
      const double h = 1e-6 * std::max(1.0, std::fabs(x));
      if (near_kink(a, p, x, 4 * h)) continue;
      const double numeric =
          (eval(a, Kind::function, x + h, p) - eval(a, Kind::function, x - h, p)) / (2 * h);
      const double analytic = eval(a, Kind::gradient, x, p);
      EXPECT_NEAR(analytic, numeric, 1e-6 * std::max(1.0, std::fabs(analytic)))
          << a.id << " at x=" << x;
    }
  }
}

// No overflow, no NaN: f and f' are finite for every finite input up to
// 1e308 (float64) and 1e38 (float32), for every reachable parameter setting.
TEST_P(Table, OutputsAreFiniteOnTheDomain) {
  const Activation& a = *GetParam();
  for (const ParamValues& p : reachable_settings(a)) {
    for (double m : {0.0, 1e-300, 1e-8, 0.5, 3.0, 20.0, 30.0, 50.0, 89.0, 100.0, 710.0, 1e10, 1e38,
                     1e100, 1e308}) {
      for (double x : {m, -m}) {
        for (Kind k : {Kind::function, Kind::gradient}) {
          EXPECT_TRUE(std::isfinite(eval(a, k, x, p))) << a.id << " x=" << x;
          if (std::fabs(x) <= 1e38) {
            EXPECT_TRUE(std::isfinite(eval(a, k, float(x), p))) << a.id << " float x=" << x;
          }
        }
      }
    }
  }
}

// +-inf gives the limit of f and f': the value at the largest finite input,
// or an infinity of the same sign when that value is itself huge.
template <class T>
void expect_limit(const Activation& a, const ParamValues& p, Kind kind, T sign) {
  const T inf = sign * std::numeric_limits<T>::infinity();
  const T big = sign * (sizeof(T) == 8 ? T(1e300) : T(1e37));
  const T at_inf = eval(a, kind, inf, p), at_big = eval(a, kind, big, p);
  const auto where = ::testing::Message()
                     << a.id << (kind == Kind::function ? " f" : " f'") << "(" << inf
                     << ") = " << at_inf << ", at " << big << ": " << at_big;
  ASSERT_FALSE(std::isnan(at_inf)) << where;
  if (std::fabs(at_big) >= std::fabs(big) / 1e6) {
    EXPECT_TRUE(std::isinf(at_inf) && std::signbit(at_inf) == std::signbit(at_big)) << where;
  } else {
    EXPECT_NEAR(double(at_inf), double(at_big), 1e-6 * std::max(1.0, std::fabs(double(at_big))))
        << where;
  }
}

TEST_P(Table, InfinityGivesTheLimit) {
  const Activation& a = *GetParam();
  for (const ParamValues& p : reachable_settings(a)) {
    for (Kind k : {Kind::function, Kind::gradient}) {
      for (double s : {1.0, -1.0}) {
        expect_limit<double>(a, p, k, s);
        expect_limit<float>(a, p, k, float(s));
      }
    }
  }
}

// Parameter values to try for one parameter: the domain's ends, the slider's,
// the default, tiny, huge and subnormal magnitudes of both signs, and a few
// random values in the slider range (fixed seed: the same every run).
std::vector<double> probe_values(const activation_lab::ParamSpec& s, std::mt19937_64& rng) {
  if (!s.choices.empty()) {
    std::vector<double> out;
    for (std::size_t i = 0; i < s.choices.size(); ++i) out.push_back(double(i));
    return out;
  }
  std::vector<double> out = {s.min, s.max, s.default_value, 0.0, -0.0};
  for (double v : {s.domain_min, s.domain_max}) {
    if (std::isfinite(v)) out.push_back(v);
  }
  for (double m : {5e-324, 1e-310, 1e-300, 1e-50, 1e-45, 1e-39, 1e-10, 1.0, 1e10, 1e38, 3.4e38,
                   1e39, 1e300, std::numeric_limits<double>::max()}) {
    out.push_back(m);
    out.push_back(-m);
  }
  std::uniform_real_distribution<double> slider(s.min, s.max);
  for (int i = 0; i < 4; ++i) out.push_back(slider(rng));
  return out;
}

// Settings to try: each parameter through its probe values with the others
// at their defaults, and random combinations of probe values.
std::vector<ParamValues> probe_settings(const Activation& a) {
  std::mt19937_64 rng(0x5eed);
  std::vector<std::vector<double>> probes;
  for (const auto& s : a.params) probes.push_back(probe_values(s, rng));
  std::vector<ParamValues> out{activation_lab::default_params(a)};
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    for (double v : probes[i]) {
      ParamValues p = activation_lab::default_params(a);
      p[i] = v;
      out.push_back(p);
    }
  }
  for (int k = 0; k < (a.params.size() > 1 ? 400 : 0); ++k) {
    ParamValues p = activation_lab::default_params(a);
    for (std::size_t i = 0; i < a.params.size(); ++i) p[i] = probes[i][rng() % probes[i].size()];
    out.push_back(p);
  }
  return out;
}

template <class T>
std::vector<T> probe_xs() {
  const T max = std::numeric_limits<T>::max(), inf = std::numeric_limits<T>::infinity();
  const T sub = std::numeric_limits<T>::denorm_min(), tiny = std::numeric_limits<T>::min();
  std::vector<T> xs;
  for (T m :
       {T(0), sub, tiny, T(1e-30), T(0.5), T(1), T(3), T(20), T(89), T(710), T(1e30), max, inf}) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> wide(-50, 50);
  for (int i = 0; i < 16; ++i) xs.push_back(T(wide(rng)));
  return xs;
}

// Every setting the table accepts in a dtype gives no NaN for non-NaN x in
// that dtype: the domains and checks keep NaN out (README, "Limits and
// errors"), rather than each kernel guarding itself.
template <class T>
void expect_no_nan_for_valid_params(const Activation& a) {
  const auto dtype =
      sizeof(T) == 8 ? activation_lab::Dtype::float64 : activation_lab::Dtype::float32;
  const std::vector<T> xs = probe_xs<T>();
  std::vector<T> y(xs.size());
  int accepted = 0;
  for (const ParamValues& p : probe_settings(a)) {
    if (!activation_lab::validate_params(a, p, dtype).empty()) continue;
    ++accepted;
    for (Kind k : {Kind::function, Kind::gradient}) {
      activation_lab::apply(a, k, xs.data(), y.data(), xs.size(), p);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isnan(y[i])) continue;
        ADD_FAILURE() << a.id << (k == Kind::function ? " f" : " f'") << " is NaN at x=" << xs[i]
                      << (sizeof(T) == 8 ? " (float64)" : " (float32)") << " with params "
                      << ::testing::PrintToString(p);
        return;
      }
    }
  }
  EXPECT_GT(accepted, 0) << a.id;
}

// Where the table lists no kink at 0, f and f' are continuous there: the
// values at -denorm_min, 0 and +denorm_min agree, for every accepted probe
// setting (this catches a formula that loses b in subnormals on one side).
template <class T>
void expect_continuous_at_zero(const Activation& a) {
  const auto dtype =
      sizeof(T) == 8 ? activation_lab::Dtype::float64 : activation_lab::Dtype::float32;
  const T d = std::numeric_limits<T>::denorm_min();
  for (const ParamValues& p : probe_settings(a)) {
    if (!activation_lab::validate_params(a, p, dtype).empty()) continue;
    ParamValues seen = p;  // the parameters as the kernel of this dtype sees them
    for (double& v : seen) v = static_cast<T>(v);
    if (near_kink(a, seen, 0.0, 4 * double(d))) continue;
    for (Kind k : {Kind::function, Kind::gradient}) {
      const T at0 = eval(a, k, T(0), p);
      for (T x : {-d, d}) {
        const T y = eval(a, k, x, p);
        const T tolerance = T(1e-6) * std::max(std::fabs(at0), std::numeric_limits<T>::min());
        if (!(std::fabs(y - at0) <= tolerance) && !(std::isinf(y) && y == at0)) {
          ADD_FAILURE() << a.id << (k == Kind::function ? " f" : " f'") << "(" << x << ") = " << y
                        << " but at 0 it is " << at0 << " with params "
                        << ::testing::PrintToString(p)
                        << (sizeof(T) == 8 ? " (float64)" : " (float32)");
          return;
        }
      }
    }
  }
}

TEST_P(Table, ContinuousAtZeroUnlessAKinkIsThere) {
  expect_continuous_at_zero<double>(*GetParam());
  expect_continuous_at_zero<float>(*GetParam());
}

// The cheap verdict of every call and the message agree, in both dtypes.
TEST_P(Table, ParamsValidAgreesWithValidateParams) {
  const Activation& a = *GetParam();
  for (const ParamValues& p : probe_settings(a)) {
    for (auto dtype : {activation_lab::Dtype::float64, activation_lab::Dtype::float32}) {
      EXPECT_EQ(activation_lab::params_valid(a, p, dtype),
                activation_lab::validate_params(a, p, dtype).empty())
          << a.id << " " << ::testing::PrintToString(p)
          << (dtype == activation_lab::Dtype::float32 ? " float32" : " float64");
    }
  }
}

TEST_P(Table, ValidParametersNeverGiveNan) {
  expect_no_nan_for_valid_params<double>(*GetParam());
  expect_no_nan_for_valid_params<float>(*GetParam());
}

// A float32 kernel sees its parameters rounded to float: a value that is
// finite, or non-zero, only as a double is judged as the float it becomes.
TEST(TableWhole, Float32ChecksParametersAsFloats) {
  const Activation& elu = *activation_lab::find_activation("elu");
  ParamValues p = activation_lab::default_params(elu);
  p[0] = 1e39;
  EXPECT_EQ(activation_lab::validate_params(elu, p, activation_lab::Dtype::float64), "");
  EXPECT_EQ(activation_lab::validate_params(elu, p, activation_lab::Dtype::float32),
            "elu parameter alpha must be a finite number (1e+39 is inf in float32)");
  const Activation& celu = *activation_lab::find_activation("celu");
  p[0] = 1e-50;
  EXPECT_EQ(activation_lab::validate_params(celu, p, activation_lab::Dtype::float32),
            "celu: alpha must not be 0 (celu divides by it) (1e-50 is 0 in float32)");
  EXPECT_FALSE(activation_lab::params_valid(celu, p, activation_lab::Dtype::float32));
  EXPECT_TRUE(activation_lab::params_valid(celu, p, activation_lab::Dtype::float64));
  // Rounding is mentioned only where it is the reason (rrelu's default upper
  // 1/3 rounds too, but lower = 0.5 is wrong in float64 already).
  const Activation& rrelu = *activation_lab::find_activation("rrelu");
  ParamValues r = activation_lab::default_params(rrelu);
  r[0] = 0.5;
  EXPECT_EQ(activation_lab::validate_params(rrelu, r, activation_lab::Dtype::float32),
            "rrelu: lower must not exceed upper");
}

TEST_P(Table, NanGivesNan) {
  const Activation& a = *GetParam();
  const ParamValues p = activation_lab::default_params(a);
  for (Kind k : {Kind::function, Kind::gradient}) {
    EXPECT_TRUE(std::isnan(eval(a, k, std::numeric_limits<double>::quiet_NaN(), p))) << a.id;
    EXPECT_TRUE(std::isnan(eval(a, k, std::numeric_limits<float>::quiet_NaN(), p))) << a.id;
  }
}

// One loop serves both precisions: a batch equals element-by-element calls,
// and in-place evaluation (x == y) is allowed.
TEST_P(Table, BatchEqualsSingleAndMayRunInPlace) {
  const Activation& a = *GetParam();
  const ParamValues p = activation_lab::default_params(a);
  std::vector<float> x(1003);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = float(a.x_min + (a.x_max - a.x_min) * i / 1002.0);
  for (Kind k : {Kind::function, Kind::gradient}) {
    std::vector<float> y = x;
    activation_lab::apply(a, k, y.data(), y.data(), y.size(), p);
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(y[i], eval(a, k, x[i], p)) << a.id << " x=" << x[i];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllActivations, Table, ::testing::ValuesIn(all()),
                         [](const ::testing::TestParamInfo<const Activation*>& info) {
                           return std::string(info.param->id);
                         });

}  // namespace
