// Look-ups, parameter binding and validation, and dispatch over the table.
#include "activation_lab/activation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "shortest_number.hpp"

namespace activation_lab {

namespace {

// The op's values in its own field order, picked from the table-ordered
// values through the slots bound by name. A field without a parameter gets
// NaN (binding_problem() names it; the table tests fail on it).
struct OpValues {
  double v[kMaxParams] = {};
  OpValues(const Activation& a, const ParamValues& p) {
    for (std::size_t k = 0; k < a.op.param_names.size(); ++k) {
      v[k] = a.slots[k] == kNoSlot ? std::numeric_limits<double>::quiet_NaN() : p[a.slots[k]];
    }
  }
};

bool has_param(const Activation& a, std::string_view name) {
  return std::any_of(a.params.begin(), a.params.end(),
                     [&](const ParamSpec& s) { return name == s.name; });
}

bool has_field(const Activation& a, std::string_view name) {
  return std::any_of(a.op.param_names.begin(), a.op.param_names.end(),
                     [&](const char* field) { return name == field; });
}

// The values a kernel of that dtype sees: float32 rounds every number (a
// choice index is exact in float).
ParamValues in_dtype(const ParamValues& p, Dtype dtype) {
  if (dtype == Dtype::float64) return p;
  ParamValues out = p;
  for (double& v : out) v = static_cast<float>(v);
  return out;
}

// What is wrong with one parameter value, or nullptr. No allocation on the
// valid path: the wasm bindings check parameters on every call.
const char* param_problem(const ParamSpec& s, double v) {
  if (!std::isfinite(v)) return "must be a finite number";
  if (!s.choices.empty()) {
    const bool index = v == std::floor(v) && v >= 0 && v < double(s.choices.size());
    return index ? nullptr : "must be the index of one of its choices";
  }
  return v < s.domain_min || v > s.domain_max ? "must lie in" : nullptr;
}

}  // namespace

const Activation* find_activation(std::string_view id) {
  for (const Activation& a : activations()) {
    if (id == a.id) return &a;
  }
  return nullptr;
}

ParamValues default_params(const Activation& a) {
  ParamValues p{};
  for (std::size_t i = 0; i < a.params.size(); ++i) p[i] = a.params[i].default_value;
  return p;
}

std::string binding_problem(const Activation& a) {
  std::string problem;
  for (const char* field : a.op.param_names) {
    if (!has_param(a, field))
      problem.append("op field ").append(field).append(" has no table parameter; ");
  }
  for (const ParamSpec& s : a.params) {
    if (!has_field(a, s.name))
      problem.append("table parameter ").append(s.name).append(" has no op field; ");
  }
  return problem;
}

bool params_valid(const Activation& a, const ParamValues& given, Dtype dtype) {
  // float32 accepts what is valid as given and as rounded, as validate_params
  // says (lambd = -1e-50 is -0 in float, but it was given outside [0, inf]).
  if (dtype == Dtype::float32 && !params_valid(a, given, Dtype::float64)) return false;
  const ParamValues p = in_dtype(given, dtype);
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    if (!std::isfinite(given[i]) || param_problem(a.params[i], p[i])) return false;
  }
  return !a.op.check(OpValues(a, p).v);
}

std::string validate_params(const Activation& a, const ParamValues& given, Dtype dtype) {
  // What is wrong whatever the dtype is said without rounding notes.
  if (dtype == Dtype::float32) {
    if (std::string problem = validate_params(a, given, Dtype::float64); !problem.empty()) {
      return problem;
    }
  }
  const ParamValues p = in_dtype(given, dtype);
  // " (1e-50 is 0 in float32)" where rounding changed what was given.
  const auto rounded = [&](std::size_t i) {
    if (p[i] == given[i] || !std::isfinite(given[i])) return std::string();
    return std::string(" (")
        .append(shortest_number(given[i]))
        .append(" is ")
        .append(std::isinf(p[i]) ? (p[i] > 0 ? "inf" : "-inf") : shortest_number(p[i]))
        .append(" in float32)");
  };
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const ParamSpec& s = a.params[i];
    const char* problem = param_problem(s, std::isfinite(given[i]) ? p[i] : given[i]);
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
    return message + rounded(i);
  }
  if (const char* problem = a.op.check(OpValues(a, p).v)) {
    std::string message = std::string(a.id).append(": ").append(problem);
    for (std::size_t i = 0; i < a.params.size(); ++i) message += rounded(i);
    return message;
  }
  return {};
}

void apply(const Activation& a, Kind kind, const double* x, double* y, std::size_t n,
           const ParamValues& p) {
  const OpValues values(a, p);
  (kind == Kind::function ? a.op.function64 : a.op.gradient64)(x, y, n, values.v);
}

void apply(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
           const ParamValues& p) {
  const OpValues values(a, p);
  (kind == Kind::function ? a.op.function32 : a.op.gradient32)(x, y, n, values.v);
}

void apply_scalar(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
                  const ParamValues& p) {
  const OpValues values(a, p);
  (kind == Kind::function ? a.op.function32_scalar : a.op.gradient32_scalar)(x, y, n, values.v);
}

std::vector<double> kinks(const Activation& a, const ParamValues& p) {
  std::vector<double> out = a.op.kinks(OpValues(a, p).v);
  std::sort(out.begin(), out.end());
  return out;
}

std::string torch_call(const Activation& a) {
  if (a.snippets.torch_call) return a.snippets.torch_call;
  std::string call = std::string("F.") + a.id + "(x";
  for (const ParamSpec& s : a.params)
    call.append(", ").append(s.name).append("={").append(s.name).append("}");
  return call + ")";
}

}  // namespace activation_lab
