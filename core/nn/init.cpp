#include "nn/init.hpp"

#include <cmath>

#include "common/variates.hpp"

namespace fastslow::nn {

Vec init_truncated_normal(const Mlp& net, double stddev, Rng& rng) {
  Vec p = Vec::Zero(net.num_params());
  for (int l = 0; l < net.layers(); ++l) {
    const Eigen::Index w = net.weight_offset(l), n = Eigen::Index(net.layer_inputs(l)) * net.layer_outputs(l);
    for (Eigen::Index i = 0; i < n; ++i) {
      double z;
      do z = standard_normal(rng);
      while (std::fabs(z) > 2.0);
      p[w + i] = stddev * z;
    }
  }
  return p;
}

}  // namespace fastslow::nn
