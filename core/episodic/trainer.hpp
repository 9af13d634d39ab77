// One agent learning one maze: the loop shared by the `episodic` and `episodic-eval` scenarios,
// its learning curve and the comparison's measure — frames to reach 90% of the optimal return.
//
// Score of an episode = its discounted return (γ) / the optimal return γ^(L−1) of its start
// (maze.hpp), in [0, 1]. "Reached" = the first frame at which the mean score of the last
// `window` training episodes is ≥ `threshold` (0.9); the training episodes include the agent's
// own exploration, so the criterion asks for a learned policy, not a lucky episode.
// Seeds: the maze (and its noise) from Rng(maze_seed); the agent from Rng(seed).split(7). The
// comparison fixes the maze (maze_seed) and varies the agent seed.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "episodic/agent.hpp"
#include "maze/maze.hpp"

namespace fastslow::episodic {

struct TrainerConfig {
  maze::MazeConfig maze;
  uint64_t maze_seed = 1;
  uint64_t seed = 0;
  std::string method = "mfec";  // mfec | nec | dqn | qlearning
  double gamma = 0.99;
  int window = 10;
  double threshold = 0.9;
  json agent = json::object();  // per-method overrides: k, capacity, dim, p
};

std::unique_ptr<Agent> make_agent(const TrainerConfig& c, int obs_size, int actions, int cells, Rng rng);
// Bytes the agent will hold at its full size (memories and replay), for validation.
double agent_bytes_estimate(const TrainerConfig& c, int obs_size, int actions);

class Trainer {
 public:
  explicit Trainer(const TrainerConfig& config);
  void run_frames(uint64_t frames);  // one frame = one environment step

  uint64_t frames() const { return frames_; }
  const std::vector<double>& episode_frames() const { return episode_frames_; }  // frame count at each episode end
  const std::vector<double>& episode_scores() const { return episode_scores_; }
  int64_t frames_to_threshold() const { return reached_; }  // -1 until reached
  const std::vector<int>& path() const { return last_path_.empty() ? path_ : last_path_; }  // cells of the last finished episode
  maze::MazeEnv& env() { return env_; }
  Agent& agent() { return *agent_; }
  // What the maze view draws, for every cell (observations drawn with a separate noise
  // generator, no learning): max_a Q(cell, a), the greedy action (first maximum), and the
  // memory entries the greedy action's read uses, merged by the cell they were written from:
  // the `kNeighbourCells` heaviest cells and their summed weights (-1 / 0 padded; empty for
  // agents without a memory of entries).
  static constexpr int kNeighbourCells = 8;
  struct ViewMap {
    std::vector<double> q_max, greedy, neighbour_cells, neighbour_weights;
  };
  ViewMap view_map();
  std::vector<double> q_map() { return view_map().q_max; }
  int position() const { return ts_.observation.empty() ? -1 : env_position_; }

 private:
  TrainerConfig config_;
  maze::MazeEnv env_;
  std::unique_ptr<Agent> agent_;
  Rng view_noise_;
  maze::TimeStep ts_;
  int action_ = 0;
  double ret_ = 0, disc_ = 1;
  uint64_t frames_ = 0;
  int64_t reached_ = -1;
  std::vector<double> episode_frames_, episode_scores_;
  std::vector<int> path_, last_path_;
  int env_position_ = -1;
};

}  // namespace fastslow::episodic
