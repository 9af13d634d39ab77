#include "maze/maze.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/variates.hpp"

namespace fastslow::maze {
namespace {
constexpr int kDx[kActions] = {0, 1, 0, -1};
constexpr int kDy[kActions] = {-1, 0, 1, 0};
int opposite(int dir) { return (dir + 2) % kActions; }
}  // namespace

Maze::Maze(int width, int height)
    : width_(width), height_(height), walls_(static_cast<size_t>(width) * static_cast<size_t>(height), 0xF) {}

void Maze::open(int cell, int dir) {
  const int other = cell + kDy[dir] * width_ + kDx[dir];
  walls_[static_cast<size_t>(cell)] &= static_cast<uint8_t>(~(1u << dir));
  walls_[static_cast<size_t>(other)] &= static_cast<uint8_t>(~(1u << opposite(dir)));
}

Maze Maze::generate(int width, int height, Rng& rng) {
  if (width < 1 || height < 1) throw std::invalid_argument("maze: width and height must be >= 1");
  Maze m(width, height);
  // Recursive backtracker: from the top of the stack, carve into a random unvisited
  // neighbour and push it; pop when none is left.
  std::vector<uint8_t> visited(static_cast<size_t>(m.cells()), 0);
  std::vector<int> stack;
  const int first = static_cast<int>(rng.below(static_cast<uint64_t>(m.cells())));
  stack.push_back(first);
  visited[static_cast<size_t>(first)] = 1;
  while (!stack.empty()) {
    const int c = stack.back();
    int options[kActions], n = 0;
    for (int d = 0; d < kActions; ++d) {
      const int nx = m.x(c) + kDx[d], ny = m.y(c) + kDy[d];
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      if (!visited[static_cast<size_t>(ny * width + nx)]) options[n++] = d;
    }
    if (n == 0) {
      stack.pop_back();
      continue;
    }
    const int d = options[rng.below(static_cast<uint64_t>(n))];
    m.open(c, d);
    const int next = c + kDy[d] * width + kDx[d];
    visited[static_cast<size_t>(next)] = 1;
    stack.push_back(next);
  }
  return m;
}

int Maze::move(int cell, int dir) const {
  if (wall(cell, dir)) return cell;
  return cell + kDy[dir] * width_ + kDx[dir];
}

std::vector<int> Maze::distances(int from) const {
  std::vector<int> dist(static_cast<size_t>(cells()), -1);
  std::vector<int> queue;
  queue.reserve(static_cast<size_t>(cells()));
  dist[static_cast<size_t>(from)] = 0;
  queue.push_back(from);
  for (size_t head = 0; head < queue.size(); ++head) {
    const int c = queue[head];
    for (int d = 0; d < kActions; ++d) {
      const int n = move(c, d);
      if (dist[static_cast<size_t>(n)] < 0) {
        dist[static_cast<size_t>(n)] = dist[static_cast<size_t>(c)] + 1;
        queue.push_back(n);
      }
    }
  }
  return dist;
}

int Maze::passages() const {
  int open = 0;
  for (int c = 0; c < cells(); ++c) open += !wall(c, Right) + !wall(c, Down);
  return open;
}

std::vector<uint8_t> Maze::pixels() const {
  const int pw = 2 * width_ + 1, ph = 2 * height_ + 1;
  std::vector<uint8_t> px(static_cast<size_t>(pw) * static_cast<size_t>(ph), 1);
  for (int c = 0; c < cells(); ++c) {
    const int cx = 2 * x(c) + 1, cy = 2 * y(c) + 1;
    px[static_cast<size_t>(cy * pw + cx)] = 0;
    for (int d = 0; d < kActions; ++d)
      if (!wall(c, d)) px[static_cast<size_t>((cy + kDy[d]) * pw + cx + kDx[d])] = 0;
  }
  return px;
}

ObsMode obs_mode_from_name(const std::string& name) {
  if (name == "position") return ObsMode::Position;
  if (name == "coords") return ObsMode::Coords;
  if (name == "local") return ObsMode::Local;
  if (name == "noisy") return ObsMode::Noisy;
  throw std::invalid_argument("maze: unknown observation mode " + name);
}

const char* obs_mode_name(ObsMode mode) {
  switch (mode) {
    case ObsMode::Position: return "position";
    case ObsMode::Coords: return "coords";
    case ObsMode::Local: return "local";
    case ObsMode::Noisy: return "noisy";
  }
  return "?";
}

double MazeInfo::optimal_return(double gamma) const {
  double g = 1;  // γ^(L−1) by repeated products: bit-identical everywhere
  for (int i = 1; i < shortest_path; ++i) g *= gamma;
  return g;
}

MazeEnv::MazeEnv(const MazeConfig& config, uint64_t seed)
    : config_(config),
      maze_([&] {
        Rng rng = Rng(seed).split(1);
        return Maze::generate(config.width, config.height, rng);
      }()),
      start_rng_(Rng(seed).split(2)),
      noise_rng_(Rng(seed).split(4)) {
  if (maze_.cells() < 2) throw std::invalid_argument("maze: needs at least 2 cells");
  max_steps_ = config_.max_steps > 0 ? config_.max_steps : 4 * maze_.cells();
  const auto cells = static_cast<uint64_t>(maze_.cells());
  goal_ = static_cast<int>(start_rng_.below(cells));
  start_ = static_cast<int>(start_rng_.below(cells - 1));
  if (start_ >= goal_) ++start_;  // distinct from the goal
  to_goal_ = maze_.distances(goal_);
  if (config_.far_start)
    start_ = static_cast<int>(std::max_element(to_goal_.begin(), to_goal_.end()) - to_goal_.begin());
  if (config_.obs == ObsMode::Noisy) {
    Rng prng = Rng(seed).split(3);
    const double scale = 1.0 / std::sqrt(static_cast<double>(config_.obs_dim));
    project_.resize(static_cast<size_t>(config_.obs_dim) * cells);
    for (double& v : project_) v = scale * standard_normal(prng);
  }
}

int MazeEnv::observation_size() const {
  switch (config_.obs) {
    case ObsMode::Position: return maze_.cells();
    case ObsMode::Coords: return 2;
    case ObsMode::Local: return 2 * (2 * config_.view_radius + 1) * (2 * config_.view_radius + 1);
    case ObsMode::Noisy: return config_.obs_dim;
  }
  return 0;
}

std::vector<double> MazeEnv::observe(int cell, Rng* noise_rng) {
  std::vector<double> o(static_cast<size_t>(observation_size()), 0.0);
  switch (config_.obs) {
    case ObsMode::Position: o[static_cast<size_t>(cell)] = 1; break;
    case ObsMode::Coords:
      o[0] = maze_.width() > 1 ? maze_.x(cell) / double(maze_.width() - 1) : 0;
      o[1] = maze_.height() > 1 ? maze_.y(cell) / double(maze_.height() - 1) : 0;
      break;
    case ObsMode::Local: {
      const int r = config_.view_radius, side = 2 * r + 1;
      const int pw = 2 * maze_.width() + 1, ph = 2 * maze_.height() + 1;
      const int cx = 2 * maze_.x(cell) + 1, cy = 2 * maze_.y(cell) + 1;
      const int gx = 2 * maze_.x(goal_) + 1, gy = 2 * maze_.y(goal_) + 1;
      // Wall pixels computed from the cell walls (no full rendering per step).
      auto wall_pixel = [&](int px, int py) -> double {
        if (px <= 0 || py <= 0 || px >= pw - 1 || py >= ph - 1) return 1;
        const bool odd_x = px % 2 == 1, odd_y = py % 2 == 1;
        if (odd_x && odd_y) return 0;        // a cell
        if (!odd_x && !odd_y) return 1;      // a corner post
        if (odd_y) {                          // between (px-1)/2 and (px+1)/2 in row (py-1)/2
          const int c = ((py - 1) / 2) * maze_.width() + (px - 2) / 2;
          return maze_.wall(c, Right) ? 1 : 0;
        }
        const int c = ((py - 2) / 2) * maze_.width() + (px - 1) / 2;
        return maze_.wall(c, Down) ? 1 : 0;
      };
      for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          const size_t i = static_cast<size_t>((dy + r) * side + dx + r);
          o[i] = wall_pixel(cx + dx, cy + dy);
          o[i + static_cast<size_t>(side * side)] = (cx + dx == gx && cy + dy == gy) ? 1 : 0;
        }
      break;
    }
    case ObsMode::Noisy: {
      Rng& rng = noise_rng ? *noise_rng : noise_rng_;
      const size_t D = static_cast<size_t>(config_.obs_dim);
      const double* col = project_.data() + static_cast<size_t>(cell) * D;
      for (size_t i = 0; i < D; ++i) o[i] = col[i] + config_.noise * standard_normal(rng);
      break;
    }
  }
  return o;
}

MazeInfo MazeEnv::info() const {
  return {start_, goal_, to_goal_[static_cast<size_t>(start_)]};
}

TimeStep MazeEnv::reset() {
  if (config_.random_start) {
    const auto cells = static_cast<uint64_t>(maze_.cells());
    start_ = static_cast<int>(start_rng_.below(cells - 1));
    if (start_ >= goal_) ++start_;
  }
  position_ = start_;
  steps_ = 0;
  ended_ = false;
  return {StepType::First, 0.0, 1.0, observe(position_)};
}

TimeStep MazeEnv::step(int action) {
  if (ended_) return reset();
  if (action < 0 || action >= kActions) throw std::invalid_argument("maze: action must be in [0, 4)");
  position_ = maze_.move(position_, action);
  ++steps_;
  if (position_ == goal_) {
    ended_ = true;
    return {StepType::Last, 1.0, 0.0, observe(position_)};
  }
  if (steps_ >= max_steps_) {
    ended_ = true;
    return {StepType::Last, 0.0, 1.0, observe(position_)};
  }
  return {StepType::Mid, 0.0, 1.0, observe(position_)};
}

}  // namespace fastslow::maze
