// MAML for regression (Finn, Abbeel & Levine 2017, arXiv 1703.03400, Algorithm 2) on core/nn
// networks: inner gradient steps θ_{k+1} = θ_k − α ∇L_train(θ_k) and the meta-gradient of
// L_test(θ_K) with respect to θ_0, exact (second order: back through every inner step with
// Hessian-vector products, g ← (I − α H_train(θ_k)) g, mlp_rop.hpp) or first-order (the
// Hessians dropped: g = ∇L_test(θ_K), the paper's "first-order approximation").
// Loss: mean squared error over the samples (one output per sample for the sinusoid).
#pragma once
#include "nn/mlp.hpp"

namespace fastslow::meta {

using nn::Mat;
using nn::Mlp;
using nn::Vec;

// L = mean over all entries of (f(X) − T)²; with `grad`, ADDS dL/dθ into it.
double mse(const Mlp& net, const Vec& params, const Mat& X, const Mat& T, Vec* grad = nullptr);

// θ after `steps` plain gradient steps of size `alpha` on the MSE of (X, T).
Vec adapt(const Mlp& net, const Vec& params, const Mat& X, const Mat& T, double alpha, int steps);

struct RegressionTask {
  Mat x_train, y_train, x_test, y_test;
};

// Writes the meta-gradient d L_test(θ_K) / d θ into `meta_grad` (resized); returns L_test(θ_K).
double maml_meta_gradient(const Mlp& net, const Vec& params, const RegressionTask& task, double alpha, int steps,
                          bool first_order, Vec& meta_grad);

}  // namespace fastslow::meta
