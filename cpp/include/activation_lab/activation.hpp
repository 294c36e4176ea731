// The activation table: the one place where an activation is described.
//
// The wasm bindings, the JS API, the page, the widget, URL state, the golden
// data generator and the tests all read this table. An activation is an entry
// in cpp/src/activation_table.cpp (its metadata) bound to a functor in
// cpp/src/ops.hpp (its maths); README's "Add an activation" walks through it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace activation_lab {

// The PyTorch release the golden data comes from (tests check that every
// golden file with a PyTorch reference says the same).
inline constexpr const char* kPyTorchVersion = "1.13";

// Every activation that is not bit-exact is within this many ulp of its
// reference (or of the exact value where PyTorch loses digits); the golden
// tests hold each entry to it.
inline constexpr int kMaxUlps = 4;

// Parameter values as they cross the API: doubles in the order of
// Activation::params. A choice parameter (gelu's `approximate`) holds the
// index of its choice. The op sees them by name (OpBinding).
inline constexpr std::size_t kMaxParams = 4;
using ParamValues = std::array<double, kMaxParams>;

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

// The precision a computation runs in. Parameters are checked in it: a
// float32 kernel sees each parameter rounded to float (as PyTorch casts its
// Scalar to the tensor's dtype), so 1e39 is infinite there and 1e-50 is 0.
enum class Dtype { float64, float32 };

// Where an activation's golden data comes from.
enum class Reference {
  pytorch,  // PyTorch's function and autograd (and mpmath where not bit-exact)
  mpmath,   // PyTorch has no such function: exact values only (mpmath)
};

// An op's functions with its parameter struct erased: they read the values
// in the op's own field order (`op_values` below reorders by name).
template <class T>
using BatchFn = void (*)(const T* x, T* y, std::size_t n, const double* op_values);

struct OpBinding {
  BatchFn<double> function64, gradient64;
  BatchFn<float> function32, gradient32;
  // float32 through the scalar loop, where function32/gradient32 run
  // four-lane kernels: their reference (and a baseline for benches).
  BatchFn<float> function32_scalar, gradient32_scalar;
  // Points where f or f' is not smooth (sorted or not); empty when none.
  std::vector<double> (*kinks)(const double* op_values);
  // A constraint between parameters: nullptr when valid, else a message.
  const char* (*check)(const double* op_values);
  std::span<const char* const> param_names;  // the op's fields, in its order
  // float32 runs four-lane kernels (cpp/src/simd), at least for usual
  // parameter settings; tests/cpp/simd_accuracy_test.cpp holds them to 4 ulp.
  bool float32_simd = false;
};

// How to write an activation elsewhere, for the page's "Code" panel: bodies
// of C++ and NumPy functions of x and the parameters (by their names), and
// the PyTorch expression of x, with {name} for a parameter's value. The
// golden-data generator evaluates that same expression.
struct Snippets {
  const char* cpp_f;
  const char* cpp_df;
  const char* numpy_f;
  const char* numpy_df;
  // nullptr: torch.nn.functional.<id>(x, name={name}, ...), see torch_call().
  const char* torch_call = nullptr;
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
  Reference reference = Reference::pytorch;
  // True when f and f' use only comparisons and + - * / (the piecewise-linear
  // family, hardswish, softsign): they must then equal PyTorch's to the bit.
  // Otherwise (exp, erf, tanh...) within 4 ulp in the same dtype.
  bool bit_exact = false;
  OpBinding op;
  // slots[k]: the index in `params` of the op's k-th field, matched by name
  // when the table is built; kNoSlot where no parameter has that name.
  std::array<std::uint8_t, kMaxParams> slots = {};
};

inline constexpr std::uint8_t kNoSlot = 0xff;

// The table, in display order. Never empty; ids are unique.
const std::vector<Activation>& activations();

// nullptr when no activation has this id.
const Activation* find_activation(std::string_view id);

// Default parameters of an activation, in table order.
ParamValues default_params(const Activation& a);

// Empty when every field of the op has a table parameter of its name and
// every table parameter a field; otherwise what differs.
std::string binding_problem(const Activation& a);

// Empty when valid in that dtype; otherwise a message naming the parameter
// and its domain. Every valid setting gives no NaN for any non-NaN x (the
// table tests sample the domains to hold each entry to that).
std::string validate_params(const Activation& a, const ParamValues& p,
                            Dtype dtype = Dtype::float64);

// The same verdict without building a message (cheap, for every call).
bool params_valid(const Activation& a, const ParamValues& p, Dtype dtype = Dtype::float64);

// Elementwise f or f' over n values; x and y may be the same array.
// Semantics (see README, "Numerics"): PyTorch 1.13 for finite inputs,
// NaN in gives NaN out (for f and f'), +-inf gives the limit of f and f'.
void apply(const Activation& a, Kind kind, const double* x, double* y, std::size_t n,
           const ParamValues& p);
void apply(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
           const ParamValues& p);
// float32 without the four-lane kernels (OpBinding::float32_simd): the double
// path rounded once for transcendental ops, as before they existed.
void apply_scalar(const Activation& a, Kind kind, const float* x, float* y, std::size_t n,
                  const ParamValues& p);

// Where f or f' is not smooth for these parameters, sorted.
std::vector<double> kinks(const Activation& a, const ParamValues& p);

// The PyTorch expression of x for the Code panel and the golden generator,
// with {name} where a parameter's value goes.
std::string torch_call(const Activation& a);

// The whole table as JSON (ids, labels, formulas, parameters, ranges), for
// the JS layer and the golden-data generator. Unbounded domains are null.
std::string table_json();

}  // namespace activation_lab
