// Alternative parameter initialisations of an Mlp (Mlp::init is Glorot/He uniform).
#pragma once
#include "nn/mlp.hpp"

namespace fastslow::nn {

// Weights from a normal of standard deviation `stddev` truncated at ±2 stddev (a draw beyond
// is redrawn, like TensorFlow's tf.truncated_normal), biases 0. With stddev 0.01 this is the
// initialisation of Finn et al.'s MAML code (construct_fc_weights) for sinusoid regression.
Vec init_truncated_normal(const Mlp& net, double stddev, Rng& rng);

}  // namespace fastslow::nn
