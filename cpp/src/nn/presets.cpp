// The lab page's presets and the engine's metadata for the JS layer. Each
// preset's claim (which units die) is checked by tests/cpp/nn_test.cpp.
#include <string>

#include "../json_writer.hpp"
#include "activation_lab/nn.hpp"

namespace activation_lab::nn {

namespace {

OptimizerSpec sgd(double lr, double momentum = 0) {
  OptimizerSpec o;
  o.lr = lr;
  o.momentum = momentum;
  return o;
}

OptimizerSpec adam(double lr) {
  OptimizerSpec o;
  o.kind = Optimizer::adam;
  o.lr = lr;
  return o;
}

const char* init_name(Init i) {
  return i == Init::pytorch ? "pytorch" : i == Init::he ? "he" : "constant_bias";
}

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = {
      {"high_lr",
       "A high learning rate kills ReLU units",
       "Watch the ReLU unit map go dark within a few dozen steps and its loss stall, while Leaky "
       "ReLU, with the same start and the same steps, keeps every unit and keeps learning.",
       "relu",
       "leaky_relu",
       {64, 64},
       {Init::pytorch, 0},
       sgd(0.5),
       "sine",
       256,
       -1,
       1,
       1,
       1500},
      {"negative_bias",
       "A negative bias: born dead",
       "Every bias starts at −2, so every ReLU unit of the second layer is dead before the first "
       "step and the ReLU loss never moves; Leaky ReLU's small slope lets the same network climb "
       "out.",
       "relu",
       "leaky_relu",
       {32, 32},
       {Init::constant_bias, -2},
       adam(0.01),
       "sine",
       256,
       -1,
       1,
       1,
       1500},
      {"deep_narrow",
       "Deep and narrow (Lu et al.)",
       "Ten layers of two units: one layer of the ReLU network is dead at birth, so its output is "
       "constant, as Lu et al. proved happens almost surely as depth grows.",
       "relu",
       "leaky_relu",
       {2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
       {Init::pytorch, 0},
       adam(0.01),
       "sine",
       256,
       -1,
       1,
       1,
       2000},
      {"healthy",
       "Healthy",
       "Adam at a moderate learning rate: both networks fit the curve. A few ReLU units are dead "
       "from the start and a few more die on the way; the others do the work.",
       "relu",
       "leaky_relu",
       {64, 64},
       {Init::constant_bias, 0.1},
       adam(0.003),
       "sine",
       256,
       -1,
       1,
       1,
       1000},
  };
  return table;
}

TrainerConfig preset_config(const Preset& p, const Activation& activation) {
  TrainerConfig c;
  c.net.hidden = p.hidden;
  c.net.activation = &activation;
  c.net.params = default_params(activation);
  c.init = p.init;
  c.optimizer = p.optimizer;
  c.seed = p.seed;
  return c;
}

Dataset preset_data(const Preset& p) {
  return make_dataset(*find_target(p.target), p.points, p.x_min, p.x_max);
}

std::string lab_json() {
  std::string out = "{\"limits\":{\"maxHiddenLayers\":";
  out += std::to_string(kMaxHiddenLayers);
  out += ",\"maxWidth\":" + std::to_string(kMaxWidth);
  out += ",\"maxPoints\":" + std::to_string(kMaxPoints);
  out += ",\"maxBornDeadDepth\":" + std::to_string(kMaxBornDeadDepth);
  out += ",\"saturatedBelow\":";
  put_number(out, kSaturatedBelow);
  out += "},\"targets\":[";
  for (std::size_t i = 0; i < targets().size(); ++i) {
    const TargetSpec& t = targets()[i];
    out += i ? ",{\"id\":" : "{\"id\":";
    put_string(out, t.id);
    out += ",\"label\":";
    put_string(out, t.label);
    out += ",\"formula\":";
    put_string(out, t.formula);
    out += "}";
  }
  out += "],\"presets\":[";
  for (std::size_t i = 0; i < presets().size(); ++i) {
    const Preset& p = presets()[i];
    out += i ? ",{\"id\":" : "{\"id\":";
    put_string(out, p.id);
    out += ",\"label\":";
    put_string(out, p.label);
    out += ",\"watch\":";
    put_string(out, p.watch);
    out += ",\"a\":";
    put_string(out, p.a);
    out += ",\"b\":";
    put_string(out, p.b);
    out += ",\"hidden\":[";
    for (std::size_t k = 0; k < p.hidden.size(); ++k) {
      if (k) out += ',';
      out += std::to_string(p.hidden[k]);
    }
    out += "],\"init\":";
    put_string(out, init_name(p.init.scheme));
    out += ",\"bias\":";
    put_number(out, p.init.bias);
    out += ",\"optimizer\":";
    put_string(out, p.optimizer.kind == Optimizer::adam ? "adam" : "sgd");
    out += ",\"lr\":";
    put_number(out, p.optimizer.lr);
    out += ",\"momentum\":";
    put_number(out, p.optimizer.momentum);
    out += ",\"target\":";
    put_string(out, p.target);
    out += ",\"n\":" + std::to_string(p.points);
    out += ",\"xRange\":[";
    put_number(out, p.x_min);
    out += ",";
    put_number(out, p.x_max);
    out += "],\"seed\":" + std::to_string(p.seed);
    out += ",\"steps\":" + std::to_string(p.steps);
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace activation_lab::nn
