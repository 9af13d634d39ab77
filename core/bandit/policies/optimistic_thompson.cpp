// Optimistic Thompson sampling (OTS): Thompson sampling whose draws are never below the
// posterior mean, θ_i = max(θ̃_i, E[p_i | data]) with θ̃_i ~ Beta(a + S_i, b + F_i) under the true
// task prior Beta(a, b) (REFERENCES.md: "sample from the posterior, use max(sample, posterior
// mean)"). Chapelle & Li 2011, "An empirical evaluation of Thompson sampling", NIPS, §3 (the
// optimistic variant); May, Korda, Lee & Leslie 2012, "Optimistic Bayesian sampling in
// contextual-bandit problems", JMLR 13:2069-2106, eq. for the OBS index.
// Beta draws as in thompson.cpp (ziggurat-based Marsaglia-Tsang, per-arm shape constants kept).
// Index diagnostic: the θ_i of this decision (after the max).
#include <algorithm>

#include "bandit/policy.hpp"
#include "common/variates.hpp"

namespace fastslow {
namespace {

class OptimisticThompsonPolicy final : public BanditPolicy {
 public:
  explicit OptimisticThompsonPolicy(BetaPrior prior) : prior_(prior) {}

  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng, std::vector<double>* index) override {
    const int k = stats.arms();
    scores_.resize(static_cast<size_t>(k));
    shapes_.refresh(stats, prior_);
    for (int i = 0; i < k; ++i) {
      const BetaPosterior post = posterior(stats, i, prior_);
      scores_[static_cast<size_t>(i)] = std::max(shapes_.draw(i, rng), post.mean());
    }
    if (index) *index = scores_;
    return argmax_random_tie(scores_, rng);
  }

 private:
  BetaPrior prior_;
  PosteriorShapes shapes_;      // cache: a pure function of the counts
  std::vector<double> scores_;  // scratch
};

}  // namespace

std::unique_ptr<BanditPolicy> make_optimistic_thompson_policy(BetaPrior prior) {
  return std::make_unique<OptimisticThompsonPolicy>(prior);
}

}  // namespace fastslow
