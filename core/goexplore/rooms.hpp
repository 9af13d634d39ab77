// The keys-and-doors rooms world: a deterministic, sparse-reward grid in the spirit of
// Montezuma's Revenge (the Go-Explore benchmark; Ecoffet et al. 2019, arXiv 1901.10995).
//
// A layout is a `rooms` × `rooms` grid of square rooms (interior `roomSize` × `roomSize`
// tiles) joined by doorways along a random spanning tree (randomised depth-first search from
// the start room, so corridors are long and side branches are dead ends). The treasure lies
// in the room farthest from the start. `keys` locked doors sit on the doorways of the path
// from the start room to the treasure room; key i lies in the part of the world reachable
// once doors 0 .. i-1 are open, preferably in a side branch. Any key opens any door, and a
// door consumes the key. Doors are only on the one path, so no move ever makes the layout
// unsolvable, and the treasure needs all `keys` keys.
//
// Reward: +1 for picking up a key, +10 for the treasure, which ends the episode; 0 otherwise.
// Actions: 0 up, 1 right, 2 down, 3 left; walking into a wall (or a locked door without a key)
// leaves the agent in place. Walking into a locked door with a key opens it (one key spent)
// and moves through.
//
// Sticky actions (Machado et al. 2018, "Revisiting the Arcade Learning Environment"): with
// probability `sticky` the previous executed action is repeated instead of the chosen one.
// The sticky generator is part of the state, so clone()/restore() replays it exactly;
// `reseed_sticky` gives a restored state fresh randomness.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/rng.hpp"

namespace fastslow {

struct RoomsConfig {
  int rooms = 3;      // rooms per side of the grid of rooms
  int room_size = 7;  // interior tiles per side of a room
  int keys = 2;       // locked doors on the path to the treasure (= keys needed)
  uint64_t layout_seed = 1;
};

enum class Tile : uint8_t { Floor = 0, Wall = 1, Door = 2, Key = 3, Treasure = 4 };

constexpr int kRoomsActions = 4;
constexpr double kKeyReward = 1.0, kTreasureReward = 10.0;
// Limits that keep a state small (bit masks of keys taken and doors opened).
constexpr int kRoomsMaxKeys = 16, kRoomsMaxSide = 8, kRoomsMaxRoomSize = 31;

// The static part of a world: tiles, doors, keys, treasure. Immutable once built.
class RoomsLayout {
 public:
  explicit RoomsLayout(const RoomsConfig& config);

  const RoomsConfig& config() const { return config_; }
  int width() const { return width_; }
  int height() const { return height_; }
  Tile tile(int x, int y) const { return tiles_[size_t(y * width_ + x)]; }
  // Index of the door / key at a tile, or -1.
  int door_at(int x, int y) const { return door_index_[size_t(y * width_ + x)]; }
  int key_at(int x, int y) const { return key_index_[size_t(y * width_ + x)]; }
  int start_x() const { return start_x_; }
  int start_y() const { return start_y_; }
  int treasure_x() const { return treasure_x_; }
  int treasure_y() const { return treasure_y_; }
  int num_rooms() const { return config_.rooms * config_.rooms; }
  // Room index (row-major) of an interior or doorway tile; doorways belong to the room left of
  // / above them.
  int room_of(int x, int y) const;
  // Tile coordinates inside the room (0 .. roomSize-1; a doorway gets roomSize).
  int local_x(int x) const { return (x - 1) % (config_.room_size + 1); }
  int local_y(int y) const { return (y - 1) % (config_.room_size + 1); }
  // Rooms on the path from the start room to the treasure room (inclusive).
  const std::vector<int>& path_rooms() const { return path_rooms_; }
  const std::vector<int>& key_rooms() const { return key_rooms_; }
  // The tiles as codes (Tile values), row-major: for frames.
  std::vector<double> tile_codes() const;

 private:
  RoomsConfig config_;
  int width_ = 0, height_ = 0;
  std::vector<Tile> tiles_;
  std::vector<int> door_index_, key_index_;
  int start_x_ = 0, start_y_ = 0, treasure_x_ = 0, treasure_y_ = 0;
  std::vector<int> path_rooms_, key_rooms_;
};

// The complete dynamic state: what clone() returns and restore() takes.
struct RoomsState {
  int16_t x = 0, y = 0;
  uint8_t keys_held = 0;
  int8_t prev_action = -1;  // -1: none yet (the first step is never sticky)
  bool done = false;
  uint32_t keys_taken = 0;  // bit i: key i picked up
  uint32_t doors_open = 0;  // bit i: door i opened
  uint32_t steps = 0;
  double score = 0;
  Rng sticky_rng = Rng(0);

  // The state without the generator and step count, as a 64-bit key (for tables and tests).
  uint64_t key() const {
    // x, y < 2^10 and at most 16 keys (kRoomsMaxSide, kRoomsMaxRoomSize, kRoomsMaxKeys).
    return uint64_t(uint16_t(x)) | uint64_t(uint16_t(y)) << 10 | uint64_t(keys_held) << 20 |
           uint64_t(keys_taken & 0xffff) << 25 | uint64_t(doors_open & 0xffff) << 41;
  }
};

struct RoomsStep {
  double reward = 0;
  bool done = false;
  int action = 0;  // the action executed (differs from the chosen one when it stuck)
};

class RoomsEnv {
 public:
  // `max_steps` = 0: no time limit. `sticky` in [0, 1).
  RoomsEnv(std::shared_ptr<const RoomsLayout> layout, double sticky = 0.0, uint32_t max_steps = 0,
           uint64_t seed = 0);

  void reset();
  RoomsStep step(int action);
  RoomsState clone() const { return s_; }
  void restore(const RoomsState& state) { s_ = state; }
  void reseed_sticky(const Rng& rng) { s_.sticky_rng = rng; }

  const RoomsState& state() const { return s_; }
  const RoomsLayout& layout() const { return *layout_; }
  std::shared_ptr<const RoomsLayout> layout_ptr() const { return layout_; }
  double sticky() const { return sticky_; }
  uint32_t max_steps() const { return max_steps_; }
  bool treasure_reached() const { return s_.done && s_.x == layout_->treasure_x() && s_.y == layout_->treasure_y(); }

 private:
  std::shared_ptr<const RoomsLayout> layout_;
  double sticky_;
  uint32_t max_steps_;
  Rng seed_rng_;
  RoomsState s_;
};

// A Go-Explore cell: (room, x, y, keys held), x and y inside the room divided by `conflate`
// (1 = one cell per tile; larger values merge conflate × conflate tiles).
uint64_t rooms_cell(const RoomsLayout& layout, const RoomsState& s, int conflate = 1);

// Breadth-first search over the deterministic dynamics (no sticky actions) from the start:
// the fewest steps to the treasure, or -1 if unreachable. `max_pickups` caps the keys the
// agent may pick up (the others act as floor), to show how many keys the treasure needs.
int rooms_shortest_solution(const RoomsLayout& layout, int max_pickups = kRoomsMaxKeys);

}  // namespace fastslow
