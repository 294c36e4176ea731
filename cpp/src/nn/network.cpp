// Initialisation, unit states and the born-dead experiment.
#include <cmath>
#include <string>

#include "activation_lab/nn.hpp"
#include "dense.hpp"

namespace activation_lab::nn {

namespace {

// The widths of every layer, input first: 1, hidden..., then 1 when there is
// a linear output layer.
std::vector<int> layer_widths(const NetworkSpec& spec) {
  std::vector<int> widths = {1};
  widths.insert(widths.end(), spec.hidden.begin(), spec.hidden.end());
  if (spec.linear_output) widths.push_back(1);
  return widths;
}

}  // namespace

UnitState unit_state(const double* slope, std::size_t n) {
  bool all_zero = true, all_small = true;
  for (std::size_t s = 0; s < n; ++s) {
    all_zero = all_zero && slope[s] == 0;
    all_small = all_small && std::fabs(slope[s]) < kSaturatedBelow;
  }
  return all_zero ? UnitState::dead : all_small ? UnitState::saturated : UnitState::alive;
}

std::vector<Layer> init_layers(const NetworkSpec& spec, const InitSpec& init, SplitMix64& rng) {
  const std::vector<int> widths = layer_widths(spec);
  std::vector<Layer> layers;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    Layer layer;
    layer.in = widths[l - 1];
    layer.out = widths[l];
    layer.weight.resize(std::size_t(layer.in) * std::size_t(layer.out));
    layer.bias.resize(std::size_t(layer.out));
    const double fan_in = layer.in;
    // nn.Linear: kaiming_uniform_(a=sqrt(5)) gives bound sqrt(6/((1+5) fan_in))
    // = 1/sqrt(fan_in) for W, and the same bound for b. He: gain sqrt(2),
    // bound sqrt(3) * sqrt(2) / sqrt(fan_in). sqrt is correctly rounded
    // everywhere, so these bounds are identical on every platform.
    const double bound =
        init.scheme == Init::pytorch ? 1 / std::sqrt(fan_in) : std::sqrt(6 / fan_in);
    for (double& w : layer.weight) w = rng.uniform(-bound, bound);
    for (double& b : layer.bias) {
      b = init.scheme == Init::pytorch ? rng.uniform(-bound, bound)
          : init.scheme == Init::he    ? 0.0
                                       : init.bias;
    }
    layers.push_back(std::move(layer));
  }
  return layers;
}

int classify_units(const NetworkSpec& spec, const std::vector<Layer>& layers,
                   const std::vector<double>& x, std::vector<UnitState>* units,
                   std::vector<LayerStats>* stats) {
  const std::size_t n = x.size();
  const std::size_t hidden = spec.hidden.size();
  if (units) units->clear();
  if (stats) stats->assign(hidden, LayerStats{});
  std::vector<double> a(x), z, slope;
  int dead_layer = -1;
  for (std::size_t l = 0; l < hidden; ++l) {
    const Layer& layer = layers[l];
    const std::size_t out = std::size_t(layer.out);
    z.resize(out * n);
    slope.resize(out * n);
    dense::forward(layer, a.data(), z.data(), n);
    apply(*spec.activation, Kind::gradient, z.data(), slope.data(), out * n, spec.params);
    int dead = 0, saturated = 0;
    for (std::size_t u = 0; u < out; ++u) {
      const UnitState state = unit_state(slope.data() + u * n, n);
      dead += state == UnitState::dead;
      saturated += state == UnitState::saturated;
      if (units) units->push_back(state);
    }
    if (stats) {
      (*stats)[l].units = int(out);
      (*stats)[l].dead = dead;
      (*stats)[l].saturated = saturated;
    }
    if (dead == int(out) && dead_layer < 0) {
      dead_layer = int(l);
      if (!units && !stats) return dead_layer;  // the born-dead question is answered
    }
    a.resize(out * n);
    apply(*spec.activation, Kind::function, z.data(), a.data(), out * n, spec.params);
  }
  return dead_layer;
}

std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t k) {
  // The k-th output of SplitMix64(seed): any sample is reachable directly.
  SplitMix64 rng(seed + k * 0x9e3779b97f4a7c15ull);
  return rng.next();
}

std::string validate(const BornDeadSpec& spec) {
  if (!spec.activation) return "activation: unknown";
  if (std::string p = validate_params(*spec.activation, spec.params); !p.empty())
    return "params: " + p;
  if (spec.depth < 1 || spec.depth > kMaxBornDeadDepth) {
    return "depth must be an integer from 1 to " + std::to_string(kMaxBornDeadDepth);
  }
  if (spec.width < 1 || spec.width > kMaxWidth) {
    return "width must be an integer from 1 to " + std::to_string(kMaxWidth);
  }
  if (spec.inputs < 1 || spec.inputs > kMaxPoints) {
    return "inputs must be an integer from 1 to " + std::to_string(kMaxPoints);
  }
  if (!std::isfinite(spec.x_min) || !std::isfinite(spec.x_max) || !(spec.x_min < spec.x_max)) {
    return "xRange must be two finite numbers, the first below the second";
  }
  if (!std::isfinite(spec.init.bias)) return "bias must be a finite number";
  return "";
}

BornDeadResult born_dead(const BornDeadSpec& spec, std::uint64_t first, std::uint64_t count) {
  NetworkSpec net;
  net.hidden.assign(std::size_t(spec.depth), spec.width);
  net.activation = spec.activation;
  net.params = spec.params;
  const std::vector<double> x = grid(spec.inputs, spec.x_min, spec.x_max);
  BornDeadResult r;
  for (std::uint64_t k = first; k < first + count; ++k) {
    SplitMix64 rng(sample_seed(spec.seed, k));
    const std::vector<Layer> layers = init_layers(net, spec.init, rng);
    r.born_dead += classify_units(net, layers, x, nullptr, nullptr) >= 0;
    ++r.samples;
  }
  r.probability = r.samples ? double(r.born_dead) / double(r.samples) : 0.0;
  r.standard_error =
      r.samples ? std::sqrt(r.probability * (1 - r.probability) / double(r.samples)) : 0.0;
  return r;
}

}  // namespace activation_lab::nn
