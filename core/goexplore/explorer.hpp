// What every exploration method on the rooms world reports, measured the same way: frames
// used (environment steps; restoring a saved state costs none, as in Ecoffet et al.), the
// number of distinct cells (room, x, y, keys held; conflation 1) visited, the best episode
// score, and the frame at which the treasure was first reached.
#pragma once
#include <cstdint>
#include <unordered_set>

#include "goexplore/rooms.hpp"

namespace fastslow {

class ExplorationStats {
 public:
  explicit ExplorationStats(const RoomsLayout& layout) : layout_(&layout) {}

  // Records one environment step that ended in `s` (with `s.score` so far this episode).
  void observe(const RoomsState& s, bool treasure) {
    ++frames_;
    cells_.insert(rooms_cell(*layout_, s, 1));
    if (s.score > best_score_) best_score_ = s.score;
    if (treasure && treasure_frame_ < 0) treasure_frame_ = double(frames_);
  }

  uint64_t frames() const { return frames_; }
  size_t cells() const { return cells_.size(); }
  double best_score() const { return best_score_; }
  double treasure_frame() const { return treasure_frame_; }  // -1: not reached

 private:
  const RoomsLayout* layout_;
  uint64_t frames_ = 0;
  std::unordered_set<uint64_t> cells_;
  double best_score_ = 0, treasure_frame_ = -1;
};

// An exploration method run under a frame budget.
class Explorer {
 public:
  virtual ~Explorer() = default;
  // Runs about `frames` more environment steps (an exploration burst or episode step may
  // overshoot by less than one burst). Returns the frames used.
  virtual uint64_t advance(uint64_t frames) = 0;
  virtual const ExplorationStats& stats() const = 0;
};

}  // namespace fastslow
