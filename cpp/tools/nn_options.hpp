// key=value options of the training engine, as activation_lab_nn takes
// them and the golden trajectories (tests/golden-nn/trajectories.json) record them:
// one reading for the CLI and the native test.
//   activation params=p0,p1 hidden=16,16 output=linear|none
//   init=pytorch|he|constant_bias bias optimizer=sgd|adam lr momentum dampening
//   nesterov=0|1 weight_decay beta1 beta2 eps amsgrad=0|1 seed batch_size
//   target n xmin xmax steps | born: depth width inputs samples
#pragma once

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "activation_lab/nn.hpp"

namespace activation_lab::nn::cli {

using Options = std::map<std::string, std::string>;

inline Options default_options() {
  return {{"activation", "relu"}, {"hidden", "16,16"},  {"output", "linear"},  {"init", "pytorch"},
          {"bias", "0"},          {"optimizer", "sgd"}, {"lr", "0.01"},        {"momentum", "0"},
          {"dampening", "0"},     {"nesterov", "0"},    {"weight_decay", "0"}, {"beta1", "0.9"},
          {"beta2", "0.999"},     {"eps", "1e-8"},      {"amsgrad", "0"},      {"seed", "0"},
          {"batch_size", "0"},    {"target", "sine"},   {"n", "32"},           {"xmin", "-1"},
          {"xmax", "1"},          {"steps", "200"},     {"depth", "1"},        {"width", "2"},
          {"inputs", "256"},      {"samples", "1000"},  {"params", ""}};
}

inline std::vector<double> numbers(const std::string& list) {
  std::vector<double> out;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');)
    out.push_back(std::strtod(item.c_str(), nullptr));
  return out;
}

struct Run {
  TrainerConfig config;
  Dataset data;
  BornDeadSpec born;
  std::size_t steps = 0, samples = 0;
  std::string error;  // unknown activation or target
};

inline Run read_options(Options o) {
  Run r;
  const Activation* act = find_activation(o["activation"]);
  const TargetSpec* target = find_target(o["target"].c_str());
  if (!act || !target) {
    r.error = !act ? "unknown activation " + o["activation"] : "unknown target " + o["target"];
    return r;
  }
  ParamValues params = default_params(*act);
  const std::vector<double> given = numbers(o["params"]);
  for (std::size_t i = 0; i < given.size() && i < kMaxParams; ++i) params[i] = given[i];
  const auto num = [&](const char* key) { return std::strtod(o[key].c_str(), nullptr); };
  InitSpec init;
  init.scheme = o["init"] == "he"              ? Init::he
                : o["init"] == "constant_bias" ? Init::constant_bias
                                               : Init::pytorch;
  init.bias = num("bias");
  const auto seed = std::strtoull(o["seed"].c_str(), nullptr, 10);

  TrainerConfig& c = r.config;
  for (double w : numbers(o["hidden"])) c.net.hidden.push_back(int(w));
  c.net.activation = act;
  c.net.params = params;
  c.net.linear_output = o["output"] != "none";
  c.init = init;
  OptimizerSpec& opt = c.optimizer;
  opt.kind = o["optimizer"] == "adam" ? Optimizer::adam : Optimizer::sgd;
  opt.lr = num("lr");
  opt.momentum = num("momentum");
  opt.dampening = num("dampening");
  opt.nesterov = num("nesterov") != 0;
  opt.weight_decay = num("weight_decay");
  opt.beta1 = num("beta1");
  opt.beta2 = num("beta2");
  opt.eps = num("eps");
  opt.amsgrad = num("amsgrad") != 0;
  c.seed = seed;
  c.batch_size = std::size_t(num("batch_size"));
  r.data = make_dataset(*target, std::size_t(num("n")), num("xmin"), num("xmax"));
  r.steps = std::size_t(num("steps"));

  BornDeadSpec& b = r.born;
  b.depth = int(num("depth"));
  b.width = int(num("width"));
  b.activation = act;
  b.params = params;
  b.init = init;
  b.inputs = std::size_t(num("inputs"));
  b.x_min = num("xmin");
  b.x_max = num("xmax");
  b.seed = seed;
  r.samples = std::size_t(num("samples"));
  return r;
}

}  // namespace activation_lab::nn::cli
