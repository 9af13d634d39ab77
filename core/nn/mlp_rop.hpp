// Second-order products for core/nn's Mlp: Pearlmutter's R-operator (Pearlmutter 1994, "Fast
// exact multiplication by the Hessian", Neural Computation 6(1)). For a direction v in
// parameter space, R{·} = d/dr (·)(θ + r v) at r = 0:
//   forward   R{z_l} = V_l a_{l-1} + W_l R{a_{l-1}} + Vb_l,   R{a_l} = φ'(z_l) ⊙ R{z_l}
//   backward  R{δ_l} = φ'(z_l) ⊙ R{g_l} + φ''(z_l) ⊙ R{z_l} ⊙ g_l
//             R{dW_l} = R{δ_l} a_{l-1}ᵀ + δ_l R{a_{l-1}}ᵀ,  R{g_{l-1}} = V_lᵀ δ_l + W_lᵀ R{δ_l}
// so one extra forward and backward pass give the exact Hessian-vector product H v of any loss
// L(Y) whose output derivatives dL/dY and R{dL/dY} the caller supplies (a "loss head").
// MAML differentiates through inner gradient steps with these products (core/meta/maml.hpp);
// TRPO's Fisher-vector products use the Jacobian-vector product `jvp` and Mlp::backward (Jᵀu).
// This file only adds to Mlp (mlp.hpp's interface is unchanged).
#pragma once
#include <functional>

#include "nn/mlp.hpp"

namespace fastslow::nn {

// J v: the directional derivative of the outputs Y = f(X; θ) along v (outputs × batch), from a
// forward pass recorded in `cache`. With `ra`, the R{a_l} of every layer are kept (ra[0] = 0).
Mat jvp(const Mlp& net, const Vec& params, const Mlp::Cache& cache, const Vec& v, std::vector<Mat>* ra = nullptr);

// The loss head: given Y and R{Y} = J v, writes dY = dL/dY and RdY = R{dL/dY} = (∂²L/∂Y²) R{Y}.
using LossHead = std::function<void(const Mat& Y, const Mat& RY, Mat& dY, Mat& RdY)>;

// ADDS dL/dθ into `grad` and H v = (d²L/dθ²) v into `hv` (both of size num_params()), for the
// loss L(f(X; θ)) described by `head`. Returns Y.
Mat grad_hvp(const Mlp& net, const Vec& params, const Mat& X, const Vec& v, const LossHead& head, Vec& grad, Vec& hv);

}  // namespace fastslow::nn
