#include "nn/adam.hpp"

#include <cmath>
#include <stdexcept>

namespace fastslow::nn {

Adam::Adam(Eigen::Index size, AdamConfig config)
    : m(Vec::Zero(size)), v(Vec::Zero(size)), config_(config) {}

void Adam::step(Vec& params, const Vec& grad, double lr) {
  if (params.size() != m.size() || grad.size() != m.size()) throw std::invalid_argument("Adam::step: size mismatch");
  ++t;
  const double b1 = config_.beta1, b2 = config_.beta2;
  m = b1 * m + (1 - b1) * grad;
  v = b2 * v + (1 - b2) * grad.cwiseProduct(grad);
  const double c1 = 1 - std::pow(b1, double(t)), c2 = 1 - std::pow(b2, double(t));
  params.array() -= lr * (m.array() / c1) / ((v.array() / c2).sqrt() + config_.eps);
}

double clip_grad_norm(Vec& grad, double max_norm) {
  const double norm = grad.norm();
  // A NaN or infinite norm is left for the caller to detect (clipping would hide it).
  if (std::isfinite(norm) && norm > max_norm) grad *= max_norm / norm;
  return norm;
}

}  // namespace fastslow::nn
