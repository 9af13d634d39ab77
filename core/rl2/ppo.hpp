// RL²'s outer loop ("slow RL"): proximal policy optimisation with the clipped surrogate
// (Schulman et al. 2017, arXiv 1707.06347, eq. 7) and generalised advantage estimation
// (Schulman et al. 2016, arXiv 1506.02438, eq. 16), over batches of whole trials with
// back-propagation through each trial; Adam, gradient clipping by global norm, entropy bonus.
//
// Why PPO and not the paper's TRPO: with a recurrent policy, TRPO's natural-gradient step
// needs Fisher-vector products through BPTT inside a conjugate-gradient loop plus a line
// search, all in double the code; PPO's clipped objective reaches the same trust-region
// effect with first-order steps that reuse the one BPTT backward and nn::Adam, and it is the
// usual replacement for TRPO in later RL² reproductions. Several epochs per batch also make
// it more sample-efficient, which matters on this machine.
//
// The trial is the RL episode: GAE runs over the whole trial, episode boundaries inside it are
// not terminal (the agent maximises the trial's total reward), and the value is bootstrapped to
// 0 after the trial's last step.
//
// Determinism: everything derives from the seed through Rng splits (init, tasks, actions,
// minibatch order), so a run is reproducible on one platform; across native/wasm only Eigen's
// summation order may differ.
//
// Work is sliced so a worker can interleave it (rl2-train): one unit = one time step of the
// whole batch of trials while collecting, or one minibatch gradient step while updating.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "nn/adam.hpp"
#include "rl2/rl2_net.hpp"
#include "rl2/trial_env.hpp"

namespace fastslow::rl2 {

struct PpoConfig {
  int batch_trials = 128;     // trials collected per iteration
  int minibatch_trials = 32;  // trials per gradient step
  int epochs = 4;             // passes over each batch
  double gamma = 1.0;         // discount over the trial
  double lambda = 0.95;       // GAE λ
  double clip = 0.2;          // ε of the clipped ratio
  double lr = 1e-3;           // Adam step size (decays linearly to lr_final over `iterations`)
  double lr_final = 1e-4;
  double max_grad_norm = 1.0;
  double entropy_coef = 0.01;  // entropy bonus, decays linearly to entropy_final over `iterations`
  double entropy_final = 0.0;
  double value_coef = 0.5;
  double value_scale = 1.0;  // the value head predicts return / value_scale
  int64_t iterations = 1000; // schedule length (training may stop earlier or run on at the final values)
};

// Statistics of the last completed iteration.
struct IterationStats {
  int64_t iteration = 0, env_steps = 0;
  double mean_return = 0;  // mean total reward per trial of the collected batch
  double entropy = 0, approx_kl = 0, clip_fraction = 0, value_loss = 0, grad_norm = 0;
};

// A minibatch of M trials, T steps: inputs per step (I × M) and T × M matrices.
struct Minibatch {
  std::vector<Mat> xs;
  Eigen::MatrixXi actions;
  Mat logp_old, adv, ret, mask;
};
struct LossStats {
  double loss = 0, approx_kl = 0, clip_fraction = 0, value_loss = 0, entropy = 0, count = 0;
};
// PPO's loss on a minibatch, averaged over its valid steps:
//   −min(ρA, clip(ρ, 1 ± ε)A) + c_v · ½(v − R/value_scale)² − c_e · H(π)
// and, when `grad` is given, ADDS its gradient in the parameters.
LossStats ppo_loss(const Rl2Net& net, const Vec& params, const Minibatch& mb, const PpoConfig& config,
                   double entropy_coef, Vec* grad);

using EnvFactory = std::function<std::unique_ptr<TrialEnv>()>;

class PpoTrainer {
 public:
  PpoTrainer(EnvFactory make_env, NetShape shape, PpoConfig config, uint64_t seed);

  // One unit of work; returns true when it completed an iteration.
  bool work();
  // Units until the current iteration completes.
  void iterate();

  const Rl2Net& net() const { return net_; }
  const Vec& params() const { return params_; }
  // Starts from given parameters (a warm start / curriculum); before the first iteration.
  void set_params(const Vec& p);
  const PpoConfig& config() const { return config_; }
  int64_t iteration() const { return iteration_; }
  int64_t env_steps() const { return env_steps_; }
  const IterationStats& last() const { return last_; }
  // Units the current iteration needs in all (collection steps + gradient steps), and done so far.
  int64_t units_per_iteration() const;
  int64_t units_done_in_iteration() const;

 private:
  void start_collection();
  void collect_step();
  void finish_collection();
  void update_step();
  double schedule(double start, double end) const;

  EnvFactory make_env_;
  Rl2Net net_;
  PpoConfig config_;
  uint64_t seed_;
  Vec params_;
  nn::Adam adam_;
  std::vector<std::unique_ptr<TrialEnv>> envs_;
  int64_t iteration_ = 0, env_steps_ = 0, trials_started_ = 0;
  IterationStats last_;

  // Collection state.
  bool collecting_ = true;
  int t_ = 0;
  Mat h_;
  std::vector<int> prev_action_;
  std::vector<double> prev_reward_;
  std::vector<char> prev_done_, alive_;
  Rng action_rng_;
  // The batch: per time step, inputs (I × B) and per-(t, b) data in T × B matrices.
  std::vector<Mat> xs_;
  std::vector<std::vector<int>> actions_;
  std::vector<std::vector<double>> logp_, values_, rewards_, mask_;
  Mat adv_, ret_;  // T × B
  // Update state.
  std::vector<int> order_;
  int grad_step_ = 0;
  double kl_sum_ = 0, clip_sum_ = 0, vloss_sum_ = 0, ent_sum_ = 0, norm_sum_ = 0, count_sum_ = 0;
};

// Plays one trial of `env` (already reset) with `params`: actions sampled from the policy with
// `action_rng`, or the most probable action when `greedy`. Returns the total reward. When given,
// `probs` and `hidden` receive per step the action probabilities and the GRU state.
double play_trial(const Rl2Net& net, const Vec& params, TrialEnv& env, Rng& action_rng, bool greedy,
                  std::vector<std::vector<double>>* probs = nullptr, std::vector<std::vector<double>>* hidden = nullptr,
                  std::vector<int>* actions = nullptr, std::vector<double>* rewards = nullptr);

}  // namespace fastslow::rl2
