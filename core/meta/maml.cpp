#include "meta/maml.hpp"

#include <stdexcept>
#include <vector>

#include "nn/mlp_rop.hpp"

namespace fastslow::meta {

double mse(const Mlp& net, const Vec& params, const Mat& X, const Mat& T, Vec* grad) {
  Mlp::Cache cache;
  const Mat Y = net.forward(params, X, grad ? &cache : nullptr);
  const Mat err = Y - T;
  const double n = static_cast<double>(err.size());
  if (grad) net.backward(params, cache, (2.0 / n) * err, *grad);
  return err.squaredNorm() / n;
}

Vec adapt(const Mlp& net, const Vec& params, const Mat& X, const Mat& T, double alpha, int steps) {
  Vec theta = params;
  Vec g(theta.size());
  for (int k = 0; k < steps; ++k) {
    g.setZero();
    mse(net, theta, X, T, &g);
    theta -= alpha * g;
  }
  return theta;
}

double maml_meta_gradient(const Mlp& net, const Vec& params, const RegressionTask& task, double alpha, int steps,
                          bool first_order, Vec& meta_grad) {
  if (steps < 0) throw std::invalid_argument("maml_meta_gradient: steps must be >= 0");
  std::vector<Vec> thetas{params};
  Vec g(params.size());
  for (int k = 0; k < steps; ++k) {
    g.setZero();
    mse(net, thetas.back(), task.x_train, task.y_train, &g);
    thetas.push_back(thetas.back() - alpha * g);
  }
  meta_grad = Vec::Zero(params.size());
  const double loss = mse(net, thetas.back(), task.x_test, task.y_test, &meta_grad);
  if (first_order) return loss;
  const Mat& T = task.y_train;
  const double n = static_cast<double>(T.size());
  const nn::LossHead head = [&](const Mat& Y, const Mat& RY, Mat& dY, Mat& RdY) {
    dY = (2.0 / n) * (Y - T);
    RdY = (2.0 / n) * RY;
  };
  Vec grad(params.size()), hv(params.size());
  for (int k = steps; k-- > 0;) {
    grad.setZero();
    hv.setZero();
    nn::grad_hvp(net, thetas[k], task.x_train, meta_grad, head, grad, hv);
    meta_grad -= alpha * hv;
  }
  return loss;
}

}  // namespace fastslow::meta
