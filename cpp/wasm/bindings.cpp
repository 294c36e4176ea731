// Embind bindings: thin on purpose. Bulk data moves through the wasm heap by
// pointer (one copy in, one copy out, done by web/lib/activation-lab.mjs);
// nothing here returns a handle that JS would have to delete.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>

#include "activation_lab/activation.hpp"
#include "activation_lab/parse_values.hpp"

namespace {

using namespace activation_lab;

const Activation* at(int index) {
  const auto& table = activations();
  return index >= 0 && std::size_t(index) < table.size() ? &table[std::size_t(index)] : nullptr;
}

ParamValues read_params(std::uintptr_t params) {
  ParamValues p{};
  const double* src = reinterpret_cast<const double*>(params);
  for (std::size_t i = 0; i < kMaxParams; ++i) p[i] = src[i];
  return p;
}

Dtype dtype_of(int precision) { return precision == 32 ? Dtype::float32 : Dtype::float64; }

// "" when the parameters are valid in that precision (64 or 32), else a
// message naming the problem.
std::string validate(int index, std::uintptr_t params, int precision) {
  const Activation* a = at(index);
  return a ? validate_params(*a, read_params(params), dtype_of(precision))
           : "unknown activation index";
}

// kind: 0 = f, 1 = f'. precision: 64 or 32. Returns false (and writes
// nothing) for an unknown index or invalid parameters: call validate().
bool apply_batch(int index, int kind, int precision, std::uintptr_t x, std::uintptr_t y,
                 std::size_t n, std::uintptr_t params) {
  const Activation* a = at(index);
  if (!a) return false;
  const ParamValues p = read_params(params);
  if (!params_valid(*a, p, dtype_of(precision))) return false;
  const Kind k = kind == 0 ? Kind::function : Kind::gradient;
  if (precision == 32) {
    apply(*a, k, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y), n, p);
  } else {
    apply(*a, k, reinterpret_cast<const double*>(x), reinterpret_cast<double*>(y), n, p);
  }
  return true;
}

emscripten::val parse(const std::string& text) {
  const ParseResult r = parse_values(text);
  emscripten::val out = emscripten::val::object();
  out.set("ok", r.ok);
  if (r.ok) {
    // slice() copies out of the heap: the view dies with `r`.
    out.set("values",
            emscripten::val(emscripten::typed_memory_view(r.values.size(), r.values.data()))
                .call<emscripten::val>("slice"));
  } else {
    out.set("code", r.error.code);
    out.set("token", r.error.token);
    out.set("line", r.error.line);
    out.set("column", r.error.column);
    out.set("message", r.error.message);
  }
  return out;
}

std::string table() { return table_json(); }
std::string parse_help() { return kParseHelp; }
std::string pytorch_version() { return kPyTorchVersion; }

// Where f or f' is not smooth for these parameters (a JS array of numbers).
emscripten::val kink_points(int index, std::uintptr_t params) {
  const Activation* a = at(index);
  emscripten::val out = emscripten::val::array();
  if (a) {
    for (double k : activation_lab::kinks(*a, read_params(params))) out.call<void>("push", k);
  }
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(activation_lab) {
  emscripten::function("tableJson", &table);
  emscripten::function("validateParams", &validate);
  emscripten::function("applyBatch", &apply_batch);
  emscripten::function("parseValues", &parse);
  emscripten::function("parseHelp", &parse_help);
  emscripten::function("pytorchVersion", &pytorch_version);
  emscripten::function("kinks", &kink_points);
  emscripten::constant("maxParams", int(kMaxParams));
  emscripten::constant("maxValues", int(kMaxValues));
  emscripten::constant("maxUlps", kMaxUlps);
}
