// Random policy: every pull picks an arm uniformly at random. The "Random" column of RL²
// Table 1 (Duan et al. 2016, arXiv 1611.02779): expected total reward n/2 under p ~ U[0,1]
// (n * prior mean in general).
// Index diagnostic: the pseudo-count mean (s + 1) / (n + 2) of each arm (it ranks nothing).
#include "bandit/policy.hpp"

namespace fastslow {
namespace {

class RandomPolicy final : public BanditPolicy {
 public:
  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng, std::vector<double>* index) override {
    if (index) pseudo_count_means(stats, *index);
    return static_cast<int>(rng.below(static_cast<uint64_t>(stats.arms())));
  }
};

}  // namespace

std::unique_ptr<BanditPolicy> make_random_policy() { return std::make_unique<RandomPolicy>(); }

}  // namespace fastslow
