// Embind bindings: thin on purpose. Bulk data moves through the wasm heap by
// pointer (one copy in, one copy out, done by web/lib/activation-lab.mjs);
// nothing here returns a handle that JS would have to delete. The batch
// kernels are a plain C export (apply_batch, at the end), not Embind.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>

#include "activation_lab/activation.hpp"
#include "activation_lab/nn.hpp"
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

// ---- The training engine. web/lib/activation-lab.mjs checks every option
// (with errors that name it) before it calls these; the core checks again.
// Left out of the plots' build (ACTIVATION_LAB_PLOTS_ONLY, CMakeLists.txt),
// which the explorer and the widget load: they train nothing.
#ifndef ACTIVATION_LAB_PLOTS_ONLY

using emscripten::val;

val f64_array(const std::vector<double>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

std::vector<double> numbers_of(const val& v) {
  return emscripten::convertJSArrayToNumberVector<double>(v);
}

nn::InitSpec init_of(const val& o) {
  nn::InitSpec init;
  const std::string scheme = o["init"].as<std::string>();
  init.scheme = scheme == "he"              ? nn::Init::he
                : scheme == "constant_bias" ? nn::Init::constant_bias
                                            : nn::Init::pytorch;
  init.bias = o["bias"].as<double>();
  return init;
}

ParamValues params_of(const val& o) {
  ParamValues p{};
  const std::vector<double> given = numbers_of(o["params"]);
  for (std::size_t i = 0; i < given.size() && i < kMaxParams; ++i) p[i] = given[i];
  return p;
}

nn::Trainer* trainer(std::uintptr_t handle) { return reinterpret_cast<nn::Trainer*>(handle); }

// {handle} or {error}.
val trainer_create(val o) {
  nn::TrainerConfig c;
  c.net.activation = at(o["activation"].as<int>());
  c.net.params = params_of(o);
  for (double w : numbers_of(o["hidden"])) c.net.hidden.push_back(int(w));
  c.net.linear_output = o["output"].as<std::string>() != "none";
  c.init = init_of(o);
  nn::OptimizerSpec& opt = c.optimizer;
  opt.kind = o["optimizer"].as<std::string>() == "adam" ? nn::Optimizer::adam : nn::Optimizer::sgd;
  opt.lr = o["lr"].as<double>();
  opt.momentum = o["momentum"].as<double>();
  opt.dampening = o["dampening"].as<double>();
  opt.nesterov = o["nesterov"].as<bool>();
  opt.weight_decay = o["weight_decay"].as<double>();
  opt.beta1 = o["beta1"].as<double>();
  opt.beta2 = o["beta2"].as<double>();
  opt.eps = o["eps"].as<double>();
  opt.amsgrad = o["amsgrad"].as<bool>();
  c.seed = std::uint64_t(o["seed"].as<double>());
  c.batch_size = std::size_t(o["batch_size"].as<double>());
  nn::Dataset data;
  if (o["target"].isString()) {
    const nn::TargetSpec* target = nn::find_target(o["target"].as<std::string>().c_str());
    if (target) {
      data = nn::make_dataset(*target, std::size_t(o["n"].as<double>()), o["xMin"].as<double>(),
                              o["xMax"].as<double>());
    }
  } else {
    data.x = numbers_of(o["x"]);
    data.y = numbers_of(o["y"]);
  }
  val out = val::object();
  const std::string problem = c.net.activation ? nn::validate(c, data) : "activation: unknown";
  if (!problem.empty()) {
    out.set("error", problem);
  } else {
    out.set("handle", std::uintptr_t(new nn::Trainer(std::move(c), std::move(data))));
  }
  return out;
}

void trainer_destroy(std::uintptr_t h) { delete trainer(h); }

void trainer_steps(std::uintptr_t h, double n, std::uintptr_t losses) {
  trainer(h)->steps(std::size_t(n), reinterpret_cast<double*>(losses));
}

val layer_stats(const std::vector<nn::LayerStats>& layers) {
  val out = val::array();
  for (const nn::LayerStats& l : layers) {
    val layer = val::object();
    layer.set("units", l.units);
    layer.set("dead", l.dead);
    layer.set("saturated", l.saturated);
    layer.set("gradNorm", l.grad_norm);
    layer.set("updateNorm", l.update_norm);
    out.call<void>("push", layer);
  }
  return out;
}

val trainer_stats(std::uintptr_t h) {
  const nn::Stats s = trainer(h)->stats();
  val out = val::object();
  out.set("step", double(s.step));
  out.set("loss", s.loss);
  out.set("deadLayer", s.dead_layer);
  out.set("layers", layer_stats(s.layers));
  static_assert(sizeof(nn::UnitState) == 1);
  out.set("units", val(emscripten::typed_memory_view(
                           s.units.size(), reinterpret_cast<const std::uint8_t*>(s.units.data())))
                       .call<val>("slice"));
  return out;
}

void trainer_predict(std::uintptr_t h, std::uintptr_t x, std::uintptr_t y, double n) {
  trainer(h)->predict(reinterpret_cast<const double*>(x), reinterpret_cast<double*>(y),
                      std::size_t(n));
}

val layers_val(const std::vector<nn::Layer>& layers) {
  val out = val::array();
  for (const nn::Layer& l : layers) {
    val layer = val::object();
    layer.set("in", l.in);
    layer.set("out", l.out);
    layer.set("weight", f64_array(l.weight));
    layer.set("bias", f64_array(l.bias));
    out.call<void>("push", layer);
  }
  return out;
}

val trainer_weights(std::uintptr_t h) { return layers_val(trainer(h)->weights()); }

std::string trainer_set_weights(std::uintptr_t h, val given) {
  std::vector<nn::Layer> layers;
  const unsigned n = given["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const val l = given[i];
    nn::Layer layer;
    layer.in = l["in"].as<int>();
    layer.out = l["out"].as<int>();
    layer.weight = numbers_of(l["weight"]);
    layer.bias = numbers_of(l["bias"]);
    layers.push_back(std::move(layer));
  }
  return trainer(h)->set_weights(layers);
}

void trainer_reset(std::uintptr_t h) { trainer(h)->reset(); }

double trainer_step_count(std::uintptr_t h) { return double(trainer(h)->step_count()); }

val trainer_data(std::uintptr_t h) {
  val out = val::object();
  out.set("x", f64_array(trainer(h)->data().x));
  out.set("y", f64_array(trainer(h)->data().y));
  return out;
}

val trainer_trace(std::uintptr_t h) {
  const nn::Trainer::Trace t = trainer(h)->trace();
  val out = val::object();
  out.set("loss", t.loss);
  out.set("x", f64_array(t.pass->x));
  out.set("target", f64_array(t.pass->target));
  out.set("output", f64_array(t.pass->output));
  val layers = val::array();
  const std::size_t hidden = trainer(h)->config().net.hidden.size();
  for (std::size_t l = 0; l < hidden; ++l) {
    val layer = val::object();
    layer.set("z", f64_array(t.pass->z[l]));
    layer.set("slope", f64_array(t.pass->slope[l]));
    layer.set("dz", f64_array(t.pass->dz[l]));
    layers.call<void>("push", layer);
  }
  out.set("layers", layers);
  out.set("gradient", layers_val(*t.gradient));
  return out;
}

// {samples, bornDead, probability, standardError} for networks first ..
// first + count - 1, or {error}.
val born_dead(val o, double first, double count) {
  nn::BornDeadSpec s;
  s.activation = at(o["activation"].as<int>());
  s.params = params_of(o);
  s.depth = o["depth"].as<int>();
  s.width = o["width"].as<int>();
  s.init = init_of(o);
  s.inputs = std::size_t(o["inputs"].as<double>());
  s.x_min = o["xMin"].as<double>();
  s.x_max = o["xMax"].as<double>();
  s.seed = std::uint64_t(o["seed"].as<double>());
  val out = val::object();
  const std::string problem = s.activation ? nn::validate(s) : "activation: unknown";
  if (!problem.empty()) {
    out.set("error", problem);
    return out;
  }
  const nn::BornDeadResult r = nn::born_dead(s, std::uint64_t(first), std::uint64_t(count));
  out.set("samples", double(r.samples));
  out.set("bornDead", double(r.born_dead));
  return out;
}

#endif  // ACTIVATION_LAB_PLOTS_ONLY

// The engine's presets, targets and limits: the explorer's Embed dialog
// links to the lab with them, so the plots' core has them too.
std::string lab() { return nn::lab_json(); }

}  // namespace

// The table's (which = 0) and the lab's (1) JSON, made once and kept: a
// pointer to its UTF-8 bytes, their count in *size. A plain export, so the
// JS API decodes it with one TextDecoder call: Embind's std::string
// conversion walks the bytes twice in JS, which took 12-19 ms of a cold
// start for the table's 20 KB (tableJson and labJson stay, for tools).
extern "C" const char* json_text(int which, std::uint32_t* size) {
  static const std::string texts[] = {table(), lab()};
  const std::string& text = texts[which == 1 ? 1 : 0];
  *size = std::uint32_t(text.size());
  return text.data();
}

namespace {}  // namespace

// The hot path, as a plain wasm export (EXPORTED_FUNCTIONS in CMakeLists.txt)
// rather than Embind: called through the module's exports it costs about
// 0.02 us against Embind's 0.25 us, which is most of a call at n = 1.
// Numbers and pointers only. kind: 0 = f, 1 = f'. precision: 64 or 32.
// Returns 0 (and writes nothing) for an unknown index or invalid parameters:
// call validateParams() for the message. The JS side has validated the
// parameters already (and caches that); this second check is cheap and
// keeps a stray call from running a kernel on parameters it was never meant
// for. It is done once for each new (activation, precision, parameter bits):
// a loop of calls at n = 1 repeats the same ones, and the check was a third
// of such a call's time in the core.
extern "C" int apply_batch(int index, int kind, int precision, std::uintptr_t x, std::uintptr_t y,
                           std::size_t n, std::uintptr_t params) {
  const Activation* a = at(index);
  if (!a) return 0;
  const ParamValues p = read_params(params);
  struct Checked {
    int index = -1, precision = 0;
    ParamValues values{};
  };
  static Checked last;
  // By bits (-0 and 0 differ, a NaN is never valid anyway), inline: a call
  // of the library's memcmp cost as much as the rest of the comparison.
  bool same = index == last.index && precision == last.precision;
  for (std::size_t i = 0; same && i < kMaxParams; ++i) {
    same = __builtin_bit_cast(std::uint64_t, p[i]) ==
           __builtin_bit_cast(std::uint64_t, last.values[i]);
  }
  if (!same) {
    if (!params_valid(*a, p, dtype_of(precision))) return 0;
    last = {index, precision, p};
  }
  const Kind k = kind == 0 ? Kind::function : Kind::gradient;
  if (precision == 32) {
    apply(*a, k, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y), n, p);
  } else {
    apply(*a, k, reinterpret_cast<const double*>(x), reinterpret_cast<double*>(y), n, p);
  }
  return 1;
}

EMSCRIPTEN_BINDINGS(activation_lab) {
  emscripten::function("tableJson", &table);
  emscripten::function("validateParams", &validate);
  emscripten::function("parseValues", &parse);
  emscripten::function("parseHelp", &parse_help);
  emscripten::function("pytorchVersion", &pytorch_version);
  emscripten::function("kinks", &kink_points);
  emscripten::function("labJson", &lab);
#ifndef ACTIVATION_LAB_PLOTS_ONLY
  emscripten::function("trainerCreate", &trainer_create);
  emscripten::function("trainerDestroy", &trainer_destroy);
  emscripten::function("trainerSteps", &trainer_steps);
  emscripten::function("trainerStats", &trainer_stats);
  emscripten::function("trainerPredict", &trainer_predict);
  emscripten::function("trainerWeights", &trainer_weights);
  emscripten::function("trainerSetWeights", &trainer_set_weights);
  emscripten::function("trainerReset", &trainer_reset);
  emscripten::function("trainerStepCount", &trainer_step_count);
  emscripten::function("trainerData", &trainer_data);
  emscripten::function("trainerTrace", &trainer_trace);
  emscripten::function("bornDead", &born_dead);
#endif
  emscripten::constant("maxParams", int(kMaxParams));
  emscripten::constant("maxValues", int(kMaxValues));
  emscripten::constant("maxUlps", kMaxUlps);
}
