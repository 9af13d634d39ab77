// Thompson sampling (Thompson 1933, "On the likelihood that one unknown probability exceeds
// another in view of the evidence of two samples", Biometrika 25(3/4):285-294; for Bernoulli
// bandits with Beta posteriors see Chapelle & Li 2011, "An empirical evaluation of Thompson
// sampling", NIPS, Algorithm 2): with the true task prior Beta(a, b) (REFERENCES.md: TS gets
// the true prior), arm i's posterior after S_i successes and F_i failures is
// Beta(a + S_i, b + F_i); draw θ_i from it for every arm and pull argmax_i θ_i.
// Beta draws: common/variates.hpp (own gamma/beta sampler on fastslow::Rng, bit-reproducible):
// Marsaglia-Tsang gamma variates from ziggurat normals, exact in distribution (up to double
// rounding); each arm's shape constants are kept between pulls (PosteriorShapes, policy.hpp)
// and recomputed only for the arm whose counts changed. This is the policy's whole cost: one
// Beta draw (two gamma draws, ~2 ziggurat normals and ~2 uniforms) per arm and pull.
// Index diagnostic: the θ_i drawn for this decision.
#include "bandit/policy.hpp"
#include "common/variates.hpp"

namespace fastslow {
namespace {

class ThompsonPolicy final : public BanditPolicy {
 public:
  explicit ThompsonPolicy(BetaPrior prior) : prior_(prior) {}

  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng, std::vector<double>* index) override {
    const int k = stats.arms();
    samples_.resize(static_cast<size_t>(k));
    shapes_.refresh(stats, prior_);
    for (int i = 0; i < k; ++i) samples_[static_cast<size_t>(i)] = shapes_.draw(i, rng);
    if (index) *index = samples_;
    return argmax_random_tie(samples_, rng);
  }

 private:
  BetaPrior prior_;
  PosteriorShapes shapes_;       // cache: a pure function of the counts
  std::vector<double> samples_;  // scratch
};

}  // namespace

std::unique_ptr<BanditPolicy> make_thompson_policy(BetaPrior prior) { return std::make_unique<ThompsonPolicy>(prior); }

}  // namespace fastslow
