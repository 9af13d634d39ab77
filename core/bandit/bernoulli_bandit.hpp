// Bernoulli k-armed bandit task (the environment of RL² Table 1, REFERENCES.md): arm i pays
// 1 with probability p_i, else 0; p_i ~ Beta(a, b) drawn from the task's generator (the task
// prior; RL²'s U[0, 1] is Beta(1, 1), drawn as one uniform() per arm exactly as before the
// prior existed, so existing seeds give the same tasks).
//
// Rewards use common random numbers: arm i's j-th pull reads the j-th draw of arm i's own
// stream, so different policies run on the same seeded task see the same coin for the same
// (arm, pull count). That makes side-by-side comparisons of policies far less noisy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/rng.hpp"

namespace fastslow {

// The task prior: every arm's p ~ Beta(a, b), a, b > 0. Beta(1, 1) = U[0, 1].
struct BetaPrior {
  double a = 1, b = 1;
  bool uniform() const { return a == 1 && b == 1; }
  double mean() const { return a / (a + b); }
};

struct BanditInfo {
  int best_arm = 0;
  double best_p = 0;
};

class BernoulliBandit {
 public:
  // `task_rng` draws the arm probabilities and seeds each arm's reward stream.
  BernoulliBandit(int k, Rng task_rng, BetaPrior prior = {});

  int arms() const { return static_cast<int>(p_.size()); }
  const std::vector<double>& probabilities() const { return p_; }
  BanditInfo info() const { return info_; }
  // Expected regret of pulling `arm` once: best_p - p_arm (pseudo-regret).
  double regret(int arm) const { return info_.best_p - p_[static_cast<size_t>(arm)]; }
  // Pulls `arm` (0 <= arm < k); returns 0 or 1.
  double pull(int arm);

 private:
  std::vector<double> p_;
  std::vector<Rng> reward_streams_;
  BanditInfo info_;
};

// Per-arm success / failure counts and the Beta(1 + s, 1 + f) posterior mean of a uniform
// prior, which is also "one success and one failure per arm" of REFERENCES.md's UCB1/ε-greedy.
// (Policies that know the task prior Beta(a, b) use Beta(a + s, b + f): see policy.hpp.)
class ArmStats {
 public:
  explicit ArmStats(int k) : successes_(static_cast<size_t>(k), 0.0), failures_(static_cast<size_t>(k), 0.0) {}
  int arms() const { return static_cast<int>(successes_.size()); }
  void update(int arm, double reward) {
    (reward > 0 ? successes_ : failures_)[static_cast<size_t>(arm)] += 1;
    ++total_;
  }
  double pulls(int arm) const { return successes_[static_cast<size_t>(arm)] + failures_[static_cast<size_t>(arm)]; }
  double successes(int arm) const { return successes_[static_cast<size_t>(arm)]; }
  double failures(int arm) const { return failures_[static_cast<size_t>(arm)]; }
  double mean(int arm) const { return (successes(arm) + 1.0) / (pulls(arm) + 2.0); }
  uint64_t total_pulls() const { return total_; }

 private:
  std::vector<double> successes_, failures_;
  uint64_t total_ = 0;
};

// Index of the largest score; ties are broken uniformly at random (reservoir sampling over
// the tied arms, one draw per tie), so no arm is favoured by its position.
int argmax_random_tie(const std::vector<double>& scores, Rng& rng);

}  // namespace fastslow
