// A uniform replay buffer of fixed capacity (a ring): the experience store of DQN (Mnih et al.
// 2015) and NEC (Pritzel et al. 2017). Observations are stored as float32 rows.
#pragma once
#include <cstdint>
#include <vector>

#include "common/rng.hpp"

namespace fastslow::episodic {

struct ReplayItem {
  int action = 0;
  double reward = 0;    // DQN: r;  NEC: the N-step target Q^(N)
  double discount = 0;  // DQN: γ · discount of the next state (0 at a terminal state)
};

class Replay {
 public:
  Replay(int obs_size, int64_t capacity, bool with_next)
      : obs_size_(obs_size), capacity_(capacity), with_next_(with_next) {}
  void add(const std::vector<double>& obs, const ReplayItem& item, const std::vector<double>* next = nullptr) {
    const auto slot = static_cast<size_t>(next_slot_);
    if (static_cast<int64_t>(items_.size()) < capacity_) {
      items_.push_back(item);
      obs_.resize(obs_.size() + static_cast<size_t>(obs_size_));
      if (with_next_) next_obs_.resize(next_obs_.size() + static_cast<size_t>(obs_size_));
    } else {
      items_[slot] = item;
    }
    for (int i = 0; i < obs_size_; ++i) obs_[slot * static_cast<size_t>(obs_size_) + static_cast<size_t>(i)] = static_cast<float>(obs[static_cast<size_t>(i)]);
    if (with_next_ && next)
      for (int i = 0; i < obs_size_; ++i) next_obs_[slot * static_cast<size_t>(obs_size_) + static_cast<size_t>(i)] = static_cast<float>((*next)[static_cast<size_t>(i)]);
    next_slot_ = (next_slot_ + 1) % capacity_;
  }
  int64_t size() const { return static_cast<int64_t>(items_.size()); }
  int64_t sample(Rng& rng) const { return static_cast<int64_t>(rng.below(static_cast<uint64_t>(size()))); }
  const ReplayItem& item(int64_t i) const { return items_[static_cast<size_t>(i)]; }
  const float* obs(int64_t i) const { return obs_.data() + static_cast<size_t>(i) * static_cast<size_t>(obs_size_); }
  const float* next_obs(int64_t i) const { return next_obs_.data() + static_cast<size_t>(i) * static_cast<size_t>(obs_size_); }
  double memory_bytes() const {
    return static_cast<double>(obs_.capacity() + next_obs_.capacity()) * 4 + static_cast<double>(items_.capacity() * sizeof(ReplayItem));
  }
  static double estimate_bytes(int obs_size, int64_t capacity, bool with_next) {
    return static_cast<double>(capacity) * (4.0 * obs_size * (with_next ? 2 : 1) + sizeof(ReplayItem));
  }

 private:
  int obs_size_;
  int64_t capacity_;
  bool with_next_;
  int64_t next_slot_ = 0;
  std::vector<ReplayItem> items_;
  std::vector<float> obs_, next_obs_;
};

}  // namespace fastslow::episodic
