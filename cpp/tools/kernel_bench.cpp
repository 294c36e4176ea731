// A first native signal for the kernels (the JS suite, bench/kernels.mjs,
// is the one quoted): ns per element of every activation's f and f' at one
// size, float32 through the four-lane kernels where the op has them
// (apply), float32 through the scalar loop (apply_scalar) and float64,
// inputs uniform on [-10, 10], the median of 7 samples of >= 20 ms each of
// this process's CPU time (the machine is shared: wall time would count the
// other processes' turns).
// Usage: activation_lab_bench [n] [id...]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "activation_lab/activation.hpp"

namespace {

using activation_lab::Activation;
using activation_lab::Kind;

double cpu_ns() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

template <class Run>
double ns_per_element(std::size_t n, Run&& run) {
  std::size_t reps = 1;
  for (;;) {  // calibrate: one sample >= 20 ms
    const double start = cpu_ns();
    for (std::size_t r = 0; r < reps; ++r) run();
    if (cpu_ns() - start >= 20e6) break;
    reps *= 2;
  }
  std::vector<double> samples;
  for (int s = 0; s < 7; ++s) {
    const double start = cpu_ns();
    for (std::size_t r = 0; r < reps; ++r) run();
    samples.push_back((cpu_ns() - start) / double(reps * n));
  }
  std::nth_element(samples.begin(), samples.begin() + 3, samples.end());
  return samples[3];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  std::vector<std::string> only(argv + std::min(argc, 2), argv + argc);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-10, 10);
  std::vector<float> x32(n), y32(n);
  for (float& v : x32) v = uniform(rng);
  std::vector<double> x64(x32.begin(), x32.end()), y64(n);
  std::vector<float> copy(n);
  const double copy_ns =
      ns_per_element(n, [&] { std::copy(x32.begin(), x32.end(), copy.begin()); });
  std::printf("n = %zu, ns/element (float32 copy: %.3f)\n", n, copy_ns);
  std::printf("%-14s %4s %5s %9s %9s %9s %8s\n", "activation", "kind", "simd", "f32", "f32 scal",
              "f64", "speedup");
  for (const Activation& a : activation_lab::activations()) {
    if (!only.empty() && std::find(only.begin(), only.end(), a.id) == only.end()) continue;
    const auto p = activation_lab::default_params(a);
    for (Kind kind : {Kind::function, Kind::gradient}) {
      const double lanes =
          ns_per_element(n, [&] { activation_lab::apply(a, kind, x32.data(), y32.data(), n, p); });
      const double scalar = ns_per_element(
          n, [&] { activation_lab::apply_scalar(a, kind, x32.data(), y32.data(), n, p); });
      const double wide =
          ns_per_element(n, [&] { activation_lab::apply(a, kind, x64.data(), y64.data(), n, p); });
      std::printf("%-14s %4s %5s %9.3f %9.3f %9.3f %7.1fx\n", a.id,
                  kind == Kind::function ? "f" : "df", a.op.float32_simd ? "yes" : "no", lanes,
                  scalar, wide, scalar / lanes);
    }
  }
}
