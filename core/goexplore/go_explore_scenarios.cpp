// Scenarios of the Go-Explore area (issue 6): the rooms world, Go-Explore phase 1 and 2,
// and the exploration baselines. Work unit of both: one environment frame (a phase-2
// evaluation episode counts as its frames).
#include "goexplore/go_explore_scenarios.hpp"

#include <algorithm>
#include <cmath>

#include "common/curve.hpp"
#include "goexplore/backward.hpp"
#include "goexplore/go_explore.hpp"
#include "goexplore/q_learning.hpp"
#include "goexplore/random_explorer.hpp"

namespace fastslow {
namespace {

// Random streams of one seed: each method and phase 2 has its own.
constexpr uint64_t kGoExploreStream = 1, kRandomStream = 2, kQStream = 3, kCountStream = 4, kPhase2Stream = 5;

std::vector<ParamSpec> world_params() {
  return {
      ParamSpec::integer("rooms", 4, 2, kRoomsMaxSide, "rooms per side of the grid of rooms"),
      ParamSpec::integer("roomSize", 7, 2, kRoomsMaxRoomSize, "interior tiles per side of a room"),
      ParamSpec::integer("keys", 3, 0, kRoomsMaxKeys,
                         "locked doors on the way to the treasure, each needing a key (at most 2·(rooms−1))"),
      ParamSpec::integer("layout", 1, 0, 4294967295LL, "layout seed (the world; the run's seed drives the agents)"),
  };
}

std::vector<ParamSpec> go_explore_params() {
  return {
      ParamSpec::integer("exploreSteps", 100, 1, 10000, "steps of one exploration burst from a chosen cell"),
      ParamSpec::real("repeatProb", 0.95, 0, 1, "probability of repeating the previous action while exploring"),
      ParamSpec::integer("conflate", 1, 1, 16, "cell size in tiles (1: a cell per tile and keys held)"),
  };
}

std::vector<ParamSpec> phase2_params(int64_t default_frames) {
  return {
      std::move(ParamSpec::integer("phase2Frames", default_frames, 0, 20000000,
                                   "frame budget of phase 2 (backward algorithm); 0 skips phase 2")).log(),
      ParamSpec::real("sticky", 0.25, 0, 0.9, "sticky-action probability of the phase-2 world"),
      ParamSpec::integer("backSteps", 10, 1, 10000, "phase 2: steps the start moves back after a success"),
      ParamSpec::integer("window", 20, 1, 10000, "phase 2: episodes per decision at one start"),
      ParamSpec::real("threshold", 0.8, 0, 1, "phase 2: success rate needed to move the start back"),
      ParamSpec::integer("evalEpisodes", 100, 1, 100000, "phase 2: evaluation episodes from the start under sticky actions"),
      ParamSpec::real("evalEpsilon", 0.05, 0, 1, "phase 2: probability of a random action in evaluation, as in training (0: greedy)"),
  };
}

void check_world(const Params& p, std::vector<ParamError>& errors) {
  const int64_t rooms = p.integer("rooms"), keys = p.integer("keys");
  if (keys > 2 * (rooms - 1)) {
    const std::string allowed = "an integer in [0, " + std::to_string(2 * (rooms - 1)) + "]";
    errors.push_back({"keys", std::to_string(keys),
                      "keys: " + std::to_string(keys) + " doors do not fit on the path of a " + std::to_string(rooms) +
                          "×" + std::to_string(rooms) + " world; expected " + allowed,
                      allowed});
  }
}

std::shared_ptr<const RoomsLayout> make_layout(const Params& p) {
  RoomsConfig c;
  c.rooms = int(p.integer("rooms"));
  c.room_size = int(p.integer("roomSize"));
  c.keys = int(p.integer("keys"));
  c.layout_seed = uint64_t(p.integer("layout"));
  return std::make_shared<const RoomsLayout>(c);
}

GoExploreConfig go_explore_config(const Params& p) {
  GoExploreConfig c;
  c.explore_steps = int(p.integer("exploreSteps"));
  c.repeat_prob = p.real("repeatProb");
  c.conflate = int(p.integer("conflate"));
  return c;
}

BackwardConfig backward_config(const Params& p) {
  BackwardConfig c;
  c.sticky = p.real("sticky");
  c.back_steps = int(p.integer("backSteps"));
  c.window = int(p.integer("window"));
  c.threshold = p.real("threshold");
  c.eval_epsilon = p.real("evalEpsilon");
  return c;
}

json layout_json(const RoomsLayout& L) {
  return {{"rooms", L.config().rooms},       {"roomSize", L.config().room_size}, {"keys", L.config().keys},
          {"layout", L.config().layout_seed}, {"width", L.width()},             {"height", L.height()},
          {"shortestSolution", rooms_shortest_solution(L)}};
}

// Phase 2 after phase 1: train by the backward algorithm, then evaluate; stepped by frames.
class Phase2 {
 public:
  Phase2(std::shared_ptr<const RoomsLayout> layout, const std::vector<int>& demo, const Params& p, Rng rng)
      : trainer_(std::move(layout), demo, backward_config(p), rng),
        budget_(uint64_t(p.integer("phase2Frames"))),
        eval_episodes_(int(p.integer("evalEpisodes"))) {}

  // Returns frames used (at least 1 unless done).
  uint64_t step(uint64_t budget) {
    if (!training_done()) {
      const uint64_t left = budget_ - trainer_.train_frames();
      return std::max<uint64_t>(1, trainer_.train(std::min(budget, left)));
    }
    if (trainer_.eval_episodes() < eval_episodes_) return trainer_.evaluate_episode();
    return 0;
  }
  bool training_done() const { return trainer_.trained() || trainer_.train_frames() >= budget_; }
  bool done() const { return training_done() && trainer_.eval_episodes() >= eval_episodes_; }
  double progress() const {
    const double train = training_done() ? 1.0 : double(trainer_.train_frames()) / double(std::max<uint64_t>(1, budget_));
    return 0.8 * train + 0.2 * double(trainer_.eval_episodes()) / eval_episodes_;
  }
  const BackwardTrainer& trainer() const { return trainer_; }

  json to_json() const {
    const auto& t = trainer_;
    json history = json::array();
    for (const auto& [frame, tau] : t.tau_history()) history.push_back({frame, tau});
    const double n = t.eval_episodes();
    const double rate = n > 0 ? t.eval_successes() / n : 0;
    return {{"demoLength", t.demo_length()},
            {"demoScore", t.demo_score()},
            {"trained", t.trained()},
            {"tau", t.tau()},
            {"trainFrames", t.train_frames()},
            {"trainEpisodes", t.train_episodes()},
            {"evalEpisodes", t.eval_episodes()},
            {"evalSuccesses", t.eval_successes()},
            {"successRate", rate},
            {"successSe", n > 1 ? std::sqrt(rate * (1 - rate) / n) : 0.0},
            {"tauHistory", history}};
  }

 private:
  BackwardTrainer trainer_;
  uint64_t budget_;
  int eval_episodes_;
};

// ---- go-explore-eval ------------------------------------------------------------------------

const char* const kMethodNames[] = {"go-explore", "random", "q-learning", "q-count"};
constexpr int kMethods = 4;

class GoExploreEvalRun final : public Run {
 public:
  explicit GoExploreEvalRun(const Params& p) : params_(p), layout_(make_layout(p)) {
    const Rng root(p.seed());
    frames_ = uint64_t(p.integer("frames"));
    const int points = int(p.integer("points"));
    for (int i = 1; i <= points; ++i) checkpoints_.push_back((frames_ * uint64_t(i)) / uint64_t(points));
    auto go = std::make_unique<GoExplore>(layout_, go_explore_config(p), root.split(kGoExploreStream));
    go_ = go.get();
    methods_.push_back(std::move(go));
    methods_.push_back(std::make_unique<RandomExplorer>(layout_, uint32_t(p.integer("episodeSteps")), root.split(kRandomStream)));
    QLearningConfig q;
    q.alpha = p.real("alpha");
    q.gamma = p.real("gamma");
    q.epsilon = p.real("epsilon");
    q.episode_steps = uint32_t(p.integer("episodeSteps"));
    methods_.push_back(std::make_unique<QLearningExplorer>(layout_, q, root.split(kQStream)));
    q.beta = p.real("beta");
    q.hash_bits = int(p.integer("hashBits"));
    q.q_init = q.gamma < 1 ? q.beta / (1 - q.gamma) : q.beta;
    methods_.push_back(std::make_unique<QLearningExplorer>(layout_, q, root.split(kCountStream)));
    cells_.resize(kMethods);
    best_.resize(kMethods);
    phase2_rng_ = root.split(kPhase2Stream);
    if (p.integer("phase2Frames") == 0) skip_phase2_ = true;
  }

  bool step(uint64_t budget) override {
    while (budget > 0 && !done()) {
      uint64_t used = 0;
      if (method_ < kMethods) {
        Explorer& e = *methods_[size_t(method_)];
        const uint64_t target = checkpoints_[next_];
        if (e.stats().frames() < target) used = e.advance(std::min(budget, target - e.stats().frames()));
        if (e.stats().frames() >= target) {
          cells_[size_t(method_)].push_back(double(e.stats().cells()));
          best_[size_t(method_)].push_back(e.stats().best_score());
          if (++next_ == checkpoints_.size()) {
            next_ = 0;
            ++method_;
            if (method_ == kMethods && !skip_phase2_)
              phase2_ = std::make_unique<Phase2>(layout_, go_->trajectory(go_->best_cell()), params_, phase2_rng_);
          }
        }
      } else {
        used = phase2_->step(budget);
      }
      budget -= std::min(used, budget);
    }
    return done();
  }

  bool done() const override { return method_ >= kMethods && (skip_phase2_ || (phase2_ && phase2_->done())); }

  double progress() const override {
    if (done()) return 1;
    double explored = 0;
    for (const auto& m : methods_) explored += double(std::min(m->stats().frames(), frames_));
    const double explore_part = explored / (double(kMethods) * double(frames_));
    if (skip_phase2_) return explore_part;
    return 0.7 * explore_part + 0.3 * (phase2_ ? phase2_->progress() : 0.0);
  }

  Frame frame() const override {
    Frame f;
    f.scalar("progress", progress());
    f.scalar("method", method_);
    for (int m = 0; m < kMethods; ++m) {
      const auto& s = methods_[size_t(m)]->stats();
      f.scalar(std::string(kMethodNames[m]) + ".cells", double(s.cells()));
      f.scalar(std::string(kMethodNames[m]) + ".bestScore", s.best_score());
    }
    if (phase2_) {
      f.scalar("tau", phase2_->trainer().tau());
      f.scalar("demoLength", phase2_->trainer().demo_length());
    }
    return f;
  }

  json result() const override {
    json methods = json::array();
    for (int m = 0; m < kMethods; ++m) {
      const auto& s = methods_[size_t(m)]->stats();
      methods.push_back({{"name", kMethodNames[m]},
                         {"cells", cells_[size_t(m)]},
                         {"bestScore", best_[size_t(m)]},
                         {"frames", s.frames()},
                         {"finalCells", s.cells()},
                         {"finalBestScore", s.best_score()},
                         {"treasureFrame", s.treasure_frame()},
                         {"reachedTreasure", s.treasure_frame() >= 0}});
    }
    std::vector<double> xs(checkpoints_.begin(), checkpoints_.end());
    const auto& best = go_->archive()[size_t(go_->best_cell())];
    json r = {{"layout", layout_json(*layout_)},
              {"checkpoints", xs},
              {"methods", methods},
              {"archive", {{"cells", go_->archive().size()}, {"bestScore", best.score}, {"bestLength", best.length}}}};
    r["phase2"] = phase2_ ? phase2_->to_json() : json(nullptr);
    return r;
  }

 private:
  Params params_;
  std::shared_ptr<const RoomsLayout> layout_;
  uint64_t frames_ = 0;
  std::vector<uint64_t> checkpoints_;
  std::vector<std::unique_ptr<Explorer>> methods_;
  GoExplore* go_ = nullptr;
  std::vector<std::vector<double>> cells_, best_;
  int method_ = 0;
  size_t next_ = 0;
  Rng phase2_rng_;
  bool skip_phase2_ = false;
  std::unique_ptr<Phase2> phase2_;
};

// ---- go-explore (live) ------------------------------------------------------------------------

constexpr size_t kMaxPathPoints = 4000;

class GoExploreLiveRun final : public Run {
 public:
  explicit GoExploreLiveRun(const Params& p)
      : params_(p), layout_(make_layout(p)), frames_(uint64_t(p.integer("frames"))), curve_(512) {
    const Rng root(p.seed());
    go_ = std::make_unique<GoExplore>(layout_, go_explore_config(p), root.split(kGoExploreStream));
    phase2_rng_ = root.split(kPhase2Stream);
    skip_phase2_ = p.integer("phase2Frames") == 0;
  }

  bool step(uint64_t budget) override {
    while (budget > 0 && !done()) {
      uint64_t used;
      if (go_->stats().frames() < frames_) {
        used = go_->iterate();
        curve_.add(double(go_->stats().frames()), double(go_->archive().size()));
        if (go_->stats().frames() >= frames_ && !skip_phase2_)
          phase2_ = std::make_unique<Phase2>(layout_, go_->trajectory(go_->best_cell()), params_, phase2_rng_);
      } else {
        used = phase2_->step(budget);
      }
      work_ += used;
      budget -= std::min(used, budget);
    }
    return done();
  }

  bool done() const override {
    return go_->stats().frames() >= frames_ && (skip_phase2_ || (phase2_ && phase2_->done()));
  }
  // Work units (frames) planned: phase 1 and phase 2's budget (training may end sooner).
  double planned() const { return double(frames_) + (skip_phase2_ ? 0.0 : double(params_.integer("phase2Frames"))); }
  double progress() const override {
    const double p1 = std::min(1.0, double(go_->stats().frames()) / double(frames_));
    if (skip_phase2_) return p1;
    return 0.6 * p1 + 0.4 * (phase2_ ? phase2_->progress() : 0.0);
  }

  Frame frame() const override {
    Frame f;
    const auto& L = *layout_;
    const auto& s = go_->stats();
    f.scalar("progress", progress());
    f.scalar("step", double(work_));  // work units done (the playground paces by these)
    f.scalar("steps", planned());
    f.scalar("frames", double(s.frames()));
    f.scalar("width", L.width());
    f.scalar("height", L.height());
    f.scalar("roomSize", L.config().room_size);
    f.scalar("startX", L.start_x());
    f.scalar("startY", L.start_y());
    f.scalar("cells", double(go_->archive().size()));
    f.scalar("bestScore", s.best_score());
    f.scalar("treasureFrame", s.treasure_frame());
    f.scalar("chosen", go_->last_chosen());
    f.array("tiles", L.tile_codes());
    const auto& archive = go_->archive();
    std::vector<double> cx, cy, keys, seen, chosen, score, found;
    for (const auto& c : archive) {
      cx.push_back(c.state.x);
      cy.push_back(c.state.y);
      keys.push_back(c.state.keys_held);
      seen.push_back(c.seen);
      chosen.push_back(c.chosen);
      score.push_back(c.score);
      found.push_back(double(c.found_frame));
    }
    f.array("cellX", std::move(cx));
    f.array("cellY", std::move(cy));
    f.array("cellKeys", std::move(keys));
    f.array("cellSeen", std::move(seen));
    f.array("cellChosen", std::move(chosen));
    f.array("cellScore", std::move(score));
    f.array("cellFound", std::move(found));
    // The return path of the chosen cell (replayed), and the last exploration burst.
    std::vector<double> px, py;
    if (go_->last_chosen() >= 0) {
      RoomsEnv env(layout_);
      const auto actions = go_->trajectory(go_->last_chosen());
      const size_t stride = actions.size() / kMaxPathPoints + 1;
      px.push_back(env.state().x);
      py.push_back(env.state().y);
      for (size_t i = 0; i < actions.size(); ++i) {
        env.step(actions[i]);
        if ((i + 1) % stride == 0 || i + 1 == actions.size()) {
          px.push_back(env.state().x);
          py.push_back(env.state().y);
        }
      }
    }
    f.array("returnX", std::move(px));
    f.array("returnY", std::move(py));
    std::vector<double> bx, by;
    const auto& burst = go_->last_burst();
    for (size_t i = 0; i + 1 < burst.size(); i += 2) {
      bx.push_back(burst[i]);
      by.push_back(burst[i + 1]);
    }
    f.array("burstX", std::move(bx));
    f.array("burstY", std::move(by));
    f.array("curveFrames", curve_.xs());
    f.array("curveCells", curve_.ys());
    if (phase2_) {
      const auto& t = phase2_->trainer();
      f.scalar("phase", phase2_->training_done() ? 3 : 2);
      f.scalar("tau", t.tau());
      f.scalar("demoLength", t.demo_length());
      f.scalar("windowRate", t.window_rate());
      f.scalar("evalEpisodes", t.eval_episodes());
      f.scalar("evalSuccesses", t.eval_successes());
      const auto& states = t.demo_states();
      const size_t stride = states.size() / kMaxPathPoints + 1;
      std::vector<double> dx, dy;
      for (size_t i = 0; i < states.size(); i += stride) {
        dx.push_back(states[i].x);
        dy.push_back(states[i].y);
      }
      f.array("demoX", std::move(dx));
      f.array("demoY", std::move(dy));
      f.scalar("demoStride", double(stride));
    } else {
      f.scalar("phase", 1);
    }
    return f;
  }

  json result() const override {
    const auto& s = go_->stats();
    const auto& best = go_->archive()[size_t(go_->best_cell())];
    json r = {{"layout", layout_json(*layout_)},
              {"frames", s.frames()},
              {"cells", go_->archive().size()},
              {"tileCells", s.cells()},
              {"bestScore", s.best_score()},
              {"bestLength", best.length},
              {"treasureFrame", s.treasure_frame()},
              {"curveFrames", curve_.xs()},
              {"curveCells", curve_.ys()}};
    r["phase2"] = phase2_ ? phase2_->to_json() : json(nullptr);
    return r;
  }

 private:
  Params params_;
  std::shared_ptr<const RoomsLayout> layout_;
  uint64_t frames_;
  std::unique_ptr<GoExplore> go_;
  DownsampledCurve curve_;
  Rng phase2_rng_;
  bool skip_phase2_ = false;
  std::unique_ptr<Phase2> phase2_;
  uint64_t work_ = 0;
};

}  // namespace

Scenario go_explore_scenario() {
  Scenario s;
  s.name = "go-explore";
  s.title = "Go-Explore, live";
  s.summary =
      "Go-Explore on a keys-and-doors rooms world: an archive of cells (room, x, y, keys held), each with the best "
      "trajectory to it; choose a cell by its visit counters, return to it by restoring its state, explore with "
      "repeated random actions (phase 1); then make the best trajectory robust to sticky actions by the backward "
      "algorithm (phase 2). (Ecoffet et al. 2019; Salimans & Chen 2018.) Work unit: one environment frame.";
  s.schema.params = world_params();
  s.schema.params.push_back(std::move(ParamSpec::integer(
      "frames", 500000, 1000, 5000000, "phase-1 frame budget (the archive keeps ~8 bytes a frame: 5M frames ≈ 40 MB)")).log());
  for (auto& spec : go_explore_params()) s.schema.params.push_back(std::move(spec));
  for (auto& spec : phase2_params(2000000)) s.schema.params.push_back(std::move(spec));
  s.schema.params.push_back(seed_param());
  s.schema.check = check_world;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<GoExploreLiveRun>(p); };
  return s;
}

Scenario go_explore_eval_scenario() {
  Scenario s;
  s.name = "go-explore-eval";
  s.title = "Go-Explore, evaluation (one seed)";
  s.summary =
      "One seed of the exploration comparison on a keys-and-doors rooms world: Go-Explore phase 1, uniform random "
      "exploration, ε-greedy Q-learning and Q-learning with a SimHash count bonus, each on the same frame budget "
      "(cells discovered and best score at evenly spaced checkpoints, first frame at the treasure); then phase 2 "
      "(backward algorithm) on Go-Explore's best trajectory, evaluated under sticky actions. (Ecoffet et al. 2019; "
      "Tang et al. 2017; Salimans & Chen 2018.) Work unit: one environment frame.";
  s.schema.params = world_params();
  s.schema.params.push_back(std::move(ParamSpec::integer(
      "frames", 1000000, 1000, 5000000, "frame budget of each method (Go-Explore's archive keeps ~8 bytes a frame: 5M ≈ 40 MB)")).log());
  s.schema.params.push_back(ParamSpec::integer("points", 50, 2, 1000, "checkpoints of the curves"));
  for (auto& spec : go_explore_params()) s.schema.params.push_back(std::move(spec));
  s.schema.params.push_back(std::move(ParamSpec::integer("episodeSteps", 1000, 10, 1000000, "baselines: steps per episode")).log());
  s.schema.params.push_back(ParamSpec::real("alpha", 0.1, 0.001, 1, "Q-learning step size"));
  s.schema.params.push_back(ParamSpec::real("gamma", 0.99, 0, 1, "Q-learning discount"));
  s.schema.params.push_back(ParamSpec::real("epsilon", 0.05, 0, 1, "Q-learning: probability of a random action"));
  s.schema.params.push_back(std::move(ParamSpec::real("beta", 0.003, 0.0001, 10, "count bonus scale β in β/sqrt(n(φ(s))) (0.003: tuned on seeds 101–110 of the default layout)")).log());
  s.schema.params.push_back(ParamSpec::integer("hashBits", 32, 1, 64, "SimHash code length k"));
  for (auto& spec : phase2_params(2000000)) s.schema.params.push_back(std::move(spec));
  s.schema.params.push_back(seed_param());
  s.schema.check = check_world;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<GoExploreEvalRun>(p); };
  return s;
}

}  // namespace fastslow
