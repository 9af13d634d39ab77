// UCB1 (Auer, Cesa-Bianchi & Fischer 2002, "Finite-time analysis of the multiarmed bandit
// problem", Machine Learning 47:235-256, Figure 1): pull the arm maximising
//     x̄_i + c * sqrt(2 ln t / n_i)
// where the paper's UCB1 is c = 1; c is the exploration constant RL² grid-searched.
// Pseudo-observations (REFERENCES.md: UCB1 "starts from one success and one failure per arm"):
//   n_i = N_i + 2          pulls of arm i, counting its two pseudo-observations;
//   x̄_i = (S_i + 1) / n_i  its mean over real and pseudo-observations;
//   t   = T + 2k = Σ_i n_i all observations so far, pseudo ones included (T real pulls).
// So every arm counts as played twice before the first pull (the paper's "play each arm once"
// initialisation is replaced by the pseudo-observations): at T = 0 all indices are equal and
// the first pull is a uniformly random tie-break; ln t >= ln 4 > 0 always.
// Index diagnostic: the UCB values.
#include <cmath>

#include "bandit/policy.hpp"
#include "common/variates.hpp"

namespace fastslow {
namespace {

class Ucb1Policy final : public BanditPolicy {
 public:
  explicit Ucb1Policy(double c) : c_(c) {}

  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng, std::vector<double>* index) override {
    const int k = stats.arms();
    const double t = static_cast<double>(stats.total_pulls()) + 2.0 * k;
    const double two_ln_t = 2 * det_log(t);  // deterministic log: same bits natively and in wasm
    scores_.resize(static_cast<size_t>(k));
    for (int i = 0; i < k; ++i) {
      const double n_i = stats.pulls(i) + 2;
      const double mean = (stats.successes(i) + 1) / n_i;
      scores_[static_cast<size_t>(i)] = mean + c_ * std::sqrt(two_ln_t / n_i);
    }
    if (index) *index = scores_;
    return argmax_random_tie(scores_, rng);
  }

 private:
  double c_;
  std::vector<double> scores_;  // scratch
};

}  // namespace

std::unique_ptr<BanditPolicy> make_ucb1_policy(double c) { return std::make_unique<Ucb1Policy>(c); }

}  // namespace fastslow
