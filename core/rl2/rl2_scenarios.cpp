// RL² scenarios (Duan et al. 2016, arXiv 1611.02779):
//   rl2-eval   one cell of the bandit table played by the shipped RL² weights, with the
//              bandit-eval protocol (task j = Rng(seed).split(taskOffset + j); chunks merge).
//   rl2-live   one seeded task played step by step: action probabilities and hidden state.
//   rl2-train  PPO training of a small setting in slices, with a live learning curve.
#include "rl2/rl2_scenarios.hpp"

#include <cmath>

#include "common/curve.hpp"
#include "common/variates.hpp"
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

// rl2-live: task `taskIndex` of the seed (the same task bandit-live and bandit-eval draw for it).
class Rl2LiveRun final : public Run {
 public:
  explicit Rl2LiveRun(const Params& p)
      : w_(load(p)), net_(w_.shape), task_index_(uint64_t(p.integer("taskIndex"))), seed_(p.seed()),
        greedy_(p.flag("greedy")), h_(Mat::Zero(w_.shape.hidden, 1)) {
    const Rng root = Rng(seed_).split(task_index_);
    env_ = std::make_unique<BanditTrial>(w_.n, w_.k);
    env_->reset(root);
    action_rng_ = root.split(2);
    successes_.assign(size_t(w_.k), 0);
    pulls_.assign(size_t(w_.k), 0);
  }

  bool step(uint64_t budget) override {
    // Work unit: one pull.
    const int A = w_.shape.actions;
    Mat x(w_.shape.inputs(), 1);
    std::vector<double> logp(static_cast<size_t>(A));
    for (; budget > 0 && !done(); --budget) {
      double obs = 0;
      env_->observe(&obs);
      net_.input(x.data(), &obs, prev_action_, prev_reward_, t_ > 0);
      const Mat out = net_.act(w_.params, x, h_);
      log_softmax(out.data(), A, logp.data());
      probs_.assign(size_t(A), 0);
      int a = 0;
      for (int i = 0; i < A; ++i) probs_[size_t(i)] = det_exp(logp[size_t(i)]);
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
      const TrialStep s = env_->step(a);
      prev_action_ = a;
      prev_reward_ = s.reward;
      total_ += s.reward;
      regret_ += env_->task().regret(a);
      successes_[size_t(a)] += s.reward;
      pulls_[size_t(a)] += 1;
      actions_.push_back(a);
      rewards_.push_back(s.reward);
      hidden_.emplace_back(h_.data(), h_.data() + h_.size());
      value_ = out(A, 0) * w_.value_scale;
      ++t_;
    }
    return done();
  }
  bool done() const override { return t_ >= w_.n; }
  double progress() const override { return double(t_) / double(w_.n); }

  Frame frame() const override {
    Frame f;
    f.scalar("t", t_);
    f.scalar("n", w_.n);
    f.scalar("total", total_);
    f.scalar("regret", regret_);
    f.scalar("value", value_);
    f.array("probs", probs_);
    f.array("p", env_->task().probabilities());
    f.array("successes", successes_);
    f.array("pulls", pulls_);
    // The last 500 steps' actions and rewards, and the hidden-state trajectory projected on its
    // two leading principal components (power iteration on the covariance of the states).
    const size_t from = actions_.size() > 500 ? actions_.size() - 500 : 0;
    f.array("actions", std::vector<double>(actions_.begin() + long(from), actions_.end()));
    f.array("rewards", std::vector<double>(rewards_.begin() + long(from), rewards_.end()));
    std::vector<double> px, py;
    project(px, py);
    f.array("hiddenX", px);
    f.array("hiddenY", py);
    f.array("hidden", hidden_.empty() ? std::vector<double>() : hidden_.back());
    return f;
  }

  json result() const override {
    return {{"n", w_.n}, {"k", w_.k}, {"taskIndex", task_index_}, {"total", total_}, {"regret", regret_},
            {"actions", actions_}, {"rewards", rewards_}, {"p", env_->task().probabilities()}};
  }

 private:
  void project(std::vector<double>& px, std::vector<double>& py) const {
    const size_t T = hidden_.size();
    if (T == 0) return;
    const int H = w_.shape.hidden;
    Mat X(H, Eigen::Index(T));
    for (size_t t = 0; t < T; ++t) X.col(Eigen::Index(t)) = Eigen::Map<const Vec>(hidden_[t].data(), H);
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
  std::unique_ptr<BanditTrial> env_;
  Rng action_rng_;
  int t_ = 0, prev_action_ = -1;
  double prev_reward_ = 0, total_ = 0, regret_ = 0, value_ = 0;
  std::vector<double> probs_, successes_, pulls_, rewards_;
  std::vector<int> actions_;
  std::vector<std::vector<double>> hidden_;
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
    f.array("curveSteps", curve_.xs());
    f.array("curveReturn", curve_.ys());
    return f;
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
      "One seeded bandit task played by the shipped RL² weights step by step: the policy's action "
      "probabilities, its value estimate and its GRU state (projected on two principal components) "
      "as it learns the task within the trial. Work unit: one pull.";
  s.schema.params = setting_params(100, 1000);
  s.schema.params.push_back(ParamSpec::flag("greedy", false, "take the most probable action instead of sampling"));
  s.schema.params.push_back(ParamSpec::integer("taskIndex", 0, 0, 1000000000, "which task of the seed (as in bandit-eval)"));
  s.schema.params.push_back(seed_param());
  s.schema.check = check_weights;
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
  s.schema.params = {ParamSpec::integer("n", 10, 2, 100, "pulls per task"), ParamSpec::integer("k", 5, 2, 50, "number of arms"),
                     std::move(ParamSpec::integer("iterations", 100, 1, 10000, "PPO iterations (batches of trials)")).log(),
                     ParamSpec::integer("hidden", 32, 4, 256, "GRU state size")};
  s.schema.params.push_back(seed_param());
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<Rl2TrainRun>(p); };
  return s;
}

}  // namespace fastslow
