// The dense-layer arithmetic of the engine, in one place. Matrices of
// activations are unit-major: row u holds unit u's value at every sample of
// the batch, so the table's batch kernels run over whole layers and the
// inner loops run along samples (contiguous, vectorised by the compiler).
// Every sum has a fixed order, so results do not depend on the compiler's
// vector width: native and wasm builds agree to the bit.
#pragma once

#include <cstddef>

#include "activation_lab/nn.hpp"

namespace activation_lab::nn::dense {

// z = W a + b over a batch: a is in x B, z is out x B. As torch.addmm, the
// product is summed first and the bias added last.
inline void forward(const Layer& l, const double* a, double* z, std::size_t batch) {
  const std::size_t in = std::size_t(l.in);
  for (std::size_t j = 0; j < std::size_t(l.out); ++j) {
    double* zj = z + j * batch;
    for (std::size_t s = 0; s < batch; ++s) zj[s] = 0;
    for (std::size_t k = 0; k < in; ++k) {
      const double w = l.weight[j * in + k];
      const double* ak = a + k * batch;
      for (std::size_t s = 0; s < batch; ++s) zj[s] += w * ak[s];
    }
    const double b = l.bias[j];
    for (std::size_t s = 0; s < batch; ++s) zj[s] += b;
  }
}

// The layer's gradient from dz (out x B) and its input a (in x B): dW = dz
// a^T, db = the row sums of dz, each summed over samples in order. `at` is
// scratch of B x in (a transposed, so the update of a row of dW is a
// contiguous, vectorisable loop).
inline void weight_gradient(const Layer& l, const double* dz, const double* a, std::size_t batch,
                            double* at, Layer& grad) {
  const std::size_t in = std::size_t(l.in), out = std::size_t(l.out);
  for (std::size_t k = 0; k < in; ++k) {
    for (std::size_t s = 0; s < batch; ++s) at[s * in + k] = a[k * batch + s];
  }
  for (std::size_t j = 0; j < out; ++j) {
    double* gj = grad.weight.data() + j * in;
    for (std::size_t k = 0; k < in; ++k) gj[k] = 0;
    double bias = 0;
    const double* dzj = dz + j * batch;
    for (std::size_t s = 0; s < batch; ++s) {
      const double d = dzj[s];
      const double* as = at + s * in;
      for (std::size_t k = 0; k < in; ++k) gj[k] += d * as[k];
      bias += d;
    }
    grad.bias[j] = bias;
  }
}

// da = W^T dz: in x B, the gradient that reaches the layer's input.
inline void input_gradient(const Layer& l, const double* dz, double* da, std::size_t batch) {
  const std::size_t in = std::size_t(l.in), out = std::size_t(l.out);
  for (std::size_t k = 0; k < in; ++k) {
    double* dak = da + k * batch;
    for (std::size_t s = 0; s < batch; ++s) dak[s] = 0;
    for (std::size_t j = 0; j < out; ++j) {
      const double w = l.weight[j * in + k];
      const double* dzj = dz + j * batch;
      for (std::size_t s = 0; s < batch; ++s) dak[s] += w * dzj[s];
    }
  }
}

}  // namespace activation_lab::nn::dense
