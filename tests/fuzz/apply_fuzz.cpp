// libFuzzer target: any activation, any parameters, any x, either dtype.
// Parameters the table accepts must give no NaN for a non-NaN x (the
// promise of validate_params); ASan and UBSan watch everything else.
// Input layout: [activation][flags][4 parameters as doubles][x values].
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "activation_lab/activation.hpp"

namespace {

template <class T>
void check(const activation_lab::Activation& a, const activation_lab::ParamValues& p,
           const std::uint8_t* data, std::size_t size) {
  std::vector<T> x(size / sizeof(T)), y(x.size());
  if (!x.empty()) std::memcpy(x.data(), data, x.size() * sizeof(T));
  for (auto kind : {activation_lab::Kind::function, activation_lab::Kind::gradient}) {
    activation_lab::apply(a, kind, x.data(), y.data(), x.size(), p);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(y[i]) && !std::isnan(x[i])) {
        std::fprintf(stderr, "%s %s is NaN at x=%a (%s) with params %a %a %a %a\n", a.id,
                     kind == activation_lab::Kind::function ? "f" : "f'", double(x[i]),
                     sizeof(T) == 8 ? "float64" : "float32", p[0], p[1], p[2], p[3]);
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kHeader = 2 + 8 * activation_lab::kMaxParams;
  if (size < kHeader) return 0;
  const auto& table = activation_lab::activations();
  const auto& a = table[data[0] % table.size()];
  const bool float32 = data[1] & 1;
  // Mostly the defaults with some parameters replaced, so that accepted
  // settings come up often; bit 1 + k of flags replaces parameter k.
  activation_lab::ParamValues p = activation_lab::default_params(a);
  for (std::size_t k = 0; k < activation_lab::kMaxParams; ++k) {
    if (data[1] & (2u << k)) std::memcpy(&p[k], data + 2 + 8 * k, 8);
  }
  const auto dtype = float32 ? activation_lab::Dtype::float32 : activation_lab::Dtype::float64;
  if (!activation_lab::params_valid(a, p, dtype)) return 0;
  if (float32) {
    check<float>(a, p, data + kHeader, size - kHeader);
  } else {
    check<double>(a, p, data + kHeader, size - kHeader);
  }
  return 0;
}
