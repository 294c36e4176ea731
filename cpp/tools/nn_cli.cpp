// The training engine from the command line: the input of
// tools/generate_nn_golden.py (initial weights and data for PyTorch to
// train) and of the Node test that compares wasm with native to the bit.
//   activation_lab_nn init  key=value...   -> JSON: data and initial weights
//   activation_lab_nn train key=value...   -> one loss per line (%a), the dead
//                                             units per layer, the final weights (JSON)
//   activation_lab_nn born  key=value...   -> born-dead count and samples
// Keys and defaults: nn_options.hpp.
#include <cstdio>
#include <iostream>
#include <string>

#include "nn_options.hpp"

namespace {

using namespace activation_lab::nn;

void put_array(const std::vector<double>& v) {
  std::printf("[");
  for (std::size_t i = 0; i < v.size(); ++i) std::printf("%s%.17g", i ? "," : "", v[i]);
  std::printf("]");
}

void put_weights(const std::vector<Layer>& layers) {
  std::printf("[");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    std::printf("%s{\"in\":%d,\"out\":%d,\"weight\":", l ? "," : "", layers[l].in, layers[l].out);
    put_array(layers[l].weight);
    std::printf(",\"bias\":");
    put_array(layers[l].bias);
    std::printf("}");
  }
  std::printf("]");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: activation_lab_nn init|train|born key=value...\n";
    return 2;
  }
  const std::string mode = argv[1];
  cli::Options o = cli::default_options();
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos || !o.count(arg.substr(0, eq))) {
      std::cerr << "unknown argument " << arg << '\n';
      return 2;
    }
    o[arg.substr(0, eq)] = arg.substr(eq + 1);
  }
  const cli::Run run = cli::read_options(o);
  if (!run.error.empty()) {
    std::cerr << run.error << '\n';
    return 2;
  }
  if (mode == "born") {
    if (const std::string e = validate(run.born); !e.empty()) {
      std::cerr << e << '\n';
      return 1;
    }
    const BornDeadResult r = born_dead(run.born, 0, run.samples);
    std::printf("%llu %llu\n", (unsigned long long)r.born_dead, (unsigned long long)r.samples);
    return 0;
  }
  if (const std::string e = validate(run.config, run.data); !e.empty()) {
    std::cerr << e << '\n';
    return 1;
  }
  Trainer trainer(run.config, run.data);
  if (mode == "init") {
    std::printf("{\"x\":");
    put_array(run.data.x);
    std::printf(",\"y\":");
    put_array(run.data.y);
    std::printf(",\"weights\":");
    put_weights(trainer.weights());
    std::printf("}\n");
    return 0;
  }
  if (mode == "train") {
    for (std::size_t i = 0; i < run.steps; ++i) std::printf("%a\n", trainer.step());
    const Stats s = trainer.stats();
    std::printf("dead");
    for (const LayerStats& l : s.layers) std::printf(" %d/%d", l.dead, l.units);
    std::printf("\n");
    put_weights(trainer.weights());
    std::printf("\n");
    return 0;
  }
  std::cerr << "unknown mode " << mode << '\n';
  return 2;
}
