// Go-Explore phase 1, "first return, then explore" (Ecoffet, Huizinga, Lehman, Stanley & Clune
// 2019, arXiv 1901.10995; REFERENCES.md "Go-Explore"), on the rooms world.
//
// The archive maps a cell (room, x, y, keys held; x and y optionally conflated) to the best
// trajectory found to it: its saved simulator state, score, length and counters. One
// iteration:
//   1. select a cell with weight W(c) = Σ_a 1/sqrt(C_a(c) + 0.5) over the counters
//      a ∈ {times chosen, times chosen since it last led to a new or improved cell, times
//      seen} (the paper's count score with all weights 1 and power 1/2; terminal cells, where
//      the treasure ended the episode, get weight 0);
//   2. return to it by restoring its saved state (costs no frames, as in the paper);
//   3. explore up to `explore_steps` steps of random actions, each repeating the previous
//      action with probability `repeat_prob` (the paper: 100 steps, 0.95);
//   4. update the archive at every step: add a new cell; replace a cell's entry when it is
//      reached with a higher score, or the same score by a shorter trajectory; count a visit.
// Trajectories are kept as a tree of (parent, action) nodes shared by all cells.
#pragma once
#include <memory>
#include <unordered_map>
#include <vector>

#include "goexplore/explorer.hpp"

namespace fastslow {

struct GoExploreConfig {
  int explore_steps = 100;    // steps of one exploration burst
  double repeat_prob = 0.95;  // probability of repeating the previous action in a burst
  int conflate = 1;           // cell = tiles divided by this (1: one cell per tile)
};

class GoExplore final : public Explorer {
 public:
  struct Cell {
    uint64_t key = 0;
    RoomsState state;
    double score = 0;
    uint32_t length = 0;  // trajectory length from reset
    int32_t node = -1;    // last node of the trajectory (-1: the empty trajectory)
    uint32_t chosen = 0, since_new = 0, seen = 0;
    uint64_t found_frame = 0;  // frame at which the cell entered the archive
  };

  GoExplore(std::shared_ptr<const RoomsLayout> layout, const GoExploreConfig& config, Rng rng);

  uint64_t advance(uint64_t frames) override;
  const ExplorationStats& stats() const override { return stats_; }

  // One select–return–explore iteration; returns the frames it used.
  uint64_t iterate();

  const std::vector<Cell>& archive() const { return archive_; }
  double weight(const Cell& c) const;
  // The archive entry with the highest score, then the shortest trajectory.
  int best_cell() const;
  // The actions from reset that lead to cell i (replayed deterministically).
  std::vector<int> trajectory(int i) const;
  int last_chosen() const { return last_chosen_; }
  // Tile positions visited by the last exploration burst (starting at the chosen cell).
  const std::vector<int>& last_burst() const { return burst_; }  // x0, y0, x1, y1, ...

 private:
  struct Node {
    int32_t parent;
    uint8_t action;
  };
  int select();

  std::shared_ptr<const RoomsLayout> layout_;
  GoExploreConfig config_;
  Rng rng_;
  RoomsEnv env_;
  ExplorationStats stats_;
  std::vector<Cell> archive_;
  std::unordered_map<uint64_t, int> index_;
  std::vector<Node> nodes_;
  std::vector<double> weights_;
  int last_chosen_ = -1;
  std::vector<int> burst_;
};

}  // namespace fastslow
