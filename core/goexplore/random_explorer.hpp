// Baseline: uniform random exploration. Episodes of `episode_steps` steps from the start,
// each action drawn uniformly (no repetition, no memory) — the lower bound every method of
// Ecoffet et al. (2019) and Tang et al. (2017) is compared against.
#pragma once
#include <memory>

#include "goexplore/explorer.hpp"

namespace fastslow {

class RandomExplorer final : public Explorer {
 public:
  RandomExplorer(std::shared_ptr<const RoomsLayout> layout, uint32_t episode_steps, Rng rng)
      : rng_(rng), env_(std::move(layout), 0.0, episode_steps), stats_(env_.layout()) {}

  uint64_t advance(uint64_t frames) override {
    for (uint64_t i = 0; i < frames; ++i) {
      const RoomsStep r = env_.step(int(rng_.below(kRoomsActions)));
      stats_.observe(env_.state(), env_.treasure_reached());
      if (r.done) env_.reset();
    }
    return frames;
  }
  const ExplorationStats& stats() const override { return stats_; }

 private:
  Rng rng_;
  RoomsEnv env_;
  ExplorationStats stats_;
};

}  // namespace fastslow
