// The backward algorithm (Salimans & Chen 2018) with a tabular policy: see backward.hpp.
#include "goexplore/backward.hpp"

#include <algorithm>

namespace fastslow {

BackwardTrainer::BackwardTrainer(std::shared_ptr<const RoomsLayout> layout, const std::vector<int>& demo,
                                 const BackwardConfig& config, Rng rng)
    : config_(config), rng_(rng.split(1)), env_(layout, 0.0, 0, 0) {
  // Replay the demonstration deterministically to recover s_0 .. s_T.
  demo_states_.push_back(env_.clone());
  for (int a : demo) {
    env_.step(a);
    demo_states_.push_back(env_.clone());
  }
  target_ = demo_states_.back().score;
  env_ = RoomsEnv(std::move(layout), config_.sticky, 0, rng.split(2).next_u64());
  tau_ = std::max(0, demo_length() - config_.back_steps);
  tau_history_.emplace_back(0, tau_);
  if (demo_length() == 0) trained_ = true;  // nothing to learn from an empty demonstration
}

bool BackwardTrainer::episode(const RoomsState& start, uint32_t limit, bool learn, double epsilon, uint64_t& frames) {
  RoomsState s0 = start;
  s0.sticky_rng = Rng(rng_.next_u64());  // fresh sticky randomness for every episode
  s0.steps = 0;
  env_.restore(s0);
  // An episode ends when it reaches the demonstration's score (or the treasure ends it).
  const auto reached = [&] { return target_ > 0 && env_.state().score >= target_; };
  for (uint32_t t = 0; t < limit && !env_.state().done && !reached(); ++t) {
    const RoomsState s = env_.state();
    auto& qs = q_[s.key()];
    const bool explore = epsilon > 0 && rng_.bernoulli(epsilon);
    const int a = explore ? int(rng_.below(kRoomsActions)) : greedy_action(qs, rng_);
    const RoomsStep r = env_.step(a);
    ++frames;
    if (learn) {
      double target = r.reward;
      if (!env_.state().done) {
        const auto it = q_.find(env_.state().key());
        if (it != q_.end()) target += config_.gamma * *std::max_element(it->second.begin(), it->second.end());
      }
      qs[size_t(a)] += config_.alpha * (target - qs[size_t(a)]);
    }
  }
  return reached();
}

uint64_t BackwardTrainer::train(uint64_t frames) {
  uint64_t used = 0;
  while (used < frames && !trained_) {
    const uint32_t limit = uint32_t(2 * (demo_length() - tau_) + 100);
    const bool ok = episode(demo_states_[size_t(tau_)], limit, true, config_.epsilon, used);
    ++train_episodes_;
    ++window_n_;
    window_ok_ += ok ? 1 : 0;
    if (window_n_ >= config_.window) {
      if (double(window_ok_) >= config_.threshold * window_n_) {
        if (tau_ == 0) {
          trained_ = true;
        } else {
          tau_ = std::max(0, tau_ - config_.back_steps);
          tau_history_.emplace_back(train_frames_ + used, tau_);
        }
      }
      window_n_ = window_ok_ = 0;
    }
  }
  train_frames_ += used;
  return used;
}

uint64_t BackwardTrainer::evaluate_episode() {
  uint64_t used = 0;
  const uint32_t limit = uint32_t(2 * demo_length() + 100);
  const bool ok = episode(demo_states_[0], limit, false, config_.eval_epsilon, used);
  ++eval_n_;
  eval_ok_ += ok ? 1 : 0;
  return used;
}

}  // namespace fastslow
