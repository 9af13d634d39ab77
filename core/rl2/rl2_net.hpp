// RL²'s policy network (Duan et al. 2016, section 3): a GRU over the per-step input
// (observation, previous action one-hot, previous reward, previous done flag), with a linear
// head giving the action logits and the state value from the GRU state. The hidden state
// carries over the episodes of one trial and is reset (to 0) between trials.
//
// Parameters: one flat vector [GRU (gru.hpp layout) | head (nn::Mlp with no hidden layer,
// outputs = actions + 1: logits then the value)]. The value head's output is in units of
// `value_scale` (the trainer's return scale), so its regression target stays O(1).
#pragma once
#include <vector>

#include "nn/mlp.hpp"
#include "rl2/gru.hpp"

namespace fastslow::rl2 {

struct NetShape {
  int obs_dim = 0, actions = 2, hidden = 64;
  int inputs() const { return obs_dim + actions + 2; }
};

class Rl2Net {
 public:
  explicit Rl2Net(NetShape shape);
  const NetShape& shape() const { return shape_; }
  const Gru& gru() const { return gru_; }
  const nn::Mlp& head() const { return head_; }
  Eigen::Index num_params() const { return gru_.num_params() + head_.num_params(); }
  Vec init(Rng& rng) const;

  // Writes the input column for one step: obs (obs_dim values), prev_action (−1 = none),
  // prev_reward, prev_done. `x` must have inputs() rows.
  void input(double* x, const double* obs, int prev_action, double prev_reward, bool prev_done) const;

  // One acting step for a batch: h ← GRU(x, h); returns the head's output ((actions + 1) × B).
  Mat act(const Vec& params, const Mat& x, Mat& h) const;

  struct Cache {
    Gru::Cache gru;
    nn::Mlp::Cache head;
    Eigen::Index batch = 0;
  };
  // A whole trial batch from h = 0: xs[t] is inputs × B; returns the head outputs stacked
  // step-major ((actions + 1) × (T·B), column t·B + b).
  Mat forward(const Vec& params, const std::vector<Mat>& xs, Cache& cache) const;
  // ADDS ∂L/∂params into grad given ∂L/∂outputs (same layout as forward's result).
  void backward(const Vec& params, const Cache& cache, const Mat& dout, Vec& grad) const;

 private:
  NetShape shape_;
  Gru gru_;
  nn::Mlp head_;
};

// Numerically stable log-softmax of a column with det_exp / det_log.
void log_softmax(const double* logits, int n, double* out);

}  // namespace fastslow::rl2
