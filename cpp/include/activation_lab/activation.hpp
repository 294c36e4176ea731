// The activation table: the one place where an activation is defined.
//
// Everything else (the wasm bindings, the JS API, the page, the widget, URL
// state and the tests) reads this table. Adding an activation means adding one
// entry in cpp/src/activation_table.cpp and regenerating its golden data.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace activation_lab {

// Parameters travel as doubles, in the order of Activation::params. A choice
// parameter (gelu's `approximate`) holds the index of its choice.
inline constexpr std::size_t kMaxParams = 4;
using Params = std::array<double, kMaxParams>;

struct ParamSpec {
  const char* name;  // PyTorch's keyword argument name
  double default_value;
  double min, max, step;  // slider range suggested to the UI
  // Values the kernel accepts (inclusive); +-infinity means unbounded.
  // Non-finite parameter values are always rejected.
  double domain_min, domain_max;
  std::vector<const char*> choices = {};  // non-empty: value is an index
};

enum class Kind { function, gradient };

template <class T>
using BatchFn = void (*)(const T* x, T* y, std::size_t n, const Params& p);

struct Kernels {
  BatchFn<double> function64, gradient64;
  BatchFn<float> function32, gradient32;
};

// How to write an activation elsewhere, for the page's "Code" panel: bodies
// of C++ and NumPy functions of x and the parameters (by their names), and
// the PyTorch call when it is not torch.nn.functional.<id>(x, name=value...).
struct Snippets {
  const char* cpp_f;
  const char* cpp_df;
  const char* numpy_f;
  const char* numpy_df;
  const char* torch_call = nullptr;  // nullptr: the generic F.<id> call; {name} = value
};

struct Activation {
  const char* id;                // torch.nn.functional name, stable: used in URLs
  const char* label;             // display name
  const char* group;             // UI grouping
  const char* formula;           // LaTeX for f(x)
  const char* gradient_formula;  // LaTeX for f'(x)
  const char* note;              // one sentence for learners
  Snippets snippets;
  std::vector<ParamSpec> params = {};
  double x_min, x_max;  // suggested plot range
  // Points where f or f' is not smooth, for the current parameters. Tests
  // keep central differences away from them; the UI may mark them.
  std::vector<double> (*kinks)(const Params&) = nullptr;  // nullptr: none
  // Constraint between parameters (e.g. min_val < max_val): nullptr when the
  // parameters are valid, else a message for a person.
  const char* (*check)(const Params&) = nullptr;  // nullptr: no constraint
  // True when f and f' use only comparisons and + - * / (the piecewise-linear
  // family, hardswish, softsign): they must then equal PyTorch's to the bit.
  // Otherwise (exp, erf, tanh...) within 4 ulp in the same dtype.
  bool bit_exact = false;
  Kernels kernels;
};

// The table, in display order. Never empty; ids are unique.
const std::vector<Activation>& activations();

// nullptr when no activation has this id.
const Activation* find_activation(std::string_view id);

// Default parameters of an activation, in table order.
Params default_params(const Activation& a);

// Empty when valid; otherwise a message naming the parameter and its domain.
std::string validate_params(const Activation& a, const Params& p);

// The same verdict without building a message (cheap, for every call).
bool params_valid(const Activation& a, const Params& p);

// Elementwise f or f' over n values; x and y may be the same array.
// Semantics (see README, "Numerics"): PyTorch 1.13 for finite inputs,
// NaN in gives NaN out (for f and f'), +-inf gives the limit of f and f'.
void apply(const Activation& a, Kind kind, const double* x, double* y, std::size_t n,
           const Params& p);
void apply(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
           const Params& p);

// The whole table as JSON (ids, labels, formulas, parameters, ranges), for
// the JS layer and the golden-data generator. Unbounded domains are null.
std::string table_json();

}  // namespace activation_lab
