// Reading tests/golden/<id>.json (made by tools/generate_golden.py) and
// comparing floats in ulps.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "activation_lab/activation.hpp"

namespace golden {

inline nlohmann::json load(const std::string& id) {
  std::ifstream in(std::string(GOLDEN_DIR) + "/" + id + ".json");
  if (!in) throw std::runtime_error("no golden data for " + id);
  return nlohmann::json::parse(in);
}

// JSON cannot hold NaN/inf: the generator writes them as strings.
inline double number(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  const std::string s = v.get<std::string>();
  if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  throw std::runtime_error("bad golden number " + s);
}

template <class T>
std::vector<T> numbers(const nlohmann::json& array) {
  std::vector<T> out;
  for (const auto& v : array) out.push_back(static_cast<T>(number(v)));
  return out;
}

inline activation_lab::ParamValues params(const activation_lab::Activation& a,
                                          const nlohmann::json& setting) {
  activation_lab::ParamValues p = activation_lab::default_params(a);
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    p[i] = setting.at(a.params[i].name).get<double>();
  }
  return p;
}

// Distance in representable values; +0 and -0 are one point.
template <class T>
std::uint64_t ulp_distance(T a, T b) {
  using Bits = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
  auto ordinal = [](T v) {
    Bits bits;
    std::memcpy(&bits, &v, sizeof v);
    return bits < 0 ? std::int64_t(std::numeric_limits<Bits>::min()) - bits : std::int64_t(bits);
  };
  const std::int64_t d = ordinal(a) - ordinal(b);
  return d < 0 ? std::uint64_t(-d) : std::uint64_t(d);
}

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

}  // namespace golden
