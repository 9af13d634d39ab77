// Baselines: tabular Q-learning (Watkins & Dayan 1992, "Q-learning", Machine Learning 8)
// with ε-greedy exploration, optionally with the #Exploration count bonus (Tang et al. 2017):
//
//   Q(s,a) ← Q(s,a) + α [ r + r⁺(s') + γ max_a' Q(s',a') − Q(s,a) ],   r⁺(s') = β/sqrt(n(φ(s')))
//
// (r⁺ = 0 without the bonus; max_a' Q(s',·) = 0 when s' is the treasure; an episode cut by
// the time limit still bootstraps). The table is keyed by the full state (position, keys
// held, keys taken, doors opened). Greedy ties are broken uniformly at random.
//
// Q starts at 0 for plain Q-learning and at β/(1−γ), the largest discounted bonus, with the
// count bonus: from Q = 0 a positive bonus would make every tried action look better than an
// untried one, so the bonus would steer the agent back into visited states (measured: it then
// stays in ~50 cells of the start room); optimism keeps untried actions attractive until their
// bonus has been counted down, which is the intent of the bonus.
#pragma once
#include <array>
#include <memory>
#include <unordered_map>

#include "goexplore/count_bonus.hpp"
#include "goexplore/explorer.hpp"

namespace fastslow {

struct QLearningConfig {
  double alpha = 0.1;     // step size
  double gamma = 0.99;    // discount
  double epsilon = 0.05;  // probability of a uniform random action
  uint32_t episode_steps = 1000;
  double beta = 0;        // count-bonus scale; 0 = plain ε-greedy Q-learning (the scenario: 0.003)
  int hash_bits = 32;     // SimHash code length k
  double q_init = 0;      // initial Q value of every action (set to β/(1−γ) with the bonus)
};

using QTable = std::unordered_map<uint64_t, std::array<double, kRoomsActions>>;

// argmax_a q[a] with uniform random tie-breaking.
int greedy_action(const std::array<double, kRoomsActions>& q, Rng& rng);

class QLearningExplorer final : public Explorer {
 public:
  QLearningExplorer(std::shared_ptr<const RoomsLayout> layout, const QLearningConfig& config, Rng rng);

  uint64_t advance(uint64_t frames) override;
  const ExplorationStats& stats() const override { return stats_; }
  const QTable& table() const { return q_; }

 private:
  QLearningConfig config_;
  Rng rng_;
  RoomsEnv env_;
  ExplorationStats stats_;
  std::array<double, kRoomsActions>& row(uint64_t key);

  QTable q_;
  std::unique_ptr<SimHashCounter> counter_;
};

}  // namespace fastslow
