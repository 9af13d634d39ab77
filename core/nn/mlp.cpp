#include "nn/mlp.hpp"

#include <cmath>
#include <stdexcept>

#include "common/variates.hpp"
#include "nn/dense.hpp"

namespace fastslow::nn {

Mlp::Mlp(int inputs, std::vector<int> hidden, int outputs, Activation hidden_act, Activation output_act)
    : inputs_(inputs), outputs_(outputs) {
  if (inputs < 1 || outputs < 1) throw std::invalid_argument("Mlp: inputs and outputs must be >= 1");
  int in = inputs;
  hidden.push_back(outputs);
  for (size_t l = 0; l < hidden.size(); ++l) {
    const int out = hidden[l];
    if (out < 1) throw std::invalid_argument("Mlp: layer sizes must be >= 1");
    const Activation act = l + 1 == hidden.size() ? output_act : hidden_act;
    layers_.push_back({in, out, num_params_, num_params_ + Eigen::Index(in) * out, act});
    num_params_ += Eigen::Index(in) * out + out;
    in = out;
  }
}

Vec Mlp::init(Rng& rng) const {
  Vec p = Vec::Zero(num_params_);
  for (const Layer& L : layers_) {
    double limit = std::sqrt(6.0 / (L.in + L.out));
    if (L.act == Activation::ReLU) limit *= std::sqrt(2.0);
    for (Eigen::Index i = 0; i < Eigen::Index(L.in) * L.out; ++i) p[L.w + i] = limit * (2 * rng.uniform() - 1);
  }
  return p;
}

void activate(Activation act, Mat& z) {
  switch (act) {
    case Activation::Identity: return;
    case Activation::ReLU: z = z.cwiseMax(0.0); return;
    case Activation::Tanh: z = z.unaryExpr([](double v) { return det_tanh(v); }); return;
  }
}

void activation_backward(Activation act, const Mat& a, Mat& grad) {
  switch (act) {
    case Activation::Identity: return;
    // ReLU'(0) is taken as 0 (a = 0 exactly when z <= 0).
    case Activation::ReLU: grad = (a.array() > 0.0).select(grad, 0.0); return;
    case Activation::Tanh: grad.array() *= 1.0 - a.array().square(); return;
  }
}

Mat Mlp::forward(const Eigen::Ref<const Vec>& params, const Mat& X, Cache* cache) const {
  if (params.size() != num_params_) throw std::invalid_argument("Mlp::forward: wrong parameter count");
  if (X.rows() != inputs_) throw std::invalid_argument("Mlp::forward: wrong input size");
  if (cache) {
    cache->a.resize(layers_.size() + 1);
    cache->a[0] = X;
  }
  Mat a = X;
  for (size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    Eigen::Map<const Mat> W(params.data() + L.w, L.out, L.in);
    Eigen::Map<const Vec> b(params.data() + L.b, L.out);
    Mat z = product(W, a);  // nn/dense.hpp: Eigen natively, the SIMD kernel in wasm
    z.colwise() += b;
    activate(L.act, z);
    a = std::move(z);
    if (cache) cache->a[l + 1] = a;
  }
  return a;
}

void Mlp::backward(const Vec& params, const Cache& cache, const Mat& dY, Vec& grad, Mat* dX) const {
  if (grad.size() != num_params_) throw std::invalid_argument("Mlp::backward: wrong gradient size");
  if (cache.a.size() != layers_.size() + 1) throw std::invalid_argument("Mlp::backward: no forward cache");
  Mat g = dY;
  for (size_t i = layers_.size(); i-- > 0;) {
    const Layer& L = layers_[i];
    activation_backward(L.act, cache.a[i + 1], g);  // g = dL/dz_i
    Eigen::Map<Mat> dW(grad.data() + L.w, L.out, L.in);
    Eigen::Map<Vec> db(grad.data() + L.b, L.out);
    add_product_nt(dW, g, cache.a[i]);  // nn/dense.hpp, as forward
    db.noalias() += g.rowwise().sum();
    if (i > 0 || dX) {
      Eigen::Map<const Mat> W(params.data() + L.w, L.out, L.in);
      Mat prev = product_t(W, g);
      g = std::move(prev);
    }
  }
  if (dX) *dX = std::move(g);
}

}  // namespace fastslow::nn
