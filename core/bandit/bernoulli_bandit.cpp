#include "bandit/bernoulli_bandit.hpp"

#include "common/variates.hpp"

namespace fastslow {

BernoulliBandit::BernoulliBandit(int k, Rng task_rng, BetaPrior prior) {
  p_.reserve(static_cast<size_t>(k));
  reward_streams_.reserve(static_cast<size_t>(k));
  Rng probs = task_rng.split(0);
  for (int i = 0; i < k; ++i) {
    // U[0, 1] keeps its one uniform() per arm (bit-identical tasks for existing seeds).
    p_.push_back(prior.uniform() ? probs.uniform() : beta_variate(prior.a, prior.b, probs));
    reward_streams_.push_back(task_rng.split(1 + static_cast<uint64_t>(i)));
    if (p_.back() > info_.best_p || i == 0) info_ = {i, p_.back()};
  }
}

double BernoulliBandit::pull(int arm) {
  const auto a = static_cast<size_t>(arm);
  return reward_streams_[a].uniform() < p_[a] ? 1.0 : 0.0;
}

int argmax_random_tie(const std::vector<double>& scores, Rng& rng) {
  int best = 0;
  uint64_t ties = 1;
  for (size_t i = 1; i < scores.size(); ++i) {
    if (scores[i] > scores[static_cast<size_t>(best)]) {
      best = static_cast<int>(i);
      ties = 1;
    } else if (scores[i] == scores[static_cast<size_t>(best)] && rng.below(++ties) == 0) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

}  // namespace fastslow
