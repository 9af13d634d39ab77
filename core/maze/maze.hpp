// Seeded random grid mazes: the shared task of the episodic-control issue (MFEC, NEC, DQN,
// Q-learning) and RL² (REFERENCES.md "Episodic control"; Duan et al. 2016 §4.3 navigates
// random mazes too).
//
// Layout. A perfect maze (every pair of cells joined by exactly one path: a spanning tree of
// the width × height grid graph), carved by the recursive backtracker — a randomised
// depth-first search (e.g. Buck, "Mazes for Programmers", 2015, ch. 5) — run with an explicit
// stack and the maze's own generator, so a seed gives the same maze everywhere.
// Cells are numbered row-major (cell = y · width + x, y = 0 at the top).
//
// Environment (bsuite / dm_env habit, STYLE.md): reset() and step(action) return a TimeStep
// (First / Mid / Last, reward, discount, observation). Actions: 0 up, 1 right, 2 down, 3 left;
// a move into a wall leaves the agent in place. Reward: 1 on entering the goal (the episode
// ends with discount 0), else 0 (sparse). The episode is cut after `max_steps` steps (Last
// with discount 1: a truncation, not a terminal state).
// Start: a random cell other than the goal, drawn once (or every episode with random_start),
// or with far_start a cell farthest from the goal (the first in cell order): the longest
// shortest path the maze offers to that goal.
// info(): start, goal and the shortest path length L from start to goal (BFS); the optimal
// discounted return is γ^(L−1) (the reward arrives on the L-th step).
//
// Observations (ObsMode):
//   Position — one-hot of the cell (width · height values).
//   Coords   — (x, y) scaled to [0, 1] (2 values).
//   Local    — the agent's neighbourhood in the maze drawn as pixels: the maze is the
//              (2w+1) × (2h+1) grid where cell (x, y) is pixel (2x+1, 2y+1) and a wall between
//              two cells is the pixel between them; the view is the (2r+1)² window of wall
//              pixels around the agent (outside the maze counts as wall), then the same window
//              marking the goal pixel: 2 (2r+1)² values. r = 1 shows the four walls of the cell.
//   Noisy    — high-dimensional and noisy: column `cell` of a fixed random matrix P
//              (obs_dim × cells, entries N(0, 1/obs_dim), so columns have norm ≈ 1), plus fresh
//              N(0, noise²) on every component at every step. Exact key matches never recur;
//              the same cell's observations lie within ≈ noise·sqrt(2·obs_dim) of each other,
//              different cells ≈ sqrt(2 + 2·noise²·obs_dim) apart, so nearest neighbours
//              generalise over the noise.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/rng.hpp"

namespace fastslow::maze {

constexpr int kActions = 4;
enum Direction : int { Up = 0, Right = 1, Down = 2, Left = 3 };

class Maze {
 public:
  // A perfect maze of width × height cells (each >= 1) carved with `rng`.
  static Maze generate(int width, int height, Rng& rng);

  int width() const { return width_; }
  int height() const { return height_; }
  int cells() const { return width_ * height_; }
  int x(int cell) const { return cell % width_; }
  int y(int cell) const { return cell / width_; }
  // Is there a wall on side `dir` of `cell`? (The outer border is always wall.)
  bool wall(int cell, int dir) const { return (walls_[static_cast<size_t>(cell)] >> dir) & 1; }
  // The cell reached by moving `dir` from `cell` (the same cell if a wall is in the way).
  int move(int cell, int dir) const;
  // Steps from `from` to every cell (BFS; -1 if unreachable, which a perfect maze never has).
  std::vector<int> distances(int from) const;
  // Number of open passages between adjacent cells (cells − 1 in a perfect maze).
  int passages() const;
  // Wall pixels of the (2w+1) × (2h+1) rendering, row-major, 1 = wall.
  std::vector<uint8_t> pixels() const;

 private:
  Maze(int width, int height);
  void open(int cell, int dir);
  int width_, height_;
  std::vector<uint8_t> walls_;  // bit d set: wall on side d
};

enum class ObsMode { Position, Coords, Local, Noisy };
ObsMode obs_mode_from_name(const std::string& name);  // "position" | "coords" | "local" | "noisy"
const char* obs_mode_name(ObsMode mode);

struct MazeConfig {
  int width = 9, height = 9;     // cells
  ObsMode obs = ObsMode::Noisy;  // what the agent sees
  int max_steps = 0;             // episode cap; 0 = 4 · cells
  bool random_start = false;     // a fresh start cell every episode (else one fixed start)
  bool far_start = false;        // the fixed start is a cell farthest from the goal (BFS)
  int view_radius = 1;           // Local: r
  int obs_dim = 256;             // Noisy: dimension D
  double noise = 0.05;           // Noisy: standard deviation per component
};

enum class StepType { First, Mid, Last };

struct TimeStep {
  StepType type = StepType::First;
  double reward = 0;
  double discount = 1;  // 0 when the goal ends the episode
  std::vector<double> observation;
  bool first() const { return type == StepType::First; }
  bool last() const { return type == StepType::Last; }
};

struct MazeInfo {
  int start = 0, goal = 0;
  int shortest_path = 0;  // L: steps from start to goal
  // The best discounted return of the episode, γ^(L−1).
  double optimal_return(double gamma) const;
};

class MazeEnv {
 public:
  // Generators: the maze from seed.split(1), start and goal from split(2), the Noisy matrix
  // from split(3), observation noise from split(4). Same seed → same maze, goal and noise.
  MazeEnv(const MazeConfig& config, uint64_t seed);

  const MazeConfig& config() const { return config_; }
  const Maze& maze() const { return maze_; }
  int num_actions() const { return kActions; }
  int observation_size() const;
  int max_steps() const { return max_steps_; }

  TimeStep reset();
  TimeStep step(int action);  // after a Last step, starts a new episode (as reset())

  int position() const { return position_; }
  int steps() const { return steps_; }  // steps taken in this episode
  MazeInfo info() const;                // of the current episode's start
  // The observation of `cell` (with fresh noise in Noisy mode; `noise_rng` given or the env's).
  std::vector<double> observe(int cell, Rng* noise_rng = nullptr);

 private:
  MazeConfig config_;
  Maze maze_;
  Rng start_rng_, noise_rng_;
  int max_steps_ = 0;
  int start_ = 0, goal_ = 0;
  std::vector<int> to_goal_;     // BFS distances to the goal
  std::vector<double> project_;  // Noisy: P, column-major obs_dim × cells
  int position_ = 0, steps_ = 0;
  bool ended_ = true;
};

}  // namespace fastslow::maze
