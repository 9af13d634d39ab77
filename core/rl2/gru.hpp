// A gated recurrent unit (Cho et al. 2014, "Learning phrase representations using RNN
// encoder-decoder for statistical machine translation", eqs. 5-8) on a flat parameter vector,
// batched over independent sequences, with back-propagation through time. RL²'s policy core
// (Duan et al. 2016, arXiv 1611.02779, section 3: a GRU whose hidden state carries over the
// episodes of one trial).
//
//   z  = σ(Wz x + Uz h + bz)          update gate
//   r  = σ(Wr x + Ur h + br)          reset gate
//   c  = tanh(Wc x + Uc (r ⊙ h) + bc) candidate
//   h' = (1 − z) ⊙ h + z ⊙ c
//
// Flat layout (all column-major): Wx = [Wz; Wr; Wc] (3H × I), U = [Uz; Ur; Uc] (3H × H),
// b = [bz; br; bc] (3H). Batches are column-major: x_t is I × B, h_t is H × B. σ and tanh use
// det_exp / det_tanh (common/variates.hpp) so a seed gives the same numbers natively and in wasm
// up to Eigen's summation order.
#pragma once
#include <vector>

#include "nn/mlp.hpp"

namespace fastslow::rl2 {

using nn::Mat;
using nn::Vec;

class Gru {
 public:
  Gru(int inputs, int hidden);
  int inputs() const { return inputs_; }
  int hidden() const { return hidden_; }
  Eigen::Index num_params() const { return num_params_; }

  // Wx, U uniform in ±sqrt(6 / (fan_in + fan_out)) per gate block (Glorot), biases 0 except the
  // update gate's, set to −1 so a fresh cell leans towards keeping its state.
  Vec init(Rng& rng) const;

  // One step h' = f(x, h) for a batch, without keeping anything (acting).
  Mat step(const Eigen::Ref<const Vec>& params, const Mat& x, const Mat& h) const;

  // What backward() needs from a sequence: per step the input, the previous state, the gates
  // and the candidate.
  struct Cache {
    std::vector<Mat> x, h_prev, z, r, c;
  };
  // Runs T steps from h0 over xs[0..T-1]; returns the states h_1..h_T and fills `cache`.
  std::vector<Mat> forward(const Vec& params, const std::vector<Mat>& xs, const Mat& h0, Cache& cache) const;

  // BPTT. dhs[t] = ∂L/∂h_{t+1} from outside the recurrence (the heads), H × B per step.
  // ADDS ∂L/∂params into grad; when given, writes ∂L/∂x_t into dxs and ∂L/∂h0 into dh0.
  void backward(const Vec& params, const Cache& cache, const std::vector<Mat>& dhs, Vec& grad,
                std::vector<Mat>* dxs = nullptr, Mat* dh0 = nullptr) const;

 private:
  int inputs_, hidden_;
  Eigen::Index wx_, u_, b_, num_params_;
};

// σ(x) = 1 / (1 + exp(−x)), with det_exp.
double det_sigmoid(double x);

}  // namespace fastslow::rl2
