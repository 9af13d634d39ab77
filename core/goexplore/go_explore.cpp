// Go-Explore phase 1 (Ecoffet et al. 2019, arXiv 1901.10995): see go_explore.hpp for the
// algorithm and the symbols. Comments below name the steps of the paper's loop.
#include "goexplore/go_explore.hpp"

#include <algorithm>
#include <cmath>

namespace fastslow {

GoExplore::GoExplore(std::shared_ptr<const RoomsLayout> layout, const GoExploreConfig& config, Rng rng)
    : layout_(std::move(layout)), config_(config), rng_(rng), env_(layout_), stats_(*layout_) {
  // The archive starts with the start state's cell.
  Cell start;
  start.state = env_.clone();
  start.key = rooms_cell(*layout_, start.state, config_.conflate);
  start.seen = 1;
  index_.emplace(start.key, 0);
  archive_.push_back(start);
}

double GoExplore::weight(const Cell& c) const {
  if (c.state.done) return 0;  // nothing to explore after the treasure
  return 1 / std::sqrt(c.chosen + 0.5) + 1 / std::sqrt(c.since_new + 0.5) + 1 / std::sqrt(c.seen + 0.5);
}

int GoExplore::select() {
  weights_.resize(archive_.size());
  double total = 0;
  for (size_t i = 0; i < archive_.size(); ++i) total += weights_[i] = weight(archive_[i]);
  if (!(total > 0)) return 0;
  double u = rng_.uniform() * total;
  for (size_t i = 0; i < archive_.size(); ++i) {
    if (u < weights_[i]) return int(i);
    u -= weights_[i];
  }
  // Rounding left u >= 0 past the last weight: the last selectable cell.
  for (size_t i = archive_.size(); i-- > 0;)
    if (weights_[i] > 0) return int(i);
  return 0;
}

uint64_t GoExplore::iterate() {
  // 1. Select.
  const int chosen = select();
  last_chosen_ = chosen;
  ++archive_[size_t(chosen)].chosen;
  ++archive_[size_t(chosen)].since_new;
  // 2. Return: restore the saved state (no frames).
  env_.restore(archive_[size_t(chosen)].state);
  int32_t node = archive_[size_t(chosen)].node;
  uint32_t length = archive_[size_t(chosen)].length;
  burst_.assign({env_.state().x, env_.state().y});
  // 3. Explore with action repetition.
  bool progress = false;
  int action = int(rng_.below(kRoomsActions));
  uint64_t used = 0;
  for (int t = 0; t < config_.explore_steps; ++t) {
    if (t > 0 && !rng_.bernoulli(config_.repeat_prob)) action = int(rng_.below(kRoomsActions));
    const RoomsStep r = env_.step(action);
    ++used;
    nodes_.push_back({node, uint8_t(action)});
    node = int32_t(nodes_.size() - 1);
    ++length;
    const RoomsState& s = env_.state();
    stats_.observe(s, env_.treasure_reached());
    burst_.push_back(s.x);
    burst_.push_back(s.y);
    // 4. Update the archive.
    const uint64_t key = rooms_cell(*layout_, s, config_.conflate);
    const auto it = index_.find(key);
    if (it == index_.end()) {
      Cell c;
      c.key = key;
      c.state = s;
      c.score = s.score;
      c.length = length;
      c.node = node;
      c.seen = 1;
      c.found_frame = stats_.frames();
      index_.emplace(key, int(archive_.size()));
      archive_.push_back(c);
      progress = true;
    } else {
      Cell& c = archive_[size_t(it->second)];
      ++c.seen;
      if (s.score > c.score || (s.score == c.score && length < c.length)) {
        c.state = s;
        c.score = s.score;
        c.length = length;
        c.node = node;
        progress = true;
      }
    }
    if (r.done) break;
  }
  if (progress) archive_[size_t(chosen)].since_new = 0;
  return used;
}

uint64_t GoExplore::advance(uint64_t frames) {
  uint64_t used = 0;
  while (used < frames) used += iterate();
  return used;
}

int GoExplore::best_cell() const {
  int best = 0;
  for (size_t i = 1; i < archive_.size(); ++i) {
    const Cell &c = archive_[i], &b = archive_[size_t(best)];
    if (c.score > b.score || (c.score == b.score && c.length < b.length)) best = int(i);
  }
  return best;
}

std::vector<int> GoExplore::trajectory(int i) const {
  std::vector<int> actions;
  for (int32_t n = archive_[size_t(i)].node; n >= 0; n = nodes_[size_t(n)].parent) actions.push_back(nodes_[size_t(n)].action);
  std::reverse(actions.begin(), actions.end());
  return actions;
}

}  // namespace fastslow
