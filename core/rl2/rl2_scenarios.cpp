// RL² scenarios (Duan et al. 2016, arXiv 1611.02779):
//   rl2-eval   one cell of the bandit table played by the shipped RL² weights, with the
//              bandit-eval protocol (task j = Rng(seed).split(taskOffset + j); chunks merge).
//   rl2-live   one seeded task played step by step: action probabilities and hidden state.
//   rl2-train  PPO training of a small setting in slices, with a live learning curve.
#include "rl2/rl2_scenarios.hpp"

#include "common/checkpoint.hpp"

#include <cmath>

#include "common/curve.hpp"
#include "common/variates.hpp"
#include "bandit/policy.hpp"
#include "rl2/setup.hpp"

namespace fastslow {
namespace {

using namespace rl2;

// The weights for (n, k), or an error on n naming the shipped settings.
void check_weights(const Params& p, std::vector<ParamError>& errors) {
  const std::string name = weights_name("bandit", int(p.integer("n")), int(p.integer("k")));
  WeightsFile w;
  std::string error;
  if (load_embedded_weights(name, w, error)) return;
  std::string shipped;
  for (const EmbeddedWeights& e : embedded_weights()) shipped += (shipped.empty() ? "" : ", ") + std::string(e.name);
  const std::string value = "n=" + std::to_string(p.integer("n")) + ",k=" + std::to_string(p.integer("k"));
  errors.push_back({"n", value, "n, k: no trained RL² weights for " + value + " (" + error + ")",
                    shipped.empty() ? "none shipped" : "settings with shipped weights: " + shipped});
}

WeightsFile load(const Params& p) {
  WeightsFile w;
  std::string error;
  load_embedded_weights(weights_name("bandit", int(p.integer("n")), int(p.integer("k"))), w, error);
  return w;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / double(v.size());
}
double se_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mu = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - mu) * (x - mu);
  return std::sqrt(ss / double(v.size() - 1) / double(v.size()));
}

class Rl2EvalRun final : public Run {
 public:
  explicit Rl2EvalRun(const Params& p)
      : w_(load(p)), net_(w_.shape), env_(make_env(w_)), trials_(uint64_t(p.integer("trials"))),
        offset_(uint64_t(p.integer("taskOffset"))), seed_(p.seed()), greedy_(p.flag("greedy")) {}

  bool step(uint64_t budget) override {
    // Work unit: one pull; whole tasks at a time.
    for (int64_t left = int64_t(budget); left > 0 && !done(); left -= w_.n)
      totals_.push_back(evaluate_task(net_, w_, *env_, seed_, offset_ + totals_.size(), greedy_));
    return done();
  }
  bool done() const override { return totals_.size() >= trials_; }
  double progress() const override { return double(totals_.size()) / double(trials_); }
  Frame frame() const override {
    Frame f;
    f.scalar("trialsDone", double(totals_.size()));
    f.scalar("trials", double(trials_));
    f.scalar("meanTotal", mean_of(totals_));
    f.scalar("seTotal", se_of(totals_));
    f.scalar("progress", progress());
    f.array("totals", totals_);
    return f;
  }
  json result() const override {
    return {{"n", w_.n},          {"k", w_.k},          {"policy", "rl2"},           {"trials", totals_.size()},
            {"taskOffset", offset_}, {"greedy", greedy_}, {"weights", weights_name("bandit", w_.n, w_.k)},
            {"mean", mean_of(totals_)}, {"se", se_of(totals_)}, {"totals", totals_}};
  }

 private:
  WeightsFile w_;
  Rl2Net net_;
  std::unique_ptr<TrialEnv> env_;
  uint64_t trials_, offset_, seed_;
  bool greedy_;
  std::vector<double> totals_;
};

// rl2-live: task `taskIndex` of the seed, generator root = Rng(seed).split(taskIndex), as in
// rl2-eval and bandit-eval (the task from root.split(1), the policy's action draws from
// root.split(2)); so rl2-live's total equals rl2-eval's total for task taskIndex.
//
// task=bandit: RL² and, beside it on the same task, the Gittins index policy (finite horizon,
// the uniform prior) with its own copy of the arms: the arms' reward streams are common random
// numbers (bernoulli_bandit.hpp), and Gittins' tie draws come from its own copy of root.split(2),
// so its total is bandit-eval's (policy gittins, gittinsMode finite-horizon) for that task.
// task=maze: one maze trial of `episodes` episodes; every step's cell is recorded, so the view
// can draw each episode's path.
//
// Frame arrays are bounded: per-step histories keep the last kKeep steps (probabilities:
// at most kKeepProbs values, the most recent steps), the hidden-state projection at most kKeep
// points (PCA over the states kept).
constexpr size_t kKeep = 1000;
constexpr size_t kKeepProbs = 20000;

std::string live_weights_name(const Params& p) {
  return p.choice("task") == "maze" ? weights_name("maze", int(p.integer("size")), int(p.integer("episodes")))
                                    : weights_name("bandit", int(p.integer("n")), int(p.integer("k")));
}

void check_live_weights(const Params& p, std::vector<ParamError>& errors) {
  if (p.choice("task") != "maze") {
    check_weights(p, errors);
    return;
  }
  const std::string name = live_weights_name(p);
  WeightsFile w;
  std::string error;
  if (load_embedded_weights(name, w, error)) return;
  std::string shipped;
  for (const EmbeddedWeights& e : embedded_weights())
    if (std::string(e.name).rfind("maze-", 0) == 0) shipped += (shipped.empty() ? "" : ", ") + std::string(e.name);
  const std::string value = "size=" + std::to_string(p.integer("size")) + ",episodes=" + std::to_string(p.integer("episodes"));
  errors.push_back({"size", value, "size, episodes: no trained RL² maze weights for " + value + " (" + error + ")",
                    shipped.empty() ? "none shipped" : "mazes with shipped weights: " + shipped});
}

template <class T>
std::vector<double> tail_of(const std::vector<T>& v, size_t keep) {
  const size_t from = v.size() > keep ? v.size() - keep : 0;
  return std::vector<double>(v.begin() + long(from), v.end());
}

class Rl2LiveRun final : public Run {
 public:
  explicit Rl2LiveRun(const Params& p)
      : net_(load_live(p).shape), task_index_(uint64_t(p.integer("taskIndex"))), seed_(p.seed()),
        greedy_(p.flag("greedy")), h_(Mat::Zero(w_.shape.hidden, 1)) {
    const Rng root = Rng(seed_).split(task_index_);
    action_rng_ = root.split(2);
    if (w_.task == "maze") {
      auto maze = std::make_unique<MazeTrial>(w_.n, w_.k);
      maze_ = maze.get();
      env_ = std::move(maze);
      env_->reset(root);
    } else {
      auto bandit = std::make_unique<BanditTrial>(w_.n, w_.k);
      bandit_ = bandit.get();
      env_ = std::move(bandit);
      env_->reset(root);
      gittins_task_ = std::make_unique<BernoulliBandit>(w_.k, root.split(1));
      gittins_rng_ = root.split(2);
      gittins_ = make_gittins_policy(BetaPrior{}, GittinsMode::FiniteHorizon, 0.99, true);
      gittins_stats_ = std::make_unique<ArmStats>(w_.k);
      successes_.assign(size_t(w_.k), 0);
      pulls_.assign(size_t(w_.k), 0);
      gittins_pulls_.assign(size_t(w_.k), 0);
    }
    obs_.assign(size_t(std::max(1, w_.shape.obs_dim)), 0.0);
  }

  bool step(uint64_t budget) override {
    // Work unit: one step of the trial (a pull: RL²'s and Gittins'; a move in the maze).
    const int A = w_.shape.actions;
    Mat x(w_.shape.inputs(), 1);
    std::vector<double> logp(static_cast<size_t>(A));
    for (; budget > 0 && !done(); --budget) {
      env_->observe(obs_.data());
      net_.input(x.data(), obs_.data(), prev_action_, prev_reward_, prev_done_);
      const Mat out = net_.act(w_.params, x, h_);
      log_softmax(out.data(), A, logp.data());
      probs_.assign(size_t(A), 0);
      for (int i = 0; i < A; ++i) probs_[size_t(i)] = det_exp(logp[size_t(i)]);
      int a = 0;
      if (greedy_) {
        for (int i = 1; i < A; ++i) a = logp[size_t(i)] > logp[size_t(a)] ? i : a;
      } else {
        const double u = action_rng_.uniform();
        double acc = 0;
        a = A - 1;
        for (int i = 0; i < A; ++i) {
          acc += det_exp(logp[size_t(i)]);
          if (u < acc) {
            a = i;
            break;
          }
        }
      }
      const int from = maze_ ? maze_->env().position() : 0;
      const TrialStep s = env_->step(a);
      if (maze_) {
        cells_.push_back(maze_->env().maze().move(from, a));
        episode_of_.push_back(int(maze_->lengths().size()) - (s.episode_done ? 1 : 0));
      } else {
        regret_ += bandit_->task().regret(a);
        successes_[size_t(a)] += s.reward;
        pulls_[size_t(a)] += 1;
        gittins_step();
      }
      for (double q : probs_) prob_history_.push_back(q);
      prev_action_ = a;
      prev_reward_ = s.reward;
      prev_done_ = s.episode_done;
      trial_done_ = s.trial_done;
      total_ += s.reward;
      actions_.push_back(a);
      rewards_.push_back(s.reward);
      hidden_.emplace_back(h_.data(), h_.data() + h_.size());
      value_ = out(A, 0) * w_.value_scale;
      ++t_;
      trim();
    }
    return done();
  }
  bool done() const override { return trial_done_ || t_ >= env_->max_steps(); }
  double progress() const override {
    if (done()) return 1;
    if (!maze_) return double(t_) / double(w_.n);
    // Maze: finished episodes, plus the current one's share of its cap.
    const double cap = double(env_->max_steps()) / double(w_.k);
    const double in_episode = std::min(1.0, double(maze_->env().steps()) / cap);
    return (double(maze_->lengths().size()) + in_episode) / double(w_.k);
  }

  Frame frame() const override {
    Frame f;
    f.scalar("t", t_);
    // step of steps: the playground paces a run by these (steps: the trial's length, or for a
    // maze its cap, episodes · 4 · cells).
    f.scalar("step", t_);
    f.scalar("steps", done() ? t_ : env_->max_steps());
    f.scalar("total", total_);
    f.scalar("value", value_);
    f.scalar("numActions", w_.shape.actions);
    f.scalar("progress", progress());
    f.array("probs", probs_);
    // Per step (the last kKeep steps): the action probabilities (row-major, `actions` per step,
    // from step historyStart; numActions per step), the actions taken and the rewards.
    const size_t A = size_t(w_.shape.actions);
    const size_t rows = std::min(prob_history_.size() / A, std::max<size_t>(1, kKeepProbs / A));
    f.scalar("historyStart", double(first_kept_ + prob_history_.size() / A - rows));
    f.array("probHistory", std::vector<double>(prob_history_.end() - long(rows * A), prob_history_.end()));
    f.array("actionHistory", tail_of(actions_, kKeep));
    f.array("rewardHistory", tail_of(rewards_, kKeep));
    // The GRU state trajectory projected on its two leading principal components.
    std::vector<double> px, py;
    project(px, py);
    f.array("hiddenX", px);
    f.array("hiddenY", py);
    f.array("hidden", hidden_.empty() ? std::vector<double>() : hidden_.back());
    if (maze_) {
      const maze::MazeEnv& env = maze_->env();
      const maze::MazeInfo info = env.info();
      f.scalar("width", env.maze().width());
      f.scalar("height", env.maze().height());
      f.scalar("start", info.start);
      f.scalar("goal", info.goal);
      f.scalar("shortestPath", info.shortest_path);
      f.scalar("episodes", w_.k);
      f.scalar("episode", double(maze_->lengths().size()));
      f.scalar("position", env.position());
      const std::vector<uint8_t> px8 = env.maze().pixels();
      f.array("walls", std::vector<double>(px8.begin(), px8.end()));
      // Every step's cell after the move and its episode (a trial is at most episodes · 4 · cells
      // steps: bounded by the schema's ranges).
      f.array("pathCell", std::vector<double>(cells_.begin(), cells_.end()));
      f.array("pathEpisode", std::vector<double>(episode_of_.begin(), episode_of_.end()));
      std::vector<double> lengths(maze_->lengths().begin(), maze_->lengths().end());
      std::vector<double> success(maze_->successes().begin(), maze_->successes().end());
      f.array("lengths", lengths);
      f.array("successes", success);
    } else {
      f.scalar("n", w_.n);
      f.scalar("regret", regret_);
      f.array("p", bandit_->task().probabilities());
      f.array("successes", successes_);
      f.array("pulls", pulls_);
      // The Gittins index policy on the same task (same arms and reward coins).
      f.scalar("gittinsTotal", gittins_total_);
      f.scalar("gittinsRegret", gittins_regret_);
      f.array("gittinsPulls", gittins_pulls_);
      f.array("gittinsActions", tail_of(gittins_actions_, kKeep));
      f.array("regretCurve", tail_of(regret_curve_, kKeep));
      f.array("gittinsRegretCurve", tail_of(gittins_regret_curve_, kKeep));
    }
    return f;
  }

  json result() const override {
    json r = {{"task", w_.task}, {"taskIndex", task_index_}, {"total", total_}, {"actions", actions_}, {"rewards", rewards_}};
    if (maze_) {
      r["size"] = w_.n;
      r["episodes"] = w_.k;
      r["lengths"] = maze_->lengths();
      std::vector<bool> success(maze_->successes().begin(), maze_->successes().end());
      r["successes"] = success;
      r["shortestPath"] = maze_->env().info().shortest_path;
    } else {
      r["n"] = w_.n;
      r["k"] = w_.k;
      r["regret"] = regret_;
      r["p"] = bandit_->task().probabilities();
      r["gittins"] = {{"total", gittins_total_}, {"regret", gittins_regret_}, {"actions", gittins_actions_}};
    }
    return r;
  }

 private:
  const WeightsFile& load_live(const Params& p) {
    std::string error;
    load_embedded_weights(live_weights_name(p), w_, error);
    return w_;
  }

  void gittins_step() {
    const uint64_t n = uint64_t(w_.n), t = uint64_t(gittins_actions_.size());
    while (!gittins_->prepare(n, 1 << 16)) {
    }
    const int arm = gittins_->select(*gittins_stats_, t, n, gittins_rng_);
    const double reward = gittins_task_->pull(arm);
    gittins_stats_->update(arm, reward);
    gittins_pulls_[size_t(arm)] += 1;
    gittins_total_ += reward;
    gittins_regret_ += gittins_task_->regret(arm);
    gittins_actions_.push_back(arm);
    regret_curve_.push_back(regret_);
    gittins_regret_curve_.push_back(gittins_regret_);
  }

  // Keeps the per-step probabilities and hidden states bounded (the oldest go first).
  void trim() {
    const size_t A = size_t(w_.shape.actions);
    const size_t max_rows = std::max<size_t>(1, kKeepProbs / A);
    if (prob_history_.size() / A > 2 * max_rows) {
      const size_t drop = prob_history_.size() / A - max_rows;
      prob_history_.erase(prob_history_.begin(), prob_history_.begin() + long(drop * A));
      first_kept_ += drop;
    }
    if (hidden_.size() > 2 * kKeep) hidden_.erase(hidden_.begin(), hidden_.end() - long(kKeep));
  }

  void project(std::vector<double>& px, std::vector<double>& py) const {
    const size_t from = hidden_.size() > kKeep ? hidden_.size() - kKeep : 0;
    const size_t T = hidden_.size() - from;
    if (T == 0) return;
    const int H = w_.shape.hidden;
    Mat X(H, Eigen::Index(T));
    for (size_t t = 0; t < T; ++t) X.col(Eigen::Index(t)) = Eigen::Map<const Vec>(hidden_[from + t].data(), H);
    const Vec mu = X.rowwise().mean();
    X.colwise() -= mu;
    const Mat C = X * X.transpose();
    Vec pcs[2];
    Mat D = C;
    for (int c = 0; c < 2; ++c) {
      Vec v = Vec::Ones(H) / std::sqrt(double(H));
      for (int it = 0; it < 50; ++it) {
        Vec nv = D * v;
        const double norm = nv.norm();
        if (norm < 1e-12) break;
        v = nv / norm;
      }
      // A fixed sign (the largest component positive), so the picture does not flip between frames.
      Eigen::Index big = 0;
      v.cwiseAbs().maxCoeff(&big);
      if (v[big] < 0) v = -v;
      pcs[c] = v;
      D -= (v.transpose() * D * v)(0, 0) * v * v.transpose();
    }
    px.resize(T);
    py.resize(T);
    for (size_t t = 0; t < T; ++t) {
      px[t] = pcs[0].dot(X.col(Eigen::Index(t)));
      py[t] = pcs[1].dot(X.col(Eigen::Index(t)));
    }
  }

  WeightsFile w_;
  Rl2Net net_;
  uint64_t task_index_, seed_;
  bool greedy_;
  Mat h_;
  std::unique_ptr<TrialEnv> env_;
  BanditTrial* bandit_ = nullptr;
  MazeTrial* maze_ = nullptr;
  Rng action_rng_;
  std::vector<double> obs_;
  int t_ = 0, prev_action_ = -1;
  bool prev_done_ = false, trial_done_ = false;
  double prev_reward_ = 0, total_ = 0, regret_ = 0, value_ = 0;
  std::vector<double> probs_, successes_, pulls_, rewards_, prob_history_;
  size_t first_kept_ = 0;
  std::vector<int> actions_, cells_, episode_of_;
  std::vector<std::vector<double>> hidden_;
  // Gittins on the same task (bandit only).
  std::unique_ptr<BernoulliBandit> gittins_task_;
  std::unique_ptr<BanditPolicy> gittins_;
  std::unique_ptr<ArmStats> gittins_stats_;
  Rng gittins_rng_;
  double gittins_total_ = 0, gittins_regret_ = 0;
  std::vector<double> gittins_pulls_, regret_curve_, gittins_regret_curve_;
  std::vector<int> gittins_actions_;
};

class Rl2TrainRun final : public Run {
 public:
  explicit Rl2TrainRun(const Params& p) : setup_(bandit_setup(int(p.integer("n")), int(p.integer("k")))) {
    setup_.shape.hidden = int(p.integer("hidden"));
    setup_.config.iterations = p.integer("iterations");
    trainer_ = std::make_unique<PpoTrainer>(setup_.make_env, setup_.shape, setup_.config, p.seed());
  }
  bool step(uint64_t budget) override {
    // Work unit: one batch time step while collecting, one minibatch gradient step while updating.
    for (; budget > 0 && !done(); --budget)
      if (trainer_->work()) curve_.add(double(trainer_->last().env_steps), trainer_->last().mean_return);
    return done();
  }
  bool done() const override { return trainer_->iteration() >= setup_.config.iterations; }
  double progress() const override {
    const double per = double(trainer_->units_per_iteration());
    return (double(trainer_->iteration()) + double(trainer_->units_done_in_iteration()) / per) /
           double(setup_.config.iterations);
  }
  Frame frame() const override {
    Frame f;
    const IterationStats& s = trainer_->last();
    f.scalar("iteration", double(trainer_->iteration()));
    f.scalar("iterations", double(setup_.config.iterations));
    f.scalar("envSteps", double(trainer_->env_steps()));
    f.scalar("meanReturn", s.mean_return);
    f.scalar("entropy", s.entropy);
    f.scalar("progress", progress());
    // Work units done and in all (the playground paces a run by these).
    const double per = double(trainer_->units_per_iteration());
    f.scalar("step", double(trainer_->iteration()) * per + double(trainer_->units_done_in_iteration()));
    f.scalar("steps", per * double(setup_.config.iterations));
    f.array("curveSteps", curve_.xs());
    f.array("curveReturn", curve_.ys());
    return f;
  }
  // Checkpoints: the trainer at the start of its current iteration and the learning curve
  // (which changes only at iteration ends, so it matches that state).
  bool checkpointable() const override { return true; }
  json checkpoint() const override { return {{"trainer", trainer_->checkpoint()}, {"curve", curve_to_json(curve_)}}; }
  std::string restore(const json& state) override {
    const json* trainer = nullptr;
    StateReader r(state);
    r.object("trainer", trainer).curve("curve", curve_);
    if (!r.ok()) return r.error();
    return trainer_->restore(*trainer);
  }

  json result() const override {
    return {{"n", setup_.n}, {"k", setup_.k}, {"iterations", trainer_->iteration()}, {"envSteps", trainer_->env_steps()},
            {"meanReturn", trainer_->last().mean_return}, {"curveSteps", curve_.xs()}, {"curveReturn", curve_.ys()}};
  }

 private:
  TrainSetup setup_;
  std::unique_ptr<PpoTrainer> trainer_;
  DownsampledCurve curve_{512};
};

std::vector<ParamSpec> setting_params(int64_t n_default, int64_t n_max) {
  return {std::move(ParamSpec::integer("n", n_default, 1, n_max, "pulls per task")).log(),
          ParamSpec::integer("k", 10, 2, 100, "number of arms")};
}

}  // namespace

Scenario rl2_eval_scenario() {
  Scenario s;
  s.name = "rl2-eval";
  s.title = "RL², bandit evaluation";
  s.summary =
      "One cell of the RL² bandit table played by the shipped RL² weights (a GRU policy trained with "
      "PPO): mean total reward ± standard error over numbered tasks, the same tasks as bandit-eval. "
      "(Duan et al. 2016, RL², Table 1.) Work unit: one pull.";
  s.schema.params = setting_params(100, 1000);
  s.schema.params.push_back(ParamSpec::flag("greedy", false, "take the most probable action instead of sampling"));
  s.schema.params.push_back(std::move(ParamSpec::integer("trials", 1000, 1, 1000000, "number of tasks")).log());
  s.schema.params.push_back(ParamSpec::integer("taskOffset", 0, 0, 1000000000,
                                               "number of the first task (chunks of one table use consecutive offsets)"));
  s.schema.params.push_back(seed_param());
  s.schema.check = check_weights;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<Rl2EvalRun>(p); };
  return s;
}

Scenario rl2_live_scenario() {
  Scenario s;
  s.name = "rl2-live";
  s.title = "RL², bandit live";
  s.summary =
      "One seeded task played by the shipped RL² weights step by step: the policy's action "
      "probabilities, its value estimate and its GRU state (projected on two principal components) "
      "as it learns the task within the trial. task=bandit: the Gittins index policy plays the same "
      "task beside it; task=maze: every step's cell, so each episode's path can be drawn. Work unit: one step.";
  s.schema.params = setting_params(100, 1000);
  s.schema.params.push_back(ParamSpec::flag("greedy", false, "take the most probable action instead of sampling"));
  s.schema.params.push_back(ParamSpec::integer("taskIndex", 0, 0, 1000000000, "which task of the seed (as in bandit-eval)"));
  s.schema.params.push_back(ParamSpec::choice("task", "bandit", {"bandit", "maze"},
                                              "bandit (n pulls, k arms) or maze (size, episodes)"));
  s.schema.params.push_back(ParamSpec::integer("size", 5, 3, 15, "maze: cells per side"));
  s.schema.params.push_back(ParamSpec::integer("episodes", 2, 1, 5, "maze: episodes per trial in the same maze"));
  s.schema.params.push_back(seed_param());
  s.schema.check = check_live_weights;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<Rl2LiveRun>(p); };
  return s;
}

Scenario rl2_train_scenario() {
  Scenario s;
  s.name = "rl2-train";
  s.title = "RL², train on bandits";
  s.summary =
      "Trains an RL² policy (GRU, PPO with GAE, Adam) on Bernoulli bandits of n pulls and k arms, "
      "with the learning curve live: mean total reward per training trial against environment steps. "
      "Work unit: one time step of a batch of trials, or one gradient step.";
  // Small settings only: one gradient step (64 trials of n pulls through BPTT) must stay within
  // a worker's time slice.
  s.schema.params = {ParamSpec::integer("n", 10, 2, 10, "pulls per task"), ParamSpec::integer("k", 5, 2, 10, "number of arms"),
                     std::move(ParamSpec::integer("iterations", 100, 1, 10000, "PPO iterations (batches of trials)")).log(),
                     ParamSpec::integer("hidden", 32, 4, 64, "GRU state size")};
  s.schema.params.push_back(seed_param());
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<Rl2TrainRun>(p); };
  return s;
}

}  // namespace fastslow
