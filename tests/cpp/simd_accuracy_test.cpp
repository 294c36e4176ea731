// The four-lane float32 kernels (cpp/src/simd, ops.hpp's simd_f/simd_df)
// against the scalar float32 path (apply_scalar: the double path rounded once
// to float, for transcendental ops), for every activation whose
// binding says float32_simd, f and f', over
//  (a) every float32 x with kDenseLow <= |x| < kDenseHigh (default
//      parameters, and each choice of a choice parameter), and
//  (b) a seeded sample of the rest of the line (random bit patterns, so
//      subnormals, huge values and NaN; log-uniform magnitudes in
//      [2^-30, 2^8]; +-0, +-inf, the extremes), for the default parameters
//      and each parameter at the ends of its slider range.
// The bound (README, "Numerics"; the golden tests use the same rule): bit
// for bit for bit_exact entries; otherwise kMaxUlps where the problem is well
// conditioned (|x g'(x)| <= |g(x)| for the function g under test), and
// elsewhere kMaxUlps of the condition scale |x g'(x)|, which is what reading
// a rounded x costs any method (near a zero of f', say). The worst distances
// are printed after the run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "activation_lab/activation.hpp"
#include "golden.hpp"
#include "simd/f32x4.hpp"  // kChunk

namespace {

using activation_lab::Activation;
using activation_lab::Kind;
using activation_lab::ParamValues;

// The reference (libm in double) costs 20-50 ns a value: three binades on
// each side take 5-15 s a function natively. Sanitizers slow it further: one
// binade there. ACTIVATION_LAB_SIMD_SWEEP=wide sweeps [2^-8, 16) (3e8
// values a function, minutes), for a one-off check after changing a kernel.
#if defined(__SANITIZE_ADDRESS__)
#define ACTIVATION_LAB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ACTIVATION_LAB_SANITIZED 1
#endif
#endif
#ifdef ACTIVATION_LAB_SANITIZED
constexpr float kDefaultLow = 1.0f, kDefaultHigh = 2.0f;
constexpr std::size_t kSample = 1 << 14;
#else
constexpr float kDefaultLow = 0.5f, kDefaultHigh = 4.0f;
constexpr std::size_t kSample = 1 << 17;
#endif
bool wide() {
  const char* v = std::getenv("ACTIVATION_LAB_SIMD_SWEEP");
  return v && std::string(v) == "wide";
}
const float kDenseLow = wide() ? 0x1p-8f : kDefaultLow;
const float kDenseHigh = wide() ? 16.0f : kDefaultHigh;

constexpr std::uint64_t kMaxUlps = activation_lab::kMaxUlps;

struct Worst {
  std::uint64_t points = 0, ulps = 0;  // strict: to float(reference)
  std::uint64_t well_conditioned = 0;  // the same, where |x g'| <= |g|
  double ill_conditioned = 0;          // in ulps of the condition scale, where used
  double seconds = 0;
};
std::map<std::string, Worst>& worst() {
  static std::map<std::string, Worst> w;
  return w;
}

class WorstReport : public ::testing::Environment {
 public:
  void TearDown() override {
    std::printf("\nfloat32 SIMD kernels vs double, rounded (|x| in [%g, %g) dense, %zu sampled)\n",
                kDenseLow, kDenseHigh, kSample);
    std::printf("%-22s %11s %9s %10s %14s %7s\n", "activation kind", "points", "max ulp",
                "well-cond.", "ill-cond. ulp", "s");
    for (const auto& [key, w] : worst()) {
      std::printf("%-22s %11llu %9llu %10llu %14.2f %7.2f\n", key.c_str(),
                  (unsigned long long)w.points, (unsigned long long)w.ulps,
                  (unsigned long long)w.well_conditioned, w.ill_conditioned, w.seconds);
    }
  }
};
const auto* const kReport = ::testing::AddGlobalTestEnvironment(new WorstReport);

float from_bits(std::uint32_t b) {
  float v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

std::vector<float> dense_sweep() {
  std::vector<float> xs;
  for (float sign : {1.0f, -1.0f}) {
    for (float v = kDenseLow; v < kDenseHigh; v = std::nextafter(v, kDenseHigh)) {
      xs.push_back(sign * v);
    }
  }
  return xs;
}

std::vector<float> sample() {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> xs = {0.0f,
                           -0.0f,
                           kInf,
                           -kInf,
                           std::numeric_limits<float>::quiet_NaN(),
                           std::numeric_limits<float>::max(),
                           -std::numeric_limits<float>::max(),
                           std::numeric_limits<float>::min(),
                           -std::numeric_limits<float>::min(),
                           std::numeric_limits<float>::denorm_min(),
                           -std::numeric_limits<float>::denorm_min()};
  std::mt19937 rng(20261201);
  std::uniform_real_distribution<float> exponent(-30.0f, 8.0f);
  for (std::size_t i = 0; i < kSample; ++i) {
    xs.push_back(from_bits(std::uint32_t(rng())));
    const float magnitude = std::exp2(exponent(rng));
    xs.push_back(rng() & 1 ? magnitude : -magnitude);
  }
  return xs;
}

// Log-uniform magnitudes on [2^-30, 2^8], each with both signs, sorted by
// magnitude. simd::map_guarded takes a kernel's fast path chunk by chunk,
// where every |x| of the chunk is within its bound: sorted, whole chunks lie
// below any bound, so the fast paths are checked over their whole range
// (sample()'s random bit patterns put a large value or a NaN in almost
// every chunk, and the dense sweep covers one stretch).
std::vector<float> sorted_sample() {
  std::mt19937 rng(20261202);
  std::uniform_real_distribution<float> exponent(-30.0f, 8.0f);
  std::vector<float> magnitudes(kSample);
  for (float& m : magnitudes) m = std::exp2(exponent(rng));
  // The ties of the exponentials' rounding: z with z * log2(e) (in float)
  // exactly k + 1/2, where n = round(z / ln2) could go either way (the fast
  // and the full path once did go different ways there). As x = -z (the
  // exponent -|x|) and -z / 2 (tanh's -2|x|).
  for (int k = -126; k < 0; ++k) {
    const float centre = (float(k) + 0.5f) / 0x1.715476p+0f;
    float z = centre;
    for (int i = 0; i < 64; ++i) z = std::nextafter(z, -INFINITY);
    for (int i = 0; i < 128; ++i, z = std::nextafter(z, INFINITY)) {
      if (z * 0x1.715476p+0f == float(k) + 0.5f) {
        magnitudes.push_back(-z);
        magnitudes.push_back(-z / 2);
      }
    }
  }
  std::sort(magnitudes.begin(), magnitudes.end());
  std::vector<float> xs;
  for (float m : magnitudes) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  return xs;
}

// Default parameters and every choice of a choice parameter (gelu's
// approximate: another function), each swept densely; then each number
// parameter at either end of its slider range, where valid in float32.
struct Setting {
  ParamValues values;
  bool dense;
  std::string name;  // the id, and the choice where not the default: gelu(tanh)
};
std::vector<Setting> settings(const Activation& a) {
  std::vector<Setting> out = {{activation_lab::default_params(a), true, a.id}};
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    for (std::size_t c = 1; c < a.params[i].choices.size(); ++c) {
      out.push_back(out[0]);
      out.back().values[i] = double(c);
      out.back().name = std::string(a.id) + "(" + a.params[i].choices[c] + ")";
    }
  }
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    if (!a.params[i].choices.empty()) continue;
    for (double v : {a.params[i].min, a.params[i].max}) {
      ParamValues p = out[0].values;
      p[i] = v;
      if (activation_lab::params_valid(a, p, activation_lab::Dtype::float32)) {
        out.push_back({p, false, a.id});
      }
    }
  }
  return out;
}

// The double path with the parameters the float kernel sees.
ParamValues as_float(ParamValues p) {
  for (double& v : p) v = static_cast<float>(v);
  return p;
}

double reference(const Activation& a, Kind kind, double x, const ParamValues& p) {
  double y;
  activation_lab::apply(a, kind, &x, &y, 1, p);
  return y;
}

// |x g'(x)| for g = f or f', from f' or from a central difference of f'.
double condition_scale(const Activation& a, Kind kind, double x, const ParamValues& p) {
  if (kind == Kind::function) return std::fabs(x * reference(a, Kind::gradient, x, p));
  const double h = std::fabs(x) * 0x1p-20;
  if (h == 0) return 0;
  const double slope =
      (reference(a, Kind::gradient, x + h, p) - reference(a, Kind::gradient, x - h, p)) / (2 * h);
  return std::fabs(x * slope);
}

double spacing(double v) {
  const float a = static_cast<float>(std::fabs(v));
  if (std::isinf(a)) return std::numeric_limits<double>::infinity();
  return double(std::nextafter(a, std::numeric_limits<float>::infinity())) - a;
}

void check(const Activation& a, Kind kind, const std::vector<float>& xs, const ParamValues& given,
           Worst& w) {
  const ParamValues p = as_float(given);
  const auto start = std::chrono::steady_clock::now();
  std::vector<float> got(xs.size());
  activation_lab::apply(a, kind, xs.data(), got.data(), xs.size(), given);
  std::vector<float> want(xs.size());
  activation_lab::apply_scalar(a, kind, xs.data(), want.data(), xs.size(), given);
  int failures = 0;
  for (std::size_t i = 0; i < xs.size() && failures < 10; ++i) {
    const float expected = want[i];
    const auto where = [&] {
      char text[200];
      std::snprintf(text, sizeof text, "%s %s x=%.9g got %.9g want %.9g (params %g %g %g %g)", a.id,
                    kind == Kind::function ? "f" : "df", double(xs[i]), double(got[i]),
                    double(expected), given[0], given[1], given[2], given[3]);
      return std::string(text);
    };
    ++w.points;
    if (a.bit_exact || std::isnan(expected)) {
      if (!golden::same_bits(got[i], expected)) {
        ADD_FAILURE() << where() << " (must match to the bit)";
        ++failures;
      }
      continue;
    }
    const std::uint64_t d = golden::ulp_distance(got[i], expected);
    w.ulps = std::max(w.ulps, d);
    if (d <= kMaxUlps) {
      w.well_conditioned = std::max(w.well_conditioned, d);
      continue;
    }
    const double scale = condition_scale(a, kind, xs[i], p);
    if (!(scale > std::fabs(want[i]))) {
      w.well_conditioned = std::max(w.well_conditioned, d);
      ADD_FAILURE() << where() << ": " << d << " ulp (well conditioned)";
      ++failures;
      continue;
    }
    const double ulps = std::fabs(double(got[i]) - want[i]) / spacing(scale);
    w.ill_conditioned = std::max(w.ill_conditioned, ulps);
    if (!(ulps <= kMaxUlps)) {
      ADD_FAILURE() << where() << ": " << ulps << " ulp of the condition scale " << scale;
      ++failures;
    }
  }
  w.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<const Activation*> vectorised() {
  std::vector<const Activation*> out;
  for (const Activation& a : activation_lab::activations()) {
    if (a.op.float32_simd) out.push_back(&a);
  }
  return out;
}

class SimdAccuracy : public ::testing::TestWithParam<const Activation*> {};

TEST_P(SimdAccuracy, WithinMaxUlpsOfDouble) {
  const Activation& a = *GetParam();
  static const std::vector<float> dense = dense_sweep(), sampled = sample(),
                                  sorted = sorted_sample();
  for (Kind kind : {Kind::function, Kind::gradient}) {
    for (const Setting& s : settings(a)) {
      Worst& w = worst()[s.name + (kind == Kind::function ? " f" : " df")];
      if (s.dense) check(a, kind, dense, s.values, w);
      check(a, kind, sampled, s.values, w);
      check(a, kind, sorted, s.values, w);
    }
  }
}

// A fast path leaves out only clamps and tests that change nothing within
// its bound: it must give the full path's bits. The same values again with
// a NaN at the start of every chunk take the full path everywhere.
TEST_P(SimdAccuracy, FastPathsGiveTheFullPathsBits) {
  const Activation& a = *GetParam();
  static const std::vector<float> sorted = sorted_sample();
  std::vector<float> poisoned = sorted;
  for (std::size_t i = 0; i < poisoned.size(); i += activation_lab::simd::kChunk) {
    poisoned[i] = std::numeric_limits<float>::quiet_NaN();
  }
  std::vector<float> fast(sorted.size()), full(sorted.size());
  for (Kind kind : {Kind::function, Kind::gradient}) {
    for (const Setting& s : settings(a)) {
      activation_lab::apply(a, kind, sorted.data(), fast.data(), sorted.size(), s.values);
      activation_lab::apply(a, kind, poisoned.data(), full.data(), sorted.size(), s.values);
      // A chunk's first value (the NaN in poisoned) on its own: n < kChunk
      // takes the full path.
      for (std::size_t i = 0; i < sorted.size(); i += activation_lab::simd::kChunk) {
        activation_lab::apply(a, kind, &sorted[i], &full[i], 1, s.values);
      }
      int failures = 0;
      for (std::size_t i = 0; i < sorted.size() && failures < 10; ++i) {
        if (golden::same_bits(fast[i], full[i])) continue;
        ADD_FAILURE() << s.name << (kind == Kind::function ? " f" : " df") << " x=" << sorted[i]
                      << ": fast path " << fast[i] << ", full path " << full[i];
        ++failures;
      }
    }
  }
}

// map_guarded itself, with lane functions that say which ran: the fast one
// for a chunk whose every |x| is at most the bound (equal included), the
// full one for a chunk with a larger value, a NaN or (but for kNotNaN) an
// infinity, and for what is left after the last whole chunk; in place too.
TEST(MapGuarded, TakesTheFastPathChunkByChunk) {
  using activation_lab::simd::f32x4;
  using activation_lab::simd::kChunk;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const auto fast = [](f32x4) { return f32x4{1, 1, 1, 1}; };
  const auto full = [](f32x4) { return f32x4{2, 2, 2, 2}; };
  // Chunk by chunk: the value put at position 5 of a chunk of 0.5s, the
  // bound, and the lane function expected.
  struct Case {
    float value, bound, expected;
  };
  const std::vector<Case> cases = {
      {0.5f, 1.0f, 1},
      {1.0f, 1.0f, 1},
      {-1.0f, 1.0f, 1},
      {std::nextafter(1.0f, 2.0f), 1.0f, 2},
      {-2.0f, 1.0f, 2},
      {std::numeric_limits<float>::quiet_NaN(), 1.0f, 2},
      {kInf, 1.0f, 2},
      {-kInf, activation_lab::simd::kNotNaN, 1},
      {std::numeric_limits<float>::quiet_NaN(), activation_lab::simd::kNotNaN, 2}};
  for (const Case& c : cases) {
    for (std::size_t tail : {std::size_t(0), std::size_t(1), std::size_t(13)}) {
      std::vector<float> x(2 * kChunk + tail, 0.5f);
      x[kChunk + 5] = c.value;  // the second chunk
      for (bool in_place : {false, true}) {
        std::vector<float> y(x.size(), 0.0f), data = x;
        float* out = in_place ? data.data() : y.data();
        activation_lab::simd::map_guarded<4>(data.data(), out, x.size(), c.bound, fast, full);
        for (std::size_t i = 0; i < x.size(); ++i) {
          // The full path gives a NaN back as it came (map's NaN select).
          if (std::isnan(c.value) && i == kChunk + 5) {
            ASSERT_TRUE(std::isnan(out[i]));
            continue;
          }
          const float want = i < kChunk ? 1.0f : i < 2 * kChunk ? c.expected : 2.0f;
          ASSERT_EQ(out[i], want) << "value " << c.value << " bound " << c.bound << " at " << i
                                  << " (tail " << tail << (in_place ? ", in place" : "") << ")";
        }
      }
    }
  }
  // n < kChunk and n = 0: the full path, and nothing written.
  std::vector<float> x(kChunk - 1, 0.5f), y(kChunk - 1, 0.0f);
  activation_lab::simd::map_guarded<4>(x.data(), y.data(), x.size(), 1.0f, fast, full);
  for (float v : y) ASSERT_EQ(v, 2.0f);
  float untouched = 7.0f;
  activation_lab::simd::map_guarded<4>(x.data(), &untouched, 0, 1.0f, fast, full);
  EXPECT_EQ(untouched, 7.0f);
}

// The binding's flag is the list: an op that gains simd_f/simd_df is tested
// here the moment it exists. Every binding with the flag has a kernel.
TEST(SimdAccuracy, SomeKernelsAreVectorised) { EXPECT_FALSE(vectorised().empty()); }

INSTANTIATE_TEST_SUITE_P(Vectorised, SimdAccuracy, ::testing::ValuesIn(vectorised()),
                         [](const ::testing::TestParamInfo<const Activation*>& info) {
                           return std::string(info.param->id);
                         });

}  // namespace
