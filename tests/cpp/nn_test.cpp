// The training engine: exact gradients, PyTorch's optimisers step for step,
// the presets' claims, the born-dead experiment, and its errors.
#include "activation_lab/nn.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../../cpp/tools/nn_options.hpp"

namespace {

using namespace activation_lab;
using namespace activation_lab::nn;

TrainerConfig small(const char* activation, std::vector<int> hidden = {5, 4}) {
  TrainerConfig c;
  c.net.activation = find_activation(activation);
  c.net.params = default_params(*c.net.activation);
  c.net.hidden = std::move(hidden);
  c.seed = 7;
  return c;
}

Dataset sine(std::size_t n = 16) { return make_dataset(*find_target("sine"), n, -1, 1); }

double loss_at(const TrainerConfig& c, const Dataset& d, const std::vector<Layer>& w) {
  Trainer t(c, d);
  EXPECT_EQ(t.set_weights(w), "");
  std::vector<Layer> g;
  return t.loss_and_gradient(g);
}

// Central differences of the loss against the backward pass, for smooth
// activations and for the ReLU family away from their kinks (a random
// network's pre-activations are nowhere near 0 to within h).
class FiniteDifferences : public ::testing::TestWithParam<const char*> {};

TEST_P(FiniteDifferences, GradientMatchesCentralDifferences) {
  for (bool linear_output : {true, false}) {
    TrainerConfig c = small(GetParam(), linear_output ? std::vector<int>{5, 4} : std::vector{5, 1});
    c.net.linear_output = linear_output;
    const Dataset d = sine();
    ASSERT_EQ(validate(c, d), "");
    Trainer t(c, d);
    std::vector<Layer> g;
    t.loss_and_gradient(g);
    const std::vector<Layer> w0 = t.weights();
    const double h = 1e-6;
    double worst = 0;
    for (std::size_t l = 0; l < w0.size(); ++l) {
      for (int which = 0; which < 2; ++which) {
        const std::size_t size = which ? w0[l].bias.size() : w0[l].weight.size();
        for (std::size_t i = 0; i < size; ++i) {
          std::vector<Layer> plus = w0, minus = w0;
          (which ? plus[l].bias : plus[l].weight)[i] += h;
          (which ? minus[l].bias : minus[l].weight)[i] -= h;
          const double numeric = (loss_at(c, d, plus) - loss_at(c, d, minus)) / (2 * h);
          const double exact = (which ? g[l].bias : g[l].weight)[i];
          const double error = std::fabs(numeric - exact) / std::max(1e-4, std::fabs(exact));
          worst = std::max(worst, error);
        }
      }
    }
    EXPECT_LT(worst, 2e-5) << GetParam() << (linear_output ? "" : " without output layer");
    std::printf("%s%s: worst relative difference from central differences %.2g\n", GetParam(),
                linear_output ? "" : " (no output layer)", worst);
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, FiniteDifferences,
                         ::testing::Values("relu", "leaky_relu", "elu", "tanh", "sigmoid", "gelu",
                                           "softplus", "mish", "silu", "hardswish"));

// tests/golden-nn/trajectories.json: PyTorch 1.13 trained the same
// networks (the core's initial weights) with torch.optim; every loss and
// every final weight must agree to 1e-12 relative.
TEST(Trajectories, AgreeWithTorchOptim) {
  std::ifstream file(NN_GOLDEN);
  ASSERT_TRUE(file) << NN_GOLDEN;
  const nlohmann::json doc = nlohmann::json::parse(file);
  ASSERT_EQ(doc["torch"].get<std::string>().substr(0, 4), kPyTorchVersion);
  ASSERT_GE(doc["cases"].size(), 8u);
  const auto rel = [](double a, double b) {
    return std::fabs(a - b) / std::max(std::fabs(b), 1e-300);
  };
  double worst_loss = 0, worst_weight = 0;
  for (const auto& c : doc["cases"]) {
    cli::Options o = cli::default_options();
    for (const auto& [k, v] : c["options"].items()) o[k] = v.get<std::string>();
    const std::string name = o["activation"] + "/" + o["optimizer"] + " seed " + o["seed"];
    const cli::Run run = cli::read_options(o);
    ASSERT_EQ(validate(run.config, run.data), "") << name;
    Trainer t(run.config, run.data);
    // The init is part of the contract: the same seed, the same start.
    for (std::size_t l = 0; l < t.weights().size(); ++l) {
      ASSERT_EQ(t.weights()[l].weight, c["initial"][l]["weight"].get<std::vector<double>>())
          << name;
      ASSERT_EQ(t.weights()[l].bias, c["initial"][l]["bias"].get<std::vector<double>>()) << name;
    }
    const auto losses = c["losses"].get<std::vector<double>>();
    double case_worst = 0;
    ASSERT_EQ(losses.size(), run.steps);
    for (std::size_t i = 0; i < losses.size(); ++i) {
      const double loss = t.step();
      worst_loss = std::max(worst_loss, rel(loss, losses[i]));
      case_worst = std::max(case_worst, rel(loss, losses[i]));
      EXPECT_LE(rel(loss, losses[i]), 1e-12) << name << " step " << i;
    }
    std::printf("%s: worst loss difference %.3g\n", name.c_str(), case_worst);
    for (std::size_t l = 0; l < t.weights().size(); ++l) {
      const auto w = c["final"][l]["weight"].get<std::vector<double>>();
      const auto b = c["final"][l]["bias"].get<std::vector<double>>();
      // Relative to the layer's largest weight: a weight that crossed 0 has
      // no relative precision of its own.
      double scale = 0;
      for (double v : w) scale = std::max(scale, std::fabs(v));
      for (double v : b) scale = std::max(scale, std::fabs(v));
      for (std::size_t i = 0; i < w.size(); ++i) {
        const double e = std::fabs(t.weights()[l].weight[i] - w[i]) / scale;
        worst_weight = std::max(worst_weight, e);
        EXPECT_LE(e, 1e-12) << name << " layer " << l << " weight " << i;
      }
      for (std::size_t i = 0; i < b.size(); ++i) {
        const double e = std::fabs(t.weights()[l].bias[i] - b[i]) / scale;
        worst_weight = std::max(worst_weight, e);
        EXPECT_LE(e, 1e-12) << name << " layer " << l << " bias " << i;
      }
    }
  }
  std::printf("worst relative difference from torch.optim: loss %.3g, weights %.3g\n", worst_loss,
              worst_weight);
}

// The presets say what happens; hold them to it.
TEST(Presets, HighLearningRateKillsReluNotLeakyRelu) {
  const Preset& p = presets().front();
  ASSERT_STREQ(p.id, "high_lr");
  std::array<int, 2> dead{}, units{};
  for (int k = 0; k < 2; ++k) {
    Trainer t(preset_config(p, *find_activation(k ? p.b : p.a)), preset_data(p));
    t.steps(p.steps, nullptr);
    for (const LayerStats& l : t.stats().layers) {
      dead[k] += l.dead;
      units[k] += l.units;
    }
  }
  std::printf("high_lr after %llu steps: %s %d/%d dead, %s %d/%d dead\n",
              (unsigned long long)p.steps, p.a, dead[0], units[0], p.b, dead[1], units[1]);
  EXPECT_GE(dead[0], 0.3 * units[0]);
  EXPECT_EQ(dead[1], 0);
}

TEST(Presets, EachIsValidAndBornDeadOnesAreDeadAtBirth) {
  for (const Preset& p : presets()) {
    for (const char* id : {p.a, p.b}) {
      const Activation* a = find_activation(id);
      ASSERT_NE(a, nullptr) << p.id;
      ASSERT_EQ(validate(preset_config(p, *a), preset_data(p)), "") << p.id;
    }
    const Trainer relu(preset_config(p, *find_activation(p.a)), preset_data(p));
    const Trainer leaky(preset_config(p, *find_activation(p.b)), preset_data(p));
    const bool born_dead =
        std::string(p.id) == "negative_bias" || std::string(p.id) == "deep_narrow";
    EXPECT_EQ(relu.stats().dead_layer >= 0, born_dead) << p.id;
    EXPECT_EQ(leaky.stats().dead_layer, -1) << p.id;
  }
}

TEST(Presets, BornDeadReluNeverLearnsLeakyReluDoes) {
  for (const Preset& p : presets()) {
    if (std::string(p.id) != "negative_bias" && std::string(p.id) != "deep_narrow") continue;
    Trainer relu(preset_config(p, *find_activation(p.a)), preset_data(p));
    Trainer leaky(preset_config(p, *find_activation(p.b)), preset_data(p));
    const std::vector<Layer> before = relu.weights();
    relu.steps(p.steps, nullptr);
    leaky.steps(p.steps, nullptr);
    // Nothing below the dead layer moves: no gradient reaches it.
    const int dead = relu.stats().dead_layer;
    ASSERT_GE(dead, 0) << p.id;
    for (int l = 0; l <= dead; ++l) EXPECT_EQ(relu.weights()[l].weight, before[l].weight) << p.id;
    EXPECT_LT(leaky.stats().loss, 0.5 * relu.stats().loss) << p.id;
  }
}

// Lu et al.: P(born dead) for ReLU rises to 1 with depth at fixed width and
// falls with width; Leaky ReLU is never born dead.
TEST(BornDead, ReluRisesWithDepthFallsWithWidthLeakyNever) {
  BornDeadSpec s;
  s.activation = find_activation("relu");
  s.params = default_params(*s.activation);
  s.inputs = 256;
  const auto p = [&](int depth, int width, const char* id = "relu") {
    BornDeadSpec t = s;
    t.activation = find_activation(id);
    t.params = default_params(*t.activation);
    t.depth = depth;
    t.width = width;
    EXPECT_EQ(validate(t), "");
    return born_dead(t, 0, 2000).probability;
  };
  EXPECT_LT(p(1, 2), 0.1);
  EXPECT_GT(p(20, 2), 0.9);
  for (int depth : {5, 10, 20}) {
    EXPECT_GT(p(depth, 2), p(depth, 3)) << depth;
    EXPECT_GT(p(depth, 3), p(depth, 5)) << depth;
    EXPECT_GT(p(depth, 5), p(depth, 8)) << depth;
  }
  for (int width : {2, 3, 8}) EXPECT_EQ(p(20, width, "leaky_relu"), 0.0) << width;
}

TEST(BornDead, ChunksGiveTheSameAnswerAsOneRun) {
  BornDeadSpec s;
  s.activation = find_activation("relu");
  s.depth = 6;
  s.width = 3;
  s.seed = 42;
  const BornDeadResult whole = born_dead(s, 0, 300);
  std::uint64_t dead = 0;
  for (std::uint64_t first = 0; first < 300; first += 70) {
    dead += born_dead(s, first, std::min<std::uint64_t>(70, 300 - first)).born_dead;
  }
  EXPECT_EQ(dead, whole.born_dead);
  EXPECT_NEAR(whole.standard_error, std::sqrt(whole.probability * (1 - whole.probability) / 300),
              1e-15);
}

TEST(Trainer, DeadUnitsGetNoGradient) {
  TrainerConfig c = small("relu", {8});
  c.init = {Init::constant_bias, -3};  // He weights, |w| < 2.45: every z < 0 on [-1, 1]
  const Dataset d = sine();
  Trainer t(c, d);
  const Stats s = t.stats();
  EXPECT_EQ(s.layers[0].dead, 8);
  EXPECT_EQ(s.dead_layer, 0);
  std::vector<Layer> g;
  t.loss_and_gradient(g);
  for (double v : g[0].weight) EXPECT_EQ(v, 0.0);
  for (double v : g[0].bias) EXPECT_EQ(v, 0.0);
  // The output layer's bias still learns the mean: only it moves.
  const std::vector<Layer> before = t.weights();
  t.steps(10, nullptr);
  EXPECT_EQ(t.weights()[0].weight, before[0].weight);
  EXPECT_EQ(t.weights()[1].weight, before[1].weight);
  EXPECT_NE(t.weights()[1].bias, before[1].bias);
}

TEST(Trainer, SaturatedSigmoidUnitsAreReported) {
  TrainerConfig c = small("sigmoid", {4});
  c.init = {Init::constant_bias, 20};  // sigmoid'(z) < 1e-3 for z > 6.9
  Trainer t(c, sine());
  EXPECT_EQ(t.stats().layers[0].saturated, 4);
  EXPECT_EQ(t.stats().layers[0].dead, 0);
}

TEST(Trainer, ResetAndSeedReproduce) {
  TrainerConfig c = small("tanh");
  c.batch_size = 5;  // mini-batches: the shuffle is seeded too
  const Dataset d = sine(23);
  Trainer a(c, d), b(c, d);
  std::vector<double> la(50), lb(50);
  a.steps(50, la.data());
  b.steps(50, lb.data());
  EXPECT_EQ(la, lb);
  a.reset();
  EXPECT_EQ(a.step_count(), 0u);
  std::vector<double> again(50);
  a.steps(50, again.data());
  EXPECT_EQ(again, la);
  c.seed = 8;
  Trainer other(c, d);
  EXPECT_NE(other.weights()[0].weight, a.weights()[0].weight);
}

TEST(Trainer, MiniBatchesVisitEveryPointOncePerEpoch) {
  // lr 0: nothing moves, so each step's loss is the mean over its batch;
  // one epoch's losses weighted by batch size give the full-batch loss.
  TrainerConfig c = small("relu");
  c.optimizer.lr = 0;
  c.batch_size = 4;
  const Dataset d = sine(10);  // batches of 4, 4, 2
  Trainer t(c, d);
  std::vector<double> l(3);
  t.steps(3, l.data());
  EXPECT_NEAR((4 * l[0] + 4 * l[1] + 2 * l[2]) / 10, t.stats().loss, 1e-15);
}

TEST(Trainer, PredictMatchesTheTrainingOutput) {
  const Dataset d = sine(2000);  // more than predict's chunk
  Trainer t(small("gelu"), d);
  std::vector<double> y(d.x.size());
  t.predict(d.x.data(), y.data(), y.size());
  const Trainer::Trace trace = t.trace();
  EXPECT_EQ(y, trace.pass->output);
}

TEST(Validate, NamesTheOption) {
  const Dataset d = sine();
  const auto problem = [&](auto change) {
    TrainerConfig c = small("relu");
    Dataset data = d;
    change(c, data);
    return validate(c, data);
  };
  EXPECT_EQ(problem([](TrainerConfig&, Dataset&) {}), "");
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.net.hidden = {}; }).rfind("hidden", 0), 0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.net.hidden = {129}; }).rfind("hidden", 0),
            0u);
  EXPECT_EQ(
      problem([](TrainerConfig& c, Dataset&) { c.net.hidden.assign(13, 2); }).rfind("hidden", 0),
      0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.optimizer.lr = -1; }).rfind("lr", 0), 0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.optimizer.lr = NAN; }).rfind("lr", 0), 0u);
  EXPECT_EQ(
      problem([](TrainerConfig& c, Dataset&) { c.optimizer.nesterov = true; }).rfind("nesterov", 0),
      0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) {
              c.optimizer.kind = Optimizer::adam;
              c.optimizer.beta2 = 1;
            }).rfind("betas", 0),
            0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.batch_size = 17; }).rfind("batch_size", 0),
            0u);
  EXPECT_EQ(problem([](TrainerConfig&, Dataset& d) { d.y.pop_back(); }).rfind("data", 0), 0u);
  EXPECT_EQ(problem([](TrainerConfig&, Dataset& d) { d.x[3] = INFINITY; }).rfind("data", 0), 0u);
  TrainerConfig celu = small("celu");
  celu.net.params[0] = 0;  // alpha = 0 divides by zero
  EXPECT_EQ(validate(celu, d).rfind("params", 0), 0u);
  EXPECT_EQ(
      problem([](TrainerConfig& c, Dataset&) { c.net.linear_output = false; }).rfind("output", 0),
      0u);
  EXPECT_EQ(problem([](TrainerConfig& c, Dataset&) { c.init.bias = INFINITY; }).rfind("bias", 0),
            0u);
}

TEST(Validate, SetWeightsRefusesWrongShapesAndNonFinite) {
  Trainer t(small("relu"), sine());
  std::vector<Layer> w = t.weights();
  w[1].weight.pop_back();
  EXPECT_EQ(t.set_weights(w).rfind("weights[1]", 0), 0u);
  w = t.weights();
  w[0].bias[0] = NAN;
  EXPECT_EQ(t.set_weights(w).rfind("weights[0]", 0), 0u);
  w.pop_back();
  EXPECT_EQ(t.set_weights(w).rfind("weights", 0), 0u);
}

TEST(Random, SplitMix64MatchesItsReferenceAndBelowIsInRange) {
  // The first outputs of SplitMix64 seeded with 0, from Vigna's reference
  // implementation (splitmix64.c) as printed by its own test program.
  SplitMix64 r(0);
  EXPECT_EQ(r.next(), 0xe220a8397b1dcdafull);
  EXPECT_EQ(r.next(), 0x6e789e6aa1b965f4ull);
  SplitMix64 s(1);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(s.below(7), 7u);
}

}  // namespace
