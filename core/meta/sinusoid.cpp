// Sinusoid regression scenarios (Finn et al. 2017 §5.1; REFERENCES.md "MAML"):
//   maml-sinusoid-train  meta-training (MAML exact / first-order) or the "pretrained on all
//                        tasks" baseline; the result holds the trained parameters.
//   maml-sinusoid-eval   a shipped model fine-tuned on K support points of fresh tasks; MSE on
//                        held-out points after 0..steps gradient steps, per task (chunkable).
//   maml-sinusoid-live   one task: the curve predicted after each inner step (playground).
#include "meta/sinusoid.hpp"

#include <cmath>
#include <memory>

#include "common/checkpoint.hpp"
#include "common/variates.hpp"
#include "meta/weights.hpp"
#include "nn/adam.hpp"
#include "nn/init.hpp"

namespace fastslow::meta {

constexpr double kPi = 3.14159265358979323846;

Sinusoid Sinusoid::sample(Rng& rng) {
  Sinusoid s;
  s.amplitude = 0.1 + 4.9 * rng.uniform();
  s.phase = kPi * rng.uniform();
  return s;
}

// sin without libm, so values are bit-identical natively and in wasm: reduce to [−π/2, π/2]
// (|x − φ| ≤ 5 + π here, a few reductions at most) and sum the Taylor series to 1e-17.
static double det_sin(double x) {
  constexpr double two_pi = 2 * kPi;
  while (x > kPi) x -= two_pi;
  while (x < -kPi) x += two_pi;
  if (x > kPi / 2) x = kPi - x;
  if (x < -kPi / 2) x = -kPi - x;
  const double x2 = x * x;
  double term = x, sum = x;
  for (int n = 1; n < 12; ++n) {
    term *= -x2 / ((2 * n) * (2 * n + 1));
    sum += term;
  }
  return sum;
}

double Sinusoid::operator()(double x) const { return amplitude * det_sin(x - phase); }

void Sinusoid::draw(int n, Rng& rng, Mat& x, Mat& y) const {
  x.resize(1, n);
  y.resize(1, n);
  for (int i = 0; i < n; ++i) {
    x(0, i) = -5.0 + 10.0 * rng.uniform();
    y(0, i) = (*this)(x(0, i));
  }
}

Mlp sinusoid_net() { return Mlp(1, {40, 40}, 1, nn::Activation::ReLU, nn::Activation::Identity); }

}  // namespace fastslow::meta

namespace fastslow {
namespace {

using namespace meta;

constexpr uint64_t kInitStream = 1, kTaskStream = 2;

// ------------------------------------------------------------------ training
class SinusoidTrainRun final : public Run {
 public:
  explicit SinusoidTrainRun(const Params& p)
      : net_(sinusoid_net()),
        mode_(p.choice("mode")),
        init_(p.choice("init")),
        iterations_(p.integer("iterations")),
        batch_(static_cast<int>(p.integer("metaBatch"))),
        shots_(static_cast<int>(p.integer("shots"))),
        inner_steps_(static_cast<int>(p.integer("innerSteps"))),
        inner_lr_(p.real("innerLr")),
        seed_(p.seed()),
        adam_(net_.num_params(), nn::AdamConfig{p.real("metaLr")}) {
    // The paper's code (Finn et al., construct_fc_weights) draws weights from a normal of
    // σ = 0.01 truncated at 2σ, biases 0; "he-uniform" is Mlp::init.
    Rng init = Rng(seed_).split(kInitStream);
    theta_ = init_ == "he-uniform" ? net_.init(init) : nn::init_truncated_normal(net_, 0.01, init);
  }

  bool step(uint64_t budget) override {
    Vec g(theta_.size()), total(theta_.size());
    for (; budget > 0 && !done(); --budget) {
      Rng rng = Rng(seed_).split(kTaskStream).split(static_cast<uint64_t>(iter_));
      total.setZero();
      double loss = 0;
      for (int b = 0; b < batch_; ++b) {
        const Sinusoid task = Sinusoid::sample(rng);
        RegressionTask t;
        task.draw(shots_, rng, t.x_train, t.y_train);
        task.draw(shots_, rng, t.x_test, t.y_test);
        if (mode_ == "pretrained") {
          g.setZero();
          loss += mse(net_, theta_, t.x_train, t.y_train, &g);
        } else {
          loss += maml_meta_gradient(net_, theta_, t, inner_lr_, inner_steps_, mode_ == "first-order", g);
        }
        total += g;
      }
      total /= batch_;
      adam_.step(theta_, total);
      running_ = iter_ == 0 ? loss / batch_ : 0.99 * running_ + 0.01 * loss / batch_;
      ++iter_;
      if (iter_ % 100 == 0 || iter_ == iterations_) {
        curve_iter_.push_back(static_cast<double>(iter_));
        curve_loss_.push_back(running_);
      }
    }
    return done();
  }
  bool done() const override { return iter_ >= iterations_; }
  double progress() const override { return static_cast<double>(iter_) / static_cast<double>(iterations_); }
  Frame frame() const override {
    Frame f;
    f.scalar("iteration", static_cast<double>(iter_));
    f.scalar("loss", running_);
    f.array("curveIteration", curve_iter_);
    f.array("curveLoss", curve_loss_);
    return f;
  }
  json result() const override {
    return {{"mode", mode_},
            {"init", init_},
            {"iterations", iter_},
            {"network", {{"inputs", 1}, {"hidden", {40, 40}}, {"outputs", 1}, {"activation", "relu"}}},
            {"curve", {{"iteration", curve_iter_}, {"loss", curve_loss_}}},
            {"weights", std::vector<double>(theta_.data(), theta_.data() + theta_.size())}};
  }

  // Checkpoints between meta-iterations (the work unit): θ, Adam, the counters and the curve.
  bool checkpointable() const override { return true; }
  json checkpoint() const override {
    const auto list = [](const Vec& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
    return {{"theta", list(theta_)},         {"adamM", list(adam_.m)},       {"adamV", list(adam_.v)},
            {"adamT", adam_.t},              {"iteration", iter_},           {"running", running_},
            {"curveIteration", curve_iter_}, {"curveLoss", curve_loss_}};
  }
  std::string restore(const json& state) override {
    StateReader r(state);
    const size_t n = static_cast<size_t>(net_.num_params());
    std::vector<double> theta, m, v, ci, cl;
    int64_t t = 0, iteration = 0;
    double running = 0;
    r.numbers("theta", theta, n).numbers("adamM", m, n).numbers("adamV", v, n).integer("adamT", t);
    r.integer("iteration", iteration).number("running", running).numbers("curveIteration", ci).numbers("curveLoss", cl);
    if (!r.ok()) return r.error();
    if (t < 0 || iteration < 0 || iteration > iterations_) return "checkpoint state: iteration out of range";
    if (ci.size() != cl.size()) return "checkpoint state: curves of different lengths";
    theta_ = Eigen::Map<const Vec>(theta.data(), static_cast<Eigen::Index>(n));
    adam_.m = Eigen::Map<const Vec>(m.data(), static_cast<Eigen::Index>(n));
    adam_.v = Eigen::Map<const Vec>(v.data(), static_cast<Eigen::Index>(n));
    adam_.t = t;
    iter_ = iteration;
    running_ = running;
    curve_iter_ = std::move(ci);
    curve_loss_ = std::move(cl);
    return "";
  }

 private:
  Mlp net_;
  std::string mode_, init_;
  int64_t iterations_;
  int batch_, shots_, inner_steps_;
  double inner_lr_;
  uint64_t seed_;
  nn::Adam adam_;
  Vec theta_;
  int64_t iter_ = 0;
  double running_ = 0;
  std::vector<double> curve_iter_, curve_loss_;
};

const std::vector<double>& shipped(const std::string& model) {
  const std::vector<double>* w = trained_weights("sinusoid-" + model);
  if (!w) throw std::runtime_error("no shipped weights for sinusoid-" + model);
  return *w;
}

void check_shipped(const Params& p, std::vector<ParamError>& errors) {
  const std::string& model = p.choice("model");
  if (!trained_weights("sinusoid-" + model))
    errors.push_back({"model", model, "model: the weights of sinusoid-" + model + " are not shipped in this build",
                      "a shipped model (run npm run train:maml -- --task sinusoid)"});
}

// ------------------------------------------------------------------ evaluation
class SinusoidEvalRun final : public Run {
 public:
  explicit SinusoidEvalRun(const Params& p)
      : net_(sinusoid_net()),
        model_(p.choice("model")),
        shots_(static_cast<int>(p.integer("shots"))),
        steps_(static_cast<int>(p.integer("steps"))),
        test_points_(static_cast<int>(p.integer("testPoints"))),
        trials_(p.integer("trials")),
        offset_(p.integer("taskOffset")),
        lr_(p.real("lr")),
        seed_(p.seed()) {
    const auto& w = shipped(model_);
    theta0_ = Eigen::Map<const Vec>(w.data(), static_cast<Eigen::Index>(w.size()));
  }
  bool step(uint64_t budget) override {
    Vec g(theta0_.size());
    for (; budget > 0 && !done(); --budget) {
      // Task J uses Rng(seed).split(J): the same tasks for every model and chunking.
      Rng rng = Rng(seed_).split(static_cast<uint64_t>(offset_ + done_));
      const Sinusoid task = Sinusoid::sample(rng);
      Mat xs, ys, xt, yt;
      task.draw(shots_, rng, xs, ys);
      task.draw(test_points_, rng, xt, yt);
      Vec theta = theta0_;
      std::vector<double> row;
      row.push_back(mse(net_, theta, xt, yt));
      for (int k = 0; k < steps_; ++k) {
        g.setZero();
        mse(net_, theta, xs, ys, &g);
        theta -= lr_ * g;
        row.push_back(mse(net_, theta, xt, yt));
      }
      losses_.push_back(std::move(row));
      ++done_;
    }
    return done();
  }
  bool done() const override { return done_ >= trials_; }
  double progress() const override { return static_cast<double>(done_) / static_cast<double>(trials_); }
  Frame frame() const override {
    Frame f;
    f.scalar("trialsDone", static_cast<double>(done_));
    f.scalar("trials", static_cast<double>(trials_));
    return f;
  }
  json result() const override {
    // mse[k] = per-task MSE after k steps (k = 0..steps), tasks in order.
    std::vector<std::vector<double>> by_step(steps_ + 1);
    for (const auto& row : losses_)
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
    return {{"model", model_}, {"shots", shots_}, {"steps", steps_}, {"trials", done_}, {"taskOffset", offset_},
            {"mean", mean},    {"se", se},        {"mse", by_step}};
  }

 private:
  Mlp net_;
  std::string model_;
  int shots_, steps_, test_points_;
  int64_t trials_, offset_;
  double lr_;
  uint64_t seed_;
  Vec theta0_;
  int64_t done_ = 0;
  std::vector<std::vector<double>> losses_;
};

// ------------------------------------------------------------------ live (playground)
constexpr int kMaxGivenPoints = 10;  // given support points x1, y1 … x10, y10 of maml-sinusoid-live

class SinusoidLiveRun final : public Run {
 public:
  static constexpr int kGrid = 101;
  explicit SinusoidLiveRun(const Params& p)
      : net_(sinusoid_net()),
        shots_(static_cast<int>(p.integer("shots"))),
        steps_(static_cast<int>(p.integer("steps"))),
        lr_(p.real("lr")) {
    Rng rng(p.seed());
    task_ = {p.real("amplitude"), p.real("phase")};
    // The support set: `shots` points drawn from the task, then the `points` given ones (x1, y1 …).
    Mat xd, yd;
    task_.draw(shots_, rng, xd, yd);
    const int given = static_cast<int>(p.integer("points"));
    xs_.resize(1, shots_ + given);
    ys_.resize(1, shots_ + given);
    for (int i = 0; i < shots_; ++i) {
      xs_(0, i) = xd(0, i);
      ys_(0, i) = yd(0, i);
    }
    for (int i = 0; i < given; ++i) {
      xs_(0, shots_ + i) = p.real("x" + std::to_string(i + 1));
      ys_(0, shots_ + i) = p.real("y" + std::to_string(i + 1));
    }
    grid_.resize(1, kGrid);
    for (int i = 0; i < kGrid; ++i) grid_(0, i) = -5.0 + 10.0 * i / (kGrid - 1);
    for (const char* m : {"maml", "pretrained"}) {
      if (!trained_weights(std::string("sinusoid-") + m)) continue;  // draws the shipped ones
      Model model;
      model.name = m;
      const auto& w = shipped(m);
      model.theta = Eigen::Map<const Vec>(w.data(), static_cast<Eigen::Index>(w.size()));
      record(model);
      models_.push_back(std::move(model));
    }
  }
  bool step(uint64_t budget) override {
    Vec g(net_.num_params());
    for (; budget > 0 && !done(); --budget) {
      for (Model& m : models_) {
        g.setZero();
        mse(net_, m.theta, xs_, ys_, &g);
        m.theta -= lr_ * g;
        record(m);
      }
      ++k_;
    }
    return done();
  }
  bool done() const override { return k_ >= steps_; }
  double progress() const override { return steps_ ? static_cast<double>(k_) / steps_ : 1.0; }
  Frame frame() const override {
    Frame f;
    f.scalar("step", k_);
    f.scalar("steps", steps_);
    f.scalar("progress", progress());
    f.scalar("shots", shots_);  // the first `shots` support points are drawn, the rest given
    f.array("x", std::vector<double>(grid_.data(), grid_.data() + kGrid));
    std::vector<double> truth;
    for (int i = 0; i < kGrid; ++i) truth.push_back(task_(grid_(0, i)));
    f.array("truth", truth);
    f.array("supportX", std::vector<double>(xs_.data(), xs_.data() + xs_.size()));
    f.array("supportY", std::vector<double>(ys_.data(), ys_.data() + ys_.size()));
    for (const Model& m : models_) {
      f.array(m.name + "Curves", m.curves);  // (step + 1) × grid, step-major
      f.array(m.name + "Mse", m.grid_mse);
    }
    return f;
  }
  json result() const override {
    json j = {{"steps", k_}};
    for (const Model& m : models_) j[m.name + "Mse"] = m.grid_mse;
    return j;
  }

 private:
  struct Model {
    std::string name;
    Vec theta;
    std::vector<double> curves, grid_mse;
  };
  void record(Model& m) const {
    const Mat y = net_.forward(m.theta, grid_);
    double ss = 0;
    for (int i = 0; i < kGrid; ++i) {
      m.curves.push_back(y(0, i));
      const double e = y(0, i) - task_(grid_(0, i));
      ss += e * e;
    }
    m.grid_mse.push_back(ss / kGrid);
  }
  Mlp net_;
  int shots_, steps_;
  double lr_;
  Sinusoid task_;
  Mat xs_, ys_, grid_;
  std::vector<Model> models_;
  int k_ = 0;
};

}  // namespace

Scenario maml_sinusoid_train_scenario() {
  Scenario s;
  s.name = "maml-sinusoid-train";
  s.title = "MAML sinusoid, meta-training";
  s.summary =
      "Meta-trains the 1-40-40-1 ReLU network on sinusoid regression (Finn et al. 2017, §5.1): MAML with exact "
      "second-order meta-gradients (Hessian-vector products through the inner steps), its first-order "
      "approximation, or the 'pretrained on all tasks' baseline. Adam outer optimiser. Work unit: one "
      "meta-iteration (metaBatch tasks).";
  s.schema.params = {
      ParamSpec::choice("mode", "maml", {"maml", "first-order", "pretrained"}, "meta-learner"),
      std::move(ParamSpec::integer("iterations", 70000, 1, 1000000, "meta-iterations")).log(),
      ParamSpec::integer("metaBatch", 25, 1, 100, "tasks per meta-iteration"),
      ParamSpec::integer("shots", 10, 1, 100, "K: support (and query) points per task"),
      ParamSpec::integer("innerSteps", 1, 1, 10, "inner gradient steps"),
      std::move(ParamSpec::real("innerLr", 0.01, 1e-5, 1.0, "inner step size α")).log(),
      std::move(ParamSpec::real("metaLr", 1e-3, 1e-6, 0.1, "Adam step size β")).log(),
      ParamSpec::choice("init", "truncated-normal", {"truncated-normal", "he-uniform"},
                        "initial weights: the paper code's truncated normal σ = 0.01 (biases 0), or He-uniform"),
      seed_param(),
  };
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<SinusoidTrainRun>(p); };
  return s;
}

Scenario maml_sinusoid_eval_scenario() {
  Scenario s;
  s.name = "maml-sinusoid-eval";
  s.title = "MAML sinusoid, evaluation";
  s.summary =
      "A shipped model (MAML or the pretrained baseline) fine-tuned by gradient descent on K points of fresh "
      "sinusoid tasks; per-task MSE on held-out points after 0..steps steps, with mean and standard error. Task "
      "J uses generator split J of the seed, so chunks (taskOffset, trials) merge exactly. Work unit: one task.";
  s.schema.params = {
      ParamSpec::choice("model", shipped_models("sinusoid-", {"maml", "first-order", "pretrained"}).front(),
                        shipped_models("sinusoid-", {"maml", "first-order", "pretrained"}), "shipped model"),
      ParamSpec::integer("shots", 5, 1, 100, "K: support points"),
      ParamSpec::integer("steps", 10, 0, 100, "gradient steps"),
      ParamSpec::integer("testPoints", 100, 1, 1000, "held-out points per task"),
      std::move(ParamSpec::real("lr", 0.01, 1e-5, 1.0, "fine-tuning step size")).log(),
      std::move(ParamSpec::integer("trials", 1000, 1, 100000, "number of tasks")).log(),
      ParamSpec::integer("taskOffset", 0, 0, 1000000000, "number of the first task"),
      seed_param(),
  };
  s.schema.check = check_shipped;
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<SinusoidEvalRun>(p); };
  return s;
}

Scenario maml_sinusoid_live_scenario() {
  Scenario s;
  s.name = "maml-sinusoid-live";
  s.title = "MAML sinusoid, live adaptation";
  s.summary =
      "One sinusoid task: K support points, the true curve, and the curves of the meta-learned (MAML) and "
      "pretrained networks after each gradient step on the support points. Besides the K points drawn from the "
      "task, up to " + std::to_string(kMaxGivenPoints) + " points (x1, y1) … may be given (the playground adds one "
      "per click). Work unit: one gradient step.";
  s.schema.params = {
      ParamSpec::real("amplitude", 2.0, 0.1, 5.0, "task amplitude A"),
      ParamSpec::real("phase", 1.0, 0.0, 3.14159265358979323846, "task phase φ"),
      ParamSpec::integer("shots", 5, 0, 100, "K: support points drawn from the task"),
      ParamSpec::integer("steps", 10, 0, 100, "gradient steps"),
      std::move(ParamSpec::real("lr", 0.01, 1e-5, 1.0, "fine-tuning step size")).log(),
      ParamSpec::integer("points", 0, 0, kMaxGivenPoints, "given support points used (x1, y1 … in order), added to the K drawn"),
  };
  for (int i = 1; i <= kMaxGivenPoints; ++i) {
    s.schema.params.push_back(ParamSpec::real("x" + std::to_string(i), 0.0, -5.0, 5.0, "given support point " + std::to_string(i) + ": x"));
    s.schema.params.push_back(ParamSpec::real("y" + std::to_string(i), 0.0, -10.0, 10.0, "given support point " + std::to_string(i) + ": y"));
  }
  s.schema.params.push_back(seed_param());
  s.schema.check = [](const Params& p, std::vector<ParamError>& errors) {
    if (p.integer("shots") + p.integer("points") < 1)
      errors.push_back({"shots", std::to_string(p.integer("shots")),
                        "shots: with no given points (points = 0) at least one support point must be drawn", "1 – 100"});
  };
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<SinusoidLiveRun>(p); };
  return s;
}

}  // namespace fastslow
