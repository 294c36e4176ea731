// A small, exact training engine: multilayer perceptrons of one input and
// one output, in float64, whose hidden layers use any activation of the
// table (its f forward, its f' backward), trained with the operations of
// torch.optim.SGD and torch.optim.Adam on an MSE loss. It exists to show,
// measurably, what a zero gradient does: which units are dead, which are
// saturated, and how often a network is dead at birth (Lu, Shin, Su and
// Karniadakis, "Dying ReLU and Initialization", 2020).
//
// Nothing here names an activation, and nothing calls libm where the result
// must be reproducible: the random numbers (SplitMix64), the init and the
// optimisers use only + - * / and sqrt, so the same seed gives the same
// network and the same losses natively, in wasm and in every browser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "activation_lab/activation.hpp"

namespace activation_lab::nn {

inline constexpr int kMaxHiddenLayers = 12;
inline constexpr int kMaxWidth = 128;
inline constexpr std::size_t kMaxPoints = 4096;  // training points
inline constexpr int kMaxBornDeadDepth = 32;     // the experiment may go deeper
// A unit is saturated when |f'(z)| is below this at every training input.
inline constexpr double kSaturatedBelow = 1e-3;

// The random numbers: SplitMix64 (Steele, Lea and Flood 2014), 64-bit state,
// one multiply-xorshift output per draw. uniform() has 53 random bits.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform on [0, 1).
  double uniform() { return double(next() >> 11) * 0x1p-53; }
  // Uniform on [lo, hi), as torch's uniform_(lo, hi): lo + (hi - lo) * u.
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), unbiased (rejection), n >= 1.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

// ---- Data -------------------------------------------------------------------

struct TargetSpec {
  const char* id;       // stable: used in URLs
  const char* label;    // for people
  const char* formula;  // LaTeX
  double (*f)(double);
};

// The built-in 1-D regression targets, in display order.
const std::vector<TargetSpec>& targets();
const TargetSpec* find_target(const char* id);

struct Dataset {
  std::vector<double> x, y;
};

// n points of a target on an even grid from x_min to x_max (both included;
// n = 1 gives x_min).
Dataset make_dataset(const TargetSpec& target, std::size_t n, double x_min, double x_max);

// ---- Networks ---------------------------------------------------------------

// torch.nn.Linear's parameters: weight is out x in, row-major (as in its
// state_dict), bias has `out` values.
struct Layer {
  int in = 0, out = 0;
  std::vector<double> weight, bias;
};

enum class Init {
  pytorch,        // nn.Linear's default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
  he,             // Kaiming uniform: W ~ U(-sqrt(6/fan_in), sqrt(6/fan_in)), b = 0
  constant_bias,  // W as he, every bias = InitSpec::bias (negative: units dead at birth)
};

struct InitSpec {
  Init scheme = Init::pytorch;
  double bias = 0;  // constant_bias only
};

struct NetworkSpec {
  std::vector<int> hidden;  // widths of the hidden layers, 1..kMaxHiddenLayers of 1..kMaxWidth
  const Activation* activation = nullptr;
  ParamValues params{};  // the activation's parameters, in table order
  // true: a linear output layer (1 unit) follows the hidden layers. false:
  // the output is the last hidden layer's activation, which must have one
  // unit (the tutorial's y = f(w x + b)).
  bool linear_output = true;
};

// Layers for a spec, drawn from rng in layer order, weight (row-major) then
// bias, as nn.Linear's own order.
std::vector<Layer> init_layers(const NetworkSpec& spec, const InitSpec& init, SplitMix64& rng);

// ---- Training ---------------------------------------------------------------

enum class Optimizer { sgd, adam };

// torch.optim.SGD and torch.optim.Adam, with their names and defaults (SGD's
// lr, which PyTorch requires, defaults to 0.01 here).
struct OptimizerSpec {
  Optimizer kind = Optimizer::sgd;
  double lr = 0.01;
  double momentum = 0, dampening = 0;             // SGD
  bool nesterov = false;                          // SGD
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  // Adam
  bool amsgrad = false;                           // Adam
  double weight_decay = 0;                        // both
};

struct TrainerConfig {
  NetworkSpec net;
  InitSpec init;
  OptimizerSpec optimizer;
  std::uint64_t seed = 0;
  std::size_t batch_size = 0;  // 0: full batch; else seeded mini-batches (reshuffled each epoch)
};

enum class UnitState : std::uint8_t { alive = 0, dead = 1, saturated = 2 };

// A unit's state from its f'(z) at every training input.
UnitState unit_state(const double* slope, std::size_t n);

struct LayerStats {
  int units = 0;
  int dead = 0;            // f'(z) == 0 at every training input
  int saturated = 0;       // not dead, but |f'(z)| < kSaturatedBelow at every input
  double grad_norm = 0;    // of the last step's gradient (weight and bias together)
  double update_norm = 0;  // of the last step's change (weight and bias together)
};

struct Stats {
  std::uint64_t step = 0;
  double loss = 0;                 // at the current weights, on every training point
  std::vector<LayerStats> layers;  // hidden layers
  std::vector<UnitState> units;    // hidden units, layer by layer
  // The first hidden layer whose every unit is dead, or -1: the output is
  // then constant and nothing below it can learn.
  int dead_layer = -1;
};

// "" when the configuration and data can train; otherwise a message that
// starts with the option's name.
std::string validate(const TrainerConfig& config, const Dataset& data);

class Trainer {
 public:
  // Per-layer values of a forward (and backward) pass, unit-major: the
  // value of unit u at sample s of layer l is z[l][u * batch + s].
  struct Pass {
    std::size_t batch = 0;
    std::vector<double> x, target, output;
    std::vector<std::vector<double>> z, a, slope, dz;  // per layer: z, f(z), f'(z), dL/dz
    std::vector<double> da, at;                        // scratch
  };

  // Every value of a forward and backward pass over all training points at
  // the current weights (the tutorial's per-point table). The pointers are
  // valid until the next call on this trainer.
  struct Trace {
    double loss;
    const Pass* pass;
    const std::vector<Layer>* gradient;
  };

  // Precondition: validate(config, data) is empty.
  Trainer(TrainerConfig config, Dataset data);

  // One optimiser step; returns the loss before it (as a PyTorch loop that
  // records loss.item() before optimizer.step()).
  double step();
  void steps(std::size_t n, double* losses);  // losses may be nullptr

  Stats stats() const;
  std::uint64_t step_count() const { return step_; }

  void predict(const double* x, double* y, std::size_t n) const;

  const std::vector<Layer>& weights() const { return layers_; }
  // Replaces the weights (same shapes, finite values) and clears the
  // optimiser state; "" or what is wrong.
  std::string set_weights(const std::vector<Layer>& layers);

  // The seed's initial weights, step 0, no optimiser state.
  void reset();

  // Loss and its exact gradient at the current weights over every training
  // point (for tests: no step is taken).
  double loss_and_gradient(std::vector<Layer>& gradient) const;

  Trace trace() const;

  const TrainerConfig& config() const { return config_; }
  const Dataset& data() const { return data_; }

 private:
  void gather(const std::size_t* rows, std::size_t batch) const;
  double forward() const;  // over pass_'s inputs; returns the loss
  void backward(std::vector<Layer>& gradient) const;
  void update();

  TrainerConfig config_;
  Dataset data_;
  std::vector<Layer> layers_;
  std::vector<Layer> gradient_, momentum_, second_, second_max_;
  std::vector<LayerStats> last_;  // norms of the last step
  std::vector<std::size_t> order_;
  std::size_t cursor_ = 0;
  std::uint64_t step_ = 0;
  std::uint64_t optimizer_steps_ = 0;  // since the optimiser state was cleared
  SplitMix64 batch_rng_{0};
  // Reused by every pass over the data (stats and trace are const but fill it).
  mutable Pass pass_;
  mutable std::vector<Layer> trace_gradient_;
};

// n points evenly from x_min to x_max, both included (n = 1: x_min).
std::vector<double> grid(std::size_t n, double x_min, double x_max);

// Per-unit states of a network on inputs, and the first all-dead hidden
// layer (or -1).
int classify_units(const NetworkSpec& spec, const std::vector<Layer>& layers,
                   const std::vector<double>& x, std::vector<UnitState>* units,
                   std::vector<LayerStats>* layers_out);

// ---- The lab's presets ------------------------------------------------------

// A scene of the lab page: two networks, A and B, that differ only in their
// activation (each with its default parameters), trained for `steps` steps.
struct Preset {
  const char* id;     // stable: used in URLs
  const char* label;  // the button
  const char* watch;  // one sentence: what to watch
  const char* a;      // activation ids
  const char* b;
  std::vector<int> hidden;
  InitSpec init;
  OptimizerSpec optimizer;
  const char* target;
  std::size_t points;
  double x_min, x_max;
  std::uint64_t seed;
  std::uint64_t steps;
};

const std::vector<Preset>& presets();

// The preset's network, trained with `activation` (A's or B's), and its data.
TrainerConfig preset_config(const Preset& preset, const Activation& activation);
Dataset preset_data(const Preset& preset);

// Targets, presets, limits and option names as JSON, for the JS layer.
std::string lab_json();

// ---- Born dead ----------------------------------------------------------------

struct BornDeadSpec {
  int depth = 1, width = 2;  // depth hidden layers of `width` units (depth <= kMaxBornDeadDepth)
  const Activation* activation = nullptr;
  ParamValues params{};
  InitSpec init;
  std::size_t inputs = 256;  // grid points
  double x_min = -1, x_max = 1;
  std::uint64_t seed = 0;
};

struct BornDeadResult {
  std::uint64_t samples = 0, born_dead = 0;
  double probability = 0, standard_error = 0;  // sqrt(p (1 - p) / samples)
};

// "" or what is wrong, starting with the option's name.
std::string validate(const BornDeadSpec& spec);

// Networks first .. first + count - 1 of the experiment: network k is drawn
// from its own stream (seed and k mixed), so running the samples in chunks
// gives the same answer as one run. Precondition: validate(spec) is empty.
BornDeadResult born_dead(const BornDeadSpec& spec, std::uint64_t first, std::uint64_t count);

// The seed of network k of an experiment.
std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t k);

}  // namespace activation_lab::nn
