// ε-greedy (Sutton & Barto, "Reinforcement Learning: An Introduction", 2nd ed., §2.2): with
// probability ε pull a uniformly random arm, otherwise the arm with the highest estimate.
// Estimates start from one success and one failure per arm (REFERENCES.md, RL² Table 1
// protocol), i.e. the posterior mean (s + 1) / (n + 2); ties are broken at random. These
// pseudo-counts are the protocol's, whatever the task prior (ε-greedy does not know it).
// ε = 0 is the "Greedy" column of the table (policies/greedy.cpp).
// Index diagnostic: the estimates (also on an exploring pull, where they were not used).
#include "bandit/policy.hpp"

namespace fastslow {
namespace {

class EpsilonGreedyPolicy final : public BanditPolicy {
 public:
  explicit EpsilonGreedyPolicy(double epsilon) : epsilon_(epsilon) {}

  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng, std::vector<double>* index) override {
    const int k = stats.arms();
    if (epsilon_ > 0 && rng.uniform() < epsilon_) {
      if (index) pseudo_count_means(stats, *index);
      return static_cast<int>(rng.below(static_cast<uint64_t>(k)));
    }
    pseudo_count_means(stats, means_);
    if (index) *index = means_;
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
