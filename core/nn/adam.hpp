// Adam (Kingma & Ba 2015, "Adam: A method for stochastic optimization", Algorithm 1) on a flat
// parameter vector, and gradient clipping by global norm (Pascanu et al. 2013). The optimiser's
// whole state (m, v, t) is public data so a training checkpoint can save and restore it.
#pragma once
#include <cstdint>

#include "nn/mlp.hpp"

namespace fastslow::nn {

struct AdamConfig {
  double lr = 1e-3;     // step size α
  double beta1 = 0.9;   // decay of the first-moment estimate
  double beta2 = 0.999; // decay of the second-moment estimate
  double eps = 1e-8;    // ε added to sqrt(v̂)
};

class Adam {
 public:
  Adam(Eigen::Index size, AdamConfig config = {});
  // params -= lr · m̂ / (sqrt(v̂) + ε), with the bias-corrected moments after this gradient.
  void step(Vec& params, const Vec& grad) { step(params, grad, config_.lr); }
  void step(Vec& params, const Vec& grad, double lr);

  const AdamConfig& config() const { return config_; }
  // State, for checkpoints.
  Vec m, v;
  int64_t t = 0;

 private:
  AdamConfig config_;
};

// Scales grad so its L2 norm is at most max_norm (> 0); returns the norm before clipping.
double clip_grad_norm(Vec& grad, double max_norm);

}  // namespace fastslow::nn
