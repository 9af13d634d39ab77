// Random policy: every pull picks an arm uniformly at random. The "Random" column of RL²
// Table 1 (Duan et al. 2016, arXiv 1611.02779): expected total reward n/2 under p ~ U[0,1].
#include "bandit/policy.hpp"

namespace fastslow {
namespace {

class RandomPolicy final : public BanditPolicy {
 public:
  int select(const ArmStats& stats, uint64_t, uint64_t, Rng& rng) override {
    return static_cast<int>(rng.below(static_cast<uint64_t>(stats.arms())));
  }
};

}  // namespace

std::unique_ptr<BanditPolicy> make_random_policy() { return std::make_unique<RandomPolicy>(); }

}  // namespace fastslow
