#include "goexplore/rooms.hpp"

#include <algorithm>
#include <deque>
#include <unordered_set>

namespace fastslow {
namespace {

constexpr int kDx[kRoomsActions] = {0, 1, 0, -1};
constexpr int kDy[kRoomsActions] = {-1, 0, 1, 0};

int popcount(uint32_t v) {
  int n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

// The deterministic move of `s` by action `a` (already resolved for stickiness). A key tile is
// picked up only when fewer than `max_pickups` keys were taken; otherwise it acts as floor.
double transition(const RoomsLayout& L, RoomsState& s, int a, int max_pickups) {
  const int nx = s.x + kDx[a], ny = s.y + kDy[a];
  const Tile t = L.tile(nx, ny);
  if (t == Tile::Wall) return 0;
  if (t == Tile::Door) {
    const uint32_t bit = 1u << L.door_at(nx, ny);
    if (!(s.doors_open & bit)) {
      if (s.keys_held == 0) return 0;  // locked, no key: stay
      --s.keys_held;
      s.doors_open |= bit;
    }
  }
  s.x = int16_t(nx);
  s.y = int16_t(ny);
  if (t == Tile::Key) {
    const uint32_t bit = 1u << L.key_at(nx, ny);
    if (!(s.keys_taken & bit) && popcount(s.keys_taken) < max_pickups) {
      s.keys_taken |= bit;
      ++s.keys_held;
      return kKeyReward;
    }
    return 0;
  }
  if (t == Tile::Treasure) {
    s.done = true;
    return kTreasureReward;
  }
  return 0;
}

}  // namespace

RoomsLayout::RoomsLayout(const RoomsConfig& c) : config_(c) {
  const int R = c.rooms, s = c.room_size, stride = s + 1, N = R * R;
  width_ = height_ = R * stride + 1;
  const size_t area = size_t(width_) * size_t(height_);
  tiles_.assign(area, Tile::Wall);
  door_index_.assign(area, -1);
  key_index_.assign(area, -1);
  auto at = [&](int x, int y) { return size_t(y * width_ + x); };
  for (int r = 0; r < N; ++r)
    for (int y = 0; y < s; ++y)
      for (int x = 0; x < s; ++x) tiles_[at((r % R) * stride + 1 + x, (r / R) * stride + 1 + y)] = Tile::Floor;

  const Rng root(c.layout_seed);
  Rng tree_rng = root.split(1), place_rng = root.split(2);

  // Spanning tree of the room grid by randomised depth-first search from room 0.
  std::vector<int> parent(size_t(N), -1), depth(size_t(N), 0), order;
  std::vector<bool> seen(size_t(N), false);
  std::vector<int> stack = {0};
  seen[0] = true;
  order.push_back(0);
  while (!stack.empty()) {
    const int cur = stack.back();
    int nbs[4], n = 0;
    const int row = cur / R, col = cur % R;
    if (row > 0 && !seen[size_t(cur - R)]) nbs[n++] = cur - R;
    if (col + 1 < R && !seen[size_t(cur + 1)]) nbs[n++] = cur + 1;
    if (row + 1 < R && !seen[size_t(cur + R)]) nbs[n++] = cur + R;
    if (col > 0 && !seen[size_t(cur - 1)]) nbs[n++] = cur - 1;
    if (n == 0) {
      stack.pop_back();
      continue;
    }
    const int next = nbs[tree_rng.below(uint64_t(n))];
    seen[size_t(next)] = true;
    parent[size_t(next)] = cur;
    depth[size_t(next)] = depth[size_t(cur)] + 1;
    order.push_back(next);
    stack.push_back(next);
  }

  // Treasure room: the deepest (first in index order among ties); the path to it.
  int treasure_room = 0;
  for (int r = 0; r < N; ++r)
    if (depth[size_t(r)] > depth[size_t(treasure_room)]) treasure_room = r;
  for (int r = treasure_room; r != -1; r = parent[size_t(r)]) path_rooms_.push_back(r);
  std::reverse(path_rooms_.begin(), path_rooms_.end());
  const int path_edges = int(path_rooms_.size()) - 1;
  // The far corner is at grid distance 2(R-1), so path_edges >= 2(R-1) >= keys (validated).
  const int k = std::min(c.keys, path_edges);

  // Door i on path edge e_i = i + (i+1)(L-k)/(k+1): increasing, distinct, spread along the path.
  std::vector<int> door_child(size_t(N), -1);  // door index on the edge (parent -> room)
  for (int i = 0; i < k; ++i) {
    const int e = i + ((i + 1) * (path_edges - k)) / (k + 1);
    door_child[size_t(path_rooms_[size_t(e + 1)])] = i;
  }

  // Doorways: one tile in the shared wall of each tree edge, at a random offset.
  for (int r = 1; r < N; ++r) {
    const int p = parent[size_t(r)];
    const int a = std::min(p, r), b = std::max(p, r);
    const int off = int(place_rng.below(uint64_t(s)));
    int x, y;
    if (b == a + 1) {  // same row, b right of a
      x = (b % R) * stride;
      y = (a / R) * stride + 1 + off;
    } else {  // same column, b below a
      x = (a % R) * stride + 1 + off;
      y = (b / R) * stride;
    }
    const int d = door_child[size_t(r)];
    tiles_[at(x, y)] = d >= 0 ? Tile::Door : Tile::Floor;
    door_index_[at(x, y)] = d;
  }

  // Gate of a room: doors on its tree path from the start. Key i goes in a room of gate i,
  // preferably off the main path (a dead end), the deepest such room.
  std::vector<int> gate(size_t(N), 0);
  for (int r : order)
    if (r != 0) gate[size_t(r)] = gate[size_t(parent[size_t(r)])] + (door_child[size_t(r)] >= 0 ? 1 : 0);
  std::vector<bool> on_path(size_t(N), false);
  for (int r : path_rooms_) on_path[size_t(r)] = true;
  start_x_ = s / 2 + 1;
  start_y_ = s / 2 + 1;
  auto random_tile = [&](int room, int& x, int& y) {
    do {
      x = (room % R) * stride + 1 + int(place_rng.below(uint64_t(s)));
      y = (room / R) * stride + 1 + int(place_rng.below(uint64_t(s)));
    } while ((x == start_x_ && y == start_y_) || tiles_[at(x, y)] != Tile::Floor);
  };
  for (int i = 0; i < k; ++i) {
    int best = -1;
    for (int r = 0; r < N; ++r)
      if (gate[size_t(r)] == i && !on_path[size_t(r)] && (best < 0 || depth[size_t(r)] > depth[size_t(best)])) best = r;
    if (best < 0) {  // no side branch in this stretch: a random path room of gate i
      std::vector<int> cands;
      for (int r : path_rooms_)
        if (gate[size_t(r)] == i) cands.push_back(r);
      best = cands[place_rng.below(cands.size())];
    }
    int x, y;
    random_tile(best, x, y);
    tiles_[at(x, y)] = Tile::Key;
    key_index_[at(x, y)] = i;
    key_rooms_.push_back(best);
  }
  random_tile(treasure_room, treasure_x_, treasure_y_);
  tiles_[at(treasure_x_, treasure_y_)] = Tile::Treasure;
  config_.keys = k;
}

int RoomsLayout::room_of(int x, int y) const {
  const int stride = config_.room_size + 1;
  return ((y - 1) / stride) * config_.rooms + (x - 1) / stride;
}

std::vector<double> RoomsLayout::tile_codes() const {
  std::vector<double> out(tiles_.size());
  for (size_t i = 0; i < tiles_.size(); ++i) out[i] = double(tiles_[i]);
  return out;
}

RoomsEnv::RoomsEnv(std::shared_ptr<const RoomsLayout> layout, double sticky, uint32_t max_steps, uint64_t seed)
    : layout_(std::move(layout)), sticky_(sticky), max_steps_(max_steps) {
  s_.sticky_rng = Rng(seed);
  reset();
}

void RoomsEnv::reset() {
  const Rng rng = s_.sticky_rng;  // the sticky stream continues across episodes
  s_ = RoomsState{};
  s_.x = int16_t(layout_->start_x());
  s_.y = int16_t(layout_->start_y());
  s_.sticky_rng = rng;
}

RoomsStep RoomsEnv::step(int action) {
  RoomsStep out;
  out.action = action;
  if (s_.done) {
    out.done = true;
    return out;
  }
  if (sticky_ > 0 && s_.prev_action >= 0 && s_.sticky_rng.bernoulli(sticky_)) action = s_.prev_action;
  s_.prev_action = int8_t(action);
  out.action = action;
  out.reward = transition(*layout_, s_, action, kRoomsMaxKeys);
  ++s_.steps;
  if (max_steps_ > 0 && s_.steps >= max_steps_) s_.done = true;
  s_.score += out.reward;
  out.done = s_.done;
  return out;
}

uint64_t rooms_cell(const RoomsLayout& L, const RoomsState& s, int conflate) {
  const uint64_t room = uint64_t(L.room_of(s.x, s.y));
  const uint64_t lx = uint64_t(L.local_x(s.x) / conflate), ly = uint64_t(L.local_y(s.y) / conflate);
  return room << 24 | lx << 16 | ly << 8 | uint64_t(s.keys_held);
}

int rooms_shortest_solution(const RoomsLayout& L, int max_pickups) {
  RoomsState start;
  start.x = int16_t(L.start_x());
  start.y = int16_t(L.start_y());
  std::unordered_set<uint64_t> seen = {start.key()};
  std::deque<std::pair<RoomsState, int>> queue = {{start, 0}};
  while (!queue.empty()) {
    const auto [s, d] = queue.front();
    queue.pop_front();
    for (int a = 0; a < kRoomsActions; ++a) {
      RoomsState n = s;
      transition(L, n, a, max_pickups);
      if (n.done) return d + 1;
      if (seen.insert(n.key()).second) queue.emplace_back(n, d + 1);
    }
  }
  return -1;
}

}  // namespace fastslow
