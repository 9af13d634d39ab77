// Go-Explore phase 2, robustification by the backward algorithm (Salimans & Chen 2018,
// "Learning Montezuma's Revenge from a Single Demonstration", arXiv 1812.03381; used by
// Ecoffet et al. 2019, section 2.2).
//
// The demonstration is the best phase-1 trajectory (actions from reset in the deterministic
// world); replaying it gives its states s_0 .. s_T and its final score G. Training episodes
// start from the saved state s_τ, τ starting at T − Δ, and run in the *sticky-action* world
// (p = `sticky`) for at most 2(T − τ) + 100 steps. An episode succeeds (and ends) when its
// score reaches G; a demonstration of score 0 has nothing to reproduce and never succeeds. Once `window` episodes at the current τ succeed at a rate ≥ `threshold`, τ moves back
// by Δ (`back_steps`); training ends when it succeeds from τ = 0 (or the frame budget ends).
//
// The policy is tabular (a deliberate simplification of the paper's PPO-trained network; the
// world is small): ε-greedy Q-learning on the full state key,
//   Q(s,a) ← Q(s,a) + α [ r + γ max_a' Q(s',a') − Q(s,a) ],
// with the chosen (not the executed, possibly stuck) action updated, as an agent that cannot
// see stickiness would. Evaluation: episodes from reset in the sticky world, ε-greedy (random
// tie-breaking, so unseen states get a random action) with probability `eval_epsilon` of a
// random action, success = score ≥ G.
#pragma once
#include <memory>
#include <vector>

#include "goexplore/q_learning.hpp"

namespace fastslow {

struct BackwardConfig {
  double sticky = 0.25;      // probability of repeating the previous action
  int back_steps = 10;       // Δ: how far τ moves back after a success
  int window = 20;           // episodes per decision at one τ
  double threshold = 0.8;    // success rate needed to move τ back
  double alpha = 0.2, gamma = 0.99, epsilon = 0.05;
  // Probability of a random action in evaluation episodes: the trained ε-greedy policy, as DQN
  // is evaluated with ε = 0.05 (Mnih et al. 2015). A fully greedy tabular policy can cycle
  // between states whose values have not converged (measured on a 5×5-room layout: 1% success
  // greedy, 85% at ε = 0.01, 100% at ε = 0.05 from the same table).
  double eval_epsilon = 0.05;
};

class BackwardTrainer {
 public:
  BackwardTrainer(std::shared_ptr<const RoomsLayout> layout, const std::vector<int>& demo,
                  const BackwardConfig& config, Rng rng);

  // Runs training episodes for about `frames` frames (whole episodes); returns frames used.
  uint64_t train(uint64_t frames);
  bool trained() const { return trained_; }
  // One greedy evaluation episode from reset under sticky actions; returns its frames.
  uint64_t evaluate_episode();

  int tau() const { return tau_; }
  int demo_length() const { return int(demo_states_.size()) - 1; }
  double demo_score() const { return target_; }
  uint64_t train_frames() const { return train_frames_; }
  uint64_t train_episodes() const { return train_episodes_; }
  double window_rate() const { return window_n_ ? double(window_ok_) / window_n_ : 0; }
  int eval_episodes() const { return eval_n_; }
  int eval_successes() const { return eval_ok_; }
  const std::vector<RoomsState>& demo_states() const { return demo_states_; }
  // (frame, τ) each time τ moved.
  const std::vector<std::pair<uint64_t, int>>& tau_history() const { return tau_history_; }

 private:
  // Runs one episode from `start` with at most `limit` steps; returns success.
  bool episode(const RoomsState& start, uint32_t limit, bool learn, double epsilon, uint64_t& frames);

  BackwardConfig config_;
  Rng rng_;
  RoomsEnv env_;
  std::vector<RoomsState> demo_states_;
  double target_ = 0;
  QTable q_;
  int tau_ = 0;
  bool trained_ = false;
  int window_n_ = 0, window_ok_ = 0;
  uint64_t train_frames_ = 0, train_episodes_ = 0;
  int eval_n_ = 0, eval_ok_ = 0;
  std::vector<std::pair<uint64_t, int>> tau_history_;
};

}  // namespace fastslow
