// Scenarios `episodic` (a live run for the maze view) and `episodic-eval` (one (method, seed)
// of the fast-vs-slow comparison: learning curve + frames to 90% of the optimal return), on a
// seeded grid maze (core/maze). REFERENCES.md "Episodic control": MFEC (Blundell et al. 2016),
// NEC (Pritzel et al. 2017) against DQN (Mnih et al. 2015) and tabular Q-learning.
// Work unit for step(budget): one environment frame.
#include "episodic/episodic_scenarios.hpp"

#include <cmath>

#include "episodic/trainer.hpp"

namespace fastslow {
namespace {

using episodic::Trainer;
using episodic::TrainerConfig;


std::vector<ParamSpec> common_params() {
  return {
      ParamSpec::choice("method", "mfec", {"mfec", "nec", "dqn", "qlearning"},
                        "learner: MFEC, NEC (episodic), DQN, tabular Q-learning (slow)"),
      ParamSpec::integer("maze", 9, 3, 31, "maze side in cells (maze × maze)"),
      ParamSpec::integer("mazeSeed", 1, 0, 4294967295LL, "seed of the maze, its goal and its observation noise"),
      ParamSpec::choice("start", "random", {"random", "far", "fixed"},
                        "start cell: a random cell every episode, the cell farthest from the goal, or one random cell"),
      ParamSpec::choice("obs", "noisy", {"noisy", "position", "local", "coords"},
                        "observation: noisy high-dimensional projection, one-hot cell, local wall view, coordinates"),
      std::move(ParamSpec::integer("obsDim", 256, 8, 2048, "noisy observation: dimension")).log(),
      ParamSpec::real("noise", 0.05, 0, 1, "noisy observation: noise standard deviation per component"),
      std::move(ParamSpec::integer("frames", 50000, 1, 5000000, "frame budget (environment steps)")).log(),
      std::move(ParamSpec::integer("capacity", 10000, 50, 500000, "MFEC / NEC: memory entries per action (LRU beyond)")).log(),
      ParamSpec::integer("keyDim", 0, 0, 1024, "MFEC / NEC: key size (0 = the method's default: MFEC 64, NEC 32)"),
      ParamSpec::integer("neighbours", 50, 1, 500, "MFEC k / NEC p: nearest neighbours per lookup"),
      ParamSpec::real("gamma", 0.99, 0.5, 1, "discount"),
      ParamSpec::real("lr", -1, -1, 1, "NEC / DQN: Adam step size (-1 = the method's default: 1e-3 NEC, 5e-4 DQN)"),
      ParamSpec::integer("nStep", 30, 1, 1000, "NEC: N of the N-step Q target"),
      ParamSpec::flag("truncBootstrap", true, "NEC: a truncated episode's last N steps bootstrap from Q of the last state"),
      std::move(ParamSpec::integer("epsFrames", 20000, 0, 1000000, "NEC / DQN / Q-learning: frames over which ε anneals from 1 to 0.01")).log(),
  };
}

TrainerConfig trainer_config(const Params& p) {
  TrainerConfig c;
  c.method = p.choice("method");
  c.maze.width = c.maze.height = static_cast<int>(p.integer("maze"));
  c.maze.random_start = p.choice("start") == "random";
  c.maze.far_start = p.choice("start") == "far";
  c.maze.obs = maze::obs_mode_from_name(p.choice("obs"));
  c.maze.obs_dim = static_cast<int>(p.integer("obsDim"));
  c.maze.noise = p.real("noise");
  c.maze_seed = static_cast<uint64_t>(p.integer("mazeSeed"));
  c.seed = p.seed();
  c.gamma = p.real("gamma");
  c.agent["capacity"] = p.integer("capacity");
  c.agent["k"] = p.integer("neighbours");
  c.agent["p"] = p.integer("neighbours");
  if (p.real("lr") >= 0) c.agent["lr"] = p.real("lr");
  c.agent["nStep"] = p.integer("nStep");
  c.agent["truncBootstrap"] = p.flag("truncBootstrap");
  c.agent["epsFrames"] = static_cast<double>(p.integer("epsFrames"));
  if (p.integer("keyDim") > 0) c.agent["dim"] = p.integer("keyDim");
  return c;
}

// The run's footprint (Schema::memory_bytes: runs over the per-run budget are refused up front,
// naming capacity): the agent's memories (entries × key size × 4 actions, plus replay) and, for
// the noisy observation, the fixed projection matrix.
double memory_estimate(const Params& p) {
  const TrainerConfig c = trainer_config(p);
  int obs = 0;
  const int cells = c.maze.width * c.maze.height;
  switch (c.maze.obs) {
    case maze::ObsMode::Position: obs = cells; break;
    case maze::ObsMode::Coords: obs = 2; break;
    case maze::ObsMode::Local: obs = 18; break;
    case maze::ObsMode::Noisy: obs = c.maze.obs_dim; break;
  }
  double bytes = episodic::agent_bytes_estimate(c, obs, maze::kActions);
  if (c.maze.obs == maze::ObsMode::Noisy) bytes += 8.0 * obs * cells;
  return bytes;
}

constexpr uint64_t kCheckFrames = 64;

class EpisodicRun : public Run {
 public:
  EpisodicRun(const Params& p, bool live, bool stop_at_threshold)
      : trainer_(trainer_config(p)),
        budget_(static_cast<uint64_t>(p.integer("frames"))),
        live_(live),
        stop_(stop_at_threshold),
        capacity_(p.choice("method") == "mfec" || p.choice("method") == "nec" ? static_cast<double>(p.integer("capacity")) : 0) {
    if (live_) refresh_view();
  }

  bool step(uint64_t budget) override {
    while (budget > 0 && !done()) {
      const uint64_t n = std::min<uint64_t>(budget, budget_ - trainer_.frames());
      // In live mode, refresh the heatmap at most every 500 frames (it reads every cell).
      // Evaluation runs check the threshold only at multiples of kCheckFrames, so where a run
      // stops never depends on how the worker sliced its budget.
      const uint64_t chunk = std::min<uint64_t>(n, live_ ? 500 - trainer_.frames() % 500 : kCheckFrames - trainer_.frames() % kCheckFrames);
      trainer_.run_frames(chunk);
      budget -= chunk;
      if (live_ && trainer_.frames() % 500 == 0) refresh_view();
    }
    if (live_ && done()) refresh_view();
    return done();
  }
  void refresh_view() {
    view_ = trainer_.view_map();
    view_frame_ = static_cast<double>(trainer_.frames());
  }
  bool done() const override {
    return trainer_.frames() >= budget_ ||
           (stop_ && trainer_.frames_to_threshold() >= 0 && trainer_.frames() % kCheckFrames == 0);
  }
  double progress() const override {
    return done() ? 1.0 : static_cast<double>(trainer_.frames()) / static_cast<double>(budget_);
  }

  Frame frame() const override {
    Frame f;
    auto& t = const_cast<Trainer&>(trainer_);
    const auto info = t.env().info();
    const auto& m = t.env().maze();
    f.scalar("frames", static_cast<double>(trainer_.frames()));
    f.scalar("episodes", static_cast<double>(trainer_.episode_scores().size()));
    f.scalar("framesTo90", static_cast<double>(trainer_.frames_to_threshold()));
    f.scalar("width", m.width());
    f.scalar("height", m.height());
    f.scalar("start", info.start);
    f.scalar("goal", info.goal);
    f.scalar("shortestPath", info.shortest_path);
    f.scalar("memoryBytes", t.agent().memory_bytes());
    f.scalar("progress", progress());
    // Work units (frames) done and planned: the playground paces playback by these.
    f.scalar("step", static_cast<double>(trainer_.frames()));
    f.scalar("steps", static_cast<double>(done() ? trainer_.frames() : budget_));
    const auto px = m.pixels();
    f.array("walls", std::vector<double>(px.begin(), px.end()));
    const auto& path = trainer_.path();
    f.array("path", std::vector<double>(path.begin(), path.end()));
    f.scalar("position", trainer_.position());
    f.scalar("capacity", capacity_);
    f.scalar("viewFrame", view_frame_);
    f.array("qMax", view_.q_max);
    f.array("greedy", view_.greedy);
    // Per cell, the cells whose memory entries the greedy action's read weighs most (kNeighbourCells
    // per cell, -1 padded) and their summed weights: the view highlights them on hover.
    f.array("neighbourCells", view_.neighbour_cells);
    f.array("neighbourWeights", view_.neighbour_weights);
    f.array("memoryFill", t.agent().memory_fill());
    // Learning curve, at most the last 2000 episodes (a bounded frame).
    const auto& ef = trainer_.episode_frames();
    const auto& es = trainer_.episode_scores();
    const size_t from = ef.size() > 2000 ? ef.size() - 2000 : 0;
    f.array("episodeFrames", std::vector<double>(ef.begin() + static_cast<std::ptrdiff_t>(from), ef.end()));
    f.array("episodeScores", std::vector<double>(es.begin() + static_cast<std::ptrdiff_t>(from), es.end()));
    return f;
  }

  json result() const override {
    auto& t = const_cast<Trainer&>(trainer_);
    const auto info = t.env().info();
    json r = {{"method", t.agent().name()},
              {"frames", trainer_.frames()},
              {"episodes", trainer_.episode_scores().size()},
              {"shortestPath", info.shortest_path},
              {"framesTo90", trainer_.frames_to_threshold() >= 0 ? json(trainer_.frames_to_threshold()) : json(nullptr)},
              {"episodeFrames", trainer_.episode_frames()},
              {"episodeScores", trainer_.episode_scores()},
              {"memoryFill", t.agent().memory_fill()},
              {"memoryBytes", t.agent().memory_bytes()}};
    return r;
  }

 private:
  Trainer trainer_;
  uint64_t budget_;
  bool live_, stop_;
  double capacity_ = 0, view_frame_ = 0;
  Trainer::ViewMap view_;
};

}  // namespace

Scenario episodic_live_scenario() {
  Scenario s;
  s.name = "episodic";
  s.title = "Episodic control, live";
  s.summary =
      "One learner on a seeded grid maze with a sparse reward at the goal: its path, max_a Q per cell "
      "(read from the DND / table / network), memory fill per action and the learning curve (score = "
      "discounted return / optimal return). MFEC (Blundell et al. 2016), NEC (Pritzel et al. 2017), DQN "
      "(Mnih et al. 2015), tabular Q-learning. Work unit: one frame.";
  s.schema.params = common_params();
  s.schema.params.push_back(seed_param());
  s.schema.memory_bytes = memory_estimate;
  s.schema.memory_params = {"capacity", "obsDim", "keyDim"};
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<EpisodicRun>(p, true, false); };
  return s;
}

Scenario episodic_eval_scenario() {
  Scenario s;
  s.name = "episodic-eval";
  s.title = "Episodic control, evaluation";
  s.summary =
      "One (method, seed) of the fast-vs-slow comparison on a fixed maze: the learning curve and the "
      "frames to reach 90% of the optimal return (mean score of the last 10 training episodes ≥ 0.9; "
      "null if the budget ran out first). The run stops once the threshold is reached. Work unit: one frame.";
  s.schema.params = common_params();
  s.schema.params.push_back(seed_param());
  s.schema.memory_bytes = memory_estimate;
  s.schema.memory_params = {"capacity", "obsDim", "keyDim"};
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<EpisodicRun>(p, false, true); };
  return s;
}

}  // namespace fastslow
