// Tabular ε-greedy Q-learning, with or without the SimHash count bonus: see q_learning.hpp.
#include "goexplore/q_learning.hpp"

#include <algorithm>
#include <cmath>

namespace fastslow {

int greedy_action(const std::array<double, kRoomsActions>& q, Rng& rng) {
  const double best = *std::max_element(q.begin(), q.end());
  int ties[kRoomsActions], n = 0;
  for (int a = 0; a < kRoomsActions; ++a)
    if (q[size_t(a)] == best) ties[n++] = a;
  return n == 1 ? ties[0] : ties[rng.below(uint64_t(n))];
}

QLearningExplorer::QLearningExplorer(std::shared_ptr<const RoomsLayout> layout, const QLearningConfig& config, Rng rng)
    : config_(config), rng_(rng.split(1)), env_(std::move(layout), 0.0, config.episode_steps), stats_(env_.layout()) {
  if (config_.beta > 0) counter_ = std::make_unique<SimHashCounter>(env_.layout(), config_.hash_bits, rng.split(2));
}

std::array<double, kRoomsActions>& QLearningExplorer::row(uint64_t key) {
  const auto [it, inserted] = q_.try_emplace(key);
  if (inserted) it->second.fill(config_.q_init);
  return it->second;
}

uint64_t QLearningExplorer::advance(uint64_t frames) {
  for (uint64_t i = 0; i < frames; ++i) {
    const RoomsState s = env_.state();
    auto& qs = row(s.key());
    const int a = rng_.bernoulli(config_.epsilon) ? int(rng_.below(kRoomsActions)) : greedy_action(qs, rng_);
    const RoomsStep r = env_.step(a);
    const RoomsState& n = env_.state();
    stats_.observe(n, env_.treasure_reached());
    double reward = r.reward;
    if (counter_) reward += config_.beta / std::sqrt(double(counter_->visit(n)));
    double target = reward;
    if (!env_.treasure_reached()) {
      const auto& next = row(n.key());
      target += config_.gamma * *std::max_element(next.begin(), next.end());
    }
    // `qs` stays valid: unordered_map never moves its elements on insertion.
    qs[size_t(a)] += config_.alpha * (target - qs[size_t(a)]);
    if (r.done) env_.reset();
  }
  return frames;
}

}  // namespace fastslow
