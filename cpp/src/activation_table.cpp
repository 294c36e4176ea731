// THE table. One entry per activation: id (torch.nn.functional name), label,
// group, LaTeX for f and f', learner's note, code snippets, parameters with
// PyTorch names, defaults and ranges, suggested x range, where its reference
// comes from, and its op (ops.hpp: f, f', kinks, parameter constraint),
// whose parameter fields are bound to the parameters here by name.
// Adding an activation: README, "Add an activation".
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "activation_lab/activation.hpp"
#include "batch.hpp"
#include "ops.hpp"

namespace activation_lab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Each op field gets the index of the table parameter of the same name.
std::vector<Activation> bind_by_name(std::vector<Activation> table) {
  for (Activation& a : table) {
    a.slots.fill(kNoSlot);
    for (std::size_t k = 0; k < a.op.param_names.size(); ++k) {
      for (std::size_t i = 0; i < a.params.size(); ++i) {
        if (std::string_view(a.op.param_names[k]) == a.params[i].name) a.slots[k] = std::uint8_t(i);
      }
    }
  }
  return table;
}

const std::vector<Activation>& build_table() {
  static const std::vector<Activation> table = bind_by_name({
      // ---- ReLU family ----------------------------------------------------
      {.id = "relu",
       .label = "ReLU",
       .group = "ReLU family",
       .formula = R"(\max(0, x))",
       .gradient_formula = R"(\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases})",
       .note = "Zero gradient for x < 0: a unit whose inputs stay negative "
               "stops learning (it 'dies').",
       .snippets = {.cpp_f = "return x > 0 ? x : 0.0;",
                    .cpp_df = "return x > 0 ? 1.0 : 0.0;  // PyTorch: relu'(0) = 0",
                    .numpy_f = "return np.maximum(x, 0.0)",
                    .numpy_df = "return np.where(x > 0, 1.0, 0.0)"},
       .x_min = -5,
       .x_max = 5,
       .bit_exact = true,
       .op = bind_op<ops::Relu>()},
      {.id = "leaky_relu",
       .label = "Leaky ReLU",
       .group = "ReLU family",
       .formula =
           R"(\begin{cases} x & x > 0 \\ \text{negative\_slope} \cdot x & x \le 0 \end{cases})",
       .gradient_formula =
           R"(\begin{cases} 1 & x > 0 \\ \text{negative\_slope} & x \le 0 \end{cases})",
       .note = "A small slope for x < 0 keeps the gradient alive, so units "
               "cannot die.",
       .snippets = {.cpp_f = "return x > 0 ? x : negative_slope * x;",
                    .cpp_df = "return x > 0 ? 1.0 : negative_slope;",
                    .numpy_f = "return np.where(x > 0, x, negative_slope * x)",
                    .numpy_df = "return np.where(x > 0, 1.0, negative_slope)"},
       .params = {{"negative_slope", 0.01, 0, 1, 0.01, -kInf, kInf}},
       .x_min = -5,
       .x_max = 5,
       .bit_exact = true,
       .op = bind_op<ops::LeakyRelu>()},
      {.id = "prelu",
       .label = "PReLU",
       .group = "ReLU family",
       .formula = R"(\begin{cases} x & x > 0 \\ \text{weight} \cdot x & x \le 0 \end{cases})",
       .gradient_formula = R"(\begin{cases} 1 & x > 0 \\ \text{weight} & x \le 0 \end{cases})",
       .note = "Leaky ReLU whose negative slope is a learned weight "
               "(here one shared weight).",
       .snippets = {.cpp_f = "return x > 0 ? x : weight * x;",
                    .cpp_df = "return x > 0 ? 1.0 : weight;",
                    .numpy_f = "return np.where(x > 0, x, weight * x)",
                    .numpy_df = "return np.where(x > 0, 1.0, weight)",
                    // The weight is a tensor of x's dtype, not a keyword.
                    .torch_call = "F.prelu(x, torch.tensor([{weight}], dtype=x.dtype))"},
       .params = {{"weight", 0.25, 0, 1, 0.01, -kInf, kInf}},
       .x_min = -5,
       .x_max = 5,
       .bit_exact = true,
       .op = bind_op<ops::Prelu>()},
      {.id = "rrelu",
       .label = "RReLU (eval)",
       .group = "ReLU family",
       .formula =
           R"(\begin{cases} x & x > 0 \\ \tfrac{\text{lower} + \text{upper}}{2}\, x & x \le 0 \end{cases})",
       .gradient_formula =
           R"(\begin{cases} 1 & x > 0 \\ \tfrac{\text{lower} + \text{upper}}{2} & x \le 0 \end{cases})",
       .note = "In training the negative slope is random in [lower, upper]; "
               "in evaluation it is their mean.",
       .snippets = {.cpp_f = "const double slope = (lower + upper) / 2;  // evaluation "
                             "mode\nreturn x > 0 ? x : slope * x;",
                    .cpp_df = "return x > 0 ? 1.0 : (lower + upper) / 2;",
                    .numpy_f = "slope = (lower + upper) / 2  # evaluation mode\nreturn np.where(x "
                               "> 0, x, slope * x)",
                    .numpy_df = "return np.where(x > 0, 1.0, (lower + upper) / 2)",
                    .torch_call = "F.rrelu(x, lower={lower}, upper={upper}, training=False)"},
       .params = {{"lower", 1.0 / 8, 0, 1, 0.01, 0, 1}, {"upper", 1.0 / 3, 0, 1, 0.01, 0, 1}},
       .x_min = -5,
       .x_max = 5,
       .bit_exact = true,
       .op = bind_op<ops::Rrelu>()},
      {.id = "elu",
       .label = "ELU",
       .group = "ReLU family",
       .formula = R"(\begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases})",
       .gradient_formula = R"(\begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases})",
       .note = "A smooth negative side that levels off at minus alpha: mean "
               "activations closer to zero, and no dead units.",
       .snippets = {.cpp_f = "return x > 0 ? x : alpha * std::expm1(x);",
                    .cpp_df = "return x > 0 ? 1.0 : alpha * std::exp(x);",
                    .numpy_f = "return np.where(x > 0, x, alpha * np.expm1(x))",
                    .numpy_df = "return np.where(x > 0, 1.0, alpha * np.exp(x))"},
       .params = {{"alpha", 1, 0, 3, 0.05, -kInf, kInf}},
       .x_min = -5,
       .x_max = 5,
       .op = bind_op<ops::Elu>()},
      {.id = "selu",
       .label = "SELU",
       .group = "ReLU family",
       .formula =
           R"(\lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\ \lambda \approx 1.0507,\ \alpha \approx 1.6733)",
       .gradient_formula =
           R"(\lambda \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases})",
       .note = "Scaled ELU whose constants keep activations near zero mean "
               "and unit variance (self-normalising).",
       .snippets = {.cpp_f =
                        "const double alpha = 1.6732632423543772, scale = "
                        "1.0507009873554805;\nreturn scale * (x > 0 ? x : alpha * std::expm1(x));",
                    .cpp_df =
                        "const double alpha = 1.6732632423543772, scale = "
                        "1.0507009873554805;\nreturn scale * (x > 0 ? 1.0 : alpha * std::exp(x));",
                    .numpy_f = "alpha, scale = 1.6732632423543772, 1.0507009873554805\nreturn "
                               "scale * np.where(x > 0, x, alpha * np.expm1(x))",
                    .numpy_df = "alpha, scale = 1.6732632423543772, 1.0507009873554805\nreturn "
                                "scale * np.where(x > 0, 1.0, alpha * np.exp(x))"},
       .x_min = -5,
       .x_max = 5,
       .op = bind_op<ops::Selu>()},
      {.id = "celu",
       .label = "CELU",
       .group = "ReLU family",
       .formula = R"(\begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases})",
       .gradient_formula = R"(\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases})",
       .note = "ELU rescaled so that its slope is continuous at 0 for every "
               "alpha.",
       .snippets = {.cpp_f = "return x > 0 ? x : alpha * std::expm1(x / alpha);",
                    .cpp_df = "return x > 0 ? 1.0 : std::exp(x / alpha);",
                    .numpy_f = "return np.where(x > 0, x, alpha * np.expm1(x / alpha))",
                    .numpy_df = "return np.where(x > 0, 1.0, np.exp(x / alpha))"},
       .params = {{"alpha", 1, 0.1, 3, 0.05, -kInf, kInf}},
       .x_min = -5,
       .x_max = 5,
       .op = bind_op<ops::Celu>()},
      {.id = "relu6",
       .label = "ReLU6",
       .group = "ReLU family",
       .formula = R"(\min(\max(0, x), 6))",
       .gradient_formula = R"(\begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases})",
       .note = "ReLU capped at 6, popular in mobile networks; the gradient "
               "is zero on both flat sides.",
       .snippets = {.cpp_f = "return std::min(std::max(x, 0.0), 6.0);",
                    .cpp_df = "return x > 0 && x < 6 ? 1.0 : 0.0;",
                    .numpy_f = "return np.clip(x, 0.0, 6.0)",
                    .numpy_df = "return np.where((x > 0) & (x < 6), 1.0, 0.0)"},
       .x_min = -3,
       .x_max = 9,
       .bit_exact = true,
       .op = bind_op<ops::Relu6>()},
      {.id = "threshold",
       .label = "Threshold",
       .group = "ReLU family",
       .formula =
           R"(\begin{cases} x & x > \text{threshold} \\ \text{value} & x \le \text{threshold} \end{cases})",
       .gradient_formula =
           R"(\begin{cases} 1 & x > \text{threshold} \\ 0 & x \le \text{threshold} \end{cases})",
       .note = "Replaces every input at or below the threshold by a "
               "constant; threshold = value = 0 is ReLU.",
       .snippets = {.cpp_f = "return x > threshold ? x : value;",
                    .cpp_df = "return x > threshold ? 1.0 : 0.0;",
                    .numpy_f = "return np.where(x > threshold, x, value)",
                    .numpy_df = "return np.where(x > threshold, 1.0, 0.0)"},
       .params = {{"threshold", 1, -3, 3, 0.1, -kInf, kInf}, {"value", 0, -3, 3, 0.1, -kInf, kInf}},
       .x_min = -5,
       .x_max = 5,
       .bit_exact = true,
       .op = bind_op<ops::Threshold>()},
      // ---- Smooth ---------------------------------------------------------
      {.id = "gelu",
       .label = "GELU",
       .group = "Smooth",
       .formula =
           R"(x\,\Phi(x) = \tfrac{x}{2}\left(1 + \operatorname{erf}\tfrac{x}{\sqrt 2}\right))",
       .gradient_formula = R"(\Phi(x) + x\,\varphi(x))",
       .note = "Weights each input by the probability that a standard "
               "normal is below it; used in Transformers. Φ is the standard normal "
               "distribution function and φ its density, e^(−x²/2)/√(2π).",
       .snippets =
           {.cpp_f = "if (approximate == \"tanh\") {\n  const double u = std::sqrt(2 / M_PI) * (x "
                     "+ 0.044715 * x * x * x);\n  return x / (1 + std::exp(-2 * u));  // 0.5 x (1 "
                     "+ tanh u), no cancellation\n}\nreturn 0.5 * x * std::erfc(-x / "
                     "std::sqrt(2.0));  // x * Phi(x)",
            .cpp_df = "if (approximate == \"tanh\") {\n  const double k = std::sqrt(2 / M_PI);\n  "
                      "const double u = k * (x + 0.044715 * x * x * x);\n  // (1 + tanh u) / 2 and "
                      "(1 - tanh u) / 2, each without cancellation\n  const double s = 1 / (1 + "
                      "std::exp(-2 * u)), t = 1 / (1 + std::exp(2 * u));\n  return s + 2 * x * s * "
                      "t * k * (1 + 3 * 0.044715 * x * x);\n}\nreturn 0.5 * std::erfc(-x / "
                      "std::sqrt(2.0)) + x * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);",
            .numpy_f = "if approximate == \"tanh\":\n    u = np.sqrt(2 / np.pi) * (x + 0.044715 * "
                       "x**3)\n    return x / (1 + np.exp(-2 * u))  # 0.5 x (1 + tanh u), no "
                       "cancellation\nreturn 0.5 * x * erfc(-x / np.sqrt(2))  # x * Phi(x)",
            .numpy_df =
                "if approximate == \"tanh\":\n    k = np.sqrt(2 / np.pi)\n    u = k * (x + "
                "0.044715 * x**3)\n    # (1 + tanh u) / 2 and (1 - tanh u) / 2, each without "
                "cancellation\n    s, t = 1 / (1 + np.exp(-2 * u)), 1 / (1 + np.exp(2 * u))\n    "
                "return s + 2 * x * s * t * k * (1 + 3 * 0.044715 * x**2)\nreturn 0.5 * erfc(-x / "
                "np.sqrt(2)) + x * np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)"},
       .params = {{"approximate", 0, 0, 1, 1, 0, 1, {"none", "tanh"}}},
       .x_min = -5,
       .x_max = 5,
       .op = bind_op<ops::Gelu>()},
      {.id = "silu",
       .label = "SiLU (Swish)",
       .group = "Smooth",
       .formula = R"(x\,\sigma(x) = \frac{x}{1 + e^{-x}})",
       .gradient_formula = R"(\sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr))",
       .note = "Smooth and non-monotonic: it dips slightly below zero "
               "before rising like ReLU.",
       .snippets = {.cpp_f = "return x / (1 + std::exp(-x));",
                    .cpp_df =
                        "const double s = 1 / (1 + std::exp(-x));\nreturn s * (1 + x * (1 - s));",
                    .numpy_f = "return x / (1 + np.exp(-x))",
                    .numpy_df = "s = 1 / (1 + np.exp(-x))\nreturn s * (1 + x * (1 - s))"},
       .x_min = -6,
       .x_max = 6,
       .op = bind_op<ops::Silu>()},
      {.id = "mish",
       .label = "Mish",
       .group = "Smooth",
       .formula = R"(x \tanh\bigl(\ln(1 + e^{x})\bigr))",
       .gradient_formula =
           R"(\tanh(s) + x\,\sigma(x)\,\bigl(1 - \tanh^2(s)\bigr),\ s = \ln(1 + e^{x}))",
       .note = "Like SiLU, smooth and non-monotonic, with a slightly "
               "deeper dip.",
       .snippets = {.cpp_f = "return x * std::tanh(std::log1p(std::exp(x)));",
                    .cpp_df = "const double t = std::tanh(std::log1p(std::exp(x)));\nconst double "
                              "s = 1 / (1 + std::exp(-x));\nreturn t + x * s * (1 - t * t);",
                    .numpy_f = "return x * np.tanh(np.logaddexp(0, x))",
                    .numpy_df = "t = np.tanh(np.logaddexp(0, x))\ns = 1 / (1 + np.exp(-x))\nreturn "
                                "t + x * s * (1 - t**2)"},
       .x_min = -6,
       .x_max = 6,
       .op = bind_op<ops::Mish>()},
      {.id = "softplus",
       .label = "Softplus",
       .group = "Smooth",
       .formula =
           R"(\begin{cases} \tfrac{1}{\beta} \ln(1 + e^{\beta x}) & \beta x \le \text{threshold} \\ x & \beta x > \text{threshold} \end{cases})",
       .gradient_formula =
           R"(\begin{cases} \sigma(\beta x) & \beta x \le \text{threshold} \\ 1 & \beta x > \text{threshold} \end{cases})",
       .note = "A smooth ReLU whose gradient is never exactly zero.",
       .snippets =
           {.cpp_f = "const double z = beta * x;\nif (z > threshold) return x;  // linear above "
                     "the threshold\nreturn (std::max(z, 0.0) + "
                     "std::log1p(std::exp(-std::fabs(z)))) / beta;",
            .cpp_df = "const double z = beta * x;\nif (z > threshold) return 1.0;\nconst double e "
                      "= std::exp(-std::fabs(z));  // never overflows\nreturn z >= 0 ? 1 / (1 + e) "
                      ": e / (1 + e);  // sigmoid(z)",
            .numpy_f = "z = beta * x\nreturn np.where(z > threshold, x, np.logaddexp(0, z) / beta)",
            .numpy_df = "z = beta * x\ne = np.exp(-np.abs(z))  # never overflows\nreturn "
                        "np.where(z > threshold, 1.0, np.where(z >= 0, 1 / (1 + e), e / (1 + e)))"},
       .params = {{"beta", 1, 0.1, 5, 0.1, -kInf, kInf}, {"threshold", 20, 1, 50, 1, -kInf, kInf}},
       .x_min = -6,
       .x_max = 6,
       .op = bind_op<ops::Softplus>()},
      {.id = "squareplus",
       .label = "Squareplus",
       .group = "Smooth",
       .formula = R"(\tfrac{1}{2}\left(x + \sqrt{x^2 + b}\right))",
       .gradient_formula = R"(\tfrac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right))",
       .note = "A smooth ReLU made of one square root (JAX's "
               "jax.nn.squareplus); b sets how round the corner at 0 is.",
       .snippets =
           {.cpp_f =
                "const double h = std::hypot(x, std::sqrt(b));  // sqrt(x*x + b), no "
                "overflow\nif (x >= 0) return x / 2 + h / 2;\nreturn b / (h / 2 - x / 2) / 4;  "
                "// (x + h) / 2 without cancellation",
            .cpp_df = "const double h = std::hypot(x, std::sqrt(b));\nif (x >= 0) return 0.5 + 0.5 "
                      "* (x / h);\nreturn b / h / (h / 2 - x / 2) / 4;  // (1 + x / h) / 2",
            .numpy_f = "h = np.hypot(x, np.sqrt(b))  # sqrt(x**2 + b) without overflow\n# x < 0: "
                       "(x + h) / 2 = b / (2 (h - x)), without cancellation\nreturn np.where(x >= "
                       "0, x / 2 + h / 2, b / (h / 2 - x / 2) / 4)",
            .numpy_df = "h = np.hypot(x, np.sqrt(b))\nreturn np.where(x >= 0, 0.5 + 0.5 * (x / h), "
                        "b / h / (h / 2 - x / 2) / 4)",
            // No F.squareplus: the same formula in torch operations (clamp keeps the
            // branch torch.where drops finite, so its gradient is not NaN).
            .torch_call = "torch.where(x < 0, {b} / (torch.hypot(x, torch.full_like(x, {b} ** "
                          "0.5)) / 2 - x.clamp(max=0) / 2) / 4, x / 2 + torch.hypot(x, "
                          "torch.full_like(x, {b} ** 0.5)) / 2)"},
       .params = {{"b", 4, 0.1, 10, 0.1, 0, kInf}},
       .x_min = -6,
       .x_max = 6,
       .reference = Reference::mpmath,
       .op = bind_op<ops::Squareplus>()},
      {.id = "hardswish",
       .label = "Hardswish",
       .group = "Smooth",
       .formula = R"(x \cdot \frac{\min(\max(x + 3, 0), 6)}{6})",
       .gradient_formula =
           R"(\begin{cases} 0 & x < -3 \\ \tfrac{x}{3} + \tfrac12 & -3 \le x \le 3 \\ 1 & x > 3 \end{cases})",
       .note = "A piecewise approximation of SiLU that is cheap on mobile "
               "hardware.",
       .snippets = {.cpp_f = "return x * std::min(std::max(x + 3, 0.0), 6.0) / 6;",
                    .cpp_df = "if (x < -3) return 0.0;\nif (x <= 3) return x / 3 + 0.5;  // "
                              "PyTorch: -0.5 at -3, 1.5 at 3\nreturn 1.0;",
                    .numpy_f = "return x * np.clip(x + 3, 0.0, 6.0) / 6",
                    .numpy_df = "return np.where(x < -3, 0.0, np.where(x <= 3, x / 3 + 0.5, 1.0))"},
       .x_min = -6,
       .x_max = 6,
       .bit_exact = true,
       .op = bind_op<ops::Hardswish>()},
      // ---- Saturating -----------------------------------------------------
      {.id = "sigmoid",
       .label = "Sigmoid",
       .group = "Saturating",
       .formula = R"(\sigma(x) = \frac{1}{1 + e^{-x}})",
       .gradient_formula = R"(\sigma(x)\,(1 - \sigma(x)))",
       .note = "Squashes to (0, 1); its gradient is at most 0.25 and "
               "vanishes for large |x|.",
       .snippets =
           {.cpp_f = "return 1 / (1 + std::exp(-x));",
            .cpp_df = "const double e = std::exp(-std::fabs(x));\nreturn e / ((1 + e) * (1 + e));",
            .numpy_f = "return 1 / (1 + np.exp(-x))",
            .numpy_df = "e = np.exp(-np.abs(x))\nreturn e / (1 + e)**2",
            .torch_call = "torch.sigmoid(x)"},
       .x_min = -8,
       .x_max = 8,
       .op = bind_op<ops::Sigmoid>()},
      {.id = "tanh",
       .label = "Tanh",
       .group = "Saturating",
       .formula = R"(\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}})",
       .gradient_formula = R"(1 - \tanh^2 x)",
       .note = "Zero-centred squashing to (-1, 1); the gradient vanishes "
               "once |x| is a few units.",
       .snippets = {.cpp_f = "return std::tanh(x);",
                    // 1 - tanh^2 x cancels for |x| > 1; 1 / cosh^2 x does not.
                    .cpp_df = "const double c = std::cosh(x);\nreturn 1 / (c * c);  // 1 - "
                              "tanh(x)^2 without its cancellation",
                    .numpy_f = "return np.tanh(x)",
                    .numpy_df =
                        "return 1 / np.cosh(x)**2  # 1 - tanh(x)**2 without its cancellation",
                    .torch_call = "torch.tanh(x)"},
       .x_min = -4,
       .x_max = 4,
       .op = bind_op<ops::Tanh>()},
      {.id = "hardtanh",
       .label = "Hardtanh",
       .group = "Saturating",
       .formula = R"(\min(\max(x, \text{min\_val}), \text{max\_val}))",
       .gradient_formula =
           R"(\begin{cases} 1 & \text{min\_val} < x < \text{max\_val} \\ 0 & \text{otherwise} \end{cases})",
       .note = "A clipped identity: gradient 1 inside the bounds, 0 outside "
               "and on them.",
       .snippets = {.cpp_f = "return std::min(std::max(x, min_val), max_val);",
                    .cpp_df = "return x > min_val && x < max_val ? 1.0 : 0.0;",
                    .numpy_f = "return np.clip(x, min_val, max_val)",
                    .numpy_df = "return np.where((x > min_val) & (x < max_val), 1.0, 0.0)"},
       .params = {{"min_val", -1, -3, 0, 0.1, -kInf, kInf}, {"max_val", 1, 0, 3, 0.1, -kInf, kInf}},
       .x_min = -3,
       .x_max = 3,
       .bit_exact = true,
       .op = bind_op<ops::Hardtanh>()},
      {.id = "hardsigmoid",
       .label = "Hardsigmoid",
       .group = "Saturating",
       .formula = R"(\frac{\min(\max(x + 3, 0), 6)}{6})",
       .gradient_formula =
           R"(\begin{cases} \tfrac16 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases})",
       .note = "A piecewise-linear sigmoid: cheap, but its gradient is zero "
               "outside (-3, 3).",
       .snippets = {.cpp_f = "return std::min(std::max(x + 3, 0.0), 6.0) / 6;",
                    // PyTorch's slope is the float 1/6, even in float64.
                    .cpp_df = "return x > -3 && x < 3 ? double(1.0f / 6) : 0.0;  // PyTorch: "
                              "float32 1/6",
                    .numpy_f = "return np.clip(x + 3, 0.0, 6.0) / 6",
                    .numpy_df = "return np.where((x > -3) & (x < 3), np.float32(1 / 6), 0.0)  "
                                "# PyTorch: float32 1/6"},
       .x_min = -6,
       .x_max = 6,
       .bit_exact = true,
       .op = bind_op<ops::Hardsigmoid>()},
      {.id = "softsign",
       .label = "Softsign",
       .group = "Saturating",
       .formula = R"(\frac{x}{1 + |x|})",
       .gradient_formula = R"(\frac{1}{(1 + |x|)^2})",
       .note = "Like tanh but approaches its bounds polynomially, so it "
               "saturates more slowly.",
       .snippets = {.cpp_f = "return x / (1 + std::fabs(x));",
                    // 1 / (1 + |x|)^2, evaluated as PyTorch's autograd does.
                    .cpp_df =
                        "const double d = 1 + std::fabs(x), sgn = (x > 0) - (x < 0);\nreturn 1 / d "
                        "- x / d / d * sgn;  // 1 / d^2 by the quotient rule, as PyTorch",
                    .numpy_f = "return x / (1 + np.abs(x))",
                    .numpy_df = "d = 1 + np.abs(x)\nreturn 1 / d - x / d / d * np.sign(x)  # 1 / "
                                "d**2 by the quotient rule, as PyTorch"},
       .x_min = -8,
       .x_max = 8,
       .bit_exact = true,
       .op = bind_op<ops::Softsign>()},
      {.id = "logsigmoid",
       .label = "LogSigmoid",
       .group = "Saturating",
       .formula = R"(\ln \sigma(x) = -\ln(1 + e^{-x}))",
       .gradient_formula = R"(1 - \sigma(x))",
       .note = "The log of the sigmoid, computed without overflow; used in "
               "log-likelihood losses.",
       .snippets = {.cpp_f = "return std::min(x, 0.0) - std::log1p(std::exp(-std::fabs(x)));",
                    // 1 / (1 + e^x) overflows to 0 at x = 710, where the value is 4.5e-309.
                    .cpp_df =
                        "const double e = std::exp(-std::fabs(x));  // never overflows\nreturn x < "
                        "0 ? 1 / (1 + e) : e / (1 + e);  // 1 - sigmoid(x)",
                    .numpy_f = "return -np.logaddexp(0, -x)",
                    .numpy_df = "e = np.exp(-np.abs(x))  # never overflows\nreturn np.where(x < 0, "
                                "1 / (1 + e), e / (1 + e))  # 1 - sigmoid(x)"},
       .x_min = -6,
       .x_max = 6,
       .op = bind_op<ops::Logsigmoid>()},
      // ---- Shrink ---------------------------------------------------------
      {.id = "softshrink",
       .label = "Softshrink",
       .group = "Shrink",
       .formula =
           R"(\begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ 0 & \text{otherwise} \end{cases})",
       .gradient_formula =
           R"(\begin{cases} 0 & |x| \le \lambda \\ 1 & \text{otherwise} \end{cases})",
       .note = "Soft thresholding: shrinks every input towards zero by "
               "lambd, as in sparse coding.",
       .snippets =
           {.cpp_f =
                "if (x > lambd) return x - lambd;\nif (x < -lambd) return x + lambd;\nreturn 0.0;",
            .cpp_df = "return std::fabs(x) > lambd ? 1.0 : 0.0;",
            .numpy_f =
                "return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0))",
            .numpy_df = "return np.where(np.abs(x) > lambd, 1.0, 0.0)"},
       .params = {{"lambd", 0.5, 0, 3, 0.05, 0, kInf}},
       .x_min = -3,
       .x_max = 3,
       .bit_exact = true,
       .op = bind_op<ops::Softshrink>()},
      {.id = "hardshrink",
       .label = "Hardshrink",
       .group = "Shrink",
       .formula = R"(\begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases})",
       .gradient_formula = R"(\begin{cases} 1 & |x| > \lambda \\ 0 & \text{otherwise} \end{cases})",
       .note = "Hard thresholding: inputs within lambd of zero become zero, "
               "the rest pass unchanged.",
       .snippets = {.cpp_f = "return std::fabs(x) > lambd ? x : 0.0;",
                    .cpp_df = "return std::fabs(x) > lambd ? 1.0 : 0.0;",
                    .numpy_f = "return np.where(np.abs(x) > lambd, x, 0.0)",
                    .numpy_df = "return np.where(np.abs(x) > lambd, 1.0, 0.0)"},
       .params = {{"lambd", 0.5, 0, 3, 0.05, 0, kInf}},
       .x_min = -3,
       .x_max = 3,
       .bit_exact = true,
       .op = bind_op<ops::Hardshrink>()},
      {.id = "tanhshrink",
       .label = "Tanhshrink",
       .group = "Shrink",
       .formula = R"(x - \tanh x)",
       .gradient_formula = R"(\tanh^2 x)",
       .note = "Small inputs are shrunk almost to zero (its gradient is "
               "flat there), large ones shifted by 1.",
       .snippets = {.cpp_f =
                        "if (std::fabs(x) >= 1) return x - std::tanh(x);\n// x - tanh x = (x cosh "
                        "x - sinh x) / cosh x, and x cosh x - sinh x is the sum\n// of 2k x^(2k+1) "
                        "/ (2k+1)!: terms of one sign, no cancellation near 0.\ndouble term = x, "
                        "sum = 0;\nfor (int k = 1; k <= 11; ++k) {\n  term *= x * x / ((2 * k) * "
                        "(2 * k + 1));\n  sum += 2 * k * term;\n}\nreturn sum / std::cosh(x);",
                    .cpp_df = "const double t = std::tanh(x);\nreturn t * t;",
                    .numpy_f =
                        "# x - tanh x = (x cosh x - sinh x) / cosh x, and x cosh x - sinh x is the "
                        "sum\n# of 2k x^(2k+1) / (2k+1)!: terms of one sign, no cancellation near "
                        "0.\nterm, total = x.copy(), np.zeros_like(x)\nfor k in range(1, 12):\n    "
                        "term = term * x * x / ((2 * k) * (2 * k + 1))\n    total += 2 * k * "
                        "term\nreturn np.where(np.abs(x) < 1, total / np.cosh(x), x - np.tanh(x))",
                    .numpy_df = "return np.tanh(x)**2"},
       .x_min = -4,
       .x_max = 4,
       .op = bind_op<ops::Tanhshrink>()},
  });
  return table;
}

}  // namespace

const std::vector<Activation>& activations() { return build_table(); }

}  // namespace activation_lab
