// Training: forward and backward passes over a batch, the MSE loss, and
// torch.optim.SGD / torch.optim.Adam step for step.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "activation_lab/nn.hpp"
#include "dense.hpp"

namespace activation_lab::nn {

namespace {

std::vector<Layer> zeros_like(const std::vector<Layer>& layers) {
  std::vector<Layer> out = layers;
  for (Layer& l : out) {
    std::fill(l.weight.begin(), l.weight.end(), 0.0);
    std::fill(l.bias.begin(), l.bias.end(), 0.0);
  }
  return out;
}

// beta^n by repeated squaring: + and * only, so identical on every
// platform (PyTorch's beta ** step calls pow(); the two differ by an ulp or
// so, far below the 1e-12 the PyTorch comparison allows).
double power(double beta, std::uint64_t n) {
  double result = 1, base = beta;
  for (; n; n >>= 1, base *= base) {
    if (n & 1) result *= base;
  }
  return result;
}

bool finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

std::string range_text(double lo, double hi) {
  return std::to_string(int(lo)) + " to " + std::to_string(int(hi));
}

}  // namespace

std::string validate(const TrainerConfig& c, const Dataset& data) {
  const NetworkSpec& net = c.net;
  if (!net.activation) return "activation: unknown";
  if (std::string p = validate_params(*net.activation, net.params); !p.empty())
    return "params: " + p;
  if (net.hidden.empty() || net.hidden.size() > std::size_t(kMaxHiddenLayers) ||
      std::any_of(net.hidden.begin(), net.hidden.end(),
                  [](int w) { return w < 1 || w > kMaxWidth; })) {
    return "hidden must list " + range_text(1, kMaxHiddenLayers) + " layer widths, each " +
           range_text(1, kMaxWidth);
  }
  if (!net.linear_output && net.hidden.back() != 1) {
    return "output \"none\" needs a last hidden layer of 1 unit: it is the output";
  }
  if (data.x.size() != data.y.size()) return "data: x and y must have the same length";
  if (data.x.empty() || data.x.size() > kMaxPoints) {
    return "data must have " + range_text(1, double(kMaxPoints)) + " points";
  }
  if (!finite(data.x) || !finite(data.y)) return "data: every x and y must be a finite number";
  const OptimizerSpec& o = c.optimizer;
  const auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
  if (bad(o.lr)) return "lr must be a finite number >= 0";
  if (bad(o.weight_decay)) return "weight_decay must be a finite number >= 0";
  if (o.kind == Optimizer::sgd) {
    if (bad(o.momentum)) return "momentum must be a finite number >= 0";
    if (!std::isfinite(o.dampening)) return "dampening must be a finite number";
    if (o.nesterov && (o.momentum <= 0 || o.dampening != 0)) {
      return "nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)";
    }
  } else {
    if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1)) {
      return "betas must both be in [0, 1)";
    }
    if (bad(o.eps)) return "eps must be a finite number >= 0";
  }
  if (c.batch_size > data.x.size()) {
    return "batch_size must be at most the number of points (" + std::to_string(data.x.size()) +
           "), or 0 for full batch";
  }
  if (!std::isfinite(c.init.bias)) return "bias must be a finite number";
  return "";
}

Trainer::Trainer(TrainerConfig config, Dataset data)
    : config_(std::move(config)), data_(std::move(data)) {
  reset();
}

void Trainer::reset() {
  SplitMix64 rng(config_.seed);
  layers_ = init_layers(config_.net, config_.init, rng);
  gradient_ = zeros_like(layers_);
  momentum_ = second_ = second_max_ = gradient_;
  last_.assign(config_.net.hidden.size(), LayerStats{});
  // Mini-batches use their own stream, so full-batch and mini-batch runs of
  // one seed start from the same weights.
  batch_rng_ = SplitMix64(config_.seed ^ 0x6a09e667f3bcc909ull);
  order_.resize(data_.x.size());
  std::iota(order_.begin(), order_.end(), std::size_t(0));
  cursor_ = 0;
  step_ = 0;
  optimizer_steps_ = 0;
}

std::string Trainer::set_weights(const std::vector<Layer>& layers) {
  if (layers.size() != layers_.size()) {
    return "weights must have " + std::to_string(layers_.size()) + " layers";
  }
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Layer &a = layers[l], &b = layers_[l];
    const std::string at = "weights[" + std::to_string(l) + "]";
    if (a.in != b.in || a.out != b.out || a.weight.size() != b.weight.size() ||
        a.bias.size() != b.bias.size()) {
      return at + " must be " + std::to_string(b.out) + " x " + std::to_string(b.in) + " with " +
             std::to_string(b.out) + " biases";
    }
    if (!finite(a.weight) || !finite(a.bias)) return at + " must hold finite numbers only";
  }
  layers_ = layers;
  momentum_ = second_ = second_max_ = zeros_like(layers_);
  optimizer_steps_ = 0;
  return "";
}

void Trainer::gather(const std::size_t* rows, std::size_t batch) const {
  Pass& p = pass_;
  p.batch = batch;
  p.x.resize(batch);
  p.target.resize(batch);
  for (std::size_t s = 0; s < batch; ++s) {
    p.x[s] = data_.x[rows ? rows[s] : s];
    p.target[s] = data_.y[rows ? rows[s] : s];
  }
}

double Trainer::forward() const {
  Pass& p = pass_;
  const std::size_t n = p.batch, layers = layers_.size();
  const std::size_t hidden = config_.net.hidden.size();
  p.z.resize(layers);
  p.a.resize(layers);
  p.slope.resize(layers);
  p.dz.resize(layers);
  const double* in = p.x.data();
  for (std::size_t l = 0; l < layers; ++l) {
    const std::size_t size = std::size_t(layers_[l].out) * n;
    p.z[l].resize(size);
    dense::forward(layers_[l], in, p.z[l].data(), n);
    if (l < hidden) {
      // The table's f forward and f' for the way back (f' now, while z is hot).
      const Activation& act = *config_.net.activation;
      p.a[l].resize(size);
      p.slope[l].resize(size);
      apply(act, Kind::function, p.z[l].data(), p.a[l].data(), size, config_.net.params);
      apply(act, Kind::gradient, p.z[l].data(), p.slope[l].data(), size, config_.net.params);
      in = p.a[l].data();
    } else {
      p.a[l] = p.z[l];  // the linear output layer
    }
  }
  p.output = p.a[layers - 1];
  // torch.nn.MSELoss(): the mean of squared differences.
  double sum = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const double d = p.output[s] - p.target[s];
    sum += d * d;
  }
  return sum / double(n);
}

void Trainer::backward(std::vector<Layer>& gradient) const {
  Pass& p = pass_;
  const std::size_t n = p.batch, layers = layers_.size();
  const std::size_t hidden = config_.net.hidden.size();
  // MSELoss's backward: 2 / n * (y - t), as PyTorch's mse_loss_backward.
  const double norm = 2.0 / double(n);
  p.da.resize(n);
  for (std::size_t s = 0; s < n; ++s) p.da[s] = norm * (p.output[s] - p.target[s]);
  std::size_t widest = 1;
  for (const Layer& l : layers_) widest = std::max(widest, std::size_t(l.in));
  p.at.resize(widest * n);
  for (std::size_t l = layers; l-- > 0;) {
    const Layer& layer = layers_[l];
    const std::size_t size = std::size_t(layer.out) * n;
    p.dz[l].resize(size);
    if (l < hidden) {
      // Through the activation: dL/dz = dL/da * f'(z). A dead unit's f' is 0
      // at every input, so nothing passes: the heart of the dying-ReLU story.
      for (std::size_t i = 0; i < size; ++i) p.dz[l][i] = p.da[i] * p.slope[l][i];
    } else {
      std::copy(p.da.begin(), p.da.begin() + std::ptrdiff_t(size), p.dz[l].begin());
    }
    const double* in = l ? p.a[l - 1].data() : p.x.data();
    dense::weight_gradient(layer, p.dz[l].data(), in, n, p.at.data(), gradient[l]);
    if (l) {
      p.da.resize(std::size_t(layer.in) * n);
      dense::input_gradient(layer, p.dz[l].data(), p.da.data(), n);
    }
  }
}

void Trainer::update() {
  const OptimizerSpec& o = config_.optimizer;
  ++optimizer_steps_;
  const std::uint64_t t = optimizer_steps_;
  const double bias_correction1 = 1 - power(o.beta1, t);
  const double bias_correction2 = 1 - power(o.beta2, t);
  const double step_size = o.lr / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);
  // One parameter tensor (a weight or a bias), element by element, in the
  // order of operations of torch/optim/sgd.py and adam.py (1.13,
  // single-tensor path). Returns the squared norms of gradient and change.
  const auto step_tensor = [&](std::vector<double>& param, const std::vector<double>& grad,
                               std::vector<double>& m, std::vector<double>& v,
                               std::vector<double>& v_max, double& grad_sq, double& change_sq) {
    for (std::size_t i = 0; i < param.size(); ++i) {
      const double before = param[i];
      double g = grad[i];
      grad_sq += g * g;
      if (o.weight_decay != 0) g = g + o.weight_decay * before;  // grad.add(param, alpha=wd)
      if (o.kind == Optimizer::sgd) {
        if (o.momentum != 0) {
          // The first step clones d_p; later ones buf.mul_(momentum).add_(d_p, alpha=1-dampening).
          m[i] = t == 1 ? g : m[i] * o.momentum + (1 - o.dampening) * g;
          g = o.nesterov ? g + o.momentum * m[i] : m[i];
        }
        param[i] = before + -o.lr * g;  // param.add_(d_p, alpha=-lr)
      } else {
        m[i] = m[i] * o.beta1 + (1 - o.beta1) * g;  // exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
        v[i] = v[i] * o.beta2 +
               (1 - o.beta2) * g * g;  // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)
        double second = v[i];
        if (o.amsgrad) second = v_max[i] = std::max(v_max[i], v[i]);
        const double denom = std::sqrt(second) / bias_correction2_sqrt + o.eps;
        param[i] =
            before + -step_size * m[i] / denom;  // param.addcdiv_(exp_avg, denom, value=-step_size)
      }
      const double change = param[i] - before;
      change_sq += change * change;
    }
  };
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    double grad_sq = 0, change_sq = 0;
    step_tensor(layers_[l].weight, gradient_[l].weight, momentum_[l].weight, second_[l].weight,
                second_max_[l].weight, grad_sq, change_sq);
    step_tensor(layers_[l].bias, gradient_[l].bias, momentum_[l].bias, second_[l].bias,
                second_max_[l].bias, grad_sq, change_sq);
    if (l < last_.size()) {
      last_[l].grad_norm = std::sqrt(grad_sq);
      last_[l].update_norm = std::sqrt(change_sq);
    }
  }
}

double Trainer::step() {
  const std::size_t n = data_.x.size();
  const std::size_t batch = config_.batch_size ? config_.batch_size : n;
  const std::size_t* rows = nullptr;
  if (batch < n) {
    // As DataLoader(shuffle=True): a fresh permutation each epoch, the last
    // batch of an epoch possibly shorter.
    if (cursor_ == 0) {
      for (std::size_t i = n - 1; i > 0; --i) std::swap(order_[i], order_[batch_rng_.below(i + 1)]);
    }
    rows = order_.data() + cursor_;
    const std::size_t m = std::min(batch, n - cursor_);
    gather(rows, m);
    cursor_ = cursor_ + m == n ? 0 : cursor_ + m;
  } else {
    gather(nullptr, n);
  }
  const double loss = forward();
  backward(gradient_);
  update();
  ++step_;
  return loss;
}

void Trainer::steps(std::size_t n, double* losses) {
  for (std::size_t i = 0; i < n; ++i) {
    const double loss = step();
    if (losses) losses[i] = loss;
  }
}

Stats Trainer::stats() const {
  Stats s;
  s.step = step_;
  gather(nullptr, data_.x.size());
  s.loss = forward();
  const std::size_t n = pass_.batch;
  s.layers = last_;
  for (std::size_t l = 0; l < s.layers.size(); ++l) {
    LayerStats& ls = s.layers[l];
    ls.units = layers_[l].out;
    ls.dead = ls.saturated = 0;
    for (std::size_t u = 0; u < std::size_t(ls.units); ++u) {
      const UnitState state = unit_state(pass_.slope[l].data() + u * n, n);
      ls.dead += state == UnitState::dead;
      ls.saturated += state == UnitState::saturated;
      s.units.push_back(state);
    }
    if (ls.dead == ls.units && s.dead_layer < 0) s.dead_layer = int(l);
  }
  return s;
}

Trainer::Trace Trainer::trace() const {
  if (trace_gradient_.size() != layers_.size()) trace_gradient_ = zeros_like(layers_);
  const double loss = loss_and_gradient(trace_gradient_);
  return {loss, &pass_, &trace_gradient_};
}

double Trainer::loss_and_gradient(std::vector<Layer>& gradient) const {
  gradient = zeros_like(layers_);
  gather(nullptr, data_.x.size());
  const double loss = forward();
  backward(gradient);
  return loss;
}

void Trainer::predict(const double* x, double* y, std::size_t n) const {
  // In chunks through a local pass, so predict never disturbs a trace.
  const std::size_t hidden = config_.net.hidden.size();
  constexpr std::size_t kChunk = 1024;
  std::vector<double> a, z;
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t m = std::min(kChunk, n - start);
    a.assign(x + start, x + start + m);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      z.resize(std::size_t(layers_[l].out) * m);
      dense::forward(layers_[l], a.data(), z.data(), m);
      a.resize(z.size());
      if (l < hidden) {
        apply(*config_.net.activation, Kind::function, z.data(), a.data(), z.size(),
              config_.net.params);
      } else {
        a = z;
      }
    }
    std::copy(a.begin(), a.begin() + std::ptrdiff_t(m), y + start);
  }
}

}  // namespace activation_lab::nn
