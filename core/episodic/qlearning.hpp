// Tabular ε-greedy Q-learning: Watkins & Dayan 1992, "Q-learning", Machine Learning 8:279-292;
// Sutton & Barto 2018 §6.5. The slow tabular baseline of the episodic-control comparison.
//
//   Q(s, a) ← Q(s, a) + α (r + γ · discount · max_a' Q(s', a') − Q(s, a)),   Q initialised to 0,
//   acting ε-greedy with ε annealed linearly from eps_start to eps_end over eps_frames frames.
// The state is the maze cell (Observation::cell): see agent.hpp.
#pragma once
#include <algorithm>

#include "episodic/agent.hpp"

namespace fastslow::episodic {

struct QLearningConfig {
  double alpha = 0.1;        // step size
  double gamma = 0.99;       // discount
  double eps_start = 1.0;    // initial exploration
  double eps_end = 0.01;     // final exploration
  double eps_frames = 20000; // annealing length (the comparison's one schedule: nec.hpp)
};

class QLearning final : public Agent {
 public:
  QLearning(const QLearningConfig& config, int states, int actions, Rng rng)
      : config_(config), actions_(actions), rng_(rng), q_(static_cast<size_t>(states) * static_cast<size_t>(actions), 0.0) {}
  std::string name() const override { return "qlearning"; }
  int act(const Observation& o) override {
    state_ = o.cell;
    return epsilon_greedy(row(o.cell), linear_epsilon(config_.eps_start, config_.eps_end, config_.eps_frames, frames_++), rng_);
  }
  void end_step(int action, double reward, double discount, const Observation& next, bool) override {
    double best = 0;
    if (discount > 0) {
      const auto r = row(next.cell);
      best = *std::max_element(r.begin(), r.end());
    }
    double& q = q_[static_cast<size_t>(state_) * static_cast<size_t>(actions_) + static_cast<size_t>(action)];
    q += config_.alpha * (reward + config_.gamma * discount * best - q);
  }
  std::vector<double> q_values(const Observation& o) override { return row(o.cell); }
  double memory_bytes() const override { return static_cast<double>(q_.size()) * 8; }

 private:
  std::vector<double> row(int s) const {
    const auto* p = q_.data() + static_cast<size_t>(s) * static_cast<size_t>(actions_);
    return {p, p + actions_};
  }
  QLearningConfig config_;
  int actions_;
  Rng rng_;
  std::vector<double> q_;
  int state_ = 0;
  uint64_t frames_ = 0;
};

}  // namespace fastslow::episodic
