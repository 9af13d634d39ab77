// ε-greedy (Sutton & Barto, "Reinforcement Learning: An Introduction", 2nd ed., §2.2): with
// probability ε pull a uniformly random arm, otherwise the arm with the highest estimate.
// Estimates start from one success and one failure per arm (REFERENCES.md, RL² Table 1
// protocol), i.e. the posterior mean (s + 1) / (n + 2); ties are broken at random.
// ε = 0 is the "Greedy" column of the table.
#include "bandit/policy.hpp"

namespace fastslow {
namespace {

class EpsilonGreedyPolicy final : public BanditPolicy {
 public:
  explicit EpsilonGreedyPolicy(double epsilon) : epsilon_(epsilon) {}

  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng) override {
    const int k = stats.arms();
    if (epsilon_ > 0 && rng.uniform() < epsilon_) return static_cast<int>(rng.below(static_cast<uint64_t>(k)));
    means_.resize(static_cast<size_t>(k));
    for (int i = 0; i < k; ++i) means_[static_cast<size_t>(i)] = stats.mean(i);
    return argmax_random_tie(means_, rng);
  }

 private:
  double epsilon_;
  std::vector<double> means_;  // scratch, reused across pulls
};

}  // namespace

std::unique_ptr<BanditPolicy> make_epsilon_greedy_policy(double epsilon) {
  return std::make_unique<EpsilonGreedyPolicy>(epsilon);
}

}  // namespace fastslow
