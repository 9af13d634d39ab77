// Dense multi-layer perceptrons on flat parameter vectors, with Eigen.
//
// Shared by every learner that has weights (NEC's embedding, DQN, MAML, ES, RL²'s heads,
// Go-Explore's robustified policy). The parameters of a network live in ONE flat vector,
// layer by layer: W (outputs × inputs, column-major) then b. Optimisers (adam.hpp), ES
// perturbations and MAML's inner steps therefore work on plain vectors, and a network object
// holds only the shape: the same Mlp evaluates any parameter vector of its size.
//
// Data are column-major batches: X is inputs × batch (one sample per column), Y = f(X) is
// outputs × batch. Layer l computes a_l = act_l(W_l a_{l-1} + b_l), a_0 = X.
//
// tanh is computed with det_tanh (common/variates.hpp), so a seed gives the same numbers
// under glibc (native) and musl (wasm) up to Eigen's summation order.
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "common/rng.hpp"

namespace fastslow::nn {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

enum class Activation { Identity, ReLU, Tanh };

class Mlp {
 public:
  // inputs → hidden[0] → ... → outputs. Hidden layers use `hidden_act`, the last `output_act`.
  Mlp(int inputs, std::vector<int> hidden, int outputs, Activation hidden_act = Activation::ReLU,
      Activation output_act = Activation::Identity);

  int inputs() const { return inputs_; }
  int outputs() const { return outputs_; }
  int layers() const { return static_cast<int>(layers_.size()); }
  Eigen::Index num_params() const { return num_params_; }

  // Fresh parameters: W uniform in ±sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010),
  // scaled by sqrt(2) for ReLU layers (He et al. 2015); biases 0.
  Vec init(Rng& rng) const;

  // The activations of one forward pass (a_0 = X, ..., a_L = Y), kept for backward().
  struct Cache {
    std::vector<Mat> a;
  };

  // Y = f(X; params). With `cache`, the activations are stored for backward(). `params` may be
  // a segment of a longer vector (e.g. theta.head(n)): it is read in place, not copied.
  Mat forward(const Eigen::Ref<const Vec>& params, const Mat& X, Cache* cache = nullptr) const;

  // Back-propagates dL/dY (outputs × batch) through the pass recorded in `cache`:
  // ADDS dL/dparams into `grad` (size num_params()) and, when `dX` is given, writes dL/dX.
  void backward(const Vec& params, const Cache& cache, const Mat& dY, Vec& grad, Mat* dX = nullptr) const;

  // Where layer l's weights and biases sit in the flat vector.
  Eigen::Index weight_offset(int layer) const { return layers_.at(layer).w; }
  Eigen::Index bias_offset(int layer) const { return layers_.at(layer).b; }
  int layer_inputs(int layer) const { return layers_.at(layer).in; }
  int layer_outputs(int layer) const { return layers_.at(layer).out; }
  Activation activation(int layer) const { return layers_.at(layer).act; }

 private:
  struct Layer {
    int in, out;
    Eigen::Index w, b;
    Activation act;
  };
  int inputs_, outputs_;
  std::vector<Layer> layers_;
  Eigen::Index num_params_ = 0;
};

// act(z) in place, and dL/dz from dL/da given a = act(z) (all three activations' derivatives
// are functions of their output).
void activate(Activation act, Mat& z);
void activation_backward(Activation act, const Mat& a, Mat& grad);

}  // namespace fastslow::nn
