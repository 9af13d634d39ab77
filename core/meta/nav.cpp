// 2D navigation scenarios (Finn et al. 2017 §5.3; REFERENCES.md "MAML"):
//   maml-nav-train  MAML-RL (exact second-order meta-gradient of the post-adaptation surrogate,
//                   TRPO outer step), the pretrained multi-task baseline (TRPO on the tasks'
//                   average, no adaptation in training) or ES-MAML (Song et al. 2020: the
//                   meta-gradient of the post-adaptation return estimated by OpenAI-ES).
//   maml-nav-eval   a shipped policy on fresh goals: mean return before and after 1..steps
//                   policy-gradient steps of `trajectories` each (chunkable by taskOffset).
//   maml-nav-live   one goal: the trajectories before and after each adaptation step.
//
// TRPO, not PPO, for the outer step: it is what the paper used for MAML-RL (and what its
// numbers were produced with). The KL constraint is on the post-adaptation policies
// π_θ'(θ) of each task. Fisher-vector products use the Fisher of those policies in θ' (the
// Jacobian dθ'/dθ = I − αH is dropped from the metric only — the gradient itself is exact
// second order); a damping 1e-5·v is added as in rllab's conjugate-gradient optimiser.
#include "meta/nav.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/checkpoint.hpp"
#include "common/parallel.hpp"
#include "common/variates.hpp"
#include "meta/es.hpp"
#include "meta/weights.hpp"

namespace fastslow::meta {

constexpr int kHorizon = 100;
constexpr double kGamma = 0.99;

double nav_action(double u) {
  // rllab's normalize(): lb + (u + 1)/2 · (ub − lb), clipped to [lb, ub]; with lb = −ub this is
  // ub·u clipped to ±ub.
  return std::min(kNavActionBound, std::max(-kNavActionBound, kNavActionBound * u));
}

Goal sample_goal(Rng& rng) {
  const double x = rng.uniform() - 0.5;
  const double y = rng.uniform() - 0.5;
  return {x, y};
}

GaussianPolicy nav_policy() { return GaussianPolicy(2, {100, 100}, 2, 0.0); }

double NavBatch::mean_return() const {
  double s = 0;
  for (double r : returns) s += r;
  return returns.empty() ? 0.0 : s / static_cast<double>(returns.size());
}

namespace {

struct Step {
  double x, y, ax, ay, r;
  int t;
};

// rllab's LinearFeatureBaseline: least squares (ridge 1e-5) on [o, o², t, t², t³, 1], t = step/100.
constexpr int kFeatures = 8;
void features(const Step& s, double* f) {
  const double t = s.t / 100.0;
  f[0] = s.x; f[1] = s.y; f[2] = s.x * s.x; f[3] = s.y * s.y;
  f[4] = t; f[5] = t * t; f[6] = t * t * t; f[7] = 1.0;
}

}  // namespace

namespace {

using Trajectory = std::vector<Step>;

// `n` trajectories side by side (one batched forward pass per time step), appended to `traj`
// (and their positions to `paths` when given).
void sample_trajectories(const GaussianPolicy& policy, const Vec& theta, const Goal& goal, int n, Rng& rng,
                         std::vector<Trajectory>* out, std::vector<std::vector<double>>* paths) {
  std::vector<Trajectory> traj(n);
  Mat pos = Mat::Zero(2, n);
  std::vector<int> active(n);
  for (int j = 0; j < n; ++j) active[j] = j;
  const size_t first_path = paths ? paths->size() : 0;
  if (paths) paths->resize(first_path + static_cast<size_t>(n), std::vector<double>{0.0, 0.0});
  for (int t = 0; t < kHorizon && !active.empty(); ++t) {
    Mat obs(2, static_cast<Eigen::Index>(active.size()));
    for (size_t i = 0; i < active.size(); ++i) obs.col(i) = pos.col(active[i]);
    const Mat act = policy.sample(theta, obs, rng);
    std::vector<int> still;
    for (size_t i = 0; i < active.size(); ++i) {
      const int j = active[i];
      Step s{obs(0, i), obs(1, i), act(0, i), act(1, i), 0.0, t};
      pos(0, j) += nav_action(act(0, i));
      pos(1, j) += nav_action(act(1, i));
      const double dx = pos(0, j) - goal[0], dy = pos(1, j) - goal[1];
      s.r = -std::sqrt(dx * dx + dy * dy);
      traj[j].push_back(s);
      if (paths) {
        (*paths)[first_path + j].push_back(pos(0, j));
        (*paths)[first_path + j].push_back(pos(1, j));
      }
      if (!(std::fabs(dx) < 0.01 && std::fabs(dy) < 0.01)) still.push_back(j);
    }
    active = std::move(still);
  }
  for (auto& tr : traj) out->push_back(std::move(tr));
}

// The batch of a list of trajectories: discounted returns, rllab's linear baseline fitted on the
// batch, normalised advantages.
NavBatch make_batch(const std::vector<Trajectory>& traj) {
  NavBatch b;
  Eigen::Index N = 0;
  for (const auto& tr : traj) N += static_cast<Eigen::Index>(tr.size());
  b.obs.resize(2, N);
  b.act.resize(2, N);
  Vec ret(N);
  Mat phi(kFeatures, N);
  Eigen::Index k = 0;
  for (const auto& tr : traj) {
    double total = 0, g = 0;
    for (size_t t = tr.size(); t-- > 0;) {
      g = tr[t].r + kGamma * g;
      ret[k + static_cast<Eigen::Index>(t)] = g;
      total += tr[t].r;
    }
    b.returns.push_back(total);
    for (const Step& s : tr) {
      b.obs(0, k) = s.x; b.obs(1, k) = s.y;
      b.act(0, k) = s.ax; b.act(1, k) = s.ay;
      features(s, &phi(0, k));
      ++k;
    }
  }
  const Mat A = phi * phi.transpose() + 1e-5 * Mat::Identity(kFeatures, kFeatures);
  const Vec w = A.ldlt().solve(phi * ret);
  b.adv = ret - phi.transpose() * w;
  const double mean = b.adv.mean();
  b.adv.array() -= mean;
  const double sd = std::sqrt(b.adv.squaredNorm() / static_cast<double>(N));
  b.adv /= sd + 1e-8;
  return b;
}

}  // namespace

NavBatch nav_rollouts(const GaussianPolicy& policy, const Vec& theta, const Goal& goal, int n, Rng& rng,
                      bool keep_paths) {
  std::vector<Trajectory> traj;
  std::vector<std::vector<double>> paths;
  sample_trajectories(policy, theta, goal, n, rng, &traj, keep_paths ? &paths : nullptr);
  NavBatch b = make_batch(traj);
  b.paths = std::move(paths);
  return b;
}

NavBatch nav_rollouts_until(const GaussianPolicy& policy, const Vec& theta, const Goal& goal, int n,
                            int64_t min_steps, Rng& rng) {
  std::vector<Trajectory> traj;
  int64_t steps = 0;
  size_t used = 0;
  while (steps < min_steps) {
    if (used == traj.size()) sample_trajectories(policy, theta, goal, n, rng, &traj, nullptr);
    steps += static_cast<int64_t>(traj[used++].size());
  }
  traj.resize(used);  // whole paths, in order, until the batch holds at least min_steps steps
  return make_batch(traj);
}

Vec nav_adapt(const GaussianPolicy& policy, const Vec& theta, const NavBatch& batch, double alpha) {
  Vec g = Vec::Zero(theta.size());
  policy.pg_loss(theta, batch.obs, batch.act, batch.adv, &g);
  return theta - alpha * g;
}

}  // namespace fastslow::meta

namespace fastslow {
namespace {

using namespace meta;

constexpr uint64_t kInitStream = 1, kIterStream = 2;

const std::vector<double>* nav_weights(const std::string& model) { return trained_weights("nav-" + model); }

// ------------------------------------------------------------------ training
class NavTrainRun final : public Run {
 public:
  explicit NavTrainRun(const Params& p)
      : policy_(nav_policy()),
        mode_(p.choice("mode")),
        iterations_(p.integer("iterations")),
        batch_(static_cast<int>(p.integer("metaBatch"))),
        traj_(static_cast<int>(p.integer("trajectories"))),
        alpha_(p.real("innerLr")),
        max_kl_(p.real("maxKl")),
        cg_iters_(static_cast<int>(p.integer("cgIters"))),
        subsample_(static_cast<int>(p.integer("fisherSubsample"))),
        member_begin_(static_cast<int>(p.integer("memberBegin"))),
        member_end_(static_cast<int>(p.integer("memberEnd"))),
        threads_(static_cast<int>(p.integer("threads"))),
        seed_(p.seed()) {
#if defined(__GLIBC__)
    // Training allocates and frees megabyte matrices thousands of times per iteration; glibc
    // would mmap/munmap each (page faults were ~40% of the time). Keep them on the heap.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    Rng init = Rng(seed_).split(kInitStream);
    theta_ = policy_.init(init);
    if (p.flag("resume") && nav_weights(mode_)) {
      resumed_ = true;
      // Continue a training run from the shipped weights of this mode (TRPO keeps no state
      // across iterations, so a resumed MAML / pretrained run equals an unbroken one; ES's
      // Adam moments restart from zero).
      const auto* w = nav_weights(mode_);
      theta_ = Eigen::Map<const Vec>(w->data(), static_cast<Eigen::Index>(w->size()));
      iter_ = p.integer("startIteration");
      iterations_ += iter_;
    }
    if (mode_ == "es-maml")
      es_ = std::make_unique<OpenAiEs>(theta_, EsConfig{static_cast<int>(p.integer("esPairs")), p.real("esSigma"),
                                                        p.real("esLr"), p.real("esWeightDecay")},
                                       Rng(seed_).split(3).split(static_cast<uint64_t>(iter_)).next_u64());  // fresh noise per resumed segment
    if (es_) fitness_.assign(static_cast<size_t>(es_->population()), 0.0);
    // Member ranges (ES-MAML only) were checked against the population by check_nav_train.
    if (member_end_ > 0) phase_ = member_begin_ * batch_;
  }

  // Work unit: one task's trajectories (ES: one (member, goal) pair) or the outer step. With
  // threads > 1 (ES-MAML, native builds), up to `budget` (member, goal) pairs of the current
  // generation are evaluated at once across the threads (es_pairs_threaded).
  bool step(uint64_t budget) override {
    while (budget > 0 && !done()) {
      if (es_ && threads_ > 1 && phase_ < es_phase_end()) {
        budget -= es_pairs_threaded(budget);
      } else {
        if (es_) es_phase(); else trpo_phase();
        --budget;
      }
    }
    return done();
  }
  bool done() const override { return member_end_ > 0 ? phase_ >= member_end_ * batch_ : iter_ >= iterations_; }
  double progress() const override {
    if (member_end_ > 0)
      return member_end_ == member_begin_ ? 1.0
                                          : static_cast<double>(phase_ - member_begin_ * batch_) /
                                                ((member_end_ - member_begin_) * batch_);
    const double phases = es_ ? es_->population() * batch_ + 1 : batch_ + 1;
    return (static_cast<double>(iter_) + phase_ / phases) / static_cast<double>(iterations_);
  }
  Frame frame() const override {
    Frame f;
    f.scalar("iteration", static_cast<double>(iter_));
    f.array("curveIteration", curve_iter_);
    f.array("curvePre", curve_pre_);
    f.array("curvePost", curve_post_);
    return f;
  }
  json result() const override {
    if (member_end_ > 0)  // an ES member run: its members' fitness and its share of the curve sums
      return {{"mode", mode_},
              {"generation", iter_},
              {"memberBegin", member_begin_},
              {"memberEnd", member_end_},
              {"fitness", std::vector<double>(fitness_.begin() + member_begin_, fitness_.begin() + member_end_)},
              // each (member, goal)'s term of the curve's pre / post means, in order, so that the
              // driver's sums equal an unsplit run's to the last bit
              {"preTerms", pre_terms_},
              {"postTerms", post_terms_}};
    const Vec& th = es_ ? es_->theta() : theta_;
    // The curve holds this run's iterations only (a resumed run appends to the asset's).
    return {{"mode", mode_},
            {"iterations", iter_},
            {"resumedFrom", resumed_ ? "shipped" : "init"},
            {"network", {{"inputs", 2}, {"hidden", {100, 100}}, {"outputs", 2}, {"activation", "relu"}, {"logStd", 2}}},
            {"curve", {{"iteration", curve_iter_}, {"preReturn", curve_pre_}, {"postReturn", curve_post_}}},
            {"weights", std::vector<double>(th.data(), th.data() + th.size())}};
  }

  // Checkpoints. MAML / pretrained: the state at the start of the iteration (θ, counters, the
  // curve); a restored run collects the iteration's tasks again, which gives the same data (each
  // task's rollouts are a function of θ, the seed, the iteration and the task). ES-MAML: θ, Adam,
  // the generation and the fitness so far (members are costly to evaluate again). The ES driver
  // (web/lib/es-maml.ts) writes "fitness", "phase", "pre" and "post" of a whole generation
  // evaluated by member runs into a checkpoint of the whole run, whose next step is then the update.
  bool checkpointable() const override { return true; }
  json checkpoint() const override {
    const auto list = [](const Vec& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
    json j = {{"iteration", iter_}, {"curveIteration", curve_iter_}, {"curvePre", curve_pre_}, {"curvePost", curve_post_}};
    if (!es_) {
      j["theta"] = list(theta_);
      return j;
    }
    j["theta"] = list(es_->theta());
    j["adamM"] = list(es_->adam().m);
    j["adamV"] = list(es_->adam().v);
    j["adamT"] = es_->adam().t;
    j["generation"] = es_->generation();
    j["phase"] = phase_;
    j["fitness"] = fitness_;
    j["pre"] = pre_;
    j["post"] = post_;
    return j;
  }
  std::string restore(const json& state) override {
    StateReader r(state);
    const size_t n = static_cast<size_t>(policy_.num_params());
    std::vector<double> theta, ci, cpre, cpost;
    int64_t iteration = 0;
    r.numbers("theta", theta, n).integer("iteration", iteration);
    r.numbers("curveIteration", ci).numbers("curvePre", cpre).numbers("curvePost", cpost);
    if (!r.ok()) return r.error();
    if (iteration < 0 || iteration > iterations_) return "checkpoint state: iteration out of range";
    if (ci.size() != cpre.size() || ci.size() != cpost.size()) return "checkpoint state: curves of different lengths";
    const Vec th = Eigen::Map<const Vec>(theta.data(), static_cast<Eigen::Index>(n));
    if (es_) {
      const int pop = es_->population();
      std::vector<double> m, v, fitness;
      int64_t t = 0, generation = 0, phase = 0;
      double pre = 0, post = 0;
      r.numbers("adamM", m, n).numbers("adamV", v, n).integer("adamT", t).integer("generation", generation);
      r.integer("phase", phase).numbers("fitness", fitness, static_cast<size_t>(pop)).number("pre", pre).number("post", post);
      if (!r.ok()) return r.error();
      if (t < 0 || generation < 0) return "checkpoint state: negative counter";
      if (phase < 0 || phase > int64_t(pop) * batch_) return "checkpoint state: phase out of range";
      if (member_end_ > 0 && phase > int64_t(member_begin_) * batch_)
        return "checkpoint state: a member run must start before its first member";
      es_->set_state(th, generation);
      es_->adam().m = Eigen::Map<const Vec>(m.data(), static_cast<Eigen::Index>(n));
      es_->adam().v = Eigen::Map<const Vec>(v.data(), static_cast<Eigen::Index>(n));
      es_->adam().t = t;
      fitness_ = std::move(fitness);
      phase_ = static_cast<int>(phase);
      pre_ = pre;
      post_ = post;
      if (member_end_ > 0) {  // a member run reports its own members only
        phase_ = member_begin_ * batch_;
        pre_ = post_ = 0;
        pre_terms_.clear();
        post_terms_.clear();
        for (int i = member_begin_; i < member_end_; ++i) fitness_[static_cast<size_t>(i)] = 0.0;
      }
      member_index_ = -1;
    } else {
      phase_ = 0;  // the iteration starts again (see above)
      pre_ = post_ = 0;
      tasks_.clear();
    }
    theta_ = th;
    iter_ = iteration;
    curve_iter_ = std::move(ci);
    curve_pre_ = std::move(cpre);
    curve_post_ = std::move(cpost);
    return "";
  }

 private:
  struct TaskData {
    NavBatch inner, outer;
    Vec adapted, logp_old;
  };

  Rng task_rng(int64_t iter, int task) const {
    return Rng(seed_).split(kIterStream).split(static_cast<uint64_t>(iter)).split(static_cast<uint64_t>(task));
  }

  // Phases 0..batch-1 collect one task each; phase `batch` takes the TRPO step.
  void trpo_phase() {
    if (phase_ < batch_) {
      Rng rng = task_rng(iter_, phase_);
      const Goal goal = sample_goal(rng);
      TaskData d;
      d.inner = nav_rollouts(policy_, theta_, goal, traj_, rng);
      if (mode_ == "maml") {
        d.adapted = nav_adapt(policy_, theta_, d.inner, alpha_);
        d.outer = nav_rollouts(policy_, d.adapted, goal, traj_, rng);
      } else {
        d.adapted = theta_;
        d.outer = d.inner;
      }
      d.logp_old = policy_.log_prob(d.adapted, d.outer.obs, d.outer.act);
      pre_ += d.inner.mean_return() / batch_;
      post_ += d.outer.mean_return() / batch_;
      tasks_.push_back(std::move(d));
      ++phase_;
      return;
    }
    trpo_step();
    finish_iteration();
  }

  std::vector<Vec> adapted_at(const Vec& theta) const {
    std::vector<Vec> out;
    for (const TaskData& d : tasks_) out.push_back(mode_ == "maml" ? nav_adapt(policy_, theta, d.inner, alpha_) : theta);
    return out;
  }
  double meta_loss(const std::vector<Vec>& adapted) const {
    double s = 0;
    for (size_t i = 0; i < tasks_.size(); ++i)
      s += policy_.surrogate(adapted[i], tasks_[i].outer.obs, tasks_[i].outer.act, tasks_[i].outer.adv, tasks_[i].logp_old);
    return s / static_cast<double>(tasks_.size());
  }

  void trpo_step() {
    const Eigen::Index P = theta_.size();
    const double T = static_cast<double>(tasks_.size());
    // Exact meta-gradient: mean_i (I − α H_i) ∇_θ' L_out,i(θ'_i).
    Vec g = Vec::Zero(P);
    std::vector<Mat> fisher_obs;
    for (const TaskData& d : tasks_) {
      Vec go = Vec::Zero(P);
      policy_.pg_loss(d.adapted, d.outer.obs, d.outer.act, d.outer.adv, &go);
      if (mode_ == "maml") {
        Vec unused = Vec::Zero(P), hv = Vec::Zero(P);
        policy_.pg_grad_hvp(theta_, d.inner.obs, d.inner.act, d.inner.adv, go, unused, hv);
        go -= alpha_ * hv;
      }
      g += go / T;
      const Eigen::Index n = (d.outer.obs.cols() + subsample_ - 1) / subsample_;
      Mat o(2, n);
      for (Eigen::Index j = 0; j < n; ++j) o.col(j) = d.outer.obs.col(j * subsample_);
      fisher_obs.push_back(std::move(o));
    }
    const auto fvp = [&](const Vec& v) {
      Vec out = 1e-5 * v;
      for (size_t i = 0; i < tasks_.size(); ++i) out += policy_.fisher_vp(tasks_[i].adapted, fisher_obs[i], v) / T;
      return out;
    };
    const Vec x = conjugate_gradient(fvp, -g, cg_iters_);
    const double shs = 0.5 * x.dot(fvp(x));
    if (!(shs > 0)) return;
    const Vec full = std::sqrt(max_kl_ / shs) * x;
    std::vector<Vec> old_adapted;
    for (const TaskData& d : tasks_) old_adapted.push_back(d.adapted);
    const double loss0 = meta_loss(old_adapted);
    double frac = 1.0;
    for (int j = 0; j < 15; ++j, frac *= 0.8) {
      const Vec cand = theta_ + frac * full;
      const std::vector<Vec> ad = adapted_at(cand);
      const double loss = meta_loss(ad);
      double kl = 0;
      for (size_t i = 0; i < tasks_.size(); ++i) kl += policy_.mean_kl(old_adapted[i], ad[i], tasks_[i].outer.obs) / T;
      if (loss < loss0 && kl <= max_kl_) {
        theta_ = cand;
        return;
      }
    }
  }

  // ES-MAML: each member's fitness is its mean post-adaptation return over `batch` goals
  // (the same goals and random numbers for every member of a generation).
  void es_phase() {
    // Work unit: one (member, goal) pair; members in order, each over `batch` goals.
    const int pop = es_->population();
    if (phase_ < pop * batch_) {
      const int m = phase_ / batch_;
      if (member_index_ != m) {
        member_ = es_->member(m);
        member_index_ = m;
      }
      es_record(es_pair(member_, phase_ % batch_));
      return;
    }
    es_->update(fitness_);
    fitness_.assign(fitness_.size(), 0.0);
    member_index_ = -1;
    finish_iteration();
  }

  // The mean returns before and after adaptation of one member (parameters `member`) on goal
  // `t` of the current generation: a pure function of (θ, seed, generation, member, t) — its
  // random numbers come from task_rng alone, and it reads the run's state without changing it,
  // so threads may evaluate pairs side by side.
  std::pair<double, double> es_pair(const Vec& member, int t) const {
    Rng rng = task_rng(iter_, t);
    const Goal goal = sample_goal(rng);
    const NavBatch inner = nav_rollouts(policy_, member, goal, traj_, rng);
    const Vec ad = nav_adapt(policy_, member, inner, alpha_);
    const NavBatch outer = nav_rollouts(policy_, ad, goal, traj_, rng);
    return {inner.mean_return(), outer.mean_return()};
  }
  // Adds pair `phase_`'s returns into the fitness and the curve sums, and moves on. Always called
  // in phase order (also after a threaded evaluation), so every sum is formed in the same order.
  void es_record(std::pair<double, double> returns) {
    const int pop = es_->population();
    const int m = phase_ / batch_;
    const auto [inner, outer] = returns;
    fitness_[static_cast<size_t>(m)] += outer / batch_;
    pre_ += inner / (batch_ * pop);
    post_ += outer / (batch_ * pop);
    if (member_end_ > 0) {
      pre_terms_.push_back(inner / (batch_ * pop));
      post_terms_.push_back(outer / (batch_ * pop));
    }
    ++phase_;
  }
  // The phase after the last (member, goal) pair this run evaluates in this generation.
  int es_phase_end() const { return (member_end_ > 0 ? member_end_ : es_->population()) * batch_; }
  // The next min(budget, pairs left) pairs of this generation, spread over `threads` threads:
  // each pair's returns go to its own slot (each thread keeps its own member parameters), then
  // are recorded in phase order on this thread. Returns the number of pairs evaluated.
  uint64_t es_pairs_threaded(uint64_t budget) {
    const int n = static_cast<int>(std::min<uint64_t>(budget, static_cast<uint64_t>(es_phase_end() - phase_)));
    const int first = phase_;
    std::vector<std::pair<double, double>> returns(static_cast<size_t>(n));
    const int workers = std::min(threads_, n);
    std::vector<Vec> member(static_cast<size_t>(workers));
    std::vector<int> member_index(static_cast<size_t>(workers), -1);
    parallel_for(n, workers, [&](int k, int w) {
      const int u = first + k, m = u / batch_;
      if (member_index[static_cast<size_t>(w)] != m) {
        member[static_cast<size_t>(w)] = es_->member(m);
        member_index[static_cast<size_t>(w)] = m;
      }
      returns[static_cast<size_t>(k)] = es_pair(member[static_cast<size_t>(w)], u % batch_);
    });
    for (const auto& r : returns) es_record(r);
    return static_cast<uint64_t>(n);
  }

  void finish_iteration() {
    curve_iter_.push_back(static_cast<double>(iter_));
    curve_pre_.push_back(pre_);
    curve_post_.push_back(post_);
    pre_ = post_ = 0;
    tasks_.clear();
    phase_ = 0;
    ++iter_;
  }

  GaussianPolicy policy_;
  std::string mode_;
  int64_t iterations_;
  int batch_, traj_;
  double alpha_, max_kl_;
  int cg_iters_, subsample_;
  int member_begin_, member_end_;  // an ES member run when member_end_ > 0
  int threads_;                    // ES-MAML: (member, goal) pairs evaluated on this many threads
  uint64_t seed_;
  Vec theta_;
  std::unique_ptr<OpenAiEs> es_;
  std::vector<double> fitness_;
  Vec member_;
  int member_index_ = -1;  // which member member_ holds
  std::vector<double> pre_terms_, post_terms_;
  bool resumed_ = false;
  std::vector<TaskData> tasks_;
  int64_t iter_ = 0;
  int phase_ = 0;
  double pre_ = 0, post_ = 0;
  std::vector<double> curve_iter_, curve_pre_, curve_post_;
};

// ------------------------------------------------------------------ evaluation
class NavEvalRun final : public Run {
 public:
  explicit NavEvalRun(const Params& p)
      : policy_(nav_policy()),
        model_(p.choice("model")),
        steps_(static_cast<int>(p.integer("steps"))),
        traj_(static_cast<int>(p.integer("trajectories"))),
        trials_(p.integer("trials")),
        offset_(p.integer("taskOffset")),
        lr_(p.real("lr")),
        lr_later_(p.real("lrLater")),
        by_steps_(p.choice("batch") == "steps"),
        seed_(p.seed()) {
    const auto* w = nav_weights(model_);
    theta0_ = Eigen::Map<const Vec>(w->data(), static_cast<Eigen::Index>(w->size()));
  }
  // Work unit: one batch of trajectories (and the step that follows it) of one goal.
  bool step(uint64_t budget) override {
    for (; budget > 0 && !done(); --budget) {
      if (k_ == 0) {
        rng_ = Rng(seed_).split(static_cast<uint64_t>(offset_ + done_));
        goal_ = sample_goal(rng_);
        theta_ = theta0_;
        row_.clear();
      }
      const NavBatch b = by_steps_ ? nav_rollouts_until(policy_, theta_, goal_, traj_, int64_t{traj_} * kHorizon, rng_)
                                   : nav_rollouts(policy_, theta_, goal_, traj_, rng_);
      env_steps_ += b.obs.cols();
      row_.push_back(b.mean_return());
      if (k_ < steps_) {
        theta_ = nav_adapt(policy_, theta_, b, k_ == 0 ? lr_ : lr_later_);
        ++k_;
      } else {
        returns_.push_back(row_);
        ++done_;
        k_ = 0;
      }
    }
    return done();
  }
  bool done() const override { return done_ >= trials_; }
  double progress() const override {
    return (static_cast<double>(done_) + static_cast<double>(k_) / (steps_ + 1)) / static_cast<double>(trials_);
  }
  Frame frame() const override {
    Frame f;
    f.scalar("trialsDone", static_cast<double>(done_));
    f.scalar("trials", static_cast<double>(trials_));
    f.scalar("envSteps", static_cast<double>(env_steps_));
    return f;
  }
  json result() const override {
    std::vector<std::vector<double>> by_step(steps_ + 1);
    for (const auto& row : returns_)
      for (int k = 0; k <= steps_; ++k) by_step[k].push_back(row[k]);
    std::vector<double> mean, se;
    for (const auto& v : by_step) {
      double s = 0;
      for (double x : v) s += x;
      const double m = v.empty() ? 0 : s / v.size();
      double ss = 0;
      for (double x : v) ss += (x - m) * (x - m);
      mean.push_back(m);
      se.push_back(v.size() > 1 ? std::sqrt(ss / (v.size() - 1) / v.size()) : 0.0);
    }
    return {{"model", model_}, {"steps", steps_}, {"trajectories", traj_}, {"batch", by_steps_ ? "steps" : "trajectories"},
            {"lr", lr_}, {"lrLater", lr_later_}, {"trials", done_},
            {"taskOffset", offset_}, {"mean", mean}, {"se", se}, {"returns", by_step}};
  }

 private:
  GaussianPolicy policy_;
  std::string model_;
  int steps_, traj_;
  int64_t trials_, offset_;
  double lr_, lr_later_;
  bool by_steps_;
  uint64_t seed_;
  Vec theta0_, theta_;
  Rng rng_;
  Goal goal_{};
  int k_ = 0;
  int64_t done_ = 0, env_steps_ = 0;  // environment steps of every rollout (frame only: bench/maml.mjs)
  std::vector<double> row_;
  std::vector<std::vector<double>> returns_;
};

// ------------------------------------------------------------------ live (playground)
// mode "gradient": a batch of `trajectories` trajectories, then one policy-gradient step (the
// paper's adaptation), `steps` times. mode "es": OpenAI-ES on the one goal from the same start θ
// (es.hpp): a population of `trajectories` members (rounded down to an even number, at least 2),
// one trajectory each, then one ES update, `steps` generations — the population's trajectories
// are what the playground draws per generation. Same number of trajectories per step in both.
class NavLiveRun final : public Run {
 public:
  explicit NavLiveRun(const Params& p)
      : policy_(nav_policy()),
        model_(p.choice("model")),
        mode_(p.choice("mode")),
        steps_(static_cast<int>(p.integer("steps"))),
        traj_(static_cast<int>(p.integer("trajectories"))),
        lr_(p.real("lr")),
        lr_later_(p.real("lrLater")),
        goal_{p.real("goalX"), p.real("goalY")},
        rng_(p.seed()) {
    const auto* w = nav_weights(model_);
    theta_ = Eigen::Map<const Vec>(w->data(), static_cast<Eigen::Index>(w->size()));
    if (mode_ == "es")
      es_ = std::make_unique<OpenAiEs>(theta_, EsConfig{std::max(1, traj_ / 2), p.real("esSigma"), p.real("esLr"), 0.0},
                                       Rng(p.seed()).split(kEsStream).next_u64());
  }
  // Work unit: one batch of trajectories (then one adaptation step) / one ES generation.
  bool step(uint64_t budget) override {
    for (; budget > 0 && !done(); --budget) {
      std::vector<double> flat, lengths;
      const auto keep = [&](const NavBatch& b) {
        for (const auto& path : b.paths) {
          lengths.push_back(static_cast<double>(path.size() / 2));
          flat.insert(flat.end(), path.begin(), path.end());
        }
      };
      const bool adapt = static_cast<int>(returns_.size()) < steps_;
      if (es_) {
        std::vector<double> fitness;
        double mean = 0;
        for (int i = 0; i < es_->population(); ++i) {
          const NavBatch b = nav_rollouts(policy_, es_->member(i), goal_, 1, rng_, true);
          fitness.push_back(b.mean_return());
          mean += b.mean_return() / es_->population();
          keep(b);
        }
        returns_.push_back(mean);
        if (adapt) es_->update(fitness);
      } else {
        const NavBatch b = nav_rollouts(policy_, theta_, goal_, traj_, rng_, true);
        returns_.push_back(b.mean_return());
        keep(b);
        if (adapt) theta_ = nav_adapt(policy_, theta_, b, returns_.size() == 1 ? lr_ : lr_later_);
      }
      paths_.push_back(std::move(flat));
      lengths_.push_back(std::move(lengths));
    }
    return done();
  }
  bool done() const override { return static_cast<int>(returns_.size()) > steps_; }
  double progress() const override { return static_cast<double>(returns_.size()) / (steps_ + 1); }
  Frame frame() const override {
    Frame f;
    f.scalar("goalX", goal_[0]);
    f.scalar("goalY", goal_[1]);
    f.scalar("stepsDone", static_cast<double>(returns_.size()));
    // step / steps: work units done and planned (the playground paces runs by these).
    f.scalar("step", static_cast<double>(returns_.size()));
    f.scalar("steps", static_cast<double>(steps_ + 1));
    f.scalar("progress", progress());
    f.scalar("population", es_ ? es_->population() : traj_);
    f.array("returns", returns_);
    // paths<k>: x, y pairs of every trajectory after k steps (ES: of generation k's members),
    // concatenated; lengths<k>: points each (the start (0, 0) included).
    for (size_t k = 0; k < paths_.size(); ++k) {
      f.array("paths" + std::to_string(k), paths_[k]);
      f.array("lengths" + std::to_string(k), lengths_[k]);
    }
    return f;
  }
  json result() const override { return {{"model", model_}, {"mode", mode_}, {"returns", returns_}}; }

 private:
  static constexpr uint64_t kEsStream = 7;
  GaussianPolicy policy_;
  std::string model_, mode_;
  int steps_, traj_;
  double lr_, lr_later_;
  Goal goal_;
  Rng rng_;
  Vec theta_;
  std::unique_ptr<OpenAiEs> es_;
  std::vector<double> returns_;
  std::vector<std::vector<double>> paths_, lengths_;
};

// An ES member run evaluates members [memberBegin, memberEnd) of the population (2 × esPairs);
// anything else is refused, naming the parameter (never clamped).
void check_nav_train(const Params& p, std::vector<ParamError>& errors) {
  const int64_t threads = p.integer("threads");
  if (threads > 1 && !kHaveThreads)
    errors.push_back({"threads", std::to_string(threads),
                      "threads: " + std::to_string(threads) +
                          " — this WebAssembly build runs on one thread; split the population across the worker pool "
                          "instead (web/lib/es-maml.ts, `maml-es-train --workers N`; member runs memberBegin/memberEnd)",
                      "1 in this build (native builds: an integer in [1, " + std::to_string(kMaxThreads) + "])"});
  else if (threads > 1 && p.choice("mode") != "es-maml")
    errors.push_back({"threads", std::to_string(threads), "threads: only mode es-maml splits its work across threads",
                      "1 unless mode = es-maml"});
  const int64_t begin = p.integer("memberBegin"), end = p.integer("memberEnd");
  if (begin == 0 && end == 0) return;
  if (p.choice("mode") != "es-maml") {
    const char* name = end != 0 ? "memberEnd" : "memberBegin";
    const int64_t value = end != 0 ? end : begin;
    errors.push_back({name, std::to_string(value), std::string(name) + ": member runs exist only in mode es-maml",
                      "0 unless mode = es-maml"});
    return;
  }
  const int64_t population = 2 * p.integer("esPairs");
  if (end < 1 || end > population)
    errors.push_back({"memberEnd", std::to_string(end),
                      "memberEnd: " + std::to_string(end) + " is outside the population of this run (2 × esPairs = " +
                          std::to_string(population) + ")",
                      "an integer in [1, " + std::to_string(population) + "] with memberBegin < memberEnd"});
  else if (begin >= end)
    errors.push_back({"memberBegin", std::to_string(begin),
                      "memberBegin: " + std::to_string(begin) + " must be below memberEnd (" + std::to_string(end) + ")",
                      "an integer in [0, " + std::to_string(end - 1) + "]"});
}

void check_nav_model(const Params& p, std::vector<ParamError>& errors) {
  const std::string& model = p.choice("model");
  if (!nav_weights(model))
    errors.push_back({"model", model, "model: the weights of nav-" + model + " are not shipped in this build",
                      "a shipped model (run npm run train:maml -- --task nav)"});
}

}  // namespace

Scenario maml_nav_train_scenario() {
  Scenario s;
  s.name = "maml-nav-train";
  s.title = "MAML 2D navigation, meta-training";
  s.summary =
      "Meta-trains the 2-100-100-2 Gaussian policy on 2D navigation (Finn et al. 2017, §5.3): MAML-RL (exact "
      "second-order meta-gradient, TRPO outer step), the pretrained multi-task baseline (TRPO, no adaptation), "
      "or ES-MAML (Song et al. 2020; OpenAI-ES on the post-adaptation return). Work unit: one task's "
      "trajectories (or one ES member), or the outer step.";
  s.schema.params = {
      ParamSpec::choice("mode", "maml", {"maml", "pretrained", "es-maml"}, "meta-learner"),
      ParamSpec::integer("iterations", 500, 1, 100000, "meta-iterations (ES: generations)"),
      ParamSpec::integer("metaBatch", 20, 1, 100, "tasks per meta-iteration (ES: goals per member)"),
      ParamSpec::integer("trajectories", 20, 1, 100, "trajectories per adaptation batch (memory: metaBatch × trajectories × 10 kB + trajectories × 0.8 MB, ≤ 180 MB)"),
      std::move(ParamSpec::real("innerLr", 0.1, 1e-4, 10.0, "inner policy-gradient step size α")).log(),
      std::move(ParamSpec::real("maxKl", 0.01, 1e-5, 1.0, "TRPO KL bound δ")).log(),
      ParamSpec::integer("cgIters", 10, 1, 100, "conjugate-gradient iterations"),
      ParamSpec::integer("fisherSubsample", 1, 1, 100, "Fisher-vector products on every n-th sample"),
      ParamSpec::integer("esPairs", 10, 1, 500, "ES antithetic pairs"),
      std::move(ParamSpec::real("esSigma", 0.02, 1e-5, 1.0, "ES noise σ")).log(),
      std::move(ParamSpec::real("esLr", 0.01, 1e-6, 1.0, "ES Adam step size")).log(),
      ParamSpec::real("esWeightDecay", 0.005, 0.0, 1.0, "ES weight decay"),
      ParamSpec::flag("resume", false, "continue from the shipped weights of this mode when shipped (result: resumedFrom)"),
      ParamSpec::integer("startIteration", 0, 0, 1000000, "with resume: the number of iterations already done"),
      ParamSpec::integer("memberBegin", 0, 0, 1000, "ES-MAML member run: the first member to evaluate"),
      ParamSpec::integer("memberEnd", 0, 0, 1000,
                         "ES-MAML member run: evaluate members [memberBegin, memberEnd) of the current generation "
                         "(memberBegin < memberEnd <= 2 × esPairs) and stop (result: their fitness); 0 = a whole training "
                         "run; mode es-maml only"),
      ParamSpec::integer("threads", 1, 1, kMaxThreads,
                         "ES-MAML: evaluate each generation's (member, goal) pairs on this many threads (native builds "
                         "only; the result is bit-identical for any value; memory: + trajectories × 0.8 MB per extra "
                         "thread); in WebAssembly use the worker pool (maml-es-train --workers N)"),
      seed_param(),
  };
  s.schema.check = check_nav_train;
  // The documented estimate of the params' help (measured max RSS natively: 39 MB with 100
  // trajectories on one thread, +33 MB per extra thread), so that e.g. 64 threads × 100
  // trajectories (≈ 2 GB) are refused up front naming `threads`.
  s.schema.memory_bytes = [](const Params& p) {
    const double trajectories = double(p.integer("trajectories"));
    return double(p.integer("metaBatch")) * trajectories * 10e3 + double(p.integer("threads")) * trajectories * 0.8e6;
  };
  s.schema.memory_params = {"threads", "trajectories", "metaBatch"};
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<NavTrainRun>(p); };
  return s;
}

Scenario maml_nav_eval_scenario() {
  Scenario s;
  s.name = "maml-nav-eval";
  s.title = "MAML 2D navigation, evaluation";
  s.summary =
      "A shipped policy on fresh goals: the mean return of a batch before adaptation and after each of `steps` "
      "policy-gradient steps (Finn et al. 2017, Table 4 protocol as in its code: a batch of trajectories × 100 "
      "environment steps of whole trajectories, step `lr` then `lrLater`). Goal J uses generator "
      "split J of the seed, so chunks (taskOffset, trials) merge exactly. Work unit: one batch of trajectories.";
  s.schema.params = {
      ParamSpec::choice("model", shipped_models("nav-", {"maml", "pretrained", "es-maml"}).front(),
                        shipped_models("nav-", {"maml", "pretrained", "es-maml"}), "shipped policy"),
      ParamSpec::integer("steps", 3, 0, 20, "adaptation steps"),
      ParamSpec::integer("trajectories", 40, 1, 200,
                         "batch size per step: trajectories (batch trajectories) or trajectories × 100 environment steps "
                         "(batch steps)"),
      ParamSpec::choice("batch", "steps", {"steps", "trajectories"},
                        "steps: whole trajectories until the batch holds trajectories × 100 environment steps (the "
                        "paper's test sampler, batch_size 4000); trajectories: exactly `trajectories` trajectories"),
      std::move(ParamSpec::real("lr", 0.1, 1e-4, 10.0, "step size of the first adaptation step")).log(),
      std::move(ParamSpec::real("lrLater", 0.05, 1e-4, 10.0,
                                "step size of adaptation steps 2, 3, … (the paper's test script: 0.1 for the first "
                                "step, 0.05 after)")).log(),
      std::move(ParamSpec::integer("trials", 100, 1, 100000, "number of goals")).log(),
      ParamSpec::integer("taskOffset", 0, 0, 1000000000, "number of the first goal"),
      seed_param(),
  };
  s.schema.check = check_nav_model;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<NavEvalRun>(p); };
  return s;
}

Scenario maml_nav_live_scenario() {
  Scenario s;
  s.name = "maml-nav-live";
  s.title = "MAML 2D navigation, live adaptation";
  s.summary =
      "One goal: the trajectories of a shipped policy before adaptation and after each policy-gradient step "
      "(mode gradient), or of the OpenAI-ES population in each generation of ES on that goal (mode es: "
      "`trajectories` members, one trajectory each). Work unit: one batch of trajectories (one generation).";
  s.schema.params = {
      ParamSpec::choice("model", shipped_models("nav-", {"maml", "pretrained", "es-maml"}).front(),
                        shipped_models("nav-", {"maml", "pretrained", "es-maml"}), "shipped policy"),
      ParamSpec::choice("mode", "gradient", {"gradient", "es"},
                        "adaptation: policy-gradient steps, or evolution strategies (population drawn per generation)"),
      ParamSpec::real("goalX", 0.3, -0.5, 0.5, "goal x"),
      ParamSpec::real("goalY", -0.2, -0.5, 0.5, "goal y"),
      ParamSpec::integer("steps", 3, 0, 20, "adaptation steps (es: generations)"),
      ParamSpec::integer("trajectories", 20, 1, 100, "trajectories per step (es: population, rounded down to even, at least 2)"),
      std::move(ParamSpec::real("lr", 0.1, 1e-4, 10.0, "step size of the first adaptation step (mode gradient)")).log(),
      std::move(ParamSpec::real("lrLater", 0.05, 1e-4, 10.0,
                                "step size of adaptation steps 2, 3, … (mode gradient; the paper's test script: 0.05)")).log(),
      std::move(ParamSpec::real("esSigma", 0.02, 1e-4, 1.0, "ES noise σ (mode es)")).log(),
      std::move(ParamSpec::real("esLr", 0.01, 1e-5, 1.0, "ES Adam step size (mode es)")).log(),
      seed_param(),
  };
  s.schema.check = check_nav_model;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<NavLiveRun>(p); };
  return s;
}

}  // namespace fastslow
