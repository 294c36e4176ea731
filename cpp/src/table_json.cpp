// The table as JSON: what the JS layer and the golden-data generator read.
#include <cmath>
#include <string>

#include "activation_lab/activation.hpp"
#include "json_writer.hpp"

namespace activation_lab {

namespace {

void put_param(std::string& out, const ParamSpec& s) {
  out += "{\"name\":";
  put_string(out, s.name);
  out += ",\"default\":";
  put_number(out, s.default_value);
  out += ",\"min\":";
  put_number(out, s.min);
  out += ",\"max\":";
  put_number(out, s.max);
  out += ",\"step\":";
  put_number(out, s.step);
  out += ",\"domain\":[";
  put_number(out, s.domain_min);
  out += ',';
  put_number(out, s.domain_max);
  out += ']';
  if (!s.choices.empty()) {
    out += ",\"choices\":[";
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
      if (i) out += ',';
      put_string(out, s.choices[i]);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string table_json() {
  std::string out = "[";
  bool first = true;
  for (const Activation& a : activations()) {
    if (!first) out += ',';
    first = false;
    out += "{\"id\":";
    put_string(out, a.id);
    out += ",\"label\":";
    put_string(out, a.label);
    out += ",\"group\":";
    put_string(out, a.group);
    out += ",\"formula\":";
    put_string(out, a.formula);
    out += ",\"gradientFormula\":";
    put_string(out, a.gradient_formula);
    out += ",\"note\":";
    put_string(out, a.note);
    out += ",\"snippets\":{\"cpp\":[";
    put_string(out, a.snippets.cpp_f);
    out += ',';
    put_string(out, a.snippets.cpp_df);
    out += "],\"numpy\":[";
    put_string(out, a.snippets.numpy_f);
    out += ',';
    put_string(out, a.snippets.numpy_df);
    out += "],\"torch\":";
    put_string(out, torch_call(a).c_str());
    out += '}';
    out += ",\"xRange\":[";
    put_number(out, a.x_min);
    out += ',';
    put_number(out, a.x_max);
    out += "],\"reference\":";
    out += a.reference == Reference::pytorch ? "\"pytorch\"" : "\"mpmath\"";
    out += ",\"bitExact\":";
    out += a.bit_exact ? "true" : "false";
    out += ",\"params\":[";
    for (std::size_t i = 0; i < a.params.size(); ++i) {
      if (i) out += ',';
      put_param(out, a.params[i]);
    }
    out += "]}";
  }
  return out + "]";
}

}  // namespace activation_lab
